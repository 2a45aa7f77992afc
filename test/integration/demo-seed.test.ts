import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoShop } from "../../server/src/demo/seed-demo";
import { Carrier, isValidTrackingCode } from "../../server/src/modules/shipping/carriers";
import { databaseKinds } from "../helpers/databases";
import { startTestServer, TestServer } from "../helpers/server";

const DAY = 24 * 60 * 60 * 1000;
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v).replace(" ", "T") + (String(v).endsWith("Z") ? "" : "Z")));

/**
 * The demo shop (`npm start` on an empty database) is a believable last month, made through the
 * services: orders over 30 days, resolutions after their placement, refunds (some paid),
 * shipments and deliveries, a settled claim and a received return, and still a queue to work.
 */
describe.each(databaseKinds())("the demo shop (%s)", (kind) => {
  let server: TestServer;
  let shopId: number;
  beforeAll(async () => {
    server = await startTestServer(kind);
    // How long it takes is in `npm start`'s log ("demo shop created", ms), not a timed assertion.
    expect(await seedDemoShop(server.services, server.db)).toBe(true);
    shopId = Number((await server.db.query<{ id: number }>("SELECT id FROM shop"))[0]!.id);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("has a month of orders in every state, with a queue still to work", async () => {
    const rows = await server.db.query<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM orders WHERE shop_id = ? GROUP BY status", [shopId]);
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(Object.values(by).reduce((s, n) => s + n, 0)).toBe(200);
    expect(by.AWAITING_STOCK).toBeGreaterThanOrEqual(20);
    expect(by.READY).toBeGreaterThanOrEqual(5);
    for (const status of ["CANCELLED", "ON_HOLD_FOR_RESTOCK", "SHIPPED", "DELIVERED"]) expect(by[status]).toBeGreaterThan(0);
    const cancelRate = by.CANCELLED! / 200;
    expect(cancelRate).toBeGreaterThan(0.05);
    expect(cancelRate).toBeLessThan(0.25);

    const [span] = await server.db.query<{ first: unknown; last: unknown }>("SELECT MIN(placed_at) AS first, MAX(placed_at) AS last FROM orders WHERE shop_id = ?", [shopId]);
    expect(Date.now() - ms(span!.first)).toBeGreaterThan(28 * DAY);
    expect(Date.now() - ms(span!.first)).toBeLessThan(30 * DAY);
    expect(Date.now() - ms(span!.last)).toBeLessThan(DAY);
  });

  it("resolves through the services: events after placement, refunds, shipments, a claim and a return", async () => {
    const events = await server.db.query<{ type: string; n: number }>("SELECT type, COUNT(*) AS n FROM order_event WHERE shop_id = ? GROUP BY type", [shopId]);
    const count = Object.fromEntries(events.map((e) => [e.type, Number(e.n)]));
    for (const type of ["ORDER_CANCELLED", "ITEMS_CANCELLED", "ORDER_ON_HOLD", "LINE_SUBSTITUTED", "SHIPMENT_SENT", "ORDER_DELIVERED", "REFUND_CREATED", "REFUND_PAID", "CLAIM_RESOLVED", "RETURN_RECEIVED", "CREDIT_NOTE_ISSUED"]) {
      expect([type, (count[type] ?? 0) > 0]).toEqual([type, true]);
    }
    // Every event at or after its order's placement, none in the future.
    const [early] = await server.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM order_event e JOIN orders o ON o.id = e.order_id WHERE e.shop_id = ? AND e.created_at < o.placed_at",
      [shopId],
    );
    expect(Number(early!.n)).toBe(0);
    const [latest] = await server.db.query<{ at: unknown }>("SELECT MAX(created_at) AS at FROM order_event WHERE shop_id = ?", [shopId]);
    expect(ms(latest!.at)).toBeLessThanOrEqual(Date.now());
    // Not all at one instant: resolutions spread over the month.
    const [moments] = await server.db.query<{ n: number }>("SELECT COUNT(DISTINCT created_at) AS n FROM order_event WHERE shop_id = ? AND type = 'ORDER_CANCELLED'", [shopId]);
    expect(Number(moments!.n)).toBeGreaterThan(10);

    // The line counters hold; shipments carry valid Correios codes; refunds paid after they were created.
    const [broken] = await server.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM order_line WHERE shop_id = ? AND (allocated + short + cancelled <> quantity OR shipped > allocated)",
      [shopId],
    );
    expect(Number(broken!.n)).toBe(0);
    const codes = await server.db.query<{ carrier: string; tracking_code: string }>("SELECT carrier, tracking_code FROM shipment WHERE shop_id = ?", [shopId]);
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes) expect(isValidTrackingCode(c.carrier as Carrier, c.tracking_code)).toBe(true);
    const paid = await server.db.query<{ created_at: unknown; paid_at: unknown }>("SELECT created_at, paid_at FROM refund WHERE shop_id = ? AND status = 'PAID'", [shopId]);
    expect(paid.length).toBeGreaterThan(0);
    for (const r of paid) expect(ms(r.paid_at)).toBeGreaterThan(ms(r.created_at));
    const claims = await server.db.query<{ status: string; outcome: string }>("SELECT status, outcome FROM claim WHERE shop_id = ?", [shopId]);
    expect(claims).toEqual([{ status: "RESOLVED", outcome: "KEEP_AND_SETTLE" }]);
    const returns = await server.db.query<{ status: string }>("SELECT status FROM order_return WHERE shop_id = ?", [shopId]);
    expect(returns).toEqual([{ status: "RECEIVED" }]);
    const [notes] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM credit_note WHERE shop_id = ?", [shopId]);
    expect(Number(notes!.n)).toBe(2);
  });

  it("keeps the demo login", async () => {
    const login = await server.services.auth.login(DEMO_EMAIL, DEMO_PASSWORD);
    expect(login.token).toBeTruthy();
  });
});
