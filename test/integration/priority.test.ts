import { addStaff, CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, RESTOCK, SHIP_AVAILABLE, ShopFixture, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const SET_PRIORITY = `mutation($id: ID!, $priority: Boolean!, $reason: String) {
  setOrderPriority(orderId: $id, priority: $priority, reason: $reason) {
    order { id status priority prioritySince priorityReason }
    userErrors { field code message }
  }
}`;

describe.each(databaseKinds())("a merchant's priority over FIFO on %s", (kind) => {
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
  const lines = async (shop: ShopFixture, id: string) =>
    (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status lines { skuCode allocated short } } }`, { id }, shop.token)).order;
  const restock = async (shop: ShopFixture, sku: string, quantity: number) =>
    (await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus[sku]), quantity, note: "NF 1" }, shop.token)).restock;
  const setPriority = async (shop: ShopFixture, id: string, priority: boolean, reason?: string | null, token = shop.token) =>
    (await gqlData(server.graphqlUrl, SET_PRIORITY, { id, priority, reason }, token)).setOrderPriority;
  const queue = async (shop: ShopFixture, first = 100, after: string | null = null) =>
    (
      await gqlData(
        server.graphqlUrl,
        `query($first: Int!, $after: String) { ordersWithoutStock(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { number priority } } }`,
        { first, after },
        shop.token,
      )
    ).ordersWithoutStock;

  it("pages the queue filtered by a sku in serving order: priority first, both statuses, only the orders short of it", async () => {
    const shop = await createShop(server, { X: [1000, 0], Y: [500, 10] }, "Queue by sku");
    const first = await place(shop, [["X", 1]]);
    await place(shop, [["Y", 2]]); // READY: has no short line
    const both = await place(shop, [["X", 1], ["Y", 1]]); // short of X, Y allocated
    await place(shop, [["Y", 20]]); // waiting, but short of Y only
    const held = await place(shop, [["X", 2]]);
    expect((await gqlData(server.graphqlUrl, HOLD, { id: held.id }, shop.token)).holdOrderForRestock.userErrors).toEqual([]);
    const vip = await place(shop, [["X", 1]]);
    expect((await setPriority(shop, vip.id, true, "Cliente VIP")).userErrors).toEqual([]);
    const bySku = async (first: number, after: string | null, status: string | null = null) =>
      (
        await gqlData(
          server.graphqlUrl,
          `query($first: Int!, $after: String, $f: OrdersWithoutStockFilter) { ordersWithoutStock(first: $first, after: $after, filter: $f) { totalCount pageInfo { endCursor hasNextPage } nodes { number priority status } } }`,
          { first, after, f: { skuId: String(shop.skus.X), ...(status ? { status } : {}) } },
          shop.token,
        )
      ).ordersWithoutStock;
    const page1 = await bySku(2, null);
    expect(page1.totalCount).toBe(4);
    expect(page1.nodes).toEqual([
      { number: vip.number, priority: true, status: "AWAITING_STOCK" },
      { number: first.number, priority: false, status: "AWAITING_STOCK" },
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await bySku(2, page1.pageInfo.endCursor);
    expect(page2.nodes).toEqual([
      { number: both.number, priority: false, status: "AWAITING_STOCK" },
      { number: held.number, priority: false, status: "ON_HOLD_FOR_RESTOCK" },
    ]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // A cursor taken among the priority orders goes on to the FIFO ones.
    const afterVip = await bySku(1, null);
    expect((await bySku(10, afterVip.pageInfo.endCursor)).nodes.map((n: { number: number }) => n.number)).toEqual([first.number, both.number, held.number]);
    expect((await bySku(10, null, "ON_HOLD_FOR_RESTOCK")).nodes.map((n: { number: number }) => n.number)).toEqual([held.number]);
    // A sku no waiting order is short of: nothing, and no error.
    const none = await gqlData(server.graphqlUrl, `query($f: OrdersWithoutStockFilter) { ordersWithoutStock(first: 5, filter: $f) { totalCount nodes { number } } }`, { f: { skuId: String(shop.skus.Y + 1000) } }, shop.token);
    expect(none.ordersWithoutStock).toEqual({ totalCount: 0, nodes: [] });
  });

  it("pages a sku's part of the queue across the priority/FIFO boundary, and counts an order short of the sku on two lines once", async () => {
    const shop = await createShop(server, { X: [1000, 0], Y: [500, 100] }, "Queue by sku, pages");
    const fifo = [];
    for (let i = 0; i < 5; i++) fifo.push(await place(shop, [["X", 1], ["Y", 1]]));
    await place(shop, [["Y", 1]]); // READY
    const gone = await place(shop, [["X", 1]]);
    expect((await gqlData(server.graphqlUrl, CANCEL, { id: gone.id, to: "MERCHANT", reason: "Pedido duplicado" }, shop.token)).cancelOrder.userErrors).toEqual([]);
    const shipped = await place(shop, [["X", 1], ["Y", 1]]);
    expect((await gqlData(server.graphqlUrl, SHIP_AVAILABLE, { id: shipped.id, to: "MERCHANT" }, shop.token)).shipAvailableItems.userErrors).toEqual([]);
    await place(shop, [["Y", 200]]); // waiting, short of Y only
    const vips = [await place(shop, [["X", 2]]), await place(shop, [["X", 1]])];
    for (const vip of vips) expect((await setPriority(shop, vip.id, true, "VIP")).userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, HOLD, { id: fifo[3]!.id }, shop.token)).holdOrderForRestock.userErrors).toEqual([]);
    // Short of X on two lines (a substitute of the same sku found short at packing does it; intake refuses two lines of one sku): written in SQL.
    await server.db.query("INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled) VALUES (?, ?, ?, 'X', 'X', 1, 1000, 0, 1, 0)", [
      shop.shopId,
      Number(fifo[1]!.id),
      shop.skus.X,
    ]);
    const bySku = async (first: number, after: string | null, status: string | null = null) =>
      (
        await gqlData(
          server.graphqlUrl,
          `query($first: Int!, $after: String, $f: OrdersWithoutStockFilter) { ordersWithoutStock(first: $first, after: $after, filter: $f) { totalCount totalCountIsExact pageInfo { endCursor hasNextPage } nodes { number priority } } }`,
          { first, after, f: { skuId: String(shop.skus.X), ...(status ? { status } : {}) } },
          shop.token,
        )
      ).ordersWithoutStock;
    const all = async (first: number, status: string | null = null) => {
      const pages: number[][] = [];
      let after: string | null = null;
      for (;;) {
        const page = await bySku(first, after, status);
        pages.push(page.nodes.map((n: { number: number }) => n.number));
        if (!page.pageInfo.hasNextPage) return pages;
        after = page.pageInfo.endCursor;
      }
    };
    const [v0, v1] = vips.map((v) => v.number);
    const [f0, f1, f2, f3, f4] = fifo.map((f) => f.number);
    // Pages of 2 end on the last priority order: the next one starts at the oldest other order.
    expect(await all(2)).toEqual([[v0, v1], [f0, f1], [f2, f3], [f4]]);
    expect(await all(3)).toEqual([[v0, v1, f0], [f1, f2, f3], [f4]]);
    expect(await all(50)).toEqual([[v0, v1, f0, f1, f2, f3, f4]]);
    expect(await all(2, "ON_HOLD_FOR_RESTOCK")).toEqual([[f3]]);
    expect(await all(2, "AWAITING_STOCK")).toEqual([[v0, v1], [f0, f1], [f2, f4]]);
    const first = await bySku(2, null);
    expect([first.totalCount, first.totalCountIsExact]).toEqual([7, true]);
    expect((await bySku(2, null, "AWAITING_STOCK")).totalCount).toBe(6);
    expect((await bySku(2, null, "ON_HOLD_FOR_RESTOCK")).totalCount).toBe(1);
    // Served and gone: the queue by sku shrinks with it, count and pages.
    expect((await restock(shop, "X", 2)).ordersResumed.map((o: { number: number }) => o.number)).toEqual([v0]);
    expect(await all(3)).toEqual([[v1, f0, f1], [f2, f3, f4]]);
    expect((await bySku(2, null)).totalCount).toBe(6);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("serves a priority order first, then FIFO with a partial reservation; unmarking restores FIFO", async () => {
    const shop = await createShop(server, { X: [1000, 0] });
    const oldest = await place(shop, [["X", 5]]);
    const middle = await place(shop, [["X", 5]]);
    const newest = await place(shop, [["X", 5]]);
    const marked = await setPriority(shop, newest.id, true, "Cliente VIP");
    expect(marked.userErrors).toEqual([]);
    expect(marked.order).toEqual(expect.objectContaining({ priority: true, priorityReason: "Cliente VIP" }));
    expect(marked.order.prioritySince).toEqual(expect.any(String));

    // The queue shows the order in serving order: the priority order first.
    expect((await queue(shop)).nodes).toEqual([
      { number: newest.number, priority: true },
      { number: oldest.number, priority: false },
      { number: middle.number, priority: false },
    ]);
    const preview = await gqlData(server.graphqlUrl, `query($s: ID!) { restockPreview(skuId: $s, quantity: 7) { ordersResumed ordersPartiallyServed unitsAllocated } }`, { s: String(shop.skus.X) }, shop.token);
    expect(preview.restockPreview).toEqual({ ordersResumed: 1, ordersPartiallyServed: 1, unitsAllocated: 7 });

    const r1 = await restock(shop, "X", 7);
    expect(r1.userErrors).toEqual([]);
    expect(r1.ordersResumed.map((o: { number: number }) => o.number)).toEqual([newest.number]);
    expect((await lines(shop, newest.id)).status).toBe("READY");
    expect((await lines(shop, oldest.id)).lines).toEqual([{ skuCode: "X", allocated: 2, short: 3 }]);
    expect((await lines(shop, middle.id)).lines).toEqual([{ skuCode: "X", allocated: 0, short: 5 }]);

    // Marking the middle one and unmarking it again: FIFO again for the next restock.
    expect((await setPriority(shop, middle.id, true, "Prazo do marketplace")).userErrors).toEqual([]);
    const cleared = await setPriority(shop, middle.id, false);
    expect(cleared.userErrors).toEqual([]);
    expect(cleared.order).toEqual(expect.objectContaining({ priority: false, prioritySince: null, priorityReason: null }));
    await restock(shop, "X", 4);
    expect((await lines(shop, oldest.id)).status).toBe("READY");
    expect((await lines(shop, middle.id)).lines).toEqual([{ skuCode: "X", allocated: 1, short: 4 }]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("serves two priority orders by when they were marked, not by age", async () => {
    const shop = await createShop(server, { X: [1000, 0] });
    const a = await place(shop, [["X", 2]]);
    const b = await place(shop, [["X", 2]]);
    const c = await place(shop, [["X", 2]]);
    await gqlData(server.graphqlUrl, HOLD, { id: c.id }, shop.token); // on hold is served the same way
    await setPriority(shop, c.id, true, "VIP");
    await new Promise((r) => setTimeout(r, 5));
    await setPriority(shop, b.id, true, "Marketplace");
    // Marking again with another reason keeps its place.
    await new Promise((r) => setTimeout(r, 5));
    expect((await setPriority(shop, c.id, true, "VIP, prazo amanhã")).order.priorityReason).toBe("VIP, prazo amanhã");

    // Paging through the queue keeps the serving order across the priority/FIFO boundary.
    const page1 = await queue(shop, 1);
    const page2 = await queue(shop, 1, page1.pageInfo.endCursor);
    const page3 = await queue(shop, 1, page2.pageInfo.endCursor);
    expect([...page1.nodes, ...page2.nodes, ...page3.nodes].map((o: { number: number }) => o.number)).toEqual([c.number, b.number, a.number]);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    expect(page1.totalCount).toBe(3);

    await restock(shop, "X", 3);
    expect((await lines(shop, c.id)).status).toBe("READY");
    expect((await lines(shop, b.id)).lines).toEqual([{ skuCode: "X", allocated: 1, short: 1 }]);
    expect((await lines(shop, a.id)).lines).toEqual([{ skuCode: "X", allocated: 0, short: 2 }]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("serves a priority order waiting for two skus first on each, and resumes it when both arrived", async () => {
    const shop = await createShop(server, { A: [1000, 0], B: [1000, 0] });
    const older = await place(shop, [["A", 1], ["B", 1]]);
    const vip = await place(shop, [["A", 1], ["B", 1]]);
    await setPriority(shop, vip.id, true, "VIP");
    const positions = await server.services.waiting.waitingPositions(shop.shopId, [Number(older.id), Number(vip.id)]);
    expect(positions.map((p) => [p.orderId, p.unitsThrough])).toEqual([
      [Number(older.id), 2],
      [Number(older.id), 2],
      [Number(vip.id), 1],
      [Number(vip.id), 1],
    ]);
    await restock(shop, "A", 1);
    expect((await lines(shop, vip.id)).lines).toEqual([
      { skuCode: "A", allocated: 1, short: 0 },
      { skuCode: "B", allocated: 0, short: 1 },
    ]);
    expect((await lines(shop, vip.id)).status).toBe("AWAITING_STOCK");
    const r = await restock(shop, "B", 1);
    expect(r.ordersResumed.map((o: { number: number }) => o.number)).toEqual([vip.number]);
    expect((await lines(shop, older.id)).lines).toEqual([
      { skuCode: "A", allocated: 0, short: 1 },
      { skuCode: "B", allocated: 0, short: 1 },
    ]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses what it must and changes nothing then; records marks and unmarks on the timeline with the actor", async () => {
    const shop = await createShop(server, { X: [1000, 1] });
    const ready = await place(shop, [["X", 1]]);
    const waiting = await place(shop, [["X", 1]]);
    const state = () =>
      server.db.query<{ priority_at: unknown; priority_reason: string | null }>("SELECT priority_at, priority_reason FROM orders WHERE id IN (?, ?) ORDER BY id", [
        Number(ready.id),
        Number(waiting.id),
      ]);
    const events = async () => Number((await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE shop_id = ?", [shop.shopId]))[0]!.n);
    const before = { rows: await state(), events: await events() };

    expect((await setPriority(shop, waiting.id, true, null)).userErrors).toEqual([expect.objectContaining({ field: "reason", code: "REQUIRED" })]);
    expect((await setPriority(shop, waiting.id, true, "   ")).userErrors).toEqual([expect.objectContaining({ field: "reason", code: "REQUIRED" })]);
    expect((await setPriority(shop, waiting.id, true, "x".repeat(201))).userErrors).toEqual([expect.objectContaining({ field: "reason", code: "OUT_OF_RANGE" })]);
    expect((await setPriority(shop, ready.id, true, "VIP")).userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "INVALID_TRANSITION" })]);
    expect((await setPriority(shop, "999999999", true, "VIP")).userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "NOT_FOUND" })]);
    const other = await createShop(server, {});
    expect((await setPriority(other, waiting.id, true, "VIP")).userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    // Unmarking an order that is not marked sets nothing.
    expect((await setPriority(shop, waiting.id, false)).userErrors).toEqual([]);
    // An OPERATOR may not: a business decision (MANAGER).
    const operator = await addStaff(server, shop, "OPERATOR");
    const refused = await gql(server.graphqlUrl, SET_PRIORITY, { id: waiting.id, priority: true, reason: "VIP" }, operator.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect({ rows: await state(), events: await events() }).toEqual(before);

    await setPriority(shop, waiting.id, true, "Cliente VIP");
    await setPriority(shop, waiting.id, true, "Cliente VIP"); // the same value again: no second event
    await setPriority(shop, waiting.id, false, "Cliente desistiu do prazo");
    const timeline = (
      await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { events { type note data actor { type name } } } }`, { id: waiting.id }, shop.token)
    ).order.events.filter((e: { type: string }) => e.type.startsWith("PRIORITY"));
    expect(timeline).toEqual([
      expect.objectContaining({ type: "PRIORITY_SET", note: "Cliente VIP", actor: expect.objectContaining({ type: "STAFF" }) }),
      expect.objectContaining({ type: "PRIORITY_CLEARED", note: "Cliente desistiu do prazo", actor: expect.objectContaining({ type: "STAFF" }) }),
    ]);
    expect(JSON.parse(timeline[0].data)).toEqual(expect.objectContaining({ reason: "Cliente VIP" }));
    expect(JSON.parse(timeline[1].data)).toEqual({ previousReason: "Cliente VIP" });
  });

  it("a restock racing setOrderPriority: every unit lands once, the invariants hold", async () => {
    const shop = await createShop(server, { X: [1000, 0] });
    const orders = [];
    for (let i = 0; i < 12; i++) orders.push(await place(shop, [["X", 2]]));
    const operations = [
      ...orders.slice(6).map((o, i) => () => setPriority(shop, o.id, true, `VIP ${i}`)),
      ...orders.slice(0, 3).map((o) => () => setPriority(shop, o.id, false)),
      () => restock(shop, "X", 5),
      () => restock(shop, "X", 4),
      () => restock(shop, "X", 3),
    ];
    const results = await Promise.all(operations.sort(() => Math.random() - 0.5).map((op) => op()));
    // A mark may lose the race to a restock that served its order: refused, as for any order no longer waiting.
    expect(results.flatMap((r) => r.userErrors).filter((e: { code: string }) => e.code !== "INVALID_TRANSITION")).toEqual([]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const allocated = await server.db.query<{ n: number | string }>("SELECT SUM(allocated) AS n FROM order_line WHERE shop_id = ?", [shop.shopId]);
    expect(Number(allocated[0]!.n)).toBe(12);
    // Then, with every mark in place, the next units go to the priority orders by mark time.
    const marked = await server.db.query<{ id: number }>(
      "SELECT o.id FROM orders o WHERE o.shop_id = ? AND o.priority_at IS NOT NULL AND o.status IN ('AWAITING_STOCK', 'ON_HOLD_FOR_RESTOCK') ORDER BY o.priority_at, o.id",
      [shop.shopId],
    );
    if (marked.length) {
      const first = String(marked[0]!.id);
      const short = (await lines(shop, first)).lines[0].short;
      await restock(shop, "X", short);
      expect((await lines(shop, first)).status).toBe("READY");
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});
