import { createShop, customer, HEALTHY, HOLD, PLACE_ORDER, RESTOCK, ShopFixture, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe.each(databaseKinds())("restock engine on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  const place = async (shop: ShopFixture, lines: Array<[string, number]>) =>
    (
      await gqlData(
        server.graphqlUrl,
        PLACE_ORDER,
        { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })) } },
        shop.token,
      )
    ).placeOrder.order as { id: string; number: number };
  const orderState = async (shop: ShopFixture, id: string) =>
    (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status lines { skuCode allocated short } events { type data } } }`, { id }, shop.token)).order;
  const restock = async (shop: ShopFixture, sku: string, quantity: number) =>
    (await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus[sku]), quantity, note: "NF 123" }, shop.token)).restock;
  const preview = async (shop: ShopFixture, sku: string, quantity: number) =>
    (
      await gqlData(
        server.graphqlUrl,
        `query($s: ID!, $q: Int!) { restockPreview(skuId: $s, quantity: $q) { quantity ordersResumed ordersPartiallyServed unitsAllocated unitsLeftAvailable } }`,
        { s: String(shop.skus[sku]), q: quantity },
        shop.token,
      )
    ).restockPreview;

  it("serves waiting orders oldest first, partly when it must, and resumes each one that is complete", async () => {
    const shop = await createShop(server, { X: [1000, 0] });
    const first = await place(shop, [["X", 3]]);
    const second = await place(shop, [["X", 2]]);
    const third = await place(shop, [["X", 4]]);
    await gqlData(server.graphqlUrl, HOLD, { id: second.id }, shop.token); // on hold resumes just the same

    expect(await preview(shop, "X", 4)).toEqual({ quantity: 4, ordersResumed: 1, ordersPartiallyServed: 1, unitsAllocated: 4, unitsLeftAvailable: 0 });
    const r1 = await restock(shop, "X", 4);
    expect(r1.userErrors).toEqual([]);
    expect(r1.ordersResumed.map((o: { number: number }) => o.number)).toEqual([first.number]);
    expect(r1.ordersResumedCount).toBe(1);
    expect(r1.sku.stock).toEqual({ onHand: 4, allocated: 4, available: 0 });
    expect((await orderState(shop, first.id)).status).toBe("READY");
    const secondAfter = await orderState(shop, second.id);
    expect(secondAfter.status).toBe("ON_HOLD_FOR_RESTOCK");
    expect(secondAfter.lines).toEqual([{ skuCode: "X", allocated: 1, short: 1 }]);
    expect(secondAfter.events.at(-1).type).toBe("STOCK_ALLOCATED");
    expect((await orderState(shop, third.id)).lines).toEqual([{ skuCode: "X", allocated: 0, short: 4 }]);

    const r2 = await restock(shop, "X", 2);
    expect(r2.ordersResumed.map((o: { number: number }) => o.number)).toEqual([second.number]);
    expect((await orderState(shop, third.id)).lines).toEqual([{ skuCode: "X", allocated: 1, short: 3 }]);

    expect(await preview(shop, "X", 10)).toEqual({ quantity: 10, ordersResumed: 1, ordersPartiallyServed: 0, unitsAllocated: 3, unitsLeftAvailable: 7 });
    const r3 = await restock(shop, "X", 10);
    expect(r3.ordersResumed.map((o: { number: number }) => o.number)).toEqual([third.number]);
    expect(r3.sku.stock).toEqual({ onHand: 16, allocated: 9, available: 7 });
    const resumed = await orderState(shop, third.id);
    expect(resumed.events.map((e: { type: string }) => e.type)).toEqual(["ORDER_PLACED", "STOCK_SHORTAGE", "STOCK_ALLOCATED", "ORDER_RESUMED"]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const ledger = await server.db.query<{ kind: string; n: number }>(
      "SELECT kind, COUNT(*) AS n FROM stock_movement WHERE sku_id = ? GROUP BY kind ORDER BY kind",
      [shop.skus.X],
    );
    expect(ledger.map((m) => [m.kind, Number(m.n)])).toEqual([
      ["ALLOCATION", 5],
      ["RESTOCK", 3],
    ]);
  });

  it("resumes an order short of two skus only when both have arrived", async () => {
    const shop = await createShop(server, { A: [1000, 0], B: [1000, 0] });
    const order = await place(shop, [["A", 1], ["B", 1]]);
    expect(await preview(shop, "A", 1)).toEqual(expect.objectContaining({ ordersResumed: 0, ordersPartiallyServed: 1 }));
    expect((await restock(shop, "A", 1)).ordersResumed).toEqual([]);
    expect((await orderState(shop, order.id)).status).toBe("AWAITING_STOCK");
    expect(await preview(shop, "B", 1)).toEqual(expect.objectContaining({ ordersResumed: 1, ordersPartiallyServed: 0 }));
    expect((await restock(shop, "B", 1)).ordersResumed.map((o: { id: string }) => o.id)).toEqual([order.id]);
  });

  it("serves waiting orders from a positive adjustment too, and not from a negative one", async () => {
    const shop = await createShop(server, { Y: [1000, 0] });
    const order = await place(shop, [["Y", 2]]);
    const adjust = (delta: number) =>
      gqlData(
        server.graphqlUrl,
        `mutation($s: ID!, $d: Int!) { adjustStock(skuId: $s, delta: $d, reason: "contagem") { sku { stock { onHand allocated } } ordersResumed { id } userErrors { code } } }`,
        { s: String(shop.skus.Y), d: delta },
        shop.token,
      ).then((d) => d.adjustStock);
    expect((await adjust(2)).ordersResumed).toEqual([{ id: order.id }]);
    expect((await adjust(-1)).userErrors).toEqual([{ code: "INSUFFICIENT_STOCK" }]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("lists the oldest 100 orders a restock resumed and counts them all", async () => {
    const shop = await createShop(server, { MANY: [100, 0] });
    await Promise.all(Array.from({ length: 101 }, () => place(shop, [["MANY", 1]])));
    const result = await restock(shop, "MANY", 101);
    expect(result.ordersResumedCount).toBe(101);
    expect(result.ordersResumed).toHaveLength(100);
    // Oldest means first taken in (id order). Numbers come from a sequence taken just before the
    // intake transaction, so two orders placed at the same moment may have them the other way round.
    const ids = result.ordersResumed.map((o: { id: string }) => Number(o.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const [newest] = await server.db.query<{ id: number }>("SELECT MAX(id) AS id FROM orders WHERE shop_id = ?", [shop.shopId]);
    expect(ids).not.toContain(Number(newest!.id));
  });

  it("refuses a restock of nothing, of too much, or of another shop's sku", async () => {
    const shop = await createShop(server, { Z: [1000, 0] });
    const other = await createShop(server, { Z: [1000, 0] });
    expect((await restock(shop, "Z", 0)).userErrors).toEqual([expect.objectContaining({ field: "quantity", code: "OUT_OF_RANGE" })]);
    expect((await restock(shop, "Z", 2_000_000)).userErrors).toEqual([expect.objectContaining({ code: "OUT_OF_RANGE" })]);
    const theirs = await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.Z), quantity: 5 }, other.token);
    expect(theirs.restock.userErrors).toEqual([expect.objectContaining({ field: "skuId", code: "NOT_FOUND" })]);
    const badPreview = await gql(server.graphqlUrl, `query($s: ID!) { restockPreview(skuId: $s, quantity: 1) { ordersResumed } }`, { s: String(shop.skus.Z) }, other.token);
    expect(badPreview.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const [level] = await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [shop.skus.Z]);
    expect(Number(level!.on_hand)).toBe(0);
  });
});
