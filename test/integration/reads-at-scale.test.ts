import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { seedWaitingOrders } from "../helpers/bulk-orders";
import { orderStatusCountsRebuild } from "../../server/src/modules/orders/order-counts";
import { startTestServer, TestServer } from "../helpers/server";

const SEARCH = `query($first: Int!, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) { totalCount totalCountIsExact pageInfo { endCursor hasNextPage } nodes { number } } }`;
const PAGE = `query($first: Int!, $filter: OrderFilter) {
  orders(first: $first, filter: $filter) { totalCount totalCountIsExact pageInfo { endCursor hasNextPage }
    nodes { id number status customer { name email } lines { skuCode short sku { code name stock { available } } } } } }`;

/** Issue 17, point 5: the customer search's semantics, capped counts, statements per page. */
describe.each(databaseKinds())("reads at scale on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  const names = [
    "José da Costa", // 1
    "Ana Costanza", // 2
    "Pedro Acosta", // 3
    "MARIA JOSÉ COSTA", // 4
    "Zé Ninguém", // 5
  ];

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { PLENTY: [1000, 10000], SCARCE: [1000, 0] });
    for (const [i, name] of names.entries()) {
      const email = `${name.split(" ")[0]!.toLowerCase()}.${i}@exemplo.com.br`.normalize("NFD").replace(/\p{M}/gu, "");
      const lines = [{ skuCode: i % 2 ? "SCARCE" : "PLENTY", quantity: 1 }];
      await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name, email }), lines, externalReference: `REF-${i + 1}` } }, shop.token);
    }
  });
  afterAll(() => server.stop());

  const numbers = async (search: string, status?: string[]) =>
    (await gqlData(server.graphqlUrl, SEARCH, { first: 50, filter: { search, status } }, shop.token)).orders.nodes.map((o: { number: number }) => o.number);

  it("finds customers by the start of any word of their name, whatever the case and accents", async () => {
    expect(await numbers("costa")).toEqual([4, 2, 1]);
    expect(await numbers("COSTA")).toEqual([4, 2, 1]);
    expect(await numbers("costa ")).toEqual([4, 2, 1]);
    expect(await numbers("jose")).toEqual([4, 1]);
    expect(await numbers("José")).toEqual([4, 1]);
    expect(await numbers("ze")).toEqual([5]);
    // Not inside a word: "osta" starts none.
    expect(await numbers("osta")).toEqual([]);
    expect(await numbers("acos")).toEqual([3]);
  });

  it("needs every word of the term, in any order", async () => {
    expect(await numbers("jose costa")).toEqual([4, 1]);
    expect(await numbers("costa maria")).toEqual([4]);
    expect(await numbers("cost jo")).toEqual([4, 1]);
    expect(await numbers("costa pedro")).toEqual([]);
  });

  it("finds by e-mail (its start), order number and external reference, each on its own", async () => {
    expect(await numbers("pedro.2@exemplo")).toEqual([3]);
    expect(await numbers("ana.1@exemplo.com.br")).toEqual([2]);
    expect(await numbers("#3")).toEqual([3]);
    expect(await numbers("5")).toEqual([5]);
    expect(await numbers("REF-2")).toEqual([2]);
  });

  it("combines the search with a status filter and pages through it with cursors", async () => {
    expect(await numbers("costa", ["AWAITING_STOCK"])).toEqual([4, 2]);
    expect(await numbers("costa", ["READY"])).toEqual([1]);
    const first = await gqlData(server.graphqlUrl, SEARCH, { first: 2, filter: { search: "costa" } }, shop.token);
    expect(first.orders.nodes.map((o: { number: number }) => o.number)).toEqual([4, 2]);
    expect(first.orders.pageInfo.hasNextPage).toBe(true);
    expect(first.orders.totalCount).toBe(3);
    expect(first.orders.totalCountIsExact).toBe(true);
    const rest = await gqlData(server.graphqlUrl, SEARCH, { first: 2, after: first.orders.pageInfo.endCursor, filter: { search: "costa" } }, shop.token);
    expect(rest.orders.nodes.map((o: { number: number }) => o.number)).toEqual([1]);
    expect(rest.orders.pageInfo.hasNextPage).toBe(false);
  });

  it("finds a customer by a new name once an order renames them, and no longer by the old one", async () => {
    const email = "renomeada@exemplo.com";
    const place = (name: string) => gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name, email }), lines: [{ skuCode: "PLENTY", quantity: 1 }] } }, shop.token);
    const first = (await place("Beatriz Antiga")).placeOrder.order.number;
    expect(await numbers("antiga")).toEqual([first]);
    const second = (await place("Beatriz Nova")).placeOrder.order.number;
    expect(await numbers("antiga")).toEqual([]);
    expect(await numbers("beatriz nova")).toEqual([second, first]);
  });

  it("loads a page of 50 orders with lines, skus and customers in at most 5 statements, with its count, and with a search", async () => {
    await gqlData(server.graphqlUrl, PAGE, { first: 50 }, shop.token); // the session is cached from here
    for (const filter of [undefined, { status: ["READY"] }, { search: "costa" }]) {
      const measured = await server.queries.measure(() => gqlData(server.graphqlUrl, PAGE, { first: 50, filter }, shop.token));
      expect({ filter, statements: measured.statements }).toEqual({ filter, statements: expect.any(Array) });
      expect(measured.count).toBeLessThanOrEqual(5);
      // MySQL: the page with its count, then its orders' lines, their customers and skus together (a search counts on its own).
      if (kind === "mysql" && !filter?.search) expect(measured.roundTrips).toBe(2);
    }
  });

  it("loads a page of the queue by sku with lines, skus and customers in at most 5 statements, with its count", async () => {
    const QUEUE = `query($sku: ID) { ordersWithoutStock(first: 50, filter: { skuId: $sku }) { totalCount pageInfo { hasNextPage }
      nodes { number customer { name } lines { skuCode short sku { code name stock { available } } } } } }`;
    await gqlData(server.graphqlUrl, QUEUE, { sku: String(shop.skus.SCARCE) }, shop.token); // the session is cached from here
    const measured = await server.queries.measure(() => gqlData(server.graphqlUrl, QUEUE, { sku: String(shop.skus.SCARCE) }, shop.token));
    expect(measured.count).toBeLessThanOrEqual(5);
    // MySQL: the page, then its orders' lines, customers and skus together; the count beside both.
    if (kind === "mysql") expect(measured.roundTrips).toBe(3);
    const page = (await gqlData(server.graphqlUrl, QUEUE, { sku: String(shop.skus.SCARCE) }, shop.token)).ordersWithoutStock;
    expect(page.totalCount).toBe(2);
    expect(page.nodes.map((n: { number: number }) => n.number)).toEqual([2, 4]);
  });

  it("counts up to 10,000 and says when there are more; the queue counts the same way", async () => {
    const other = await createShop(server, { BULK: [1000, 0] });
    await seedWaitingOrders(server.db, other.shopId, other.skus.BULK!, "BULK", 10_001);
    const all = await gqlData(server.graphqlUrl, `{ orders(first: 1) { totalCount totalCountIsExact } ready: orders(first: 1, filter: { status: [READY] }) { totalCount totalCountIsExact } }`, {}, other.token);
    expect(all.orders).toEqual({ totalCount: 10_000, totalCountIsExact: false });
    expect(all.ready).toEqual({ totalCount: 0, totalCountIsExact: true });
    const queue = await gqlData(server.graphqlUrl, `query($sku: ID) { ordersWithoutStock(first: 1, filter: { skuId: $sku }) { totalCount totalCountIsExact } }`, { sku: String(other.skus.BULK) }, other.token);
    expect(queue.ordersWithoutStock).toEqual({ totalCount: 10_000, totalCountIsExact: false });
    // One fewer and it is exact.
    await server.db.query("UPDATE orders SET status = 'CANCELLED' WHERE shop_id = ? AND number = 1", [other.shopId]);
    // As a cancellation does: its lines are short of nothing any more (the queue's count by sku reads only the short lines).
    await server.db.query("UPDATE order_line SET cancelled = cancelled + short, short = 0 WHERE shop_id = ? AND order_id IN (SELECT id FROM orders WHERE shop_id = ? AND number = 1)", [other.shopId, other.shopId]);
    // Orders changed by raw SQL: the kept counts by status are made again from them (order-counts.ts).
    for (const { sql, params } of orderStatusCountsRebuild(server.db.dialect, other.shopId)) await server.db.query(sql, params);
    const exact = await gqlData(server.graphqlUrl, `query($sku: ID) { ordersWithoutStock(first: 1) { totalCount totalCountIsExact } bySku: ordersWithoutStock(first: 1, filter: { skuId: $sku }) { totalCount totalCountIsExact } }`, { sku: String(other.skus.BULK) }, other.token);
    expect(exact.ordersWithoutStock).toEqual({ totalCount: 10_000, totalCountIsExact: true });
    expect(exact.bySku).toEqual({ totalCount: 10_000, totalCountIsExact: true });
  });
});
