import { addStaff, createShop, customer, HEALTHY, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const DAY = 24 * 60 * 60 * 1000;

const RETURN_FIELDS = `id status note instructions refusalMessage settlement refundId creditNoteId exchangeOrderId withdrawal
  requestedBy { type name } decidedAt receivedAt closedAt
  lines { id orderLineId skuCode quantity reason quantityGood quantityDamaged }`;
const REQUEST = `mutation($orderId: ID!, $input: RequestReturnInput!) { requestReturn(orderId: $orderId, input: $input) { return { ${RETURN_FIELDS} } userErrors { field code message } } }`;
const APPROVE = `mutation($id: ID!, $text: String!) { approveReturn(returnId: $id, instructions: $text) { return { ${RETURN_FIELDS} } userErrors { field code message } } }`;
const REFUSE = `mutation($id: ID!, $text: String!) { refuseReturn(returnId: $id, message: $text) { return { ${RETURN_FIELDS} } userErrors { field code message } } }`;
const RECEIVE = `mutation($id: ID!, $input: ReceiveReturnInput!) { receiveReturn(returnId: $id, input: $input) {
  return { ${RETURN_FIELDS} exchangeOrder { id kind status lines { skuCode quantity allocated short } } }
  ordersResumed { id number status } refundLink userErrors { field code message } } }`;
const CLOSE = `mutation($id: ID!) { closeReturn(returnId: $id) { return { ${RETURN_FIELDS} } userErrors { field code message } } }`;
const PREVIEW = `query($id: ID!, $input: ReceiveReturnInput!) { returnReceiptPreview(returnId: $id, input: $input) {
  backToStock { skuCode quantity unitsToWaitingOrders waitingOrdersServed waitingOrdersResumed }
  damaged { skuCode quantity } refundAmount { amount } includesShipping exchange { skuCode quantity availableNow inStock } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id number status lines { id skuCode quantity allocated short shipped }
  returns { id status } returnOptions { regretWindowDays regretOpen deliveredAt regretUntil lines { orderLineId delivered returned claimed returnable } }
  events { type data } } }`;
const LIST = `query($filter: ReturnFilter) { returns(first: 50, filter: $filter) { nodes { id status order { id } } totalCount } }`;
const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { order { status } userErrors { field code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { status } userErrors { field code message } } }`;
const PAGE = `query($t: String!) { orderPage(token: $t) { status returns { status instructions refusalMessage lines { name quantity reason } }
  returnOptions { regretOpen lines { orderLineId returnable } } } }`;
const PAGE_REQUEST = `mutation($input: RequestReturnFromOrderPageInput!) { requestReturnFromOrderPage(input: $input) {
  return { status lines { name quantity reason } } userErrors { field code message } } }`;

describe.each(databaseKinds())("returns on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let clockOffset = 0;
  let tracking = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { config: { clock: () => new Date(Date.now() + clockOffset) } });
    shop = await createShop(server, { MUG: [2500, 1000], TEE: [4990, 1000], RARE: [9900, 0], LAST: [9900, 0] }, "Loja da Ana");
  });
  afterAll(() => server.stop());
  afterEach(() => {
    clockOffset = 0;
  });

  const call = async (query: string, variables: Record<string, unknown>, token: string | null = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token ?? undefined))[0] as any;
  const place = async (lines: Array<[string, number]>, fixture = shop, extra: Record<string, unknown> = {}) => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 1500, ...extra } }, fixture.token);
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };
  const order = (id: string, token = shop.token) => call(ORDER, { id }, token);
  const deliver = async (id: string, token = shop.token) => {
    expect((await call(SHIP, { id, input: { carrier: "LOGGI", trackingCode: `LGI-${++tracking}` } }, token)).userErrors).toEqual([]);
    expect((await call(DELIVER, { id }, token)).userErrors).toEqual([]);
  };
  const delivered = async (lines: Array<[string, number]>, fixture = shop) => {
    const id = await place(lines, fixture);
    await deliver(id, fixture.token);
    return { id, lines: (await order(id, fixture.token)).lines as Array<{ id: string; skuCode: string }> };
  };
  const request = (orderId: string, lines: Array<[string, number, string]>, note?: string, token = shop.token) =>
    call(REQUEST, { orderId, input: { lines: lines.map(([orderLineId, quantity, reason]) => ({ orderLineId, quantity, reason })), note } }, token);
  /** Everything a refused change must leave as it was. */
  const snapshot = async () => ({
    ...(await shopSnapshot(server, shop.shopId)),
    returns: await server.db.query("SELECT id, status, updated_at, settlement FROM order_return WHERE shop_id = ? ORDER BY id", [shop.shopId]),
    returnLines: await server.db.query("SELECT id, quantity, quantity_good, quantity_damaged FROM order_return_line WHERE shop_id = ? ORDER BY id", [shop.shopId]),
  });
  const level = async (sku: string) => {
    const [row] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE shop_id = ? AND sku_id = ?", [shop.shopId, shop.skus[sku]]);
    return { onHand: Number(row!.on_hand), allocated: Number(row!.allocated) };
  };

  it("takes a return only on a DELIVERED order, and a refusal changes nothing", async () => {
    const ready = await place([["MUG", 1]]);
    const shipped = await place([["MUG", 1]]);
    expect((await call(SHIP, { id: shipped, input: { carrier: "LOGGI", trackingCode: `LGI-${++tracking}` } })).userErrors).toEqual([]);
    const waiting = await place([["RARE", 1]]);
    const before = await snapshot();
    for (const id of [ready, shipped, waiting]) {
      const line = (await order(id)).lines[0].id;
      const refused = await request(id, [[line, 1, "DAMAGED"]]);
      expect(refused.return).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "INVALID_TRANSITION" })]);
      expect(refused.userErrors[0].message).toMatch(/only a delivered order takes a return/);
    }
    expect((await request("99999999", [["1", 1, "DAMAGED"]])).userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    expect(await snapshot()).toEqual(before);
    expect((await order(ready)).returnOptions.lines[0]).toMatchObject({ delivered: 0, returnable: 0 });
  });

  it("refuses returning more than was delivered and not yet returned; a refused return frees its units", async () => {
    const { id, lines } = await delivered([["MUG", 3], ["TEE", 1]]);
    const [mug, tee] = lines;
    const other = (await delivered([["MUG", 1]])).lines[0]!.id;
    let before = await snapshot();
    const tooMany = await request(id, [[mug!.id, 4, "DAMAGED"], [other, 1, "DAMAGED"], [tee!.id, 1, "WITHDRAWAL"]]);
    expect(tooMany.userErrors.map((e: any) => `${e.field}:${e.code}`)).toEqual(["input.lines.2.reason:INVALID_FORMAT"]);
    const more = await request(id, [[mug!.id, 4, "DAMAGED"], [other, 1, "DAMAGED"]]);
    expect(more.userErrors.map((e: any) => `${e.field}:${e.code}`)).toEqual(["input.lines.0.quantity:EXCEEDS_RETURNABLE", "input.lines.1.orderLineId:NOT_FOUND"]);
    expect(more.userErrors[0].message).toMatch(/3 unit\(s\) delivered, 0 already in returns, 0 claimed missing; at most 3 can be returned, 4 asked/);
    const twice = await request(id, [[mug!.id, 1, "DAMAGED"], [mug!.id, 1, "REGRET"]]);
    expect(twice.userErrors.map((e: any) => `${e.field}:${e.code}`)).toEqual(["input.lines.1.orderLineId:INVALID_FORMAT"]);
    expect((await request(id, [[mug!.id, 0, "DAMAGED"]])).userErrors.map((e: any) => e.code)).toEqual(["OUT_OF_RANGE"]);
    expect((await request(id, [])).userErrors.map((e: any) => e.code)).toEqual(["REQUIRED"]);
    expect(await snapshot()).toEqual(before);

    const first = await request(id, [[mug!.id, 2, "DAMAGED"]], "A alça quebrou");
    expect(first.userErrors).toEqual([]);
    expect(first.return).toMatchObject({ status: "REQUESTED", note: "A alça quebrou", requestedBy: { type: "STAFF" }, lines: [{ orderLineId: mug!.id, quantity: 2, reason: "DAMAGED", quantityGood: null }] });
    // Two of three are in a return: one more at most.
    before = await snapshot();
    const over = await request(id, [[mug!.id, 2, "WRONG_ITEM"]]);
    expect(over.userErrors).toEqual([expect.objectContaining({ field: "input.lines.0.quantity", code: "EXCEEDS_RETURNABLE" })]);
    expect(await snapshot()).toEqual(before);
    expect((await order(id)).returnOptions.lines).toEqual([
      { orderLineId: mug!.id, delivered: 3, returned: 2, claimed: 0, returnable: 1 },
      { orderLineId: tee!.id, delivered: 1, returned: 0, claimed: 0, returnable: 1 },
    ]);
    // Refused: its units can be asked for again.
    expect((await call(REFUSE, { id: first.return.id, text: "Fora da política" })).userErrors).toEqual([]);
    expect((await request(id, [[mug!.id, 3, "WRONG_ITEM"]])).userErrors).toEqual([]);
    const timeline = (await order(id)).events.map((e: any) => e.type);
    expect(timeline.filter((t: string) => t.startsWith("RETURN_"))).toEqual(["RETURN_REQUESTED", "RETURN_REFUSED", "RETURN_REQUESTED"]);
    expect((await order(id)).status).toBe("DELIVERED");
  });

  it("does not take back units a claim reported missing (they never arrived)", async () => {
    const { id, lines } = await delivered([["TEE", 3]]);
    const tee = lines[0]!.id;
    const claim = await call(`mutation($id: ID!, $lines: [ClaimLineInput!]!) { reportMissingItems(orderId: $id, lines: $lines) { claim { id } userErrors { code } } }`, {
      id,
      lines: [{ orderLineId: tee, quantity: 1 }],
    });
    expect(claim.userErrors).toEqual([]);
    expect((await order(id)).returnOptions.lines[0]).toMatchObject({ delivered: 3, claimed: 1, returned: 0, returnable: 2 });
    const before = await snapshot();
    const refused = await request(id, [[tee, 3, "DAMAGED"]]);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "EXCEEDS_RETURNABLE", message: expect.stringMatching(/1 claimed missing; at most 2/) })]);
    expect(await snapshot()).toEqual(before);
    expect((await request(id, [[tee, 2, "DAMAGED"]])).userErrors).toEqual([]);
  });

  it("accepts REGRET only within 7 days of delivery for a BRL shop, and says so", async () => {
    const { id, lines } = await delivered([["MUG", 2]]);
    const mug = lines[0]!.id;
    clockOffset = 6 * DAY;
    const opts = (await order(id)).returnOptions;
    expect(opts).toMatchObject({ regretWindowDays: 7, regretOpen: true });
    expect(new Date(opts.regretUntil).getTime() - new Date(opts.deliveredAt).getTime()).toBe(7 * DAY);
    expect((await request(id, [[mug, 1, "REGRET"]])).userErrors).toEqual([]);

    clockOffset = 7 * DAY + 60_000;
    const before = await snapshot();
    const late = await request(id, [[mug, 1, "REGRET"]]);
    expect(late.userErrors).toEqual([expect.objectContaining({ field: "input.lines.0.reason", code: "RETURN_WINDOW_CLOSED" })]);
    expect(late.userErrors[0].message).toMatch(/within 7 days of delivery \(CDC art\. 49\)/);
    expect(await snapshot()).toEqual(before);
    expect((await order(id)).returnOptions.regretOpen).toBe(false);
    // A damaged item has no such window.
    expect((await request(id, [[mug, 1, "DAMAGED"]])).userErrors).toEqual([]);
  });

  it("gives a shop outside Brazil the EU's 14 days", async () => {
    const shopRow = await server.services.shops.createShop({ name: "Sklep", currency: "PLN", locale: "pl" });
    const email = `pl.${Date.now()}@shop.test`;
    await server.services.auth.createStaffUser({ shopId: shopRow.id, email, name: "Ola", password: "correct horse battery staple" });
    await server.services.catalog.createSkus(shopRow.id, [{ code: "KUBEK", name: "Kubek", price: 3000, onHand: 10 }]);
    const token = (await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: "correct horse battery staple" })).login.token;
    const polish: ShopFixture = { shopId: shopRow.id, token, email, password: "", skus: {} };
    const placed = await call(PLACE_ORDER, { input: { customer: customer({ cpf: undefined, locale: "pl" }), lines: [{ skuCode: "KUBEK", quantity: 2 }] } }, token);
    expect(placed.userErrors).toEqual([]);
    await deliver(placed.order.id, token);
    const line = (await order(placed.order.id, token)).lines[0].id;
    clockOffset = 13 * DAY;
    expect((await order(placed.order.id, token)).returnOptions.regretWindowDays).toBe(14);
    expect((await request(placed.order.id, [[line, 1, "REGRET"]], undefined, polish.token)).userErrors).toEqual([]);
    clockOffset = 15 * DAY;
    const late = await request(placed.order.id, [[line, 1, "REGRET"]], undefined, polish.token);
    expect(late.userErrors).toEqual([expect.objectContaining({ code: "RETURN_WINDOW_CLOSED" })]);
    expect(late.userErrors[0].message).toMatch(/within 14 days of delivery/);
  });

  it("moves REQUESTED -> APPROVED | REFUSED -> RECEIVED -> CLOSED only, every other transition refused without a change", async () => {
    const { id, lines } = await delivered([["MUG", 2], ["TEE", 2]]);
    const [mug, tee] = lines;
    const refused = (await request(id, [[tee!.id, 1, "OTHER"]])).return;
    const asked = (await request(id, [[mug!.id, 1, "DAMAGED"]])).return;
    const receipt = (r: any) => ({ lines: [{ returnLineId: r.lines[0].id, quantityGood: 1, quantityDamaged: 0 }], settle: "REFUND" });

    let before = await snapshot();
    expect((await call(APPROVE, { id: asked.id, text: "   " })).userErrors.map((e: any) => `${e.field}:${e.code}`)).toEqual(["instructions:REQUIRED"]);
    expect((await call(REFUSE, { id: asked.id, text: "" })).userErrors.map((e: any) => `${e.field}:${e.code}`)).toEqual(["message:REQUIRED"]);
    expect((await call(RECEIVE, { id: asked.id, input: receipt(asked) })).userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION", message: expect.stringMatching(/approve it first/) })]);
    expect((await call(CLOSE, { id: asked.id })).userErrors.map((e: any) => e.code)).toEqual(["INVALID_TRANSITION"]);
    expect(await snapshot()).toEqual(before);

    const no = await call(REFUSE, { id: refused.id, text: "Peça usada não é aceita." });
    expect(no.return).toMatchObject({ status: "REFUSED", refusalMessage: "Peça usada não é aceita." });
    const approved = await call(APPROVE, { id: asked.id, text: "Envie pelos Correios com o código 123." });
    expect(approved.return).toMatchObject({ status: "APPROVED", instructions: "Envie pelos Correios com o código 123." });

    before = await snapshot();
    const attempts: Array<[string, () => Promise<any>]> = [
      ["approve a refused return", () => call(APPROVE, { id: refused.id, text: "ok" })],
      ["refuse a refused return", () => call(REFUSE, { id: refused.id, text: "no" })],
      ["receive a refused return", () => call(RECEIVE, { id: refused.id, input: receipt(refused) })],
      ["close a refused return", () => call(CLOSE, { id: refused.id })],
      ["approve an approved return", () => call(APPROVE, { id: asked.id, text: "ok" })],
      ["refuse an approved return", () => call(REFUSE, { id: asked.id, text: "no" })],
      ["close an approved return", () => call(CLOSE, { id: asked.id })],
    ];
    for (const [what, attempt] of attempts) expect([what, (await attempt()).userErrors.map((e: any) => e.code)]).toEqual([what, ["INVALID_TRANSITION"]]);
    const otherShop = await createShop(server, {}, "Outra");
    expect((await call(APPROVE, { id: asked.id, text: "ok" }, otherShop.token)).userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    expect((await call(RECEIVE, { id: asked.id, input: receipt(asked) }, otherShop.token)).userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    // A receipt of more than the line, of nothing, or of another return's line.
    expect((await call(RECEIVE, { id: asked.id, input: { lines: [{ returnLineId: asked.lines[0].id, quantityGood: 1, quantityDamaged: 1 }], settle: "REFUND" } })).userErrors.map((e: any) => e.code)).toEqual(["EXCEEDS_RETURNABLE"]);
    expect((await call(RECEIVE, { id: asked.id, input: { lines: [], settle: "REFUND" } })).userErrors.map((e: any) => e.code)).toEqual(["REQUIRED"]);
    expect((await call(RECEIVE, { id: asked.id, input: { lines: [{ returnLineId: refused.lines[0].id, quantityGood: 1, quantityDamaged: 0 }], settle: "REFUND" } })).userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    expect((await call(RECEIVE, { id: asked.id, input: { ...receipt(asked), settle: "EXCHANGE", exchange: [{ skuCode: "NOPE", quantity: 1 }] } })).userErrors.map((e: any) => e.code)).toEqual(["UNKNOWN_SKU"]);
    expect(await snapshot()).toEqual(before);

    const got = await call(RECEIVE, { id: asked.id, input: receipt(asked) });
    expect(got.userErrors).toEqual([]);
    expect(got.return).toMatchObject({ status: "RECEIVED", settlement: "REFUND", lines: [{ quantityGood: 1, quantityDamaged: 0 }] });
    before = await snapshot();
    for (const attempt of [() => call(RECEIVE, { id: asked.id, input: receipt(asked) }), () => call(APPROVE, { id: asked.id, text: "x" }), () => call(REFUSE, { id: asked.id, text: "x" })]) {
      expect((await attempt()).userErrors.map((e: any) => e.code)).toEqual(["INVALID_TRANSITION"]);
    }
    expect(await snapshot()).toEqual(before);
    expect((await call(CLOSE, { id: asked.id })).return.status).toBe("CLOSED");
    expect((await call(CLOSE, { id: asked.id })).userErrors.map((e: any) => e.code)).toEqual(["INVALID_TRANSITION"]);
    expect((await order(id)).status).toBe("DELIVERED");
    const listed = await call(LIST, { filter: { status: ["CLOSED"], orderId: id } });
    expect(listed).toMatchObject({ totalCount: 1, nodes: [{ id: asked.id, status: "CLOSED", order: { id } }] });
    expect((await order(id)).events.map((e: any) => e.type).filter((t: string) => t.startsWith("RETURN_"))).toEqual([
      "RETURN_REQUESTED",
      "RETURN_REQUESTED",
      "RETURN_REFUSED",
      "RETURN_APPROVED",
      "RETURN_RECEIVED",
      "RETURN_CLOSED",
    ]);
  });

  it("puts good units back with a RETURN movement (the ledger still sums), records damaged ones, and serves the oldest waiting order first", async () => {
    // Two orders wait for LAST (none in stock); the older one first.
    await server.services.restocks.restock({ shopId: shop.shopId, shopCurrency: "BRL", shopLocale: "pt-BR", actor: { type: "SYSTEM", id: null, name: null }, staffUserId: null, sessionTokenHash: null }, shop.skus.LAST!, 3, null);
    const { id, lines } = await delivered([["LAST", 3]]);
    const older = await place([["LAST", 1]]);
    const newer = await place([["LAST", 1]]);
    expect((await order(older)).status).toBe("AWAITING_STOCK");
    const ret = (await request(id, [[lines[0]!.id, 3, "WRONG_ITEM"]])).return;
    await call(APPROVE, { id: ret.id, text: "Envie de volta." });
    const input = { lines: [{ returnLineId: ret.lines[0].id, quantityGood: 1, quantityDamaged: 2 }], settle: "REFUND", refundTo: "MERCHANT" };

    const preview = await call(PREVIEW, { id: ret.id, input });
    expect(preview).toMatchObject({
      backToStock: [{ skuCode: "LAST", quantity: 1, unitsToWaitingOrders: 1, waitingOrdersServed: 1, waitingOrdersResumed: 1 }],
      damaged: [{ skuCode: "LAST", quantity: 2 }],
      includesShipping: false,
      exchange: [],
    });
    expect(preview.refundAmount.amount).toBe(3 * 9900);

    const before = await level("LAST");
    const got = await call(RECEIVE, { id: ret.id, input });
    expect(got.userErrors).toEqual([]);
    expect(got.ordersResumed).toEqual([expect.objectContaining({ id: older, status: "READY" })]);
    expect((await order(newer)).status).toBe("AWAITING_STOCK");
    const after = await level("LAST");
    // One good unit on hand, allocated at once to the older order; the damaged ones are not stocked.
    expect(after).toEqual({ onHand: before.onHand + 1, allocated: before.allocated + 1 });
    const movements = await server.db.query<{ kind: string; quantity: number; on_hand_delta: number; allocated_delta: number; order_line_id: number }>(
      "SELECT kind, quantity, on_hand_delta, allocated_delta, order_line_id FROM stock_movement WHERE shop_id = ? AND sku_id = ? ORDER BY id DESC LIMIT 2",
      [shop.shopId, shop.skus.LAST],
    );
    expect(movements.map((m) => [m.kind, Number(m.quantity), Number(m.on_hand_delta), Number(m.allocated_delta)])).toEqual([
      ["ALLOCATION", 1, 0, 1],
      ["RETURN", 1, 1, 0],
    ]);
    expect(String(movements[1]!.order_line_id)).toBe(lines[0]!.id);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    expect((await order(id)).returnOptions.lines[0]).toMatchObject({ delivered: 3, returned: 3, returnable: 0 });
  });

  it("lets the customer ask on their order page, with the same rules, and shows them the return", async () => {
    const { id, lines } = await delivered([["MUG", 2]]);
    const link = await server.services.orderPages.linkFor(shop.shopId, Number(id));
    const token = link!.split("/").pop()!;
    const page = await call(PAGE, { t: token }, null);
    expect(page).toMatchObject({ status: "DELIVERED", returns: [], returnOptions: { regretOpen: true, lines: [{ orderLineId: lines[0]!.id, returnable: 2 }] } });

    const bad = await call(PAGE_REQUEST, { input: { token: "x".repeat(43), lines: [{ orderLineId: lines[0]!.id, quantity: 1, reason: "REGRET" }] } }, null);
    expect(bad.userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    const tooMany = await call(PAGE_REQUEST, { input: { token, lines: [{ orderLineId: lines[0]!.id, quantity: 3, reason: "REGRET" }] } }, null);
    expect(tooMany.userErrors.map((e: any) => e.code)).toEqual(["EXCEEDS_RETURNABLE"]);
    const asked = await call(PAGE_REQUEST, { input: { token, lines: [{ orderLineId: lines[0]!.id, quantity: 1, reason: "REGRET" }], note: "Não serviu" } }, null);
    expect(asked).toEqual({ return: { status: "REQUESTED", lines: [{ name: "Item MUG", quantity: 1, reason: "REGRET" }] }, userErrors: [] });
    const [staffSide] = (await order(id)).returns;
    const full = await call(`query($id: ID!) { orderReturn(id: $id) { requestedBy { type } note } }`, { id: staffSide.id });
    expect(full).toEqual({ requestedBy: { type: "CUSTOMER" }, note: "Não serviu" });
    await call(APPROVE, { id: staffSide.id, text: "Use o código de postagem 999." });
    expect((await call(PAGE, { t: token }, null)).returns).toEqual([
      { status: "APPROVED", instructions: "Use o código de postagem 999.", refusalMessage: null, lines: [{ name: "Item MUG", quantity: 1, reason: "REGRET" }] },
    ]);
  });

  it("lets an OPERATOR handle and receive returns", async () => {
    const operator = await addStaff(server, shop, "OPERATOR");
    const { id, lines } = await delivered([["TEE", 1]]);
    const ret = (await request(id, [[lines[0]!.id, 1, "DAMAGED"]], undefined, operator.token)).return;
    expect((await call(APPROVE, { id: ret.id, text: "Envie." }, operator.token)).userErrors).toEqual([]);
    const got = await call(RECEIVE, { id: ret.id, input: { lines: [{ returnLineId: ret.lines[0].id, quantityGood: 0, quantityDamaged: 1 }], settle: "REFUND", refundTo: "MERCHANT" } }, operator.token);
    expect(got.userErrors).toEqual([]);
    expect(got.return.status).toBe("RECEIVED");
  });
  it("refunds what was paid for the units received, with a credit note, never more; a withdrawal refunds the rest, shipping included", async () => {
    // 2 x 2500 + 1500 shipping - 1000 discount = 5500; the discount is shared over the items (500 a mug).
    const id = await place([["MUG", 2]], shop, { discount: 1000 });
    await deliver(id);
    const mug = (await order(id)).lines[0].id;
    const first = (await request(id, [[mug, 1, "DAMAGED"]])).return;
    await call(APPROVE, { id: first.id, text: "Envie." });
    const input = { lines: [{ returnLineId: first.lines[0].id, quantityGood: 0, quantityDamaged: 1 }], settle: "REFUND", refundTo: "MERCHANT" };
    expect((await call(PREVIEW, { id: first.id, input })).refundAmount.amount).toBe(2000);
    const got = await call(RECEIVE, { id: first.id, input });
    expect(got.userErrors).toEqual([]);
    expect(got.return.refundId).not.toBeNull();
    expect(got.return.creditNoteId).not.toBeNull();
    const money = async () => ({
      refunds: (await server.db.query<{ amount: number }>("SELECT amount FROM refund WHERE shop_id = ? AND order_id = ? ORDER BY id", [shop.shopId, id])).map((r) => Number(r.amount)),
      credited: (await server.db.query<{ total: number }>("SELECT total FROM credit_note WHERE shop_id = ? AND order_id = ? ORDER BY id", [shop.shopId, id])).map((r) => Number(r.total)),
    });
    expect(await money()).toEqual({ refunds: [2000], credited: [2000] });

    // The customer withdraws (a claim's WITHDRAW): the remaining mug comes back and everything left is refunded, shipping included.
    const withdrawal = await server.db.transaction((tx) => server.services.returns.openForWithdrawal(tx, { shopId: shop.shopId, orderId: Number(id), claimId: 77, actor: { type: "STAFF", id: null, name: "Ana" } }));
    expect(withdrawal.ret.status).toBe("APPROVED");
    expect(withdrawal.lines.map((l) => [l.quantity, l.reason])).toEqual([[1, "WITHDRAWAL"]]);
    await expect(server.db.transaction((tx) => server.services.returns.openForWithdrawal(tx, { shopId: shop.shopId, orderId: Number(id), claimId: 78, actor: { type: "STAFF", id: null, name: "Ana" } }))).rejects.toThrow(/no delivered unit left/);
    const wInput = { lines: [{ returnLineId: String(withdrawal.lines[0]!.id), quantityGood: 1, quantityDamaged: 0 }], settle: "REFUND", refundTo: "MERCHANT" };
    expect((await call(RECEIVE, { id: String(withdrawal.ret.id), input: { ...wInput, settle: "EXCHANGE", exchange: [{ skuCode: "TEE", quantity: 1 }] } })).userErrors.map((e: any) => e.field)).toEqual(["input.settle"]);
    const preview = await call(PREVIEW, { id: String(withdrawal.ret.id), input: wInput });
    expect(preview).toMatchObject({ includesShipping: true, refundAmount: { amount: 3500 } });
    const done = await call(RECEIVE, { id: String(withdrawal.ret.id), input: wInput });
    expect(done.userErrors).toEqual([]);
    expect(done.return).toMatchObject({ withdrawal: true, status: "RECEIVED" });
    expect(await money()).toEqual({ refunds: [2000, 3500], credited: [2000, 3500] });
    // What the credit notes, refunds and the ledger say, in the shop's language (pt-BR).
    const number = (await order(id)).number;
    const reasons = async (table: "credit_note" | "refund") =>
      (await server.db.query<{ reason: string }>(`SELECT reason FROM ${table} WHERE shop_id = ? AND order_id = ? ORDER BY id`, [shop.shopId, id])).map((r) => r.reason);
    const said = [
      `Devolução #${first.id} do pedido #${number} recebida`,
      `Desistência da compra: devolução #${withdrawal.ret.id} do pedido #${number} recebida; tudo o que foi pago é reembolsado`,
    ];
    expect(await reasons("credit_note")).toEqual(said);
    expect(await reasons("refund")).toEqual(said);
    const [movement] = await server.db.query<{ reason: string }>("SELECT reason FROM stock_movement WHERE shop_id = ? AND kind = 'RETURN' AND order_line_id = ?", [shop.shopId, mug]);
    expect(movement!.reason).toBe(`Devolução #${withdrawal.ret.id} do pedido #${number}`);
    const [{ total }] = await server.db.query<{ total: number }>("SELECT total FROM orders WHERE id = ?", [id]);
    expect(2000 + 3500).toBe(Number(total));
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("settles with an exchange order that reserves the new sku at once, or waits for it", async () => {
    const { id, lines } = await delivered([["MUG", 2]]);
    const ret = (await request(id, [[lines[0]!.id, 2, "WRONG_ITEM"]])).return;
    await call(APPROVE, { id: ret.id, text: "Envie." });
    const input = { lines: [{ returnLineId: ret.lines[0].id, quantityGood: 2, quantityDamaged: 0 }], settle: "EXCHANGE", exchange: [{ skuCode: "TEE", quantity: 1 }, { skuCode: "RARE", quantity: 1 }] };
    expect((await call(RECEIVE, { id: ret.id, input: { ...input, exchange: [{ skuCode: "TEE", quantity: 3 }] } })).userErrors.map((e: any) => e.field)).toEqual(["input.exchange"]);
    const preview = await call(PREVIEW, { id: ret.id, input });
    expect(preview.exchange).toEqual([
      { skuCode: "TEE", quantity: 1, availableNow: expect.any(Number), inStock: true },
      { skuCode: "RARE", quantity: 1, availableNow: 0, inStock: false },
    ]);
    expect(preview.refundAmount.amount).toBe(0);
    const tee = await level("TEE");
    const mug = await level("MUG");
    const got = await call(RECEIVE, { id: ret.id, input });
    expect(got.userErrors).toEqual([]);
    expect(got.return).toMatchObject({ status: "RECEIVED", settlement: "EXCHANGE", refundId: null });
    expect(got.return.exchangeOrder).toMatchObject({
      kind: "EXCHANGE",
      status: "AWAITING_STOCK",
      lines: [
        { skuCode: "TEE", quantity: 1, allocated: 1, short: 0 },
        { skuCode: "RARE", quantity: 1, allocated: 0, short: 1 },
      ],
    });
    expect(await level("TEE")).toEqual({ onHand: tee.onHand, allocated: tee.allocated + 1 });
    expect(await level("MUG")).toEqual({ onHand: mug.onHand + 2, allocated: mug.allocated });
    expect((await order(id)).events.map((e: any) => e.type)).toEqual(expect.arrayContaining(["FOLLOW_UP_ORDER_PLACED", "RETURN_RECEIVED"]));
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("races an exchange against a new order for the last unit: exactly one gets it, the other waits", async () => {
    for (let round = 0; round < 4; round++) {
      const code = `SOLO${round}`;
      await server.services.catalog.createSkus(shop.shopId, [{ code, name: code, price: 1000, onHand: 1 }]);
      const { id, lines } = await delivered([["MUG", 1]]);
      const ret = (await request(id, [[lines[0]!.id, 1, "WRONG_ITEM"]])).return;
      await call(APPROVE, { id: ret.id, text: "Envie." });
      const [exchange, placed] = await Promise.all([
        call(RECEIVE, { id: ret.id, input: { lines: [{ returnLineId: ret.lines[0].id, quantityGood: 1, quantityDamaged: 0 }], settle: "EXCHANGE", exchange: [{ skuCode: code, quantity: 1 }] } }),
        call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: code, quantity: 1 }] } }),
      ]);
      expect(exchange.userErrors).toEqual([]);
      expect(placed.userErrors).toEqual([]);
      const statuses = [exchange.return.exchangeOrder.status, placed.order.status].sort();
      expect(statuses).toEqual(["AWAITING_STOCK", "READY"]);
      const [row] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT s.on_hand, s.allocated FROM stock_level s JOIN sku k ON k.id = s.sku_id WHERE k.shop_id = ? AND k.code = ?", [shop.shopId, code]);
      expect([Number(row!.on_hand), Number(row!.allocated)]).toEqual([1, 1]);
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});

describe.each(databaseKinds())("return e-mails on %s", (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { mail: { smtpUrl: smtp.url } });
    shop = await createShop(server, { MUG: [2500, 100] }, "Loja da Ana");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const call = async (query: string, variables: Record<string, unknown>) => Object.values(await gqlData(server.graphqlUrl, query, variables, shop.token))[0] as any;

  it("e-mails the customer the instructions when approved and the refund (with its link) when received", async () => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "MUG", quantity: 2 }], shipping: 1000 } });
    const id = placed.order.id as string;
    const number = placed.order.number as number;
    await call(SHIP, { id, input: { carrier: "LOGGI", trackingCode: "LGI-MAIL-1" } });
    await call(DELIVER, { id });
    const line = (await call(ORDER, { id })).lines[0].id;
    const ret = (await call(REQUEST, { orderId: id, input: { lines: [{ orderLineId: line, quantity: 1, reason: "DAMAGED" }] } })).return;
    await server.mail!.flush();
    const start = smtp.received.length;
    await call(APPROVE, { id: ret.id, text: "Leve à agência dos Correios com o código 4455." });
    await call(RECEIVE, { id: ret.id, input: { lines: [{ returnLineId: ret.lines[0].id, quantityGood: 0, quantityDamaged: 1 }], settle: "REFUND" } });
    await server.mail!.flush();
    const mails = (await smtp.waitFor(start + 2)).slice(start).filter((m) => m.subject.includes(`#${number}`));
    expect(mails.map((m) => m.subject)).toEqual([`Pedido #${number}: devolução aprovada`, `Pedido #${number}: recebemos sua devolução`]);
    expect(mails[0]!.text).toContain("Leve à agência dos Correios com o código 4455.");
    expect(mails[0]!.text).toContain("1 × Item MUG");
    expect(mails[1]!.text).toMatch(/Reembolso: R\$\s25,00\./);
    expect(mails[1]!.html).toMatch(/href="[^"]*\/refund\/[A-Za-z0-9_-]+"/);
  });
});

describe("the customer's return request's throttling", () => {
  it("counts with the order page's requests per link, and says how long to wait", async () => {
    const server = await startTestServer("sqlite", { config: { refundLinkLimits: { requestsPerAddress: 100, requestsPerLink: 2, windowSeconds: 60, blockSeconds: 90 } } });
    try {
      const input = { token: "x".repeat(43), lines: [{ orderLineId: "1", quantity: 1, reason: "REGRET" }] };
      for (let i = 0; i < 2; i++) {
        expect((await gqlData(server.graphqlUrl, PAGE_REQUEST, { input })).requestReturnFromOrderPage.userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
      }
      const throttled = (await gqlData(server.graphqlUrl, `mutation($input: RequestReturnFromOrderPageInput!) { requestReturnFromOrderPage(input: $input) { return { status } userErrors { code } retryAfterSeconds } }`, { input })).requestReturnFromOrderPage;
      expect(throttled).toEqual({ return: null, userErrors: [{ code: "THROTTLED" }], retryAfterSeconds: expect.any(Number) });
    } finally {
      await server.stop();
    }
  });
});
