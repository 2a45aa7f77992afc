import { generateCnpj } from "@brazilian-utils/brazilian-utils";
import { createShop, customer, PLACE_ORDER, SET_PAYOUT_ACCOUNT, shopSnapshot, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const PAYOUT_ACCOUNT = `query { me { shop { id payoutAccount { kind masked updatedAt } } } }`;
const CANCEL = `mutation($id: ID!, $to: RefundDestination!, $coupon: ApologyCouponInput) {
  cancelOrder(orderId: $id, refundTo: $to, reason: "sem estoque", apologyCoupon: $coupon) {
    order { status } refund { id status destination payoutDetails } refundLink apologyCoupon { code } userErrors { field code message }
  }
}`;

/** A bank account whose check digit passes (from @brazilian-utils' own examples). */
const BANK_ACCOUNT = { bankCode: "001", branch: "1584", account: "00210169-6", accountType: "CHECKING", holderName: "Loja Exemplo Ltda", holderDocument: generateCnpj() };

describe.each(databaseKinds())("the merchant's payout account on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  const place = async (shop: ShopFixture, cpf?: string | null) =>
    (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(cpf === undefined ? {} : { cpf }), lines: [{ skuCode: "A", quantity: 1 }] } }, shop.token)).placeOrder
      .order.id as string;
  const setAccount = async (shop: ShopFixture, input: Record<string, unknown>) => (await gqlData(server.graphqlUrl, SET_PAYOUT_ACCOUNT, { input }, shop.token)).setPayoutAccount;
  const rawAccount = async (shopId: number) => (await server.db.query<{ details: string; details_masked: string }>("SELECT details, details_masked FROM shop_payout_account WHERE shop_id = ?", [shopId]))[0];

  it("refuses a refund to the merchant while no account is on file, changing nothing; then takes it once one is set", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Sem conta", { payoutAccount: false });
    expect((await gqlData(server.graphqlUrl, PAYOUT_ACCOUNT, {}, shop.token)).me.shop.payoutAccount).toBeNull();
    const orderId = await place(shop);
    const before = await shopSnapshot(server, shop.shopId);

    const refused = (await gqlData(server.graphqlUrl, CANCEL, { id: orderId, to: "MERCHANT", coupon: { kind: "PERCENT", value: 10 } }, shop.token)).cancelOrder;
    expect(refused).toMatchObject({ order: null, refund: null, apologyCoupon: null, userErrors: [{ field: "refundTo", code: "PAYOUT_ACCOUNT_MISSING" }] });
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await server.db.query("SELECT id FROM coupon WHERE shop_id = ?", [shop.shopId])).toEqual([]);

    const set = await setAccount(shop, { pix: { keyType: "EMAIL", key: "Financeiro@Loja.test" } });
    expect(set).toMatchObject({ userErrors: [], payoutAccount: { kind: "PIX", masked: "PIX EMAIL fin***@***.test" } });
    const cancelled = (await gqlData(server.graphqlUrl, CANCEL, { id: orderId, to: "MERCHANT" }, shop.token)).cancelOrder;
    expect(cancelled).toMatchObject({
      userErrors: [],
      order: { status: "CANCELLED" },
      refundLink: null,
      refund: { destination: "MERCHANT", status: "READY_FOR_PAYOUT", payoutDetails: "PIX EMAIL fin***@***.test" },
    });
  });

  it("validates the account like the customer's details and keeps it encrypted, masked in every view", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Validação", { payoutAccount: false });
    const refusals = async (input: Record<string, unknown>) => (await setAccount(shop, input)).userErrors.map((e: { field: string | null; code: string }) => `${e.field}:${e.code}`);
    expect(await refusals({})).toEqual(["null:REQUIRED"]);
    expect(await refusals({ pix: { keyType: "CPF", key: "111.111.111-11" } })).toEqual(["pix.key:INVALID_PIX_KEY"]);
    expect(await refusals({ pix: { keyType: "PHONE", key: "12" }, bankAccount: BANK_ACCOUNT })).toEqual(["null:INVALID_FORMAT"]);
    expect(await refusals({ bankAccount: { ...BANK_ACCOUNT, account: "00210169-5" } })).toEqual(["bankAccount.account:INVALID_BANK_ACCOUNT"]);
    expect(await refusals({ bankAccount: { ...BANK_ACCOUNT, holderDocument: "123" } })).toEqual(["bankAccount.holderDocument:INVALID_DOCUMENT"]);
    expect(await rawAccount(shop.shopId)).toBeUndefined();

    const set = await setAccount(shop, { bankAccount: BANK_ACCOUNT });
    expect(set).toMatchObject({ userErrors: [], payoutAccount: { kind: "BANK_ACCOUNT", masked: "001 CHECKING ****-6" } });
    const raw = await rawAccount(shop.shopId);
    for (const plain of ["00210169", "1584", "Loja Exemplo", BANK_ACCOUNT.holderDocument]) expect(raw!.details).not.toContain(plain);
    expect((await gqlData(server.graphqlUrl, PAYOUT_ACCOUNT, {}, shop.token)).me.shop.payoutAccount).toMatchObject({ kind: "BANK_ACCOUNT", masked: "001 CHECKING ****-6" });
  });

  it("gives each refund its own copy: a later change of account does not redirect it, and the export has it in full", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Cópia", { payoutAccount: false });
    await setAccount(shop, { bankAccount: BANK_ACCOUNT });
    const first = (await gqlData(server.graphqlUrl, CANCEL, { id: await place(shop), to: "MERCHANT" }, shop.token)).cancelOrder.refund;
    await setAccount(shop, { pix: { keyType: "PHONE", key: "(11) 98765-4321" } });
    const second = (await gqlData(server.graphqlUrl, CANCEL, { id: await place(shop), to: "MERCHANT" }, shop.token)).cancelOrder.refund;
    expect([first.payoutDetails, second.payoutDetails]).toEqual(["001 CHECKING ****-6", "PIX PHONE ****-4321"]);

    const text = await (await fetch(`${server.url}/exports/refunds.csv`, { headers: { authorization: `Bearer ${shop.token}` } })).text();
    expect(text).toContain(`Banco 001 ag 1584 conta 00210169-6 CHECKING, Loja Exemplo Ltda, CNPJ`);
    expect(text).toContain("PIX PHONE +5511987654321");
  });

  it("is each shop's own: replacing one shop's account under concurrency leaves one row, and another shop never sees it", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Concorrência", { payoutAccount: false });
    const other = await createShop(server, { A: [2500, 10] }, "Outra", { payoutAccount: false });
    const keys = Array.from({ length: 6 }, (_, i) => `caixa${i}@loja.test`);
    const results = await Promise.all(keys.map((key) => setAccount(shop, { pix: { keyType: "EMAIL", key } })));
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    const [rows] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM shop_payout_account WHERE shop_id = ?", [shop.shopId]);
    expect(Number(rows!.n)).toBe(1);
    expect(keys.map((k) => `PIX EMAIL ${k.slice(0, 3)}***@***.test`)).toContain((await gqlData(server.graphqlUrl, PAYOUT_ACCOUNT, {}, shop.token)).me.shop.payoutAccount.masked);
    expect((await gqlData(server.graphqlUrl, PAYOUT_ACCOUNT, {}, other.token)).me.shop.payoutAccount).toBeNull();
    const refused = (await gqlData(server.graphqlUrl, CANCEL, { id: await place(other), to: "MERCHANT" }, other.token)).cancelOrder;
    expect(refused.userErrors.map((e: { code: string }) => e.code)).toEqual(["PAYOUT_ACCOUNT_MISSING"]);
    const anonymous = await gql(server.graphqlUrl, SET_PAYOUT_ACCOUNT, { input: { pix: { keyType: "EMAIL", key: "x@y.test" } } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a refund to a customer without a CPF on file (the link is confirmed with it), changing nothing", async () => {
    const shop = await createShop(server, { A: [2500, 10] }, "Sem CPF");
    const orderId = await place(shop, null);
    const before = await shopSnapshot(server, shop.shopId);
    const refused = (await gqlData(server.graphqlUrl, CANCEL, { id: orderId, to: "CUSTOMER" }, shop.token)).cancelOrder;
    expect(refused).toMatchObject({ order: null, refundLink: null, userErrors: [{ field: "refundTo", code: "CUSTOMER_CPF_MISSING" }] });
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect((await gqlData(server.graphqlUrl, CANCEL, { id: orderId, to: "MERCHANT" }, shop.token)).cancelOrder).toMatchObject({ userErrors: [], refund: { status: "READY_FOR_PAYOUT" } });
  });
});
