import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { CONCURRENCY } from "../../server/src/modules/webhooks/webhook.service";
import { createTestDatabase, TestDatabase } from "../helpers/databases";
import { customer, PLACE_ORDER } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";
import { sleep } from "../helpers/subscriptions";
import { WebhookReceiver } from "../helpers/webhook-receiver";

/**
 * Issue 17, point 1: two server processes (`node dist/server/main.js`; run `npm run build:server`
 * first) over one MariaDB, both running every delivery loop. Orders placed on both are delivered
 * exactly once to a webhook receiver and mailed once each; then one instance is killed with -9
 * while its webhook deliveries are in flight, and the other delivers everything: nothing lost,
 * repeats only of the deliveries that were in flight, under the same webhook-id. SQLite is the
 * single-instance database: this runs on MySQL/MariaDB only (TEST_MYSQL_URL).
 */
jest.setTimeout(240_000);

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } userErrors { field code message } } }`;
/** How long an instance holds what it claimed (DELIVERY_LEASE_SECONDS): above the 5 s webhook timeout. */
const LEASE_SECONDS = 8;

const maybe = process.env.TEST_MYSQL_URL ? describe : describe.skip;

maybe("the outbox dispatcher on two instances over one MariaDB", () => {
  let testDb: TestDatabase;
  let receiver: WebhookReceiver;
  let mailDir: string;
  const servers: ServerProcess[] = [];
  let token: string;
  let probe: Awaited<ReturnType<typeof openAppDatabase>>;

  beforeAll(async () => {
    testDb = await createTestDatabase("mysql");
    mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-multi-mail-"));
    receiver = await new WebhookReceiver().start();
    const db = await openAppDatabase(testDb.options);
    try {
      const services = createServices(db, { sessionTtlHours: 1 });
      const shop = await services.shops.createShop({ name: "Duas instâncias", currency: "BRL", locale: "pt-BR" });
      const email = `multi.${process.pid}.${Date.now()}@shop.test`;
      await services.auth.createStaffUser({ shopId: shop.id, email, name: "Staff", password: "correct horse battery staple" });
      token = (await services.auth.login(email, "correct horse battery staple")).token;
      await services.catalog.createSkus(shop.id, [{ code: "M-1", name: "Item", price: 1000, onHand: 10_000 }]);
    } finally {
      await db.close();
    }
    const env = { WEBHOOKS_ALLOW_PRIVATE: "true", MAIL_DIR: mailDir, DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS) };
    servers.push(await spawnServer(testDb, await freePort(), { env }), await spawnServer(testDb, await freePort(), { env }));
    const created = (await gqlData(servers[0]!.graphqlUrl, CREATE, { input: { url: receiver.url, eventTypes: ["ORDER_PLACED"] } }, token)).createWebhookEndpoint;
    expect(created.userErrors).toEqual([]);
    probe = await openAppDatabase(testDb.options);
  });
  afterAll(async () => {
    for (const server of servers) await server.kill("SIGKILL");
    await probe?.close();
    await receiver.stop();
    fs.rmSync(mailDir, { recursive: true, force: true });
    await testDb.drop();
  });

  /** `count` orders, placed alternately on each live instance, a few at a time. */
  const placeOrders = async (count: number, on: ServerProcess[]): Promise<string[]> => {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, count - start) }, async (_, i) => {
          const server = on[(start + i) % on.length]!;
          const placed = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "M-1", quantity: 1 }] } }, token)).placeOrder;
          expect(placed.userErrors).toEqual([]);
          return placed.order.id as string;
        }),
      );
      ids.push(...batch);
    }
    return ids;
  };

  /** Waits until every delivery and e-mail of these orders is done (DELIVERED, SENT) in the database. */
  const settled = async (orders: number) => {
    for (let waited = 0; ; waited += 200) {
      const [d] = await probe.query<{ done: number; total: number }>("SELECT SUM(status = 'DELIVERED') AS done, COUNT(*) AS total FROM webhook_delivery");
      const [m] = await probe.query<{ done: number; total: number }>("SELECT SUM(status = 'SENT') AS done, COUNT(*) AS total FROM customer_message");
      const state = { deliveries: Number(d!.total), delivered: Number(d!.done ?? 0), messages: Number(m!.total), sent: Number(m!.done ?? 0) };
      if (state.deliveries === orders && state.delivered === orders && state.messages === orders && state.sent === orders) return;
      if (waited > 120_000) throw new Error(`not settled: ${JSON.stringify(state)} of ${orders} orders`);
      await sleep(200);
    }
  };

  /** Message-ID of every .eml file in the shared mail directory, with how many files carry it. */
  const mailed = () => {
    const counts = new Map<string, number>();
    for (const file of fs.readdirSync(mailDir).filter((f) => f.endsWith(".eml"))) {
      const id = /_(ruptura-message-\d+)\./.exec(file)?.[1];
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const byWebhookId = () => {
    const counts = new Map<string, { n: number; bodies: Set<string> }>();
    for (const hook of receiver.ofType("order.placed")) {
      const entry = counts.get(hook.headers["webhook-id"]!) ?? { n: 0, bodies: new Set<string>() };
      entry.n++;
      entry.bodies.add(hook.body);
      counts.set(hook.headers["webhook-id"]!, entry);
    }
    return counts;
  };

  it("delivers each order's webhook and e-mail exactly once with both instances dispatching", async () => {
    const orders = await placeOrders(60, servers);
    await settled(60);
    // Both instances had their rounds meanwhile; a little longer for a late duplicate to show.
    await sleep(2000);
    const hooks = byWebhookId();
    expect(hooks.size).toBe(60);
    expect([...hooks.values()].filter((h) => h.n !== 1)).toEqual([]);
    expect(new Set(receiver.ofType("order.placed").map((h) => String(h.json.data.id)))).toEqual(new Set(orders));
    const mail = mailed();
    expect(mail.size).toBe(60);
    expect([...mail.values()].filter((n) => n !== 1)).toEqual([]);
    // One MESSAGE_SENT on each order's timeline.
    const [events] = await probe.query<{ n: number; orders: number }>("SELECT COUNT(*) AS n, COUNT(DISTINCT order_id) AS orders FROM order_event WHERE type = 'MESSAGE_SENT'");
    expect({ n: Number(events!.n), orders: Number(events!.orders) }).toEqual({ n: 60, orders: 60 });
  });

  it("loses nothing when one instance is killed with -9 mid-delivery; repeats only what was in flight, with the same webhook-id", async () => {
    const [victim, survivor] = servers as [ServerProcess, ServerProcess];
    const before = receiver.received.length;
    receiver.answer = () => "hang";
    const orders = await placeOrders(40, [victim, survivor]);
    // Each instance sends a wave of CONCURRENCY at a time: more held than one wave means both have
    // deliveries in flight.
    for (let waited = 0; receiver.hangingCount < 2 * CONCURRENCY; waited += 20) {
      if (waited > 30_000) throw new Error(`only ${receiver.hangingCount} deliveries in flight`);
      await sleep(20);
    }
    const inFlight = new Set(receiver.received.slice(before).map((h) => h.headers["webhook-id"]!));
    await victim.kill("SIGKILL");
    // The survivor's requests get their answer (well within their 5 s timeout); the victim's
    // sockets are gone with it, its deliveries stay leased to it until the lease runs out.
    receiver.answer = () => ({ status: 200, body: "ok" });
    receiver.release();

    await settled(100);
    await sleep(2000);
    const hooks = byWebhookId();
    // Every order of both tests is delivered, and mailed.
    expect(hooks.size).toBe(100);
    const placedIds = new Set(receiver.ofType("order.placed").map((h) => String(h.json.data.id)));
    for (const id of orders) expect(placedIds.has(id)).toBe(true);
    const repeated = [...hooks].filter(([, h]) => h.n > 1);
    // Repeats: only deliveries that were in flight at the kill, at most once more, the same bytes
    // under the same webhook-id; there are some (the victim had a wave in flight).
    expect(repeated.length).toBeGreaterThanOrEqual(inFlight.size - CONCURRENCY);
    expect(repeated.length).toBeGreaterThan(0);
    for (const [webhookId, h] of repeated) {
      expect(inFlight.has(webhookId)).toBe(true);
      expect(h.n).toBe(2);
      expect(h.bodies.size).toBe(1);
    }
    const mail = mailed();
    expect(mail.size).toBe(100);
    // An e-mail may repeat only if the victim died between sending it and recording it (same Message-ID, same file name id).
    expect([...mail.values()].filter((n) => n > 2)).toEqual([]);
    expect(survivor.alive()).toBe(true);
    expect(survivor.stderr()).toBe("");
  });
});
