import { addDays, calendarToday } from "../../server/src/modules/incoming-stock/expected-dates";
import { createShop, customer, HEALTHY, HOLD, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { subscribe, wsClient } from "../helpers/subscriptions";

const DELIVERY = "id skuId quantity receivedQuantity remainingQuantity expectedOn supplierReference status";
const ADD = `mutation($i: AddIncomingStockInput!) { addIncomingStock(input: $i) { incomingStock { ${DELIVERY} } sku { id waitingDemand { orderCount units } } userErrors { field code message } } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateIncomingStockInput!) { updateIncomingStock(id: $id, input: $i) { incomingStock { ${DELIVERY} } userErrors { field code message } } }`;
const CANCEL = `mutation($id: ID!) { cancelIncomingStock(id: $id) { incomingStock { ${DELIVERY} } userErrors { field code message } } }`;
const RECEIVE = `mutation($id: ID!, $q: Int!) { receiveIncomingStock(id: $id, quantity: $q) {
  incomingStock { ${DELIVERY} } sku { stock { onHand allocated available } incoming { id remainingQuantity } }
  ordersResumed { id status } ordersResumedCount userErrors { field code message } } }`;
const SKU = `query($id: ID!) { sku(id: $id) { incoming { ${DELIVERY} } waitingDemand { orderCount units } } }`;

/** A calendar day `n` days from today, as the server counts today. */
const day = (n: number) => addDays(calendarToday(new Date()), n);

describe.each(databaseKinds())("incoming stock and expected restock dates on %s", (kind) => {
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
  const add = async (shop: ShopFixture, sku: string, quantity: number, expectedOn: string, supplierReference: string | null = null) =>
    (await gqlData(server.graphqlUrl, ADD, { i: { skuId: String(shop.skus[sku]), quantity, expectedOn, supplierReference } }, shop.token)).addIncomingStock;
  const receive = async (shop: ShopFixture, id: string, q: number) => (await gqlData(server.graphqlUrl, RECEIVE, { id, q }, shop.token)).receiveIncomingStock;
  const expected = async (shop: ShopFixture, id: string) =>
    (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status expectedRestockOn lines { skuCode short expectedOn } } }`, { id }, shop.token)).order;
  const deliveryRow = async (id: string) =>
    server.db.query("SELECT quantity, received_quantity, expected_on, supplier_reference, status FROM incoming_stock WHERE id = ?", [Number(id)]);

  it("records, edits and cancels deliveries; each waiting order gets the date its FIFO position allows", async () => {
    const shop = await createShop(server, { A: [1000, 0], B: [500, 0] });
    const o1 = await place(shop, [["A", 3]]);
    const o2 = await place(shop, [["A", 2], ["B", 1]]);
    const o3 = await place(shop, [["A", 4]]);
    await gqlData(server.graphqlUrl, HOLD, { id: o2.id }, shop.token); // on hold waits in the same queue

    expect(await expected(shop, o1.id)).toEqual({ status: "AWAITING_STOCK", expectedRestockOn: null, lines: [{ skuCode: "A", short: 3, expectedOn: null }] });

    const late = await add(shop, "A", 5, day(20), "  PC-2026/118  ");
    expect(late.userErrors).toEqual([]);
    expect(late.incomingStock).toEqual(
      expect.objectContaining({ quantity: 5, receivedQuantity: 0, remainingQuantity: 5, expectedOn: day(20), supplierReference: "PC-2026/118", status: "OPEN" }),
    );
    expect(late.sku.waitingDemand).toEqual({ orderCount: 3, units: 9 });
    const soon = (await add(shop, "A", 3, day(5))).incomingStock;
    await add(shop, "B", 1, day(9));

    const sku = (await gqlData(server.graphqlUrl, SKU, { id: String(shop.skus.A) }, shop.token)).sku;
    expect(sku.incoming.map((d: { expectedOn: string }) => d.expectedOn)).toEqual([day(5), day(20)]);
    // 3 on day 5 cover o1; o2 (units 4-5) waits for day 20, and for B on day 9; o3 (units 6-9) is past the 8 expected.
    expect(await expected(shop, o1.id)).toEqual({ status: "AWAITING_STOCK", expectedRestockOn: day(5), lines: [{ skuCode: "A", short: 3, expectedOn: day(5) }] });
    expect(await expected(shop, o2.id)).toEqual({
      status: "ON_HOLD_FOR_RESTOCK",
      expectedRestockOn: day(20),
      lines: [
        { skuCode: "A", short: 2, expectedOn: day(20) },
        { skuCode: "B", short: 1, expectedOn: day(9) },
      ],
    });
    expect((await expected(shop, o3.id)).expectedRestockOn).toBeNull();

    // One more unit on day 20 covers o3; moving the soon delivery later moves o1.
    const edited = (await gqlData(server.graphqlUrl, UPDATE, { id: late.incomingStock.id, i: { quantity: 6, supplierReference: "" } }, shop.token)).updateIncomingStock;
    expect(edited.userErrors).toEqual([]);
    expect(edited.incomingStock).toEqual(expect.objectContaining({ quantity: 6, supplierReference: null, expectedOn: day(20) }));
    await gqlData(server.graphqlUrl, UPDATE, { id: soon.id, i: { expectedOn: day(7) } }, shop.token);
    expect((await expected(shop, o3.id)).expectedRestockOn).toBe(day(20));
    expect((await expected(shop, o1.id)).expectedRestockOn).toBe(day(7));

    // The queue carries the dates, for a page of orders in a fixed number of statements.
    const queue = `query { ordersWithoutStock(first: 100) { nodes { number expectedRestockOn lines { expectedOn } } } }`;
    let page: any;
    const measured = await server.queries.measure(async () => {
      page = (await gqlData(server.graphqlUrl, queue, {}, shop.token)).ordersWithoutStock;
    });
    expect(page.nodes.map((n: { expectedRestockOn: string | null }) => n.expectedRestockOn)).toEqual([day(7), day(20), day(20)]);
    // session + orders page + lines + the three of expected dates (lines, levels, deliveries)
    expect(measured.count).toBeLessThanOrEqual(7);

    const cancelled = (await gqlData(server.graphqlUrl, CANCEL, { id: soon.id }, shop.token)).cancelIncomingStock;
    expect(cancelled.incomingStock.status).toBe("CANCELLED");
    expect((await expected(shop, o1.id)).expectedRestockOn).toBe(day(20));
    expect((await expected(shop, o3.id)).expectedRestockOn).toBeNull();
    // A cancelled delivery changes no more.
    const again = (await gqlData(server.graphqlUrl, UPDATE, { id: soon.id, i: { quantity: 9 } }, shop.token)).updateIncomingStock;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    expect((await gqlData(server.graphqlUrl, SKU, { id: String(shop.skus.A) }, shop.token)).sku.incoming).toHaveLength(1);
  });

  it("receives a delivery into stock like a restock: FIFO resumption, ledger, events; a partial receipt leaves the rest expected", async () => {
    const shop = await createShop(server, { X: [1000, 0] });
    const first = await place(shop, [["X", 2]]);
    const second = await place(shop, [["X", 3]]);
    const third = await place(shop, [["X", 1]]);
    const delivery = (await add(shop, "X", 6, day(3), "NF 981")).incomingStock;

    const partial = await receive(shop, delivery.id, 4);
    expect(partial.userErrors).toEqual([]);
    expect(partial.ordersResumed).toEqual([{ id: first.id, status: "READY" }]);
    expect(partial.ordersResumedCount).toBe(1);
    expect(partial.incomingStock).toEqual(expect.objectContaining({ status: "OPEN", receivedQuantity: 4, remainingQuantity: 2 }));
    expect(partial.sku.stock).toEqual({ onHand: 4, allocated: 4, available: 0 });
    expect(partial.sku.incoming).toEqual([{ id: delivery.id, remainingQuantity: 2 }]);
    // second got 2 of 3 and waits for 1 more; 2 still expected on day 3 cover it and third.
    expect(await expected(shop, second.id)).toEqual({ status: "AWAITING_STOCK", expectedRestockOn: day(3), lines: [{ skuCode: "X", short: 1, expectedOn: day(3) }] });
    expect((await expected(shop, third.id)).expectedRestockOn).toBe(day(3));

    const rest = await receive(shop, delivery.id, 2);
    expect(rest.ordersResumed.map((o: { id: string }) => o.id)).toEqual([second.id, third.id]);
    expect(rest.incomingStock).toEqual(expect.objectContaining({ status: "RECEIVED", receivedQuantity: 6, remainingQuantity: 0 }));
    expect(rest.sku.incoming).toEqual([]);

    const events = await server.db.query<{ type: string }>("SELECT type FROM order_event WHERE order_id = ? ORDER BY id", [Number(second.id)]);
    expect(events.map((e) => e.type)).toEqual(["ORDER_PLACED", "STOCK_SHORTAGE", "STOCK_ALLOCATED", "ORDER_RESUMED"]);
    const ledger = await server.db.query<{ kind: string; quantity: number; reason: string }>(
      "SELECT kind, quantity, reason FROM stock_movement WHERE sku_id = ? AND kind = 'RESTOCK' ORDER BY id",
      [shop.skus.X],
    );
    expect(ledger.map((m) => [m.kind, Number(m.quantity), m.reason])).toEqual([
      ["RESTOCK", 4, `Incoming delivery ${delivery.id} (NF 981)`],
      ["RESTOCK", 2, `Incoming delivery ${delivery.id} (NF 981)`],
    ]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    // Received: no more receipts, edits or cancellation.
    expect((await receive(shop, delivery.id, 1)).userErrors).toEqual([expect.objectContaining({ field: "id", code: "INVALID_TRANSITION" })]);
    expect((await gqlData(server.graphqlUrl, CANCEL, { id: delivery.id }, shop.token)).cancelIncomingStock.userErrors).toEqual([
      expect.objectContaining({ code: "INVALID_TRANSITION" }),
    ]);
  });

  it("receives a delivery once when two receipts race, and lets a cancellation and a receipt race cleanly", async () => {
    const shop = await createShop(server, { R: [1000, 0] });
    await place(shop, [["R", 3]]);
    const delivery = (await add(shop, "R", 4, day(2))).incomingStock;
    const both = await Promise.all([receive(shop, delivery.id, 4), receive(shop, delivery.id, 4)]);
    expect(both.map((r) => r.userErrors.map((e: { code: string }) => e.code)).sort()).toEqual([[], ["INVALID_TRANSITION"]]);
    const [level] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE sku_id = ?", [shop.skus.R]);
    expect([Number(level!.on_hand), Number(level!.allocated)]).toEqual([4, 3]);
    expect(await deliveryRow(delivery.id)).toEqual([expect.objectContaining({ status: "RECEIVED" })]);
    expect(Number((await deliveryRow(delivery.id))[0]!.received_quantity)).toBe(4);

    const other = (await add(shop, "R", 5, day(2))).incomingStock;
    const [received, cancelled] = await Promise.all([receive(shop, other.id, 5), gqlData(server.graphqlUrl, CANCEL, { id: other.id }, shop.token).then((d) => d.cancelIncomingStock)]);
    // Exactly one of them happened, and the stock says which.
    expect([received.userErrors.length, cancelled.userErrors.length].sort()).toEqual([0, 1]);
    const [after] = await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [shop.skus.R]);
    const [row] = await deliveryRow(other.id);
    expect(row!.status === "RECEIVED" ? Number(after!.on_hand) === 9 : row!.status === "CANCELLED" && Number(after!.on_hand) === 4).toBe(true);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses bad input and a receipt past the stock limit, changing nothing", async () => {
    const shop = await createShop(server, { F: [1000, 999_999_998] });
    await place(shop, [["F", 1]]);
    const delivery = (await add(shop, "F", 10, day(1))).incomingStock;
    const before = await shopSnapshot(server, shop.shopId);
    const row = await deliveryRow(delivery.id);

    const over = await receive(shop, delivery.id, 5);
    expect(over.userErrors).toEqual([expect.objectContaining({ field: "quantity", code: "STOCK_LIMIT_EXCEEDED" })]);
    expect(over.incomingStock).toBeNull();
    expect((await receive(shop, delivery.id, 0)).userErrors).toEqual([expect.objectContaining({ field: "quantity", code: "OUT_OF_RANGE" })]);
    expect((await receive(shop, delivery.id, 1_000_001)).userErrors).toEqual([expect.objectContaining({ code: "OUT_OF_RANGE" })]);
    expect((await add(shop, "F", 5, day(-2))).userErrors).toEqual([expect.objectContaining({ field: "expectedOn", code: "OUT_OF_RANGE" })]);
    expect((await add(shop, "F", 5, day(800))).userErrors).toEqual([expect.objectContaining({ field: "expectedOn", code: "OUT_OF_RANGE" })]);
    expect((await add(shop, "F", 0, day(2))).userErrors).toEqual([expect.objectContaining({ field: "quantity", code: "OUT_OF_RANGE" })]);
    expect((await add(shop, "F", 1, day(2), "NF\u0007 1")).userErrors).toEqual([expect.objectContaining({ field: "supplierReference", code: "INVALID_FORMAT" })]);
    expect((await add(shop, "F", 1, day(2), "x".repeat(101))).userErrors).toEqual([expect.objectContaining({ field: "supplierReference", code: "OUT_OF_RANGE" })]);
    expect((await gqlData(server.graphqlUrl, UPDATE, { id: delivery.id, i: { expectedOn: day(-1) } }, shop.token)).updateIncomingStock.userErrors).toEqual([
      expect.objectContaining({ field: "expectedOn" }),
    ]);

    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await deliveryRow(delivery.id)).toEqual(row);
    const [count] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM incoming_stock WHERE shop_id = ?", [shop.shopId]);
    expect(Number(count!.n)).toBe(1);
  });

  it("keeps shops apart: another shop's sku or delivery is NOT_FOUND and nothing changes", async () => {
    const shop = await createShop(server, { T: [1000, 0] });
    const other = await createShop(server, { T: [1000, 0] });
    await place(shop, [["T", 2]]);
    const mine = (await add(shop, "T", 2, day(4))).incomingStock;
    const before = await shopSnapshot(server, shop.shopId);
    const row = await deliveryRow(mine.id);

    const theirAdd = (await gqlData(server.graphqlUrl, ADD, { i: { skuId: String(shop.skus.T), quantity: 1, expectedOn: day(1) } }, other.token)).addIncomingStock;
    expect(theirAdd.userErrors).toEqual([expect.objectContaining({ field: "skuId", code: "NOT_FOUND" })]);
    const theirUpdate = (await gqlData(server.graphqlUrl, UPDATE, { id: mine.id, i: { quantity: 1 } }, other.token)).updateIncomingStock;
    expect(theirUpdate.userErrors).toEqual([expect.objectContaining({ field: "id", code: "NOT_FOUND" })]);
    const theirCancel = (await gqlData(server.graphqlUrl, CANCEL, { id: mine.id }, other.token)).cancelIncomingStock;
    expect(theirCancel.userErrors).toEqual([expect.objectContaining({ field: "id", code: "NOT_FOUND" })]);
    const theirReceive = await receive(other, mine.id, 2);
    expect(theirReceive.userErrors).toEqual([expect.objectContaining({ field: "id", code: "NOT_FOUND" })]);
    expect((await receive(other, "not-an-id", 2)).userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);

    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await deliveryRow(mine.id)).toEqual(row);
    expect((await gqlData(server.graphqlUrl, SKU, { id: String(other.skus.T) }, other.token)).sku).toEqual({ incoming: [], waitingDemand: { orderCount: 0, units: 0 } });
  });

  it("restockUpdates carries the orders a receipt served partly, with their expected date", async () => {
    const shop = await createShop(server, { L: [1000, 0] });
    const first = await place(shop, [["L", 1]]);
    const second = await place(shop, [["L", 3]]);
    const delivery = (await add(shop, "L", 2, day(6))).incomingStock;
    await add(shop, "L", 5, day(12));
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const updates = subscribe(
        client,
        `subscription($skus: [ID!]) { restockUpdates(skuIds: $skus) {
          sku { waitingDemand { orderCount units } incoming { expectedOn remainingQuantity } }
          unitsAllocated ordersResumed { id expectedRestockOn } ordersResumedCount
          ordersPartiallyServed { id status expectedRestockOn lines { short expectedOn } } ordersPartiallyServedCount } }`,
        { skus: [String(shop.skus.L)] },
      );
      await server.subscribed("STOCK_OFFERED", shop.shopId);
      expect((await receive(shop, delivery.id, 2)).userErrors).toEqual([]);
      const update = (await updates.waitFor(() => true)).restockUpdates;
      expect(update).toEqual({
        sku: { waitingDemand: { orderCount: 1, units: 2 }, incoming: [{ expectedOn: day(12), remainingQuantity: 5 }] },
        unitsAllocated: 2,
        ordersResumed: [{ id: first.id, expectedRestockOn: null }],
        ordersResumedCount: 1,
        ordersPartiallyServed: [{ id: second.id, status: "AWAITING_STOCK", expectedRestockOn: day(12), lines: [{ short: 2, expectedOn: day(12) }] }],
        ordersPartiallyServedCount: 1,
      });
    } finally {
      await client.dispose();
    }
  });

  it("expectedRestockDates answers for any orders of the shop, and only the shop's", async () => {
    const shop = await createShop(server, { S: [1000, 0], R: [1000, 10] });
    const waiting = await place(shop, [["S", 1]]);
    const ready = await place(shop, [["R", 1]]);
    await add(shop, "S", 1, day(2));
    const dates = await server.services.incoming.expectedRestockDates(shop.shopId, [Number(waiting.id), Number(ready.id), 999_999_999]);
    expect([...dates]).toEqual([
      [Number(waiting.id), day(2)],
      [Number(ready.id), null],
      [999_999_999, null],
    ]);
    const other = await createShop(server);
    expect(await server.services.incoming.expectedRestockDates(other.shopId, [Number(waiting.id)])).toEqual(new Map([[Number(waiting.id), null]]));
  });
});
