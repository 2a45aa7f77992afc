import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const HISTORY = `query($skuId: ID!, $first: Int, $after: String, $filter: StockMovementFilter) {
  stockMovements(skuId: $skuId, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { kind quantity onHandDelta allocatedDelta reason actor { type name } orderId orderNumber createdAt }
  }
}`;

describe.each(databaseKinds())("stock history on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let order: { id: string; number: number };
  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { TEE: [1000, 0] });
    order = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "TEE", quantity: 2 }] } }, shop.token)).placeOrder.order;
    await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.TEE), quantity: 5, note: "NF 123" }, shop.token);
  });
  afterAll(() => server.stop());

  const history = (variables: Record<string, unknown>, token = shop.token) =>
    gqlData(server.graphqlUrl, HISTORY, { skuId: String(shop.skus.TEE), ...variables }, token).then((d) => d.stockMovements);

  it("lists the ledger newest first: who, why, which order", async () => {
    const all = await history({});
    expect(all.totalCount).toBe(2);
    expect(all.nodes.map((n: Record<string, unknown>) => [n.kind, n.onHandDelta, n.allocatedDelta, n.reason, (n.actor as { type: string }).type, n.orderNumber])).toEqual([
      ["ALLOCATION", 0, 2, "RESTOCK", "SYSTEM", order.number],
      ["RESTOCK", 5, 0, "NF 123", "STAFF", null],
    ]);
    expect(all.nodes[1].actor.name).toMatch(/^Staff /);
    expect(all.nodes[0].orderId).toBe(order.id);
  });

  it("filters by kind and date, and pages with a cursor", async () => {
    expect((await history({ filter: { kinds: ["RESTOCK"] } })).nodes.map((n: { kind: string }) => n.kind)).toEqual(["RESTOCK"]);
    expect((await history({ filter: { from: new Date(Date.now() + 60_000).toISOString() } })).totalCount).toBe(0);
    expect((await history({ filter: { to: new Date(Date.now() + 60_000).toISOString() } })).totalCount).toBe(2);
    const first = await history({ first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await history({ first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes.map((n: { kind: string }) => n.kind)).toEqual(["RESTOCK"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("shows nothing of another shop's sku", async () => {
    const other = await createShop(server, {}, "Other shop");
    expect((await history({}, other.token)).totalCount).toBe(0);
  });
});
