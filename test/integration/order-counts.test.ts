import { Database } from "../../server/src/infra/db/database";
import { orderStatusCountsRebuild } from "../../server/src/modules/orders/order-counts";
import { CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, RESTOCK, SHIP_AVAILABLE, ShopFixture, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const SUBSTITUTE = `mutation($line: ID!, $sku: ID!, $to: RefundDestination) {
  substituteLine(orderLineId: $line, skuId: $sku, refundTo: $to) { order { id status } userErrors { field code message } }
}`;
const SHORT_AT_PACKING = `mutation($line: ID!, $q: Int!) { reportShortAtPacking(orderLineId: $line, quantity: $q) { order { id status } userErrors { field code message } } }`;
const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { order { id status } userErrors { field code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { id status } userErrors { field code message } } }`;
const LINES = `query($id: ID!) { order(id: $id) { id status lines { id skuCode allocated short cancelled } } }`;
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

  const post = (shop: ShopFixture, query: string, variables: Record<string, unknown>) => gql(server.graphqlUrl, query, variables, shop.token);
  const data = async (shop: ShopFixture, query: string, variables: Record<string, unknown>) => Object.values(await gqlData(server.graphqlUrl, query, variables, shop.token))[0] as any;
  const place = async (shop: ShopFixture, lines: Array<{ skuCode: string; quantity: number }>) => (await data(shop, PLACE_ORDER, { input: { customer: customer(), lines } })).order;
  const orderLines = (shop: ShopFixture, id: string) => data(shop, LINES, { id });
  const expectExact = async (shop: ShopFixture) => {
    const { kept, real } = await keptAndReal(server.db, shop.shopId);
    expect(kept).toEqual(real);
    return real;
  };

  it("equal COUNT(*) after every kind of change, and the API's counts are them", async () => {
    const shop = await createShop(server, { OUT: [1000, 0], FEW: [800, 1], SIDE: [500, 100], ALT: [1200, 100] }, "Counts shop");
    const inStock = await place(shop, [{ skuCode: "SIDE", quantity: 1 }]);
    const held = await place(shop, [{ skuCode: "OUT", quantity: 2 }, { skuCode: "SIDE", quantity: 1 }]);
    const shipAvailable = await place(shop, [{ skuCode: "OUT", quantity: 1 }, { skuCode: "SIDE", quantity: 2 }]);
    const cancelled = await place(shop, [{ skuCode: "OUT", quantity: 3 }, { skuCode: "SIDE", quantity: 1 }]);
    const substituted = await place(shop, [{ skuCode: "OUT", quantity: 1 }, { skuCode: "SIDE", quantity: 1 }]);
    const partlyServed = await place(shop, [{ skuCode: "FEW", quantity: 3 }]);
    const toDeliver = await place(shop, [{ skuCode: "SIDE", quantity: 1 }]);
    expect(await expectExact(shop)).toMatchObject({ READY: 2, AWAITING_STOCK: 5 });

    expect((await data(shop, HOLD, { id: held.id })).userErrors).toEqual([]);
    expect(await expectExact(shop)).toMatchObject({ AWAITING_STOCK: 4, ON_HOLD_FOR_RESTOCK: 1 });
    expect((await data(shop, SHIP_AVAILABLE, { id: shipAvailable.id, to: "MERCHANT" })).userErrors).toEqual([]);
    expect((await data(shop, CANCEL, { id: cancelled.id, to: "CUSTOMER", reason: "gave up" })).userErrors).toEqual([]);
    expect((await data(shop, CANCEL, { id: inStock.id, to: "MERCHANT", reason: "customer asked" })).userErrors).toEqual([]);
    await expectExact(shop);
    const short = (await orderLines(shop, substituted.id)).lines.find((l: { skuCode: string }) => l.skuCode === "OUT");
    expect((await data(shop, SUBSTITUTE, { line: short.id, sku: String(shop.skus.ALT), to: "MERCHANT" })).userErrors).toEqual([]);
    await expectExact(shop);
    // The held order resumes with a restock (ON_HOLD -> READY); one unit of FEW serves the other partly (no move).
    expect((await data(shop, RESTOCK, { skuId: String(shop.skus.OUT), quantity: 2 })).ordersResumedCount).toBe(1);
    expect((await data(shop, RESTOCK, { skuId: String(shop.skus.FEW), quantity: 1 })).ordersResumedCount).toBe(0);
    await expectExact(shop);
    // Short at packing: READY back to AWAITING_STOCK.
    const resumedLine = (await orderLines(shop, held.id)).lines.find((l: { skuCode: string }) => l.skuCode === "OUT");
    expect((await data(shop, SHORT_AT_PACKING, { line: resumedLine.id, q: 1 })).userErrors).toEqual([]);
    await expectExact(shop);
    // Shipped, then delivered.
    expect((await data(shop, SHIP, { id: toDeliver.id, input: { carrier: "CORREIOS", trackingCode: "AA123456789BR" } })).userErrors).toEqual([]);
    await expectExact(shop);
    expect((await data(shop, DELIVER, { id: toDeliver.id })).userErrors).toEqual([]);
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
    const shop = await createShop(server, { HOT: [1000, 10], SIDE: [500, 40], ALT: [1100, 1000] }, "Racing counts shop");
    const placeOrder = (i: number) =>
      post(shop, PLACE_ORDER, {
        input: { customer: customer({ email: `counts${i}@example.com` }), lines: [{ skuCode: "HOT", quantity: 1 + (i % 3) }, ...(i % 2 ? [{ skuCode: "SIDE", quantity: 1 }] : [])] },
      });
    const initial = await Promise.all(Array.from({ length: 30 }, (_, i) => placeOrder(i)));
    const ids = initial.map((r) => r.data.placeOrder.order.id as string);
    const ready = initial.filter((r) => r.data.placeOrder.order.status === "READY").map((r) => r.data.placeOrder.order.id as string);
    const hotLine = async (id: string) => (await orderLines(shop, id)).lines.find((l: { skuCode: string }) => l.skuCode === "HOT").id as string;
    const substituteLines = await Promise.all(ids.slice(20, 26).map(hotLine));
    const operations = [
      ...Array.from({ length: 30 }, (_, i) => () => placeOrder(100 + i)),
      ...Array.from({ length: 10 }, (_, i) => () => post(shop, RESTOCK, { skuId: String(shop.skus.HOT), quantity: 1 + (i % 4) })),
      ...ids.slice(0, 10).map((id, i) => () => post(shop, CANCEL, { id, to: i % 2 ? "CUSTOMER" : "MERCHANT", reason: "race" })),
      ...ids.slice(10, 16).map((id) => () => post(shop, HOLD, { id })),
      ...ids.slice(16, 20).map((id) => () => post(shop, SHIP_AVAILABLE, { id, to: "MERCHANT" })),
      ...substituteLines.map((line) => () => post(shop, SUBSTITUTE, { line, sku: String(shop.skus.ALT), to: "MERCHANT" })),
      ...ready.map((id) => () => post(shop, SHIP, { id, input: { carrier: "CORREIOS", trackingCode: "AA123456789BR" } })),
      ...ids.slice(10, 26).filter((_, i) => i % 3 === 0).map((id) => () => post(shop, CANCEL, { id, to: "MERCHANT", reason: "race" })),
    ];
    const results = await Promise.all(operations.sort(() => Math.random() - 0.5).map((op) => op()));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const real = await expectExact(shop);
    expect(Object.values(real).reduce((a, b) => a + b, 0)).toBe(60);
  });
});
