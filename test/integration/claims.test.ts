import { addStaff, createShop, customer, HEALTHY, PLACE_ORDER, RESTOCK, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ROOMY = { requestsPerAddress: 100_000, requestsPerLink: 100_000, windowSeconds: 60, blockSeconds: 60 };
const CLAIM_FIELDS = `id number status outcome note message openedBy resolvedBy quantity lines { orderLineId skuCode name quantity }
  order { id status } followUpOrder { id kind status total { amount } lines { skuCode quantity allocated short } }
  creditNote { id displayNumber total { amount } } refund { amount { amount } destination }`;
const REPORT = `mutation($id: ID!, $lines: [ClaimLineInput!]!, $note: String) { reportMissingItems(orderId: $id, lines: $lines, note: $note) { claim { ${CLAIM_FIELDS} } userErrors { field code message } } }`;
const RESOLVE = `mutation($id: ID!, $outcome: ClaimOutcome!, $to: RefundDestination, $message: String) { resolveClaim(claimId: $id, outcome: $outcome, refundTo: $to, message: $message) { claim { ${CLAIM_FIELDS} } refundLink userErrors { field code message } } }`;
const REJECT = `mutation($id: ID!, $message: String!) { rejectClaim(claimId: $id, message: $message) { claim { id status message resolvedBy } userErrors { field code message } } }`;
const PREVIEW = `query($id: ID!, $lines: [ClaimLineInput!]!) { claimPreview(orderId: $id, lines: $lines) { preview { reship { skuCode quantity available inStock } reshipInStock settleAmount { amount currency } } userErrors { field code } } }`;
const CLAIMS = `query($filter: ClaimFilter) { claims(first: 50, filter: $filter) { nodes { id status outcome order { id } } totalCount } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id number status customerPageLink lines { id skuCode shipped } claims { id number status } events { type data } creditNotes { id } followUpOrders { id } } }`;
const SHIP = `mutation($id: ID!) { shipOrder(orderId: $id, input: { carrier: LOGGI, trackingCode: "LGI-1" }) { order { status } userErrors { code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { status } userErrors { code } } }`;
const PAGE = `query($t: String!) { orderPage(token: $t) { status claimableLines { orderLineId name claimable } claims { id number status outcome message items { name quantity } choices } } }`;
const PAGE_REPORT = `mutation($input: ReportMissingItemsOnOrderPageInput!) { reportMissingItemsOnOrderPage(input: $input) { orderPage { claims { id status } claimableLines { claimable } } claim { id number status choices } refundLink userErrors { field code message } retryAfterSeconds } }`;
const PAGE_CHOOSE = `mutation($input: ChooseClaimOutcomeInput!) { chooseClaimOutcome(input: $input) { orderPage { claims { status outcome } } claim { id status outcome } refundLink userErrors { field code message } } }`;

describe.each(databaseKinds())("incomplete-delivery claims on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind, { config: { refundLinkLimits: ROOMY, publicUrl: "https://loja.example" } });
    shop = await createShop(server, { BOOK: [1000, 1000], MUG: [500, 1000], RARE: [2000, 2], LAST: [3000, 1] }, "Livraria");
    other = await createShop(server, { BOOK: [1000, 1000] }, "Outra");
  });
  afterAll(() => server.stop());

  const call = async (query: string, variables: Record<string, unknown>, token: string | undefined = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
  const place = async (lines: Array<[string, number]>, fixture = shop, extra: Record<string, unknown> = {}) => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), ...extra } }, fixture.token);
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };
  const deliver = async (id: string, fixture = shop) => {
    expect((await call(SHIP, { id }, fixture.token)).userErrors).toEqual([]);
    expect((await call(DELIVER, { id }, fixture.token)).userErrors).toEqual([]);
  };
  const delivered = async (lines: Array<[string, number]>, fixture = shop, extra: Record<string, unknown> = {}) => {
    const id = await place(lines, fixture, extra);
    await deliver(id, fixture);
    return id;
  };
  const order = (id: string, token = shop.token) => call(ORDER, { id }, token);
  const lineIds = async (id: string) => Object.fromEntries((await order(id)).lines.map((l: any) => [l.skuCode, l.id])) as Record<string, string>;
  const report = (id: string, lines: Array<[string, number]>, token = shop.token, note: string | null = "Chegou sem um livro") =>
    call(REPORT, { id, lines: lines.map(([orderLineId, quantity]) => ({ orderLineId, quantity })), note }, token);
  const snapshot = async (shopId = shop.shopId) => ({
    ...(await shopSnapshot(server, shopId)),
    claims: await server.db.query("SELECT id, status, outcome, follow_up_order_id, refund_id, credit_note_id FROM claim WHERE shop_id = ? ORDER BY id", [shopId]),
    claimLines: await server.db.query("SELECT COUNT(*) AS n FROM claim_line WHERE shop_id = ?", [shopId]),
    creditNotes: await server.db.query("SELECT COUNT(*) AS n FROM credit_note WHERE shop_id = ?", [shopId]),
  });
  const codes = (payload: any) => payload.userErrors.map((e: any) => e.code);
  const tokenOf = async (id: string) => {
    const link = (await order(id)).customerPageLink as string;
    return link.slice(link.lastIndexOf("/") + 1);
  };

  it("reports missing units of a delivered order as its own document; the order stays DELIVERED", async () => {
    const id = await delivered([["BOOK", 2], ["MUG", 1]]);
    const lines = await lineIds(id);
    const reported = await report(id, [[lines.BOOK!, 1]]);
    expect(reported.userErrors).toEqual([]);
    expect(reported.claim).toMatchObject({ number: 1, status: "OPEN", outcome: null, note: "Chegou sem um livro", openedBy: "MERCHANT", quantity: 1, order: { id, status: "DELIVERED" } });
    expect(reported.claim.lines).toEqual([{ orderLineId: lines.BOOK, skuCode: "BOOK", name: "Item BOOK", quantity: 1 }]);
    const second = await report(id, [[lines.MUG!, 1]]);
    expect(second.claim.number).toBe(2);
    const view = await order(id);
    expect(view.status).toBe("DELIVERED");
    expect(view.claims.map((c: any) => [c.number, c.status])).toEqual([[1, "OPEN"], [2, "OPEN"]]);
    expect(view.events.filter((e: any) => e.type === "CLAIM_OPENED").map((e: any) => JSON.parse(e.data).number)).toEqual([1, 2]);
    const listed = await call(CLAIMS, { filter: { status: ["OPEN"] } });
    expect(listed.nodes.map((n: any) => n.id)).toEqual(expect.arrayContaining([reported.claim.id, second.claim.id]));
  });

  it("refuses a claim on an order not delivered, beyond what was delivered and not yet claimed, on another order's line: nothing changes", async () => {
    const ready = await place([["BOOK", 1]]);
    const shippedOnly = await place([["BOOK", 1]]);
    expect((await call(SHIP, { id: shippedOnly })).userErrors).toEqual([]);
    const id = await delivered([["BOOK", 2]]);
    const lines = await lineIds(id);
    const readyLines = await lineIds(ready);
    expect((await report(id, [[lines.BOOK!, 1]])).userErrors).toEqual([]);
    const before = await snapshot();
    expect(codes(await report(ready, [[readyLines.BOOK!, 1]]))).toEqual(["INVALID_TRANSITION"]);
    expect(codes(await report(shippedOnly, [[(await lineIds(shippedOnly)).BOOK!, 1]]))).toEqual(["INVALID_TRANSITION"]);
    // 2 delivered, 1 already claimed: 2 more is too many.
    expect((await report(id, [[lines.BOOK!, 2]])).userErrors).toEqual([expect.objectContaining({ field: "lines.0.quantity", code: "EXCEEDS_DELIVERED" })]);
    expect(codes(await report(id, [[readyLines.BOOK!, 1]]))).toEqual(["NOT_FOUND"]);
    expect(codes(await report(id, [[lines.BOOK!, 0]]))).toEqual(["OUT_OF_RANGE"]);
    expect(codes(await report(id, []))).toEqual(["REQUIRED"]);
    expect(await snapshot()).toEqual(before);
    // A rejected claim's units may be claimed again.
    const claimId = (await order(id)).claims[0].id;
    expect((await call(REJECT, { id: claimId, message: "A transportadora confirmou a entrega completa." })).claim).toMatchObject({ status: "REJECTED", resolvedBy: "MERCHANT" });
    expect((await report(id, [[lines.BOOK!, 2]])).userErrors).toEqual([]);
  });

  it("RESHIP places a reshipment at price 0 that reserves the units now; previews say it is in stock", async () => {
    const id = await delivered([["BOOK", 3]]);
    const lines = await lineIds(id);
    const preview = await call(PREVIEW, { id, lines: [{ orderLineId: lines.BOOK, quantity: 2 }] });
    expect(preview.preview).toEqual({ reship: [{ skuCode: "BOOK", quantity: 2, available: expect.any(Number), inStock: true }], reshipInStock: true, settleAmount: { amount: 2000, currency: "BRL" } });
    const claim = (await report(id, [[lines.BOOK!, 2]])).claim;
    const resolved = await call(RESOLVE, { id: claim.id, outcome: "RESHIP", message: "Enviaremos de novo." });
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.claim).toMatchObject({ status: "RESOLVED", outcome: "RESHIP", resolvedBy: "MERCHANT", message: "Enviaremos de novo.", creditNote: null, refund: null });
    expect(resolved.claim.followUpOrder).toMatchObject({ kind: "RESHIPMENT", status: "READY", total: { amount: 0 }, lines: [{ skuCode: "BOOK", quantity: 2, allocated: 2, short: 0 }] });
    const view = await order(id);
    expect(view.status).toBe("DELIVERED");
    expect(view.followUpOrders).toEqual([{ id: resolved.claim.followUpOrder.id }]);
    const resolvedEvent = view.events.find((e: any) => e.type === "CLAIM_RESOLVED");
    expect(JSON.parse(resolvedEvent.data)).toMatchObject({ outcome: "RESHIP", followUpOrderId: Number(resolved.claim.followUpOrder.id) });
    // A resolved claim never changes again.
    const before = await snapshot();
    expect(codes(await call(RESOLVE, { id: claim.id, outcome: "KEEP_AND_SETTLE", to: "MERCHANT" }))).toEqual(["INVALID_TRANSITION"]);
    expect(codes(await call(REJECT, { id: claim.id, message: "não" }))).toEqual(["INVALID_TRANSITION"]);
    expect(await snapshot()).toEqual(before);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("a reshipment without stock waits in the queue and is served FIFO between an older and a newer ordinary order", async () => {
    const id = await delivered([["RARE", 2]]); // takes the last 2 units
    const lines = await lineIds(id);
    const older = await place([["RARE", 1]]);
    const claim = (await report(id, [[lines.RARE!, 1]])).claim;
    const preview = await call(PREVIEW, { id, lines: [{ orderLineId: lines.RARE, quantity: 1 }] });
    expect(preview.preview).toMatchObject({ reship: [{ available: 0, inStock: false }], reshipInStock: false });
    const reship = (await call(RESOLVE, { id: claim.id, outcome: "RESHIP" })).claim.followUpOrder;
    expect(reship).toMatchObject({ status: "AWAITING_STOCK", lines: [{ allocated: 0, short: 1 }] });
    const newer = await place([["RARE", 1]]);
    const statuses = async () => Promise.all([older, reship.id, newer].map(async (o) => (await order(o)).status));
    expect(await statuses()).toEqual(["AWAITING_STOCK", "AWAITING_STOCK", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await statuses()).toEqual(["READY", "AWAITING_STOCK", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await statuses()).toEqual(["READY", "READY", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await statuses()).toEqual(["READY", "READY", "READY"]);
    // The reshipment ships like any order.
    await deliver(reship.id);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("a cancelled reshipment turns into a settlement of the missing units, with a credit note", async () => {
    const id = await delivered([["LAST", 1]]); // the only unit
    const lines = await lineIds(id);
    const claim = (await report(id, [[lines.LAST!, 1]])).claim;
    const reship = (await call(RESOLVE, { id: claim.id, outcome: "RESHIP" })).claim.followUpOrder;
    expect(reship.status).toBe("AWAITING_STOCK");
    const cancelled = await call(
      `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "Sem previsão de reposição") { order { status } refund { id } userErrors { code message } } }`,
      { id: reship.id },
    );
    expect(cancelled).toMatchObject({ order: { status: "CANCELLED" }, refund: null, userErrors: [] });
    const settled = (await call(`query($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} } }`, { id: claim.id }));
    expect(settled).toMatchObject({ status: "RESOLVED", outcome: "RESHIP", refund: { amount: { amount: 3000 }, destination: "MERCHANT" }, creditNote: { total: { amount: 3000 } } });
    const view = await order(id);
    expect(view.status).toBe("DELIVERED");
    const events = view.events.filter((e: any) => e.type === "CLAIM_RESOLVED").map((e: any) => JSON.parse(e.data));
    expect(events[events.length - 1]).toMatchObject({ reshipmentCancelled: { orderId: Number(reship.id) }, amount: 3000 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("KEEP_AND_SETTLE refunds what was paid for the missing units (never more) with a numbered credit note linked from the claim", async () => {
    // 2 books + 1 mug = 2500, discount 500: a book was paid 1000 - 200 = 800.
    const id = await delivered([["BOOK", 2], ["MUG", 1]], shop, { discount: 500, shipping: 1000 });
    const lines = await lineIds(id);
    const claim = (await report(id, [[lines.BOOK!, 1]])).claim;
    expect(codes(await call(RESOLVE, { id: claim.id, outcome: "KEEP_AND_SETTLE" }))).toEqual(["REQUIRED"]);
    const resolved = await call(RESOLVE, { id: claim.id, outcome: "KEEP_AND_SETTLE", to: "MERCHANT" });
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.claim).toMatchObject({ status: "RESOLVED", outcome: "KEEP_AND_SETTLE", followUpOrder: null, refund: { amount: { amount: 800 }, destination: "MERCHANT" }, creditNote: { total: { amount: 800 } } });
    expect(resolved.claim.creditNote.displayNumber).toMatch(/^NC-\d{6}$/);
    // The credit note states why in the shop's language (a pt-BR shop).
    const reason = (await call(`query($id: ID!) { creditNote(id: $id) { reason } }`, { id: resolved.claim.creditNote.id })).reason;
    expect(reason).toMatch(/^Reclamação 1 do pedido #\d+: itens faltantes na entrega/);
    const view = await order(id);
    expect(view.status).toBe("DELIVERED");
    expect(view.creditNotes).toEqual([{ id: resolved.claim.creditNote.id }]);
    // The second book too: 800 again; the claim count never passes what was delivered.
    const second = (await report(id, [[lines.BOOK!, 1]])).claim;
    expect((await call(RESOLVE, { id: second.id, outcome: "KEEP_AND_SETTLE", to: "MERCHANT" })).claim.refund.amount.amount).toBe(800);
    expect(codes(await report(id, [[lines.BOOK!, 1]]))).toEqual(["EXCEEDS_DELIVERED"]);
    const [paid] = await server.db.query<{ total: number }>("SELECT SUM(amount) AS total FROM refund WHERE order_id = ?", [Number(id)]);
    expect(Number(paid!.total)).toBe(1600);
  });

  it("WITHDRAW opens an approved return of what arrived; receiving it refunds everything paid, shipping included, once", async () => {
    // 2 books + 1 mug = 2500, shipping 1000: paid 3500. One book did not arrive.
    const id = await delivered([["BOOK", 2], ["MUG", 1]], shop, { shipping: 1000 });
    const lines = await lineIds(id);
    const claim = (await report(id, [[lines.BOOK!, 1]])).claim;
    const resolved = await call(RESOLVE.replace("refund { amount { amount } destination }", "refund { amount { amount } destination } orderReturn { id status lines { id orderLineId quantity } }"), { id: claim.id, outcome: "WITHDRAW" });
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.claim).toMatchObject({ status: "RESOLVED", outcome: "WITHDRAW", refund: null, creditNote: null, followUpOrder: null, orderReturn: { status: "APPROVED" } });
    // What arrived goes back: the other book and the mug (the missing book is not returnable).
    const back = resolved.claim.orderReturn.lines.map((l: any) => [l.orderLineId, l.quantity]);
    expect(back).toEqual([[lines.BOOK, 1], [lines.MUG, 1]]);
    expect(codes(await report(id, [[lines.BOOK!, 2]]))).toEqual(["EXCEEDS_DELIVERED"]);
    const received = await call(
      `mutation($id: ID!, $input: ReceiveReturnInput!) { receiveReturn(returnId: $id, input: $input) { userErrors { code message } } }`,
      { id: resolved.claim.orderReturn.id, input: { settle: "REFUND", refundTo: "MERCHANT", lines: resolved.claim.orderReturn.lines.map((l: any) => ({ returnLineId: l.id, quantityGood: l.quantity, quantityDamaged: 0 })) } },
    );
    expect(received.userErrors).toEqual([]);
    const [paid] = await server.db.query<{ total: number }>("SELECT SUM(amount) AS total FROM refund WHERE order_id = ?", [Number(id)]);
    expect(Number(paid!.total)).toBe(3500);
    expect((await order(id)).status).toBe("DELIVERED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("a settlement that cannot be paid is refused and changes nothing; the claim stays OPEN", async () => {
    const noPayout = await createShop(server, { BOOK: [1000, 100] }, "Sem conta", { payoutAccount: false });
    const id = await delivered([["BOOK", 1]], noPayout);
    const line = (await call(ORDER, { id }, noPayout.token)).lines[0].id;
    const claim = (await report(id, [[line, 1]], noPayout.token)).claim;
    const before = await snapshot(noPayout.shopId);
    expect(codes(await call(RESOLVE, { id: claim.id, outcome: "KEEP_AND_SETTLE", to: "MERCHANT" }, noPayout.token))).toEqual(["PAYOUT_ACCOUNT_MISSING"]);
    // Nothing arrived to send back: a withdrawal refunds everything at once, so it needs a destination that can be paid.
    expect(codes(await call(RESOLVE, { id: claim.id, outcome: "WITHDRAW" }, noPayout.token))).toEqual(["REQUIRED"]);
    expect(codes(await call(RESOLVE, { id: claim.id, outcome: "WITHDRAW", to: "MERCHANT" }, noPayout.token))).toEqual(["PAYOUT_ACCOUNT_MISSING"]);
    expect(await snapshot(noPayout.shopId)).toEqual(before);
    expect(before.claims).toEqual([expect.objectContaining({ status: "OPEN" })]);
  });

  it("the customer reports from their order page, sees the claim, and chooses; the shop is then refused", async () => {
    const id = await delivered([["BOOK", 2], ["MUG", 1]]);
    const token = await tokenOf(id);
    const page = (await gqlData(server.graphqlUrl, PAGE, { t: token })).orderPage;
    expect(page.claimableLines).toEqual([
      { orderLineId: expect.any(String), name: "Item BOOK", claimable: 2 },
      { orderLineId: expect.any(String), name: "Item MUG", claimable: 1 },
    ]);
    const bookLine = page.claimableLines[0].orderLineId;
    const reported = (await gqlData(server.graphqlUrl, PAGE_REPORT, { input: { token, lines: [{ orderLineId: bookLine, quantity: 1 }], note: "Faltou um livro" } })).reportMissingItemsOnOrderPage;
    expect(reported.userErrors).toEqual([]);
    expect(reported.claim).toMatchObject({ number: 1, status: "OPEN", choices: ["RESHIP", "KEEP_AND_SETTLE", "WITHDRAW"] });
    expect(reported.orderPage.claimableLines[0].claimable).toBe(1);
    const staffView = (await order(id)).claims[0];
    expect(staffView).toMatchObject({ status: "OPEN" });
    expect((await call(`query($id: ID!) { claim(id: $id) { openedBy } }`, { id: staffView.id })).openedBy).toBe("CUSTOMER");
    // Too many, or another order's line: refused.
    const tooMany = (await gqlData(server.graphqlUrl, PAGE_REPORT, { input: { token, lines: [{ orderLineId: bookLine, quantity: 2 }] } })).reportMissingItemsOnOrderPage;
    expect(codes(tooMany)).toEqual(["EXCEEDS_DELIVERED"]);
    expect(tooMany.orderPage.claims).toHaveLength(1);

    const chosen = (await gqlData(server.graphqlUrl, PAGE_CHOOSE, { input: { token, claimId: reported.claim.id, outcome: "KEEP_AND_SETTLE" } })).chooseClaimOutcome;
    expect(chosen.userErrors).toEqual([]);
    expect(chosen.claim).toMatchObject({ status: "RESOLVED", outcome: "KEEP_AND_SETTLE" });
    expect(chosen.refundLink).toMatch(/^https:\/\/loja\.example\/refund\//);
    const before = await snapshot();
    const refused = await call(RESOLVE, { id: reported.claim.id, outcome: "RESHIP" });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "CUSTOMER_CHOSE" })]);
    expect(await snapshot()).toEqual(before);
    const shown = (await gqlData(server.graphqlUrl, PAGE, { t: token })).orderPage.claims;
    expect(shown).toEqual([{ id: reported.claim.id, number: 1, status: "RESOLVED", outcome: "KEEP_AND_SETTLE", message: null, items: [{ name: "Item BOOK", quantity: 1 }], choices: [] }]);

    // The shop acts first on another claim: the customer is refused.
    const mine = (await report(id, [[page.claimableLines[1].orderLineId, 1]])).claim;
    expect((await call(REJECT, { id: mine.id, message: "Entregue completo, conforme foto." })).userErrors).toEqual([]);
    const late = (await gqlData(server.graphqlUrl, PAGE_CHOOSE, { input: { token, claimId: mine.id, outcome: "RESHIP" } })).chooseClaimOutcome;
    expect(codes(late)).toEqual(["MERCHANT_RESOLVED"]);
    expect((await gqlData(server.graphqlUrl, PAGE, { t: token })).orderPage.claims[1]).toMatchObject({ status: "REJECTED", message: "Entregue completo, conforme foto." });
  });

  it("shows the customer their reshipment on the order page: where it stands, then its parcel's tracking", async () => {
    const id = await delivered([["BOOK", 1]]);
    const token = await tokenOf(id);
    const RESHIPMENT_PAGE = `query($t: String!) { orderPage(token: $t) { claims { outcome reshipment { number status shipments { number carrier carrierName trackingCode trackingUrl } } } } }`;
    const claim = (await report(id, [[(await lineIds(id)).BOOK!, 1]])).claim;
    expect((await gqlData(server.graphqlUrl, RESHIPMENT_PAGE, { t: token })).orderPage.claims).toEqual([{ outcome: null, reshipment: null }]);
    const chosen = (await gqlData(server.graphqlUrl, PAGE_CHOOSE.replace("claim { id status outcome }", "claim { id status outcome reshipment { status } }"), { input: { token, claimId: claim.id, outcome: "RESHIP" } })).chooseClaimOutcome;
    expect(chosen.claim.reshipment).toEqual({ status: "READY" });
    const reship = (await order(id)).followUpOrders[0].id as string;
    const number = (await order(reship)).number;
    expect((await gqlData(server.graphqlUrl, RESHIPMENT_PAGE, { t: token })).orderPage.claims).toEqual([{ outcome: "RESHIP", reshipment: { number, status: "READY", shipments: [] } }]);
    expect((await call(SHIP, { id: reship })).userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, RESHIPMENT_PAGE, { t: token })).orderPage.claims[0].reshipment).toEqual({
      number,
      status: "SHIPPED",
      shipments: [{ number: 1, carrier: "LOGGI", carrierName: "Loggi", trackingCode: "LGI-1", trackingUrl: "https://www.loggi.com/rastreador/LGI-1" }],
    });
  });

  it("the customer and the shop resolving at once: exactly one wins", async () => {
    for (let round = 0; round < 3; round++) {
      const id = await delivered([["BOOK", 1]]);
      const token = await tokenOf(id);
      const claim = (await report(id, [[(await lineIds(id)).BOOK!, 1]])).claim;
      const [shopSide, customerSide] = await Promise.all([
        call(RESOLVE, { id: claim.id, outcome: "KEEP_AND_SETTLE", to: "MERCHANT" }),
        gqlData(server.graphqlUrl, PAGE_CHOOSE, { input: { token, claimId: claim.id, outcome: "RESHIP" } }).then((d) => d.chooseClaimOutcome),
      ]);
      const wins = [shopSide.userErrors.length === 0, customerSide.userErrors.length === 0];
      expect(wins.filter(Boolean)).toHaveLength(1);
      if (wins[0]) expect(codes(customerSide)).toEqual(["MERCHANT_RESOLVED"]);
      else expect(codes(shopSide)).toEqual(["CUSTOMER_CHOSE"]);
      const view = await order(id);
      // One outcome only: either a credit note or a reshipment, never both.
      expect(view.creditNotes.length + view.followUpOrders.length).toBe(1);
      expect(view.events.filter((e: any) => e.type === "CLAIM_RESOLVED")).toHaveLength(1);
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("keeps shops apart and lets operators handle claims; public pages need their token", async () => {
    const theirs = await delivered([["BOOK", 1]], other);
    const theirLine = (await call(ORDER, { id: theirs }, other.token)).lines[0].id;
    const theirClaim = (await report(theirs, [[theirLine, 1]], other.token)).claim;
    const before = await snapshot(other.shopId);
    expect(codes(await report(theirs, [[theirLine, 1]]))).toEqual(["NOT_FOUND"]);
    expect(codes(await call(RESOLVE, { id: theirClaim.id, outcome: "RESHIP" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await call(REJECT, { id: theirClaim.id, message: "x" }))).toEqual(["NOT_FOUND"]);
    expect(await call(`query($id: ID!) { claim(id: $id) { id } }`, { id: theirClaim.id })).toBeNull();
    expect((await call(CLAIMS, {})).nodes.map((n: any) => n.id)).not.toContain(theirClaim.id);
    expect(codes(await call(PREVIEW, { id: theirs, lines: [{ orderLineId: theirLine, quantity: 1 }] }))).toEqual(["NOT_FOUND"]);
    // My page's token cannot choose for their claim.
    const mine = await delivered([["BOOK", 1]]);
    const wrong = (await gqlData(server.graphqlUrl, PAGE_CHOOSE, { input: { token: await tokenOf(mine), claimId: theirClaim.id, outcome: "RESHIP" } })).chooseClaimOutcome;
    expect(codes(wrong)).toEqual(["NOT_FOUND"]);
    expect(await snapshot(other.shopId)).toEqual(before);
    const bad = (await gqlData(server.graphqlUrl, PAGE_REPORT, { input: { token: "x".repeat(43), lines: [{ orderLineId: theirLine, quantity: 1 }] } })).reportMissingItemsOnOrderPage;
    expect(codes(bad)).toEqual(["NOT_FOUND"]);

    const operator = await addStaff(server, shop, "OPERATOR");
    const id = await delivered([["BOOK", 1]]);
    const claim = (await report(id, [[(await lineIds(id)).BOOK!, 1]], operator.token)).claim;
    expect((await call(RESOLVE, { id: claim.id, outcome: "RESHIP" }, operator.token)).userErrors).toEqual([]);
    expect((await gql(server.graphqlUrl, CLAIMS, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe.each(databaseKinds())("the customer's claims are throttled with their order page on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind, { config: { refundLinkLimits: { requestsPerAddress: 1000, requestsPerLink: 3, windowSeconds: 60, blockSeconds: 60 } } });
    shop = await createShop(server, { BOOK: [1000, 10] }, "Limite");
  });
  afterAll(() => server.stop());

  it("answers THROTTLED with the seconds to wait, and reports nothing more", async () => {
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "BOOK", quantity: 2 }] } }, shop.token);
    const id = placed.order.id;
    await call(SHIP, { id }, shop.token);
    await call(DELIVER, { id }, shop.token);
    const link = (await call(ORDER, { id }, shop.token)).customerPageLink as string;
    const token = link.slice(link.lastIndexOf("/") + 1);
    const line = (await call(PAGE, { t: token })).claimableLines[0].orderLineId;
    const report = () => call(PAGE_REPORT, { input: { token, lines: [{ orderLineId: line, quantity: 1 }] } });
    expect((await report()).userErrors).toEqual([]);
    expect((await report()).userErrors).toEqual([]);
    const throttled = await report();
    expect(throttled).toMatchObject({ orderPage: null, userErrors: [{ code: "THROTTLED" }], retryAfterSeconds: expect.any(Number) });
    const claims = await server.db.query("SELECT id FROM claim WHERE shop_id = ?", [shop.shopId]);
    expect(claims).toHaveLength(2);
  });
});
