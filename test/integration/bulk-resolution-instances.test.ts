import { Client, createClient } from "graphql-ws";
import mysql from "mysql2/promise";
import WebSocket from "ws";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { CANCEL, customer, PLACE_ORDER } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { describeWithRedis, dropRedisPrefix, testRedisPrefix, testRedisUrl } from "../helpers/redis";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";
import { subscribe } from "../helpers/subscriptions";

/**
 * Bulk resolutions across instances (jobs in the database, progress on the shared event bus): the
 * job starts on A (HTTP), its progress is followed on B (WebSocket) up to FINISHED, and B reads its
 * summary. Over MariaDB two processes, A and B; over SQLite (one instance by design) the same checks
 * on one instance with REDIS_URL set. Run `npm run build:server` first.
 */
jest.setTimeout(180_000);

const PASSWORD = "correct horse battery staple";
const JOB_FIELDS = `id status total doneCount refusedCount finishedAt resolvedOrders { orderId number } refusals { code count orders { orderId number } }`;
const START = `mutation($input: StartBulkResolutionInput!) { startBulkResolution(input: $input) { job { ${JOB_FIELDS} } userErrors { field code message } } }`;
const JOB = `query($id: ID!) { bulkResolution(id: $id) { ${JOB_FIELDS} } }`;
const PROGRESS = `subscription($id: ID!) { bulkResolutionProgress(id: $id) { id status total doneCount refusedCount } }`;

type Progress = { bulkResolutionProgress: { id: string; status: string; total: number; doneCount: number; refusedCount: number } | null };

/** Two shops, each with a signed-in owner and a sku with nothing on hand, straight in the test database. */
async function seedShops(testDb: TestDatabase): Promise<string[]> {
  const db = await openAppDatabase(testDb.options);
  try {
    const services = createServices(db, { sessionTtlHours: 1 });
    const tokens: string[] = [];
    for (const name of ["Bulk on two instances", "Another shop"]) {
      const shop = await services.shops.createShop({ name, currency: "BRL", locale: "pt-BR" });
      const email = `bulk.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}@shop.test`;
      await services.auth.createStaffUser({ shopId: shop.id, email, name: "Owner", password: PASSWORD });
      await services.catalog.createSkus(shop.id, [{ code: "OUT", name: "Out of stock", price: 1000, onHand: 0 }]);
      tokens.push((await services.auth.login(email, PASSWORD)).token);
    }
    return tokens;
  } finally {
    await db.close();
  }
}

describeWithRedis("bulk resolution over several instances", () => {
  describe.each(databaseKinds())("on %s", (kind) => {
    let testDb: TestDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let token: string;
    let otherToken: string;
    const clients: Client[] = [];
    const prefix = testRedisPrefix();

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      [token, otherToken] = await seedShops(testDb);
      // No periodic look at the table while waiting: only the bus can bring B the progress made on A.
      const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, BULK_JOB_HEARTBEAT_SECONDS: "3600" };
      a = await spawnServer(testDb, await freePort(), { env });
      b = kind === "mysql" ? await spawnServer(testDb, await freePort(), { env }) : a;
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
    });
    afterAll(async () => {
      await a?.kill("SIGKILL");
      await b?.kill("SIGKILL");
      await testDb?.drop();
      await dropRedisPrefix(prefix);
    });

    it("starts a job on A, follows it to FINISHED on B and reads its summary on B", async () => {
      const orders: Array<{ id: string; number: number }> = [];
      for (let i = 0; i < 6; i++) {
        const placed = await gqlData(a.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "OUT", quantity: 1 }] } }, token);
        expect(placed.placeOrder.order.status).toBe("AWAITING_STOCK");
        orders.push(placed.placeOrder.order);
      }
      // One order held first (cancelled), so the job refuses it.
      const gone = orders[2]!;
      const cancelled = await gqlData(b.graphqlUrl, CANCEL, { id: gone.id, to: "CUSTOMER", reason: "Pedido duplicado" }, token);
      expect(cancelled.cancelOrder.userErrors).toEqual([]);

      // On MariaDB the first order's row is held locked, so the job is still RUNNING while B subscribes:
      // B's subscriber then hears the progress published by A (not only the state it read at start).
      const holder = kind === "mysql" ? await mysql.createConnection({ uri: testDb.options.databaseUrl! }) : null;
      try {
        if (holder) {
          await holder.query("START TRANSACTION");
          await holder.query("SELECT id FROM orders WHERE id = ? FOR UPDATE", [Number(orders[0]!.id)]);
        }
        const started = (await gqlData(a.graphqlUrl, START, { input: { orderIds: orders.map((o) => o.id), resolution: "WAIT_FOR_RESTOCK" } }, token)).startBulkResolution;
        expect(started.userErrors).toEqual([]);
        const id = started.job.id as string;

        const client = createClient({ url: b.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
        clients.push(client);
        const progress = subscribe<Progress>(client, PROGRESS, { id });
        const first = await progress.waitFor(() => true, 15_000);
        expect(first.bulkResolutionProgress).toEqual(expect.objectContaining({ id, total: 6 }));
        if (holder) {
          // The first state comes from the table, read on B while A waits on the lock.
          expect(first.bulkResolutionProgress).toEqual({ id, status: "RUNNING", total: 6, doneCount: 0, refusedCount: 0 });
          // B reads the running job too (before, B knew nothing of it).
          expect((await gqlData(b.graphqlUrl, JOB, { id }, token)).bulkResolution).toEqual(expect.objectContaining({ status: "RUNNING", doneCount: 0, finishedAt: null }));
          await holder.query("COMMIT");
        }
        const last = await progress.waitFor((p) => p.bulkResolutionProgress?.status === "FINISHED", 60_000);
        expect(last.bulkResolutionProgress).toEqual({ id, status: "FINISHED", total: 6, doneCount: 5, refusedCount: 1 });
        if (holder) expect(progress.received.length).toBeGreaterThanOrEqual(2);
        // Counts never go back.
        const counts = progress.received.map((p) => p.bulkResolutionProgress!.doneCount + p.bulkResolutionProgress!.refusedCount);
        expect(counts).toEqual([...counts].sort((x, y) => x - y));

        // The summary, on B (and the same on A).
        const summary = (await gqlData(b.graphqlUrl, JOB, { id }, token)).bulkResolution;
        expect(summary).toEqual({
          id,
          status: "FINISHED",
          total: 6,
          doneCount: 5,
          refusedCount: 1,
          finishedAt: expect.any(String),
          resolvedOrders: orders.filter((o) => o !== gone).map((o) => ({ orderId: o.id, number: o.number })),
          refusals: [{ code: "INVALID_TRANSITION", count: 1, orders: [{ orderId: gone.id, number: gone.number }] }],
        });
        expect((await gqlData(a.graphqlUrl, JOB, { id }, token)).bulkResolution).toEqual(summary);
        // Another shop reads nothing of it, on either instance.
        expect((await gqlData(b.graphqlUrl, JOB, { id }, otherToken)).bulkResolution).toBeNull();
        expect((await gqlData(a.graphqlUrl, JOB, { id }, otherToken)).bulkResolution).toBeNull();

        // A late subscriber on B gets the finished state from the table, then the end.
        const late = subscribe<Progress>(client, PROGRESS, { id });
        expect((await late.waitFor(() => true)).bulkResolutionProgress).toEqual({ id, status: "FINISHED", total: 6, doneCount: 5, refusedCount: 1 });
      } finally {
        await holder?.end();
      }
      const statuses = await Promise.all(orders.map(async (o) => (await gqlData(b.graphqlUrl, `query($id: ID!) { order(id: $id) { status } }`, { id: o.id }, token)).order.status));
      expect(statuses).toEqual(orders.map((o) => (o === gone ? "CANCELLED" : "ON_HOLD_FOR_RESTOCK")));
      expect({ a: a.stderr(), b: b.stderr() }).toEqual({ a: "", b: "" });
    });
  });
});
