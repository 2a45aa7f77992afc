import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe.each(databaseKinds())("two shops on %s", (kind) => {
  let server: TestServer;
  let alpha: ShopFixture;
  let beta: ShopFixture;
  let alphaOrderId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alpha = await createShop(server, { SAME: [1000, 5], ONLY_ALPHA: [500, 5] }, "Alpha");
    beta = await createShop(server, { SAME: [2000, 5] }, "Beta");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ email: "shared@example.com", name: "Alpha Buyer" }), lines: [{ skuCode: "SAME", quantity: 1 }] } }, alpha.token);
    alphaOrderId = placed.placeOrder.order.id;
  });
  afterAll(() => server.stop());

  it("cannot read another shop's order by id: it simply does not exist", async () => {
    const result = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { id } }`, { id: alphaOrderId }, beta.token);
    expect(result.order).toBeNull();
  });

  it("lists, counts and searches only its own orders", async () => {
    const result = await gqlData(
      server.graphqlUrl,
      `{ orders(first: 100) { totalCount nodes { id } } ordersWithoutStock { totalCount } search: orders(filter: { search: "Alpha Buyer" }) { totalCount } }`,
      {},
      beta.token,
    );
    expect(result.orders).toEqual({ totalCount: 0, nodes: [] });
    expect(result.ordersWithoutStock.totalCount).toBe(0);
    expect(result.search.totalCount).toBe(0);
  });

  it("uses its own skus and prices for the same code, and cannot order another shop's sku", async () => {
    const mine = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ email: "shared@example.com" }), lines: [{ skuCode: "SAME", quantity: 1 }] } }, beta.token);
    expect(mine.placeOrder.order.subtotal.amount).toBe(2000);
    expect(mine.placeOrder.order.customer.name).toBe("Maria Souza");
    const theirs = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "ONLY_ALPHA", quantity: 1 }] } }, beta.token);
    expect(theirs.placeOrder.userErrors).toEqual([expect.objectContaining({ code: "UNKNOWN_SKU" })]);
  });

  it("cannot read or adjust another shop's sku", async () => {
    const skuId = String(alpha.skus.ONLY_ALPHA);
    const read = await gqlData(server.graphqlUrl, `query($id: ID!) { sku(id: $id) { id } skus { nodes { code } } }`, { id: skuId }, beta.token);
    expect(read.sku).toBeNull();
    expect(read.skus.nodes.map((s: { code: string }) => s.code)).toEqual(["SAME"]);
    const adjust = await gqlData(
      server.graphqlUrl,
      `mutation($id: ID!) { adjustStock(skuId: $id, delta: 100, reason: "steal") { sku { id } userErrors { field code } } }`,
      { id: skuId },
      beta.token,
    );
    expect(adjust.adjustStock).toEqual({ sku: null, userErrors: [{ field: "skuId", code: "NOT_FOUND" }] });
    const [level] = await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [alpha.skus.ONLY_ALPHA]);
    expect(Number(level!.on_hand)).toBe(5);
  });

  it("keeps customers apart: the same e-mail is a different customer in each shop", async () => {
    const [row] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM customer WHERE email = ?", ["shared@example.com"]);
    expect(Number(row!.n)).toBe(2);
  });

  it("keeps idempotency keys apart: the same key in another shop is a new order with that shop's next number", async () => {
    const input = (name: string) => ({ input: { customer: customer({ name }), lines: [{ skuCode: "SAME", quantity: 1 }], idempotencyKey: "shared-key" } });
    const first = await gqlData(server.graphqlUrl, PLACE_ORDER, input("Alpha Key"), alpha.token);
    const [betaBefore] = await server.db.query<{ n: number }>("SELECT last_number AS n FROM order_number_sequence WHERE shop_id = ?", [beta.shopId]);
    const second = await gqlData(server.graphqlUrl, PLACE_ORDER, input("Beta Key"), beta.token);
    expect(second.placeOrder.userErrors).toEqual([]);
    expect(second.placeOrder.order.id).not.toBe(first.placeOrder.order.id);
    expect(second.placeOrder.order.number).toBe(Number(betaBefore!.n) + 1);
    expect(second.placeOrder.order.customer.name).toBe("Beta Key");
  });

  it("answers every query without a token with UNAUTHENTICATED", async () => {
    for (const query of ["{ me { id } }", "{ orders { totalCount } }", "{ ordersWithoutStock { totalCount } }", "{ skus { totalCount } }", `{ order(id: "${alphaOrderId}") { id } }`]) {
      const result = await gql(server.graphqlUrl, query);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      // Non-null fields null the whole response; a nullable one (order) is just null.
      expect(Object.values(result.data ?? {}).every((value) => value === null)).toBe(true);
    }
  });
});
