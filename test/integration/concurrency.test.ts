import { createShop, customer, PLACE_ORDER, HEALTHY, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe.each(databaseKinds())("concurrent intake on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  it("200 simultaneous orders for one sku with 50 in stock: exactly 50 allocated, 150 short, nothing oversold", async () => {
    const shop = await createShop(server, { HOT: [9990, 50] });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gql(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ email: `buyer${i}@example.com` }), lines: [{ skuCode: "HOT", quantity: 1 }] } }, shop.token),
      ),
    );
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data.placeOrder.userErrors).toEqual([]);
    }
    const orders = results.map((r) => r.data.placeOrder.order);
    expect(orders.filter((o) => o.status === "READY")).toHaveLength(50);
    expect(orders.filter((o) => o.status === "AWAITING_STOCK")).toHaveLength(150);

    const [level] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE sku_id = ?", [shop.skus.HOT]);
    expect({ onHand: Number(level!.on_hand), allocated: Number(level!.allocated) }).toEqual({ onHand: 50, allocated: 50 });
    const [lines] = await server.db.query<{ allocated: number; short: number }>(
      "SELECT SUM(allocated) AS allocated, SUM(short) AS short FROM order_line WHERE sku_id = ?",
      [shop.skus.HOT],
    );
    expect({ allocated: Number(lines!.allocated), short: Number(lines!.short) }).toEqual({ allocated: 50, short: 150 });
    // Order numbers stay unique and gap-free under concurrency.
    expect(new Set(orders.map((o) => o.number)).size).toBe(200);
    expect(Math.max(...orders.map((o) => o.number))).toBe(200);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("multi-line orders over shared skus in opposite orders neither deadlock nor oversell", async () => {
    const shop = await createShop(server, { A: [1000, 30], B: [1000, 30], C: [1000, 30] });
    const lineSets = [
      ["A", "B", "C"],
      ["C", "B", "A"],
      ["B", "A"],
      ["C", "A"],
    ];
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        gql(
          server.graphqlUrl,
          PLACE_ORDER,
          { input: { customer: customer({ email: `multi${i}@example.com` }), lines: lineSets[i % 4]!.map((skuCode) => ({ skuCode, quantity: 1 + (i % 3) })) } },
          shop.token,
        ),
      ),
    );
    for (const r of results) expect(r.data?.placeOrder.userErrors).toEqual([]);
    const levels = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE shop_id = ?", [shop.shopId]);
    for (const level of levels) expect(Number(level.allocated)).toBeLessThanOrEqual(Number(level.on_hand));
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});
