import { createShop, ShopFixture, shopSnapshot, RESTOCK } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const MAX_ON_HAND = 1_000_000_000;
const ADJUST = `mutation($skuId: ID!, $delta: Int!, $reason: String!) {
  adjustStock(skuId: $skuId, delta: $delta, reason: $reason) { sku { stock { onHand } } userErrors { field code message } }
}`;

describe.each(databaseKinds())("the stock ceiling on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { NEAR: [100, MAX_ON_HAND - 1_000], RACE: [100, MAX_ON_HAND - 5_000] });
  });
  afterAll(() => server.stop());

  const restock = (sku: string, quantity: number) =>
    gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus[sku]), quantity, note: "NF 9" }, shop.token).then((d) => d.restock);
  const adjust = (sku: string, delta: number) =>
    gqlData(server.graphqlUrl, ADJUST, { skuId: String(shop.skus[sku]), delta, reason: "count" }, shop.token).then((d) => d.adjustStock);
  const onHand = async (sku: string) =>
    Number((await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [shop.skus[sku]]))[0]!.on_hand);

  it("refuses a restock or an adjustment past 1,000,000,000 on hand, naming the limit, and changes nothing", async () => {
    const before = await shopSnapshot(server, shop.shopId);
    for (const refused of [await restock("NEAR", 1_001), await adjust("NEAR", 1_000_000)]) {
      expect(refused.sku).toBeNull();
      expect(refused.userErrors).toEqual([
        expect.objectContaining({ code: "STOCK_LIMIT_EXCEEDED", message: expect.stringMatching(/1,?000,?000,?000/) }),
      ]);
    }
    expect((await restock("NEAR", 1_001)).userErrors[0].field).toBe("quantity");
    expect((await adjust("NEAR", 1_001)).userErrors[0].field).toBe("delta");
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await onHand("NEAR")).toBe(MAX_ON_HAND - 1_000);
  });

  it("allows exactly the maximum", async () => {
    expect((await restock("NEAR", 1_000)).sku.stock.onHand).toBe(MAX_ON_HAND);
    expect((await adjust("NEAR", 1)).userErrors[0].code).toBe("STOCK_LIMIT_EXCEEDED");
    expect((await adjust("NEAR", -1)).sku.stock.onHand).toBe(MAX_ON_HAND - 1);
  });

  it("previews a restock past the maximum as a BAD_USER_INPUT error naming it", async () => {
    const result = await gql(server.graphqlUrl, `query($s: ID!) { restockPreview(skuId: $s, quantity: 2000) { ordersResumed } }`, { s: String(shop.skus.NEAR) }, shop.token);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/at most 1,000,000,000 units/);
  });

  it("holds under concurrency: of 20 restocks with room for 5, exactly 5 commit", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => restock("RACE", 1_000)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(5);
    expect(results.filter((r) => r.userErrors[0]?.code === "STOCK_LIMIT_EXCEEDED")).toHaveLength(15);
    expect(await onHand("RACE")).toBe(MAX_ON_HAND);
    const [ledger] = await server.db.query<{ n: number }>("SELECT SUM(on_hand_delta) AS n FROM stock_movement WHERE sku_id = ?", [shop.skus.RACE]);
    expect(Number(ledger!.n)).toBe(MAX_ON_HAND);
  });

  it("lets a level above the maximum (stored before there was one) come down, never go up", async () => {
    await server.db.query("UPDATE stock_level SET on_hand = on_hand + 10 WHERE sku_id = ?", [shop.skus.RACE]);
    await server.db.query(
      "INSERT INTO stock_movement (shop_id, sku_id, kind, quantity, on_hand_delta, allocated_delta, actor_type, created_at) VALUES (?, ?, 'ADJUSTMENT', 10, 10, 0, 'SYSTEM', '2026-01-01 00:00:00')",
      [shop.shopId, shop.skus.RACE],
    );
    expect((await adjust("RACE", 1)).userErrors[0].code).toBe("STOCK_LIMIT_EXCEEDED");
    expect((await adjust("RACE", -5)).sku.stock.onHand).toBe(MAX_ON_HAND + 5);
    expect((await adjust("RACE", -5)).sku.stock.onHand).toBe(MAX_ON_HAND);
  });

  it("refuses to create a sku with more than the maximum on hand", async () => {
    await expect(server.services.catalog.createSkus(shop.shopId, [{ code: "HUGE", name: "Huge", price: 1, onHand: MAX_ON_HAND + 1 }])).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: "STOCK_LIMIT_EXCEEDED", field: "onHand" })],
    });
    const [row] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM sku WHERE shop_id = ? AND code = 'HUGE'", [shop.shopId]);
    expect(Number(row!.n)).toBe(0);
  });
});
