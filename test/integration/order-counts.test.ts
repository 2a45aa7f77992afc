import { Database } from "../../server/src/infra/db/database";
import { orderStatusCountsRebuild } from "../../server/src/modules/orders/order-counts";
import { HEALTHY, ShopFixture, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { raceResolutions, resolveEveryWay, SHIP } from "../helpers/stockout-scenarios";

const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { id status } userErrors { field code message } } }`;
const COUNTS = `query($status: [OrderStatus!]) {
  all: orders(first: 1) { totalCount totalCountIsExact }
  byStatus: orders(first: 1, filter: { status: $status }) { totalCount totalCountIsExact }
  queue: ordersWithoutStock(first: 1) { totalCount totalCountIsExact }
  awaiting: ordersWithoutStock(first: 1, filter: { status: AWAITING_STOCK }) { totalCount }
}`;
const STATUSES = ["READY", "AWAITING_STOCK", "ON_HOLD_FOR_RESTOCK", "SHIPPED", "DELIVERED", "CANCELLED"];

/** The shop's kept counts by status (sum of the buckets) and the real COUNT(*) by status. */
async function keptAndReal(db: Database, shopId: number) {
  const byStatus = (rows: Array<{ status: string; n: number | string }>) =>
    Object.fromEntries(STATUSES.map((s) => [s, Number(rows.find((r) => r.status === s)?.n ?? 0)]));
  return {
    kept: byStatus(await db.query("SELECT status, SUM(n) AS n FROM order_status_count WHERE shop_id = ? GROUP BY status", [shopId])),
    real: byStatus(await db.query("SELECT status, COUNT(*) AS n FROM orders WHERE shop_id = ? GROUP BY status", [shopId])),
  };
}

describe.each(databaseKinds())("order counts by status kept with the changes on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  const expectExact = async (shop: ShopFixture) => {
    const { kept, real } = await keptAndReal(server.db, shop.shopId);
    expect(kept).toEqual(real);
    return real;
  };

  it("equal COUNT(*) after every kind of change, and the API's counts are them", async () => {
    const { api, orders } = await resolveEveryWay(server, "Counts shop", async (step, _, { shop }) => {
      const real = await expectExact(shop);
      if (step === "placed") expect(real).toMatchObject({ READY: 2, AWAITING_STOCK: 5 });
      if (step === "held") expect(real).toMatchObject({ AWAITING_STOCK: 4, ON_HOLD_FOR_RESTOCK: 1 });
    });
    const { shop, data } = api;
    // Shipped, then delivered.
    expect((await data(SHIP, { id: orders.inStock.id, input: { carrier: "CORREIOS", trackingCode: "AA123456789BR" } })).userErrors).toEqual([]);
    await expectExact(shop);
    expect((await data(DELIVER, { id: orders.inStock.id })).userErrors).toEqual([]);
    const real = await expectExact(shop);
    expect(real).toMatchObject({ SHIPPED: 0, DELIVERED: 1, CANCELLED: 2 });

    // What the API answers: the kept counts, exact.
    const counts = await gqlData(server.graphqlUrl, COUNTS, { status: ["CANCELLED", "DELIVERED"] }, shop.token);
    const total = Object.values(real).reduce((a, b) => a + b, 0);
    expect(counts.all).toEqual({ totalCount: total, totalCountIsExact: true });
    expect(counts.byStatus).toEqual({ totalCount: 3, totalCountIsExact: true });
    expect(counts.queue).toEqual({ totalCount: real.AWAITING_STOCK + real.ON_HOLD_FOR_RESTOCK, totalCountIsExact: true });
    expect(counts.awaiting).toEqual({ totalCount: real.AWAITING_STOCK });

    // The rebuild (migration backfill, bulk seeders) makes the same counts from the orders.
    for (const { sql, params } of orderStatusCountsRebuild(server.db.dialect, shop.shopId)) await server.db.query(sql, params);
    expect((await keptAndReal(server.db, shop.shopId)).kept).toEqual(real);
  });

  it("stay equal to COUNT(*) while orders, restocks, cancellations, holds, substitutions and shipments race", async () => {
    const { shop, results } = await raceResolutions(server, "Racing counts shop", { emailPrefix: "counts", shipReady: true });
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const real = await expectExact(shop);
    expect(Object.values(real).reduce((a, b) => a + b, 0)).toBe(60);
  });
});
