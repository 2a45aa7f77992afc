import { addStaff, CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, RESTOCK, SHIP_AVAILABLE, ShopFixture, shopSnapshot as snapshotOf, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";
import { subscribe, wsClient } from "../helpers/subscriptions";

const ORDER = `query($id: ID!) { order(id: $id) {
  id number status resolvedBy fulfillment shippedQuantity unshippedQuantity allowedResolutions
  lines { id skuCode quantity allocated short cancelled shipped }
  events { type note data actor { type name } }
  messages { kind status }
} }`;
const REPORT = `mutation($line: ID!, $q: Int!, $note: String) { reportShortAtPacking(orderLineId: $line, quantity: $q, note: $note) {
  order { id status fulfillment unshippedQuantity allowedResolutions lines { id allocated short cancelled shipped } }
  userErrors { field code message } } }`;
const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { order { id status } userErrors { field code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { id status } userErrors { field code message } } }`;
const WITHOUT_STOCK = `query { ordersWithoutStock(first: 100) { nodes { id status } } }`;
const PREVIEW = `query($id: ID!) { resolutionPreview(orderId: $id, resolution: SHIP_AVAILABLE) { resultingStatus userErrors { code } } }`;

/** A sku's level, and the ledger rows of one order line. */
async function ledger(server: TestServer, shopId: number, skuId: number, orderLineId?: string) {
  const [level] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE shop_id = ? AND sku_id = ?", [shopId, skuId]);
  const rows = orderLineId
    ? await server.db.query<{ kind: string; quantity: number; on_hand_delta: number; allocated_delta: number; reason: string; actor_type: string }>(
        "SELECT kind, quantity, on_hand_delta, allocated_delta, reason, actor_type FROM stock_movement WHERE shop_id = ? AND order_line_id = ? ORDER BY id",
        [shopId, Number(orderLineId)],
      )
    : [];
  return {
    onHand: Number(level!.on_hand),
    allocated: Number(level!.allocated),
    movements: rows.map((r) => ({ kind: r.kind, quantity: Number(r.quantity), onHandDelta: Number(r.on_hand_delta), allocatedDelta: Number(r.allocated_delta), reason: r.reason, actorType: r.actor_type })),
  };
}

describe.each(databaseKinds())("short at packing on %s", (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { mail: { smtpUrl: smtp.url } });
    shop = await createShop(server, { MUG: [2500, 1000], TEE: [4990, 1000], FIFO: [1500, 2], PART: [3000, 2], RACE: [1000, 6], NONE: [1000, 0] }, "Loja da Ana");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const call = async (query: string, variables: Record<string, unknown>, token = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
  const place = async (lines: Array<[string, number]>) => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 1500 } });
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };
  const order = (id: string) => call(ORDER, { id });
  const report = (line: string, q: number, note?: string, token?: string) => call(REPORT, { line, q, note }, token);
  const ship = (id: string, lines?: Array<{ orderLineId: string; quantity: number }>) => call(SHIP, { id, input: { carrier: "LOGGI", trackingCode: `LGI-${Math.random().toString(36).slice(2, 8)}`, lines } });
  const waitingIds = async () => ((await call(WITHOUT_STOCK, {})).nodes as Array<{ id: string }>).map((n) => n.id);
  const restock = (sku: string, quantity: number) => call(RESTOCK, { skuId: String(shop.skus[sku]), quantity });
  // E-mail sent meanwhile adds MESSAGE_SENT events: everything is sent before the shop is compared.
  const shopSnapshot = async () => {
    await server.mail!.flush();
    return snapshotOf(server, shop.shopId);
  };

  it("writes the phantom units off (an ADJUSTMENT of on hand and allocated), puts the order back in the queue and tells the customer", async () => {
    const id = await place([["MUG", 3], ["TEE", 1]]);
    const placed = await order(id);
    expect(placed.status).toBe("READY");
    const [mug] = placed.lines;
    const before = await ledger(server, shop.shopId, shop.skus.MUG!);
    await server.mail!.flush();
    const mailsBefore = smtp.received.length;

    // An operator on the packing floor may report it.
    const operator = await addStaff(server, shop, "OPERATOR");
    const result = await report(mug.id, 2, "  Prateleira vazia \u0007 ", operator.token);
    expect(result.userErrors).toEqual([]);
    expect(result.order).toMatchObject({ id, status: "AWAITING_STOCK", fulfillment: "UNFULFILLED", unshippedQuantity: 2 });
    expect(result.order.lines[0]).toEqual({ id: mug.id, allocated: 1, short: 2, cancelled: 0, shipped: 0 });
    expect(result.order.allowedResolutions).toEqual(["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "CANCEL", "SUBSTITUTE"]);

    // On hand and allocated both drop by 2: what is available does not change, and the ledger still sums.
    const after = await ledger(server, shop.shopId, shop.skus.MUG!, mug.id);
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.allocated).toBe(before.allocated - 2);
    expect(after.movements).toEqual([
      { kind: "ALLOCATION", quantity: 3, onHandDelta: 0, allocatedDelta: 3, reason: `Order #${placed.number}`, actorType: "STAFF" },
      { kind: "ADJUSTMENT", quantity: 2, onHandDelta: -2, allocatedDelta: -2, reason: `Order #${placed.number}: missing when packing`, actorType: "STAFF" },
    ]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    // In "Orders without stock", with the timeline saying what happened and who said so.
    expect(await waitingIds()).toContain(id);
    const now = await order(id);
    const event = now.events.find((e: any) => e.type === "SHORT_AT_PACKING");
    expect(event).toMatchObject({ note: "Prateleira vazia", actor: { type: "STAFF", name: expect.stringContaining("OPERATOR") } });
    expect(JSON.parse(event.data)).toEqual({ orderLineId: Number(mug.id), missing: [{ skuCode: "MUG", quantity: 2 }] });

    // The customer hears of it like any order that falls short, told it was found at packing.
    await server.mail!.flush();
    const mails = (await smtp.waitFor(mailsBefore + 1)).slice(mailsBefore).filter((m) => m.subject.includes(`#${placed.number}`));
    expect(mails.map((m) => m.subject)).toEqual([`Pedido #${placed.number}: faltou um item na separação`]);
    expect(mails[0]!.text).toContain(`Ao separar seu pedido #${placed.number} para envio`);
    expect(mails[0]!.text).toContain("2 × Item MUG");
    expect((await order(id)).messages.filter((m: any) => m.kind === "STOCK_DELAY")).toEqual([{ kind: "STOCK_DELAY", status: "SENT" }]);
  });

  it("refuses, changing nothing: not READY, more than allocated and unshipped, another shop's or an unknown line, a bad quantity", async () => {
    const ready = await place([["MUG", 2], ["TEE", 1]]);
    const [mug, tee] = (await order(ready)).lines;
    expect((await ship(ready, [{ orderLineId: mug.id, quantity: 1 }])).userErrors).toEqual([]);
    const waiting = await place([["NONE", 1]]);
    const held = await place([["NONE", 1]]);
    expect((await call(HOLD, { id: held })).userErrors).toEqual([]);
    const cancelled = await place([["TEE", 1]]);
    expect((await call(CANCEL, { id: cancelled, to: "MERCHANT", reason: "desistiu" })).userErrors).toEqual([]);
    const shipped = await place([["TEE", 1]]);
    expect((await ship(shipped)).userErrors).toEqual([]);
    const delivered = await place([["TEE", 1]]);
    expect((await ship(delivered)).userErrors).toEqual([]);
    expect((await call(DELIVER, { id: delivered })).userErrors).toEqual([]);
    const lineOf = async (id: string) => (await order(id)).lines[0].id as string;
    const other = await createShop(server, { MUG: [2500, 10] }, "Outra loja");
    const otherOrder = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "MUG", quantity: 1 }] } }, other.token)).placeOrder.order.id;
    const otherLine = (await gqlData(server.graphqlUrl, ORDER, { id: otherOrder }, other.token)).order.lines[0].id as string;

    const before = await shopSnapshot();
    const attempts: Array<[string, string, string, () => Promise<any>]> = [
      ["more than allocated and not yet shipped (1 of 2 shipped)", "quantity", "EXCEEDS_UNSHIPPED", () => report(mug.id, 2)],
      ["more than the line has", "quantity", "EXCEEDS_UNSHIPPED", () => report(tee.id, 2)],
      ["zero", "quantity", "OUT_OF_RANGE", () => report(tee.id, 0)],
      ["negative", "quantity", "OUT_OF_RANGE", () => report(tee.id, -1)],
      ["a note too long", "note", "OUT_OF_RANGE", () => report(tee.id, 1, "x".repeat(501))],
      ["an order waiting for stock", "orderLineId", "INVALID_TRANSITION", async () => report(await lineOf(waiting), 1)],
      ["an order on hold", "orderLineId", "INVALID_TRANSITION", async () => report(await lineOf(held), 1)],
      ["a cancelled order", "orderLineId", "INVALID_TRANSITION", async () => report(await lineOf(cancelled), 1)],
      ["a shipped order", "orderLineId", "INVALID_TRANSITION", async () => report(await lineOf(shipped), 1)],
      ["a delivered order", "orderLineId", "INVALID_TRANSITION", async () => report(await lineOf(delivered), 1)],
      ["another shop's line", "orderLineId", "NOT_FOUND", () => report(otherLine, 1)],
      ["another shop reporting ours", "orderLineId", "NOT_FOUND", () => report(tee.id, 1, undefined, other.token)],
      ["an unknown line", "orderLineId", "NOT_FOUND", () => report("99999999", 1)],
      ["a malformed id", "orderLineId", "NOT_FOUND", () => report("abc", 1)],
    ];
    for (const [what, field, code, attempt] of attempts) {
      const result = await attempt();
      expect([what, result.order, result.userErrors.map((e: any) => `${e.field}:${e.code}`)]).toEqual([what, null, [`${field}:${code}`]]);
    }
    expect(await shopSnapshot()).toEqual(before);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const otherSnapshot = await snapshotOf(server, other.shopId);
    expect(otherSnapshot.orders.map((o: any) => o.status)).toEqual(["READY"]);
  });

  it("waits FIFO by order id: a later restock serves it in arrival order against an older and a newer waiting order", async () => {
    // FIFO has 2 units: two READY orders take them.
    const older = await place([["FIFO", 1]]);
    const reported = await place([["FIFO", 1]]);
    expect([(await order(older)).status, (await order(reported)).status]).toEqual(["READY", "READY"]);
    // The older one is found short first; then a newer order comes in and finds nothing available.
    expect((await report((await order(older)).lines[0].id, 1)).userErrors).toEqual([]);
    const newer = await place([["FIFO", 1]]);
    expect((await order(newer)).status).toBe("AWAITING_STOCK");
    // Ours is reported last, but it arrived between them.
    expect((await report((await order(reported)).lines[0].id, 1)).userErrors).toEqual([]);
    expect(await ledger(server, shop.shopId, shop.skus.FIFO!)).toMatchObject({ onHand: 0, allocated: 0 });
    const queue = (await waitingIds()).filter((id) => [older, reported, newer].includes(id));
    expect(queue).toEqual([older, reported, newer]);

    const statuses = async () => [(await order(older)).status, (await order(reported)).status, (await order(newer)).status];
    const first = await restock("FIFO", 1);
    expect(first.ordersResumed.map((o: any) => o.id)).toEqual([older]);
    expect(await statuses()).toEqual(["READY", "AWAITING_STOCK", "AWAITING_STOCK"]);
    const second = await restock("FIFO", 1);
    expect(second.ordersResumed.map((o: any) => o.id)).toEqual([reported]);
    expect(await statuses()).toEqual(["READY", "READY", "AWAITING_STOCK"]);
    const third = await restock("FIFO", 1);
    expect(third.ordersResumed.map((o: any) => o.id)).toEqual([newer]);
    expect(await statuses()).toEqual(["READY", "READY", "READY"]);
    expect((await order(reported)).events.map((e: any) => e.type)).toEqual(expect.arrayContaining(["SHORT_AT_PACKING", "ORDER_RESUMED"]));
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("keeps a partly shipped order coherent: shipping what is available leaves it READY with units to ship, or SHIPPED; cancelling stays refused", async () => {
    // Units remain to ship (TEE): READY.
    const id = await place([["MUG", 3], ["TEE", 1]]);
    const [mug] = (await order(id)).lines;
    expect((await ship(id, [{ orderLineId: mug.id, quantity: 2 }])).userErrors).toEqual([]);
    const shortened = await report(mug.id, 1, "faltou uma");
    expect(shortened.userErrors).toEqual([]);
    expect(shortened.order).toMatchObject({ status: "AWAITING_STOCK", fulfillment: "PARTIALLY_SHIPPED", unshippedQuantity: 1 });
    // Part of it left with the carrier: it cannot be cancelled.
    expect(shortened.order.allowedResolutions).toEqual(["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "SUBSTITUTE"]);
    const before = await shopSnapshot();
    expect((await call(CANCEL, { id, to: "MERCHANT", reason: "x" })).userErrors).toEqual([expect.objectContaining({ code: "ALREADY_SHIPPED" })]);
    expect(await shopSnapshot()).toEqual(before);
    expect((await call(PREVIEW, { id })).resultingStatus).toBe("READY");
    const available = await call(SHIP_AVAILABLE, { id, to: "MERCHANT" });
    expect(available.userErrors).toEqual([]);
    expect(available.refund.amount.amount).toBe(2500);
    const ready = await order(id);
    expect(ready).toMatchObject({ status: "READY", fulfillment: "PARTIALLY_SHIPPED", unshippedQuantity: 1 });
    expect(ready.lines[0]).toMatchObject({ quantity: 3, allocated: 2, short: 0, cancelled: 1, shipped: 2 });
    expect(ready.resolvedBy).toBe("MERCHANT");
    // The last unit to ship is missing too: a new shortage is a new decision (the customer may choose again).
    expect((await report(ready.lines[1].id, 1)).order.status).toBe("AWAITING_STOCK");
    expect((await order(id)).resolvedBy).toBeNull();
    const link = (await call(`query($id: ID!) { order(id: $id) { customerPageLink } }`, { id })).customerPageLink as string;
    const page = (await gqlData(server.graphqlUrl, `query($t: String!) { orderPage(token: $t) { status resolvedBy choices { resolution } } }`, { t: link.slice(link.lastIndexOf("/") + 1) })).orderPage;
    // Part of it left: the customer may wait or take what is there, not cancel.
    expect(page).toEqual({ status: "AWAITING_STOCK", resolvedBy: null, choices: [{ resolution: "WAIT_FOR_RESTOCK" }, { resolution: "SHIP_AVAILABLE" }] });
    expect((await call(SHIP_AVAILABLE, { id, to: "MERCHANT" })).order.status).toBe("SHIPPED");

    // Everything it still holds has shipped: SHIPPED at once, and it can be delivered.
    const all = await place([["MUG", 2]]);
    const [line] = (await order(all)).lines;
    expect((await ship(all, [{ orderLineId: line.id, quantity: 1 }])).userErrors).toEqual([]);
    // Every unit it holds has left; it waits only for the missing one.
    expect((await report(line.id, 1)).order).toMatchObject({ status: "AWAITING_STOCK", fulfillment: "SHIPPED", unshippedQuantity: 0 });
    expect((await call(PREVIEW, { id: all })).resultingStatus).toBe("SHIPPED");
    const done = await call(SHIP_AVAILABLE, { id: all, to: "MERCHANT" });
    expect(done.userErrors).toEqual([]);
    expect(done.order.status).toBe("SHIPPED");
    expect(await order(all)).toMatchObject({ status: "SHIPPED", fulfillment: "SHIPPED", unshippedQuantity: 0 });
    expect((await call(DELIVER, { id: all })).order.status).toBe("DELIVERED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("resumes a partly shipped order READY when the restock comes, with the units left to ship", async () => {
    // PART has exactly 2 units: one ships, the other is not on the shelf.
    const id = await place([["PART", 2]]);
    const [line] = (await order(id)).lines;
    expect((await ship(id, [{ orderLineId: line.id, quantity: 1 }])).userErrors).toEqual([]);
    expect((await report(line.id, 1)).userErrors).toEqual([]);
    expect(await ledger(server, shop.shopId, shop.skus.PART!)).toMatchObject({ onHand: 0, allocated: 0 });
    expect((await call(HOLD, { id })).order.status).toBe("ON_HOLD_FOR_RESTOCK");
    const restocked = await restock("PART", 1);
    expect(restocked.ordersResumed.map((o: any) => [o.id, o.status])).toEqual([[id, "READY"]]);
    expect(await order(id)).toMatchObject({ status: "READY", fulfillment: "PARTIALLY_SHIPPED", unshippedQuantity: 1 });
    expect((await ship(id)).order.status).toBe("SHIPPED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("pushes the shortage to the order's live subscribers", async () => {
    const id = await place([["MUG", 2]]);
    const line = (await order(id)).lines[0].id;
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const live = subscribe(client, `subscription($id: ID) { orderUpdated(orderId: $id) { id status lines { allocated short } } }`, { id });
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      expect((await report(line, 1)).userErrors).toEqual([]);
      const pushed = await live.waitFor((v) => v.orderUpdated.status === "AWAITING_STOCK");
      expect(pushed.orderUpdated.lines).toEqual([{ allocated: 1, short: 1 }]);
    } finally {
      await client.dispose();
    }
  });

  it("never takes more than allocated and unshipped when reports race each other and a parcel", async () => {
    const id = await place([["RACE", 3]]);
    const [line] = (await order(id)).lines;
    const results = await Promise.all(Array.from({ length: 5 }, () => report(line.id, 2)));
    const accepted = results.filter((r) => r.userErrors.length === 0);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((r) => r.userErrors.length > 0)) expect(r.userErrors.map((e: any) => e.code)).toEqual(["INVALID_TRANSITION"]);
    const after = await ledger(server, shop.shopId, shop.skus.RACE!, line.id);
    expect(after.movements.filter((m) => m.kind === "ADJUSTMENT").map((m) => m.quantity)).toEqual([2]);
    expect((await order(id)).lines[0]).toMatchObject({ allocated: 1, short: 2, shipped: 0 });

    // A report racing the parcel that takes the same units: one of them wins, whole.
    const raced = await place([["RACE", 3]]);
    const [racedLine] = (await order(raced)).lines;
    const [parcel, shortage] = await Promise.all([ship(raced), report(racedLine.id, 3)]);
    expect([parcel.userErrors.length, shortage.userErrors.length].sort()).toEqual([0, 1]);
    const final = await order(raced);
    if (parcel.userErrors.length === 0) expect(final.lines[0]).toMatchObject({ allocated: 3, short: 0, shipped: 3 });
    else expect(final.lines[0]).toMatchObject({ allocated: 0, short: 3, shipped: 0 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});
