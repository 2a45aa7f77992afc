import { createShop, customer, PLACE_ORDER, ShopFixture, HEALTHY, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ADJUST = `mutation($skuId: ID!, $delta: Int!, $reason: String!) {
  adjustStock(skuId: $skuId, delta: $delta, reason: $reason) { sku { code stock { onHand allocated available } stockStatus } userErrors { field code message } }
}`;

describe.each(databaseKinds())("stock on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { KEEP: [1000, 10], ZERO: [1000, 0], LOW: [1000, 3] });
  });
  afterAll(() => server.stop());

  const adjust = (skuId: number, delta: number, reason = "inventory count") =>
    gqlData(server.graphqlUrl, ADJUST, { skuId: String(skuId), delta, reason }, shop.token).then((d) => d.adjustStock);

  it("lists skus with levels and stock status, filtered and searched", async () => {
    const all = await gqlData(server.graphqlUrl, `{ skus { totalCount nodes { code price { amount currency } stock { onHand available } stockStatus } } }`, {}, shop.token);
    expect(all.skus.totalCount).toBe(3);
    expect(all.skus.nodes.map((s: { code: string; stockStatus: string }) => [s.code, s.stockStatus])).toEqual([
      ["KEEP", "IN_STOCK"],
      ["ZERO", "OUT_OF_STOCK"],
      ["LOW", "LOW_STOCK"],
    ]);
    const out = await gqlData(server.graphqlUrl, `{ skus(filter: { stockStatus: OUT_OF_STOCK }) { nodes { code } } }`, {}, shop.token);
    expect(out.skus.nodes).toEqual([{ code: "ZERO" }]);
    const search = await gqlData(server.graphqlUrl, `{ skus(filter: { search: "item kee" }) { nodes { code } } }`, {}, shop.token);
    expect(search.skus.nodes).toEqual([{ code: "KEEP" }]);
  });

  it("adds and removes stock, each change a ledger row", async () => {
    expect(await adjust(shop.skus.ZERO!, 7, "delivery from supplier")).toEqual({
      sku: { code: "ZERO", stock: { onHand: 7, allocated: 0, available: 7 }, stockStatus: "IN_STOCK" },
      userErrors: [],
    });
    expect((await adjust(shop.skus.ZERO!, -2, "damaged")).sku.stock.onHand).toBe(5);
    const ledger = await server.db.query<{ kind: string; on_hand_delta: number; reason: string; actor_type: string }>(
      "SELECT kind, on_hand_delta, reason, actor_type FROM stock_movement WHERE sku_id = ? ORDER BY id",
      [shop.skus.ZERO],
    );
    expect(ledger.map((m) => [m.kind, Number(m.on_hand_delta), m.reason, m.actor_type])).toEqual([
      ["ADJUSTMENT", 7, "delivery from supplier", "STAFF"],
      ["ADJUSTMENT", -2, "damaged", "STAFF"],
    ]);
  });

  it("never lets on hand drop below what is allocated", async () => {
    await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "KEEP", quantity: 8 }] } }, shop.token);
    const refused = await adjust(shop.skus.KEEP!, -3);
    expect(refused.sku).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: "delta", code: "INSUFFICIENT_STOCK" })]);
    expect((await adjust(shop.skus.KEEP!, -2)).sku.stock).toEqual({ onHand: 8, allocated: 8, available: 0 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses a zero or huge delta, a blank reason and an unknown sku", async () => {
    expect((await adjust(shop.skus.LOW!, 0)).userErrors[0].code).toBe("OUT_OF_RANGE");
    expect((await adjust(shop.skus.LOW!, 2_000_000)).userErrors[0].code).toBe("OUT_OF_RANGE");
    expect((await adjust(shop.skus.LOW!, 1, "  ")).userErrors[0]).toEqual(expect.objectContaining({ field: "reason", code: "REQUIRED" }));
    expect((await adjust(999999, 1)).userErrors[0]).toEqual(expect.objectContaining({ field: "skuId", code: "NOT_FOUND" }));
    const low = await gqlData(server.graphqlUrl, `query($id: ID!) { sku(id: $id) { stock { onHand } } }`, { id: String(shop.skus.LOW) }, shop.token);
    expect(low.sku.stock.onHand).toBe(3);
  });

  it("keeps the invariants under concurrent adjustments and orders", async () => {
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => adjust(shop.skus.LOW!, i % 2 ? 2 : -1).catch((e) => e)),
      ...Array.from({ length: 30 }, () =>
        gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "LOW", quantity: 1 }] } }, shop.token),
      ),
    ]);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});
