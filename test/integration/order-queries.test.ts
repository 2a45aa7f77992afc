import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ORDERS_PAGE = `
  query Orders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id number status customer { name maskedCpf } lines { skuCode short sku { code name stock { available } } } }
    }
  }`;

describe.each(databaseKinds())("order queries on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  const placed: Array<{ id: string; number: number; status: string }> = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { PLENTY: [1000, 10000], SCARCE: [1000, 0], OTHER: [300, 10000] });
    // 60 orders: every third is short; numbers 1..60.
    for (let i = 0; i < 60; i++) {
      const lines = [{ skuCode: i % 3 === 0 ? "SCARCE" : "PLENTY", quantity: 1 }, { skuCode: "OTHER", quantity: 1 }];
      const buyer = customer({ name: i === 7 ? "Zuleica Quintanilha" : `Buyer ${i}`, email: `buyer${i}@example.com` });
      const data = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: buyer, lines, externalReference: `EXT-${i}` } }, shop.token);
      placed.push(data.placeOrder.order);
    }
  });
  afterAll(() => server.stop());

  it("pages through all orders newest first with cursors", async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 25, after }, shop.token);
      expect(page.orders.totalCount).toBe(60);
      seen.push(...page.orders.nodes.map((o: { number: number }) => o.number));
      if (!page.orders.pageInfo.hasNextPage) break;
      after = page.orders.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
  });

  it("filters by status and searches by number, customer and external reference", async () => {
    const awaiting = await gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 100, filter: { status: ["AWAITING_STOCK"] } }, shop.token);
    expect(awaiting.orders.totalCount).toBe(20);
    expect(awaiting.orders.nodes.every((o: { status: string }) => o.status === "AWAITING_STOCK")).toBe(true);
    const both = await gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 100, filter: { status: ["AWAITING_STOCK", "READY"] } }, shop.token);
    expect(both.orders.totalCount).toBe(60);

    const search = async (term: string) =>
      (await gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 10, filter: { search: term } }, shop.token)).orders.nodes.map((o: { number: number }) => o.number);
    expect(await search("#42")).toEqual([42]);
    expect(await search("quintanilha")).toEqual([8]);
    expect(await search("EXT-11")).toEqual([12]);
    expect(await search("buyer5@example")).toEqual([6]);
    expect(await search("100%_")).toEqual([]);
  });

  it("lists orders without stock oldest first, and only those", async () => {
    const first = await gqlData(server.graphqlUrl, `{ ordersWithoutStock(first: 15) { totalCount pageInfo { endCursor hasNextPage } nodes { number status missingQuantity } } }`, {}, shop.token);
    expect(first.ordersWithoutStock.totalCount).toBe(20);
    expect(first.ordersWithoutStock.nodes.map((o: { number: number }) => o.number)).toEqual(Array.from({ length: 15 }, (_, i) => 1 + 3 * i));
    expect(first.ordersWithoutStock.nodes.every((o: { missingQuantity: number }) => o.missingQuantity === 1)).toBe(true);
    const rest = await gqlData(
      server.graphqlUrl,
      `query($after: String) { ordersWithoutStock(first: 15, after: $after) { pageInfo { hasNextPage } nodes { number } } }`,
      { after: first.ordersWithoutStock.pageInfo.endCursor },
      shop.token,
    );
    expect(rest.ordersWithoutStock.nodes.map((o: { number: number }) => o.number)).toEqual([46, 49, 52, 55, 58]);
    expect(rest.ordersWithoutStock.pageInfo.hasNextPage).toBe(false);
  });

  it("loads a page of 50 orders with lines, skus and customers in as many statements as a page of 5", async () => {
    // The outbox dispatcher polls in the background; its statements are not the page's.
    await server.dispatcher.stop();
    const five = await server.queries.measure(() => gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 5 }, shop.token));
    const fifty = await server.queries.measure(() => gqlData(server.graphqlUrl, ORDERS_PAGE, { first: 50 }, shop.token));
    expect(fifty.count).toBe(five.count);
    // session, orders, count, lines, skus, customers
    expect(fifty.count).toBeLessThanOrEqual(6);
  });

  it("refuses a page size out of range or a forged cursor with BAD_USER_INPUT", async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { first: 10, after: "forged" }]) {
      const result = await gql(server.graphqlUrl, ORDERS_PAGE, variables, shop.token);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("returns null for an order id that is not a number or does not exist", async () => {
    const result = await gqlData(server.graphqlUrl, `{ a: order(id: "abc") { id } b: order(id: "999999") { id } c: order(id: "-1") { id } }`, {}, shop.token);
    expect(result).toEqual({ a: null, b: null, c: null });
  });
});
