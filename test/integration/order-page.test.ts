import { createShop, customer, HEALTHY, HOLD, PLACE_ORDER, SHIP_AVAILABLE, shopSnapshot, ShopFixture, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const LINK = `query($id: ID!) { order(id: $id) { customerPageLink } }`;
const PAGE = `query($t: String!) {
  orderPage(token: $t) {
    shopName orderNumber status locale total { amount currency } resolvedBy customersMayChoose
    expectedRestockOn
    lines { name quantity allocated short cancelled unitPrice { amount } expectedOn }
    refunds { amount { amount } status }
    choices { resolution refundAmount { amount } }
    substituteOffers { orderLineId lineName quantity skuId name unitPrice { amount } refundAmount { amount } }
  }
}`;
const CHOOSE = `mutation($input: ChooseForOrderInput!) {
  chooseForOrder(input: $input) { orderPage { status resolvedBy choices { resolution } substituteOffers { skuId } } refundLink userErrors { field code message } retryAfterSeconds }
}`;
const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: CUSTOMER, reason: "sem estoque") { order { status } userErrors { field code } } }`;
const EVENTS = `query($id: ID!) { order(id: $id) { events { type actor { type } } } }`;
const SETTING = `mutation($on: Boolean!) { setCustomersMayChoose(enabled: $on) { customersMayChoose userErrors { code } } }`;
const ROOMY = { requestsPerAddress: 100_000, requestsPerLink: 100_000, windowSeconds: 60, blockSeconds: 60 };

const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

describe.each(databaseKinds())("the customer's order page on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind, { config: { refundLinkLimits: ROOMY, publicUrl: "https://loja.example" } });
    // 2 ALMOST in stock: an order of 3 gets 2 reserved and 1 short; GONE has none.
    shop = await createShop(server, { ALMOST: [2500, 1000], GONE: [4000, 0], CHEAPER: [3000, 50], DEARER: [5000, 50], SCARCE: [3500, 0] }, "Página");
  });
  afterAll(() => server.stop());

  /** An order waiting for stock: 1 GONE (short), and `almost` ALMOST (reserved). */
  const waitingOrder = async (target = shop, almost = 0, who: Record<string, unknown> = customer()) => {
    const lines = [{ skuCode: "GONE", quantity: 1 }, ...(almost ? [{ skuCode: "ALMOST", quantity: almost }] : [])];
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines, shipping: 1000 } }, target.token);
    const order = placed.placeOrder.order as { id: string; number: number };
    const link = (await gqlData(server.graphqlUrl, LINK, { id: order.id }, target.token)).order.customerPageLink as string;
    return { ...order, link, token: tokenOf(link) };
  };
  const page = async (token: string) => (await gqlData(server.graphqlUrl, PAGE, { t: token })).orderPage;
  const choose = async (token: string, choice: string, substitute?: { orderLineId: string; skuId: string }) =>
    (await gqlData(server.graphqlUrl, CHOOSE, { input: { token, choice, substitute } })).chooseForOrder;
  const lineOf = async (orderId: string, skuCode: string) =>
    (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { lines { id skuCode } } }`, { id: orderId }, shop.token)).order.lines.find((l: { skuCode: string }) => l.skuCode === skuCode).id as string;
  const offer = async (lineId: string, codes: string[]) =>
    (
      await gqlData(
        server.graphqlUrl,
        `mutation($line: ID!, $skus: [ID!]!) { offerSubstitutes(orderLineId: $line, skuIds: $skus) { userErrors { code } } }`,
        { line: lineId, skus: codes.map((c) => String(shop.skus[c])) },
        shop.token,
      )
    ).offerSubstitutes;
  const codes = (errors: Array<{ code: string }>) => errors.map((e) => e.code);

  it("gives each order one link, made once even when asked for at once, that opens the order without personal data", async () => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Ana Privada", locale: "en" }), lines: [{ skuCode: "GONE", quantity: 2 }] } }, shop.token);
    const id = placed.placeOrder.order.id;
    const links = await Promise.all(Array.from({ length: 5 }, () => gqlData(server.graphqlUrl, LINK, { id }, shop.token)));
    const link = links[0]!.order.customerPageLink as string;
    expect(link).toMatch(/^https:\/\/loja\.example\/order\/[A-Za-z0-9_-]{43}$/);
    expect(new Set(links.map((l) => l.order.customerPageLink))).toEqual(new Set([link]));
    const [rows] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_page_link WHERE order_id = ?", [Number(id)]);
    expect(Number(rows!.n)).toBe(1);
    // Only its hash and an encrypted copy are stored.
    const [stored] = await server.db.query<{ token_hash: string; token_sealed: string }>("SELECT token_hash, token_sealed FROM order_page_link WHERE order_id = ?", [Number(id)]);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(link));

    const shown = await page(tokenOf(link));
    expect(shown).toEqual({
      shopName: expect.stringMatching(/^Página/),
      orderNumber: placed.placeOrder.order.number,
      status: "AWAITING_STOCK",
      locale: "en",
      total: { amount: 8000, currency: "BRL" },
      resolvedBy: null,
      customersMayChoose: true,
      expectedRestockOn: null,
      lines: [{ name: "Item GONE", quantity: 2, allocated: 0, short: 2, cancelled: 0, unitPrice: { amount: 4000 }, expectedOn: null }],
      refunds: [],
      choices: [
        { resolution: "WAIT_FOR_RESTOCK", refundAmount: { amount: 0 } },
        { resolution: "CANCEL", refundAmount: { amount: 8000 } },
      ],
      substituteOffers: [],
    });
    expect(JSON.stringify(shown)).not.toContain("Ana Privada");
    // Unknown, altered and malformed tokens open nothing.
    expect(await page("A".repeat(43))).toBeNull();
    expect(await page(`${tokenOf(link).slice(0, 42)}${tokenOf(link).endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await page("short")).toBeNull();

    // A link sealed with a key that is gone cannot be rebuilt: the order gets a new one, the old one stops working.
    await server.db.query("UPDATE order_page_link SET token_sealed = ? WHERE order_id = ?", ["v1.gone.AAAA.BBBB", Number(id)]);
    const renewed = (await gqlData(server.graphqlUrl, LINK, { id }, shop.token)).order.customerPageLink as string;
    expect(renewed).not.toBe(link);
    expect(await page(tokenOf(link))).toBeNull();
    expect((await page(tokenOf(renewed))).orderNumber).toBe(placed.placeOrder.order.number);
    expect((await gqlData(server.graphqlUrl, LINK, { id }, shop.token)).order.customerPageLink).toBe(renewed);
  });

  it("tells the customer when the missing units are expected, from the shop's incoming deliveries", async () => {
    const own = await createShop(server, { LATE: [1500, 0] }, "Previsão");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "LATE", quantity: 3 }] } }, own.token);
    const token = tokenOf((await gqlData(server.graphqlUrl, LINK, { id: placed.placeOrder.order.id }, own.token)).order.customerPageLink);
    expect((await page(token)).expectedRestockOn).toBeNull();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const add = `mutation($input: AddIncomingStockInput!) { addIncomingStock(input: $input) { userErrors { code } } }`;
    // Two deliveries: 2 units in 5 days do not cover the 3 missing; 5 more in 12 days do.
    for (const [quantity, offset] of [[2, 5], [5, 12]] as const) {
      expect((await gqlData(server.graphqlUrl, add, { input: { skuId: String(own.skus.LATE), quantity, expectedOn: day(offset) } }, own.token)).addIncomingStock.userErrors).toEqual([]);
    }
    const shown = await page(token);
    expect(shown.expectedRestockOn).toBe(day(12));
    expect(shown.lines[0].expectedOn).toBe(day(12));
  });

  it("runs the customer's cancellation as a resolution by the customer, hands back the refund link, and then refuses the shop", async () => {
    const order = await waitingOrder(shop, 2);
    expect((await page(order.token)).choices.map((c: { resolution: string; refundAmount: { amount: number } }) => [c.resolution, c.refundAmount.amount])).toEqual([
      ["WAIT_FOR_RESTOCK", 0],
      ["SHIP_AVAILABLE", 4000],
      ["CANCEL", 10000],
    ]);
    const chosen = await choose(order.token, "CANCEL");
    expect(chosen).toMatchObject({ userErrors: [], orderPage: { status: "CANCELLED", resolvedBy: "CUSTOMER", choices: [] } });
    expect(chosen.refundLink).toMatch(/^https:\/\/loja\.example\/refund\/[A-Za-z0-9_-]{43}$/);
    const refund = await gqlData(server.graphqlUrl, `query($t: String!) { refundRequest(token: $t) { status amount { amount } } }`, { t: tokenOf(chosen.refundLink) });
    expect(refund.refundRequest).toEqual({ status: "AWAITING_CUSTOMER_DETAILS", amount: { amount: 10000 } });
    const events = (await gqlData(server.graphqlUrl, EVENTS, { id: order.id }, shop.token)).order.events;
    expect(events.filter((e: { type: string }) => e.type === "ORDER_CANCELLED").map((e: { actor: { type: string } }) => e.actor.type)).toEqual(["CUSTOMER"]);

    const before = await shopSnapshot(server, shop.shopId);
    const merchant = (await gqlData(server.graphqlUrl, CANCEL, { id: order.id }, shop.token)).cancelOrder;
    expect(codes(merchant.userErrors)).toEqual(["CUSTOMER_CHOSE"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("lets a customer who chose to wait choose again, but not the shop; after the shop resolved, refuses the customer", async () => {
    const waiting = await waitingOrder(shop, 1);
    expect(await choose(waiting.token, "WAIT_FOR_RESTOCK")).toMatchObject({ userErrors: [], orderPage: { status: "ON_HOLD_FOR_RESTOCK", resolvedBy: "CUSTOMER" } });
    expect((await page(waiting.token)).choices.map((c: { resolution: string }) => c.resolution)).toEqual(["SHIP_AVAILABLE", "CANCEL"]);
    expect(codes((await gqlData(server.graphqlUrl, SHIP_AVAILABLE, { id: waiting.id, to: "MERCHANT" }, shop.token)).shipAvailableItems.userErrors)).toEqual(["CUSTOMER_CHOSE"]);
    expect(await choose(waiting.token, "SHIP_AVAILABLE")).toMatchObject({ userErrors: [], orderPage: { status: "READY" } });

    const resolvedByShop = await waitingOrder(shop, 1);
    await gqlData(server.graphqlUrl, HOLD, { id: resolvedByShop.id }, shop.token);
    expect((await page(resolvedByShop.token)).choices).toEqual([]);
    const before = await shopSnapshot(server, shop.shopId);
    const refused = await choose(resolvedByShop.token, "CANCEL");
    expect(refused).toMatchObject({ refundLink: null, orderPage: { status: "ON_HOLD_FOR_RESTOCK", resolvedBy: "MERCHANT" } });
    expect(codes(refused.userErrors)).toEqual(["MERCHANT_RESOLVED"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("lets the customer accept a substitute the shop offered (even after the shop put the order on hold), and nothing else", async () => {
    const order = await waitingOrder(shop, 1);
    const gone = await lineOf(order.id, "GONE");
    await gqlData(server.graphqlUrl, HOLD, { id: order.id }, shop.token);
    expect((await page(order.token)).choices).toEqual([]);
    expect((await offer(gone, ["CHEAPER", "DEARER", "SCARCE"])).userErrors).toEqual([]);
    const shown = await page(order.token);
    // SCARCE has no stock: not offered on the page. Offering handed the choice back to the customer.
    expect(shown.resolvedBy).toBeNull();
    expect(shown.substituteOffers).toEqual([
      { orderLineId: gone, lineName: "Item GONE", quantity: 1, skuId: String(shop.skus.CHEAPER), name: "Item CHEAPER", unitPrice: { amount: 3000 }, refundAmount: { amount: expect.any(Number) } },
      { orderLineId: gone, lineName: "Item GONE", quantity: 1, skuId: String(shop.skus.DEARER), name: "Item DEARER", unitPrice: { amount: 5000 }, refundAmount: { amount: 0 } },
    ]);
    expect(shown.substituteOffers[0].refundAmount.amount).toBeGreaterThan(0);
    expect(shown.choices.map((c: { resolution: string }) => c.resolution)).toEqual(["SHIP_AVAILABLE", "CANCEL"]);

    // A sku that was not offered, a line of another order: refused, nothing changed.
    const other = await waitingOrder(shop, 1);
    const before = await shopSnapshot(server, shop.shopId);
    expect(codes((await choose(order.token, "SUBSTITUTE", { orderLineId: gone, skuId: String(shop.skus.ALMOST) })).userErrors)).toEqual(["SUBSTITUTE_NOT_OFFERED"]);
    expect(codes((await choose(order.token, "SUBSTITUTE", { orderLineId: await lineOf(other.id, "GONE"), skuId: String(shop.skus.DEARER) })).userErrors)).toEqual(["NOT_FOUND"]);
    expect(codes((await choose(order.token, "SUBSTITUTE")).userErrors)).toEqual(["REQUIRED"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    const accepted = await choose(order.token, "SUBSTITUTE", { orderLineId: gone, skuId: String(shop.skus.DEARER) });
    expect(accepted).toMatchObject({ userErrors: [], refundLink: null, orderPage: { status: "READY", resolvedBy: "CUSTOMER", substituteOffers: [] } });
    expect(codes((await gqlData(server.graphqlUrl, CANCEL, { id: order.id }, shop.token)).cancelOrder.userErrors)).toEqual(["CUSTOMER_CHOSE"]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("lets exactly one side win when the shop and the customer resolve at the same moment", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const order = await waitingOrder(shop, 1);
      const [merchant, mine] = await Promise.all([
        gqlData(server.graphqlUrl, CANCEL, { id: order.id }, shop.token).then((r) => r.cancelOrder),
        choose(order.token, i % 2 ? "CANCEL" : "WAIT_FOR_RESTOCK"),
      ]);
      const merchantWon = merchant.userErrors.length === 0;
      const customerWon = mine.userErrors.length === 0;
      expect(merchantWon !== customerWon).toBe(true);
      if (merchantWon) expect(codes(mine.userErrors)).toEqual(["MERCHANT_RESOLVED"]);
      else expect(codes(merchant.userErrors)).toEqual(["CUSTOMER_CHOSE"]);
      const [row] = await server.db.query<{ resolved_by: string }>("SELECT resolved_by FROM orders WHERE id = ?", [Number(order.id)]);
      expect(row!.resolved_by).toBe(merchantWon ? "MERCHANT" : "CUSTOMER");
      outcomes.push(merchantWon ? "merchant" : "customer");
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const [refunds] = await server.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM (SELECT order_id FROM refund WHERE shop_id = ? GROUP BY order_id HAVING COUNT(*) > 1) twice",
      [shop.shopId],
    );
    expect(Number(refunds!.n)).toBe(0);
    expect(outcomes).toHaveLength(6);
  });

  it("offers no refunding choice without the customer's CPF, and none at all when the shop turned choices off", async () => {
    const noCpf = await waitingOrder(shop, 1, customer({ cpf: null }));
    expect((await page(noCpf.token)).choices.map((c: { resolution: string }) => c.resolution)).toEqual(["WAIT_FOR_RESTOCK"]);
    expect(codes((await choose(noCpf.token, "CANCEL")).userErrors)).toEqual(["CUSTOMER_CPF_MISSING"]);

    const off = await createShop(server, { GONE: [4000, 0] }, "Sem escolha");
    const order = await waitingOrder(off);
    expect((await gqlData(server.graphqlUrl, SETTING, { on: false }, off.token)).setCustomersMayChoose).toEqual({ customersMayChoose: false, userErrors: [] });
    expect(await page(order.token)).toMatchObject({ customersMayChoose: false, choices: [] });
    const before = await shopSnapshot(server, off.shopId);
    expect(codes((await choose(order.token, "CANCEL")).userErrors)).toEqual(["CHOICE_NOT_ALLOWED"]);
    expect(await shopSnapshot(server, off.shopId)).toEqual(before);
    expect((await gqlData(server.graphqlUrl, `{ me { shop { customersMayChoose } } }`, {}, off.token)).me.shop.customersMayChoose).toBe(false);
    // Another shop's merchant never reaches this order's link, and a shop outside Brazil starts with choices off.
    expect((await gql(server.graphqlUrl, LINK, { id: order.id }, shop.token)).data?.order).toBeNull();
    const abroad = await server.services.shops.createShop({ name: "Sklep", currency: "PLN", locale: "pl" });
    expect(abroad.customersMayChoose).toBe(false);
  });
});

describe("the order page's throttling", () => {
  it("limits each address like the refund links, with the seconds to wait", async () => {
    const server = await startTestServer("sqlite", { trustProxy: true, config: { refundLinkLimits: { requestsPerAddress: 3, requestsPerLink: 100, windowSeconds: 60, blockSeconds: 90 } } });
    try {
      const from = async (query: string, variables: Record<string, unknown>) =>
        (await (
          await fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.9.9.9" }, body: JSON.stringify({ query, variables }) })
        ).json()) as { data?: any; errors?: Array<{ extensions?: { code?: string; retryAfterSeconds?: number } }> };
      for (let i = 0; i < 3; i++) expect((await from(PAGE, { t: `guess-${i}` })).data.orderPage).toBeNull();
      const throttled = await from(PAGE, { t: "guess-4" });
      expect(throttled.errors?.[0]?.extensions).toEqual({ code: "THROTTLED", retryAfterSeconds: expect.any(Number) });
      const chosen = await from(CHOOSE, { input: { token: "guess-5", choice: "CANCEL" } });
      expect(chosen.data.chooseForOrder).toMatchObject({ userErrors: [{ code: "THROTTLED" }], retryAfterSeconds: expect.any(Number) });
    } finally {
      await server.stop();
    }
  });
});
