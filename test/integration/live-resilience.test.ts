import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { openAppDatabase } from "../../server/src/persistence";
import { seedWaitingShop, WaitingShop } from "../helpers/bulk-orders";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { customer, PLACE_ORDER, RESTOCK } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { resumingSubscription } from "../helpers/resuming";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";
import { startTestServer } from "../helpers/server";
import { sleep } from "../helpers/subscriptions";

/**
 * Issue 10, defects 1 and 2, against the built server as its own process (`node dist/server/main.js`,
 * run `npm run build:server` first): a burst with a subscriber that does not read must not end the
 * process, and a client connected through a kill -9 and restart receives every committed change.
 */
const ORDERS_CHANGED = `subscription($since: ID) { ordersChanged(since: $since) { cursor orderIds orderCount eventCount } }`;
const ORDER_UPDATED = `subscription($since: ID) { orderUpdated(since: $since) { id status cursor } }`;

jest.setTimeout(180_000);

async function lastEventId(testDb: TestDatabase): Promise<number> {
  const db = await openAppDatabase(testDb.options);
  try {
    const [row] = await db.query<{ id: number }>("SELECT MAX(id) AS id FROM order_event");
    return Number(row!.id);
  } finally {
    await db.close();
  }
}

describe.each(databaseKinds())("live updates under load, real server process, on %s", (kind) => {
  let testDb: TestDatabase;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.kill("SIGKILL");
    server = undefined;
    await testDb?.drop();
  });

  it("survives a restock that resumes 1,200 orders while an every-order subscriber does not read", async () => {
    testDb = await createTestDatabase(kind);
    const shop = await seedWaitingShop(testDb, 1200);
    server = await spawnServer(testDb, await freePort());

    // A real graphql-ws client whose socket stops reading once its subscription is live.
    const sockets: WebSocket[] = [];
    class CapturedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const stalled = createClient({ url: server.wsUrl, webSocketImpl: CapturedWebSocket, connectionParams: { authorization: `Bearer ${shop.token}` }, retryAttempts: 0 });
    const stalledPushes: Array<{ id: string; status: string }> = [];
    const stalledErrors: Array<{ extensions?: { code?: string } }> = [];
    stalled.subscribe<{ orderUpdated: { id: string; status: string } }>(
      { query: `subscription { orderUpdated { id status } }` },
      {
        next: (r) => (r.data ? stalledPushes.push(r.data.orderUpdated) : stalledErrors.push(...((r.errors ?? []) as never[]))),
        error: (e) => stalledErrors.push(...(Array.isArray(e) ? e : [{ extensions: { code: String(e) } }])),
        complete: () => undefined,
      },
    );
    const signal = resumingSubscription<{ cursor: string; orderIds: string[]; orderCount: number; eventCount: number }>(server.wsUrl, shop.token, ORDERS_CHANGED, "ordersChanged");
    try {
      // One more waiting order proves the stalled subscription is live (it registers asynchronously:
      // another one every 500 ms until one arrives); then its socket stops reading.
      const probes: string[] = [];
      for (let attempt = 0; !stalledPushes.some((p) => probes.includes(p.id)); attempt++) {
        if (attempt > 200) throw new Error("the every-order subscription never received a probe order");
        if (attempt % 10 === 0) {
          probes.push((await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "HOT", quantity: 1 }] } }, shop.token)).placeOrder.order.id);
        }
        await sleep(50);
      }
      (sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();

      const restock = await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skuId), quantity: 1200 + probes.length }, shop.token);
      expect(restock.restock.ordersResumedCount).toBe(1200 + probes.length);
      // Long enough for the dispatcher to deliver every event (it kicks in ~25 ms after the commit).
      for (let i = 0; i < 30; i++) {
        await sleep(100);
        expect({ alive: server.alive(), stderr: server.stderr() }).toEqual({ alive: true, stderr: "" });
      }
      expect((await fetch(`${server.url}/healthz`)).ok).toBe(true);

      // The light signal came up to the restock's last event; the silent client, once it reads again,
      // catches up from the log (its queue overflowed while it was paused), the server is fine.
      const resumed = new Set([...shop.orderIds.map(String), ...probes]);
      const last = await lastEventId(testDb);
      await signal.until((pushes) => pushes.some((p) => Number(p.cursor) >= last));
      expect(signal.errors).toEqual([]);
      (sockets[0] as unknown as { _socket: { resume(): void } })._socket.resume();
      for (let waited = 0; ; waited += 100) {
        const ready = new Set(stalledPushes.filter((p) => p.status === "READY" && resumed.has(p.id)).map((p) => p.id));
        if (stalledErrors.length || ready.size === resumed.size) break;
        if (waited > 60_000) throw new Error(`the silent client got ${ready.size} READY orders and no error`);
        await sleep(100);
      }
      expect(stalledErrors).toEqual([]);
      expect(server.alive()).toBe(true);
    } finally {
      await stalled.dispose();
      await signal.dispose();
    }
  });

  it("delivers every change committed before a kill -9 to a client that stays connected through the restart", async () => {
    testDb = await createTestDatabase(kind);
    const shop: WaitingShop = await seedWaitingShop(testDb, 2000);
    const port = await freePort();
    server = await spawnServer(testDb, port);

    const signal = resumingSubscription<{ cursor: string; orderIds: string[]; orderCount: number; eventCount: number }>(server.wsUrl, shop.token, ORDERS_CHANGED, "ordersChanged");
    await signal.until((pushes) => pushes.length > 0, 10_000);
    // The order screens start from a cursor too (the detail page takes it from the order's timeline).
    const orders = resumingSubscription<{ id: string; status: string; cursor: string }>(server.wsUrl, shop.token, ORDER_UPDATED, "orderUpdated", {
      since: signal.cursor(),
    });
    try {
      await sleep(300);
      // The server dies; the restock commits as if just before the crash, its events never delivered
      // (an in-process server on the same database with its dispatcher off: no timing involved).
      await server.kill("SIGKILL");
      const committer = await startTestServer(kind, { testDb, dispatch: false });
      await gqlData(committer.graphqlUrl, RESTOCK, { skuId: String(shop.skuId), quantity: 2000 }, shop.token);
      await committer.stop({ keepDatabase: true });

      const db = await openAppDatabase(testDb.options);
      const [pending] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE type = 'ORDER_RESUMED' AND dispatched_at IS NULL");
      await db.close();
      // None of them was delivered.
      expect(Number(pending!.n)).toBeGreaterThan(0);

      server = await spawnServer(testDb, port);
      const expected = new Set(shop.orderIds.map(String));
      const last = await lastEventId(testDb);
      await signal.until((pushes) => pushes.some((p) => Number(p.cursor) >= last), 60_000);
      // What it was told after the cursor it had: every resumed order, counted once per push.
      expect(signal.received.filter((p) => p.eventCount > 0).reduce((sum, p) => sum + p.orderCount, 0)).toBeGreaterThanOrEqual(expected.size);
      await orders.until((pushes) => new Set(pushes.filter((p) => p.status === "READY").map((p) => p.id)).size === expected.size, 90_000);
      expect(signal.errors).toEqual([]);
      expect(orders.errors).toEqual([]);
    } finally {
      await signal.dispose();
      await orders.dispose();
    }
  });
});
