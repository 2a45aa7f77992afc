import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const SKUS = `query($search: String) { skus(first: 100, filter: { search: $search }) { totalCount nodes { code } } }`;
const ORDERS = `query($search: String) { orders(first: 100, filter: { search: $search }) { totalCount nodes { number } } }`;

describe.each(databaseKinds())("search terms on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { "PCT-50": [1000, 10], "PCT-500": [1000, 10], "UND_1": [1000, 10], UNDX1: [1000, 10], "BANG!": [1000, 10] });
    await server.db.query("UPDATE sku SET name = ? WHERE id = ?", ["Desconto 50% camiseta", shop.skus["PCT-50"]]);
    await server.db.query("UPDATE sku SET name = ? WHERE id = ?", ["Desconto 500 camiseta", shop.skus["PCT-500"]]);
    for (const name of ["Promo 50% Silva", "Promo 500 Silva"]) {
      await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "PCT-50", quantity: 1 }] } }, shop.token);
    }
  });
  afterAll(() => server.stop());

  const skus = (search: string) => gql(server.graphqlUrl, SKUS, { search }, shop.token);
  const orders = (search: string) => gql(server.graphqlUrl, ORDERS, { search }, shop.token);

  it.each([
    ["70,000 characters", "a".repeat(70_000)],
    ["30,000 percent signs", "%".repeat(30_000)],
    ["101 characters", "b".repeat(101)],
  ])("refuses a search of %s with BAD_USER_INPUT naming the limit, on skus and orders", async (_name, term) => {
    for (const result of [await skus(term), await orders(term)]) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors![0]!.message).toMatch(/at most 100 characters/);
      expect(JSON.stringify(result)).not.toMatch(/LIKE|GLOB|pattern|SQL/i);
    }
  });

  it("accepts a search of exactly 100 characters", async () => {
    const result = await skus("c".repeat(100));
    expect(result.errors).toBeUndefined();
    expect(result.data.skus.totalCount).toBe(0);
  });

  it("treats %, _ and the escape character as the characters they are", async () => {
    const codes = async (term: string) => (await skus(term)).data.skus.nodes.map((s: { code: string }) => s.code);
    expect(await codes("50%")).toEqual(["PCT-50"]);
    expect(await codes("%")).toEqual(["PCT-50"]);
    expect(await codes("UND_")).toEqual(["UND_1"]);
    expect(await codes("_")).toEqual(["UND_1"]);
    expect(await codes("!")).toEqual(["BANG!"]);
    const numbers = async (term: string) => (await orders(term)).data.orders.nodes.map((o: { number: number }) => o.number);
    expect(await numbers("50% silva")).toEqual([1]);
    expect(await numbers("50%")).toEqual([1]);
    // Customers are found by word prefix: "%" starts no word of either name (it is no wildcard either).
    expect(await numbers("%")).toEqual([]);
  });
});
