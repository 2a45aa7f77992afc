import { CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, RESTOCK, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe.each(databaseKinds())("restocks, orders and cancellations racing on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  it("keeps every invariant and loses no offer", async () => {
    const shop = await createShop(server, { HOT: [1000, 10], SIDE: [500, 40] });
    const post = (query: string, variables: Record<string, unknown>) => gql(server.graphqlUrl, query, variables, shop.token);
    const placeOrder = (i: number) =>
      post(PLACE_ORDER, {
        input: { customer: customer({ email: `race${i}@example.com` }), lines: [{ skuCode: "HOT", quantity: 1 + (i % 3) }, ...(i % 2 ? [{ skuCode: "SIDE", quantity: 1 }] : [])] },
      });

    // A queue to start from, then everything at once.
    const initial = await Promise.all(Array.from({ length: 30 }, (_, i) => placeOrder(i)));
    const ids = initial.map((r) => r.data.placeOrder.order.id as string);
    const operations = [
      ...Array.from({ length: 40 }, (_, i) => () => placeOrder(100 + i)),
      ...Array.from({ length: 12 }, (_, i) => () => post(RESTOCK, { skuId: String(shop.skus.HOT), quantity: 1 + (i % 4) })),
      ...ids.slice(0, 12).map((id, i) => () => post(CANCEL, { id, to: i % 2 ? "CUSTOMER" : "MERCHANT", reason: "race" })),
      ...ids.slice(12, 20).map((id) => () => post(HOLD, { id })),
    ];
    const results = await Promise.all(operations.sort(() => Math.random() - 0.5).map((op) => op()));
    for (const r of results) expect(r.errors).toBeUndefined();

    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    // No offer was lost: units of a sku are never left available while an order waits for it.
    const lost = await server.db.query(
      `SELECT l.sku_id FROM stock_level l
        WHERE l.shop_id = ? AND l.on_hand > l.allocated
          AND EXISTS (SELECT 1 FROM order_line ol JOIN orders o ON o.id = ol.order_id
                       WHERE ol.sku_id = l.sku_id AND ol.short > 0 AND o.status IN ('AWAITING_STOCK', 'ON_HOLD_FOR_RESTOCK'))`,
      [shop.shopId],
    );
    expect(lost).toEqual([]);
    // The cancellations really ran (each creates a refund).
    const refunds = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM refund WHERE shop_id = ?", [shop.shopId]);
    expect(Number(refunds[0]!.n)).toBeGreaterThan(0);
  });
});
