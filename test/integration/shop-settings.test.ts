import { fromSqlTimestamp } from "../../server/src/infra/db/dialect";
import { addStaff, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const DAY = 24 * 3600_000;
const SHOP = `{ me { shop { id name currency locale timeZone refundLinkDays currencyLocked } } }`;
const UPDATE = `mutation($input: UpdateShopSettingsInput!) {
  updateShopSettings(input: $input) { shop { id name currency locale timeZone refundLinkDays currencyLocked } userErrors { field code message } } }`;
const SKU_CURRENCY = `{ skus(first: 1) { nodes { code price { amount currency } } } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: CUSTOMER, reason: "sem estoque") { refund { id linkExpiresAt } userErrors { code } } }`;
const RESEND = `mutation($id: ID!) { resendRefundLink(refundId: $id) { refund { linkExpiresAt } userErrors { code } } }`;
const INVITE = `mutation($email: String!) { inviteStaff(email: $email, role: OPERATOR) { invitation { expiresAt } userErrors { code } } }`;
const PREVIEW = `query($id: ID!) { messagePreview(orderId: $id, kind: ORDER_CANCELLED, locale: "en") { text } }`;

describe.each(databaseKinds())("the shop's settings on %s", (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  /** The clock refund links and invitations expire by: real time unless a test fixes it. */
  let fixedNow: Date | null = null;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { mail: { smtpUrl: smtp.url }, config: { clock: () => fixedNow ?? new Date() } });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });
  afterEach(() => {
    fixedNow = null;
  });

  const update = async (shop: { token: string }, input: Record<string, unknown>) => (await gqlData(server.graphqlUrl, UPDATE, { input }, shop.token)).updateShopSettings;
  const shopRow = async (shopId: number) => (await server.db.query("SELECT name, currency, locale, time_zone, refund_link_days, customers_may_choose FROM shop WHERE id = ?", [shopId]))[0];
  const place = async (shop: ShopFixture) => {
    const placed = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 1 }] } }, shop.token)).placeOrder;
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };

  it("changes name, language, currency, time zone and refund link validity together", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Ajustes");
    expect((await gqlData(server.graphqlUrl, SHOP, {}, shop.token)).me.shop).toMatchObject({
      currency: "BRL",
      locale: "pt-BR",
      timeZone: "America/Sao_Paulo",
      refundLinkDays: 14,
      currencyLocked: false,
    });
    const done = await update(shop, { name: "  Sklep Ani  ", locale: "pl", currency: "PLN", timeZone: "Europe/Warsaw", refundLinkDays: 30 });
    expect(done).toMatchObject({
      userErrors: [],
      shop: { name: "Sklep Ani", locale: "pl", currency: "PLN", timeZone: "Europe/Warsaw", refundLinkDays: 30, currencyLocked: false },
    });
    expect((await gqlData(server.graphqlUrl, SHOP, {}, shop.token)).me.shop).toEqual(done.shop);
    // Fields left out stay as they are; UTC is a zone.
    expect((await update(shop, { timeZone: "UTC" })).shop).toMatchObject({ name: "Sklep Ani", locale: "pl", currency: "PLN", timeZone: "UTC", refundLinkDays: 30 });
  });

  it("names every invalid field, with the limits, and a refusal changes nothing", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Recusas");
    const before = await shopRow(shop.shopId);
    const refusals = async (input: Record<string, unknown>) => (await update(shop, input)).userErrors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(await refusals({ name: "   " })).toEqual(["name:REQUIRED"]);
    expect(await refusals({ name: "x".repeat(121) })).toEqual(["name:OUT_OF_RANGE"]);
    expect(await refusals({ locale: "de" })).toEqual(["locale:INVALID_FORMAT"]);
    expect(await refusals({ currency: "JPY" })).toEqual(["currency:INVALID_FORMAT"]);
    expect(await refusals({ timeZone: "Mars/Olympus_Mons" })).toEqual(["timeZone:INVALID_FORMAT"]);
    expect(await refusals({ timeZone: "" })).toEqual(["timeZone:INVALID_FORMAT"]);
    expect(await refusals({ refundLinkDays: 0 })).toEqual(["refundLinkDays:OUT_OF_RANGE"]);
    const tooLong = await update(shop, { refundLinkDays: 91 });
    expect(tooLong.userErrors[0].message).toContain("90");
    // Valid fields beside an invalid one are not applied either; every invalid field is named at once.
    const mixed = await update(shop, { name: "Novo nome", locale: "xx", currency: "BRL", timeZone: "Nowhere", refundLinkDays: 1000 });
    expect(mixed.shop).toBeNull();
    expect(mixed.userErrors.map((e: { field: string }) => e.field)).toEqual(["locale", "timeZone", "refundLinkDays"]);
    expect(await shopRow(shop.shopId)).toEqual(before);
    // 120 characters is the limit, not past it.
    expect((await update(shop, { name: "y".repeat(120), refundLinkDays: 90 })).userErrors).toEqual([]);
  });

  it("keeps the currency once the shop has an order, refusing the whole change", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Moeda");
    expect((await update(shop, { currency: "USD" })).shop.currency).toBe("USD");
    await place(shop);
    expect((await gqlData(server.graphqlUrl, SHOP, {}, shop.token)).me.shop.currencyLocked).toBe(true);
    const before = await shopRow(shop.shopId);
    const refused = await update(shop, { currency: "EUR", name: "Outro nome" });
    expect(refused).toMatchObject({ shop: null, userErrors: [{ field: "currency", code: "CURRENCY_LOCKED" }] });
    expect(refused.userErrors[0].message).toContain("USD");
    expect(await shopRow(shop.shopId)).toEqual(before);
    // The same currency is no change, and the rest applies.
    expect(await update(shop, { currency: "USD", name: "Outro nome" })).toMatchObject({ userErrors: [], shop: { currency: "USD", name: "Outro nome", currencyLocked: true } });
  });

  it("is refused to an OPERATOR with FORBIDDEN, changing nothing; a MANAGER may", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Papéis");
    const before = await shopRow(shop.shopId);
    const operator = await addStaff(server, shop, "OPERATOR");
    const refused = await gql(server.graphqlUrl, UPDATE, { input: { name: "Tomada" } }, operator.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.errors?.[0]?.message).toBe("Changing the shop's settings needs the MANAGER role.");
    expect(await shopRow(shop.shopId)).toEqual(before);
    expect((await gql(server.graphqlUrl, UPDATE, { input: { name: "Anônimo" } })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const manager = await addStaff(server, shop, "MANAGER");
    expect((await update(manager, { name: "Pela gerente" })).userErrors).toEqual([]);
  });

  it("applies to the next request of every session already open, whose cached callers had the old currency and language", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Sessões");
    const colleague = await addStaff(server, shop, "OPERATOR");
    // Both sessions are verified and cached now (for SESSION_CACHE_MS, 10 s by default).
    for (const who of [shop, colleague]) expect((await gqlData(server.graphqlUrl, SKU_CURRENCY, {}, who.token)).skus.nodes[0].price.currency).toBe("BRL");
    expect((await update(shop, { currency: "EUR", locale: "en" })).userErrors).toEqual([]);
    for (const who of [shop, colleague]) expect((await gqlData(server.graphqlUrl, SKU_CURRENCY, {}, who.token)).skus.nodes[0].price.currency).toBe("EUR");
    // The colleague's next order is taken in the new currency, and its customer gets the shop's new language.
    const placed = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 1 }] } }, colleague.token)).placeOrder;
    expect(placed.order.subtotal.currency).toBe("EUR");
    const [row] = await server.db.query<{ currency: string }>("SELECT currency FROM orders WHERE id = ?", [Number(placed.order.id)]);
    expect(row!.currency).toBe("EUR");
  });

  it("issues refund links valid for the shop's days, counted when issued; links already sent keep theirs", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Links");
    fixedNow = new Date("2026-12-01T12:00:00Z");
    expect((await update(shop, { refundLinkDays: 3 })).userErrors).toEqual([]);
    const cancelled = (await gqlData(server.graphqlUrl, CANCEL, { id: await place(shop) }, shop.token)).cancelOrder;
    expect(cancelled.userErrors).toEqual([]);
    expect(new Date(cancelled.refund.linkExpiresAt).getTime()).toBe(fixedNow.getTime() + 3 * DAY);

    expect((await update(shop, { refundLinkDays: 45 })).userErrors).toEqual([]);
    const other = (await gqlData(server.graphqlUrl, CANCEL, { id: await place(shop) }, shop.token)).cancelOrder;
    expect(new Date(other.refund.linkExpiresAt).getTime()).toBe(fixedNow.getTime() + 45 * DAY);
    const [first] = await server.db.query<{ link_expires_at: string | Date }>("SELECT link_expires_at FROM refund WHERE id = ?", [Number(cancelled.refund.id)]);
    expect(fromSqlTimestamp(first!.link_expires_at).getTime()).toBe(fixedNow.getTime() + 3 * DAY);

    // Four days on, the first link has expired; sent again, it gets the shop's days from then.
    fixedNow = new Date(fixedNow.getTime() + 4 * DAY);
    const resent = (await gqlData(server.graphqlUrl, RESEND, { id: cancelled.refund.id }, shop.token)).resendRefundLink;
    expect(resent.userErrors).toEqual([]);
    expect(new Date(resent.refund.linkExpiresAt).getTime()).toBe(fixedNow.getTime() + 45 * DAY);
  });

  it("writes the dates of customer e-mail in the shop's time zone", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Fuso");
    // Issued so that the link expires at 01:30 UTC on 11 December: still the 10th in São Paulo.
    fixedNow = new Date("2026-12-01T01:30:00Z");
    expect((await update(shop, { refundLinkDays: 10 })).userErrors).toEqual([]);
    const orderId = await place(shop);
    expect((await gqlData(server.graphqlUrl, CANCEL, { id: orderId }, shop.token)).cancelOrder.userErrors).toEqual([]);
    const preview = async () => (await gqlData(server.graphqlUrl, PREVIEW, { id: orderId }, shop.token)).messagePreview.text as string;
    expect(await preview()).toContain("by December 10, 2026");
    expect((await update(shop, { timeZone: "Europe/Warsaw" })).userErrors).toEqual([]);
    expect(await preview()).toContain("by December 11, 2026");
  });

  it("writes the expiry of an invitation (staff e-mail) in the shop's time zone", async () => {
    const shop = await createShop(server, {}, "Convites");
    expect((await update(shop, { timeZone: "Asia/Tokyo" })).userErrors).toEqual([]);
    // Invitations last 7 days: this one until 12:00 UTC on 8 December, 21:00 in Tokyo.
    fixedNow = new Date("2026-12-01T12:00:00Z");
    const email = `convidada.${kind}@loja.test`;
    const invited = (await gqlData(server.graphqlUrl, INVITE, { email }, shop.token)).inviteStaff;
    expect(invited).toMatchObject({ userErrors: [], invitation: { expiresAt: "2026-12-08T12:00:00.000Z" } });
    // The invitation is sent before inviteStaff answers (customer e-mail of the other tests may arrive meanwhile).
    const mail = smtp.received.find((m) => m.to.includes(email));
    expect(mail!.text).toMatch(/8 de dezembro de 2026.*21:00/);
  });
});
