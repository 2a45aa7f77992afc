import { generateCnpj, generateCpf } from "@brazilian-utils/brazilian-utils";
import { randomUUID } from "node:crypto";
import { captureLogs } from "../helpers/logs";
import { createSchema, createServices } from "../../server/src/app";
import { startHttpServer } from "../../server/src/infra/http/server";
import { createLogger } from "../../server/src/infra/logging/logger";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase } from "../helpers/databases";
import { REFUND_LINK_ISSUED_TOPIC } from "../../server/src/modules/refunds/refund-link.service";
import { CANCEL, createShop, customer, PLACE_ORDER, SHIP_AVAILABLE, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const DAY = 24 * 3600_000;
const REQUEST = `query($t: String!) { refundRequest(token: $t) { shopName orderNumber amount { amount currency } status expiresAt lines { name quantity amount { amount } } locale } }`;
const SUBMIT = `mutation($input: SubmitRefundDetailsInput!) { submitRefundDetails(input: $input) { refundRequest { status orderNumber } userErrors { field code message } attemptsLeft retryAfterSeconds } }`;
const RESEND = `mutation($id: ID!) { resendRefundLink(refundId: $id) { link refund { id status payoutDetails linkExpiresAt } userErrors { field code message } } }`;
const CANCEL_WITH_LINK = `mutation($id: ID!, $to: RefundDestination!, $reason: String!) { cancelOrder(orderId: $id, refundTo: $to, reason: $reason) { refundLink refund { id status amount { amount } } userErrors { code } } }`;
const ORDER_REFUNDS = `query($id: ID!) { order(id: $id) { refunds { id status payoutDetails linkExpiresAt } events { type actor { type } } } }`;

/** A bank account whose check digit passes (from @brazilian-utils' own examples). */
const bankAccount = (overrides: Record<string, unknown> = {}) => ({
  bankCode: "001",
  branch: "1584",
  account: "00210169-6",
  accountType: "CHECKING",
  holderName: "Joana Pereira Lima",
  holderDocument: generateCpf(),
  ...overrides,
});

const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

describe.each(databaseKinds())("the customer's refund link on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  let clockOffset = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      config: {
        clock: () => new Date(Date.now() + clockOffset),
        refundLinkLimits: { requestsPerAddress: 100_000, requestsPerLink: 100_000, windowSeconds: 60, blockSeconds: 60 },
      },
    });
    shop = await createShop(server, { PLENTY: [1000, 100_000] }, "Loja da Ana");
    other = await createShop(server, { PLENTY: [1000, 100_000] }, "Outra loja");
  });
  afterAll(() => server.stop());
  afterEach(() => (clockOffset = 0));

  /** An order of 2 PLENTY (R$ 20 + R$ 5 shipping) cancelled with a refund to the customer. */
  const refundToCustomer = async (who = customer()) => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines: [{ skuCode: "PLENTY", quantity: 2 }], shipping: 500 } }, shop.token);
    const orderId = placed.placeOrder.order.id as string;
    const { cancelOrder } = await gqlData(server.graphqlUrl, CANCEL_WITH_LINK, { id: orderId, to: "CUSTOMER", reason: "sem estoque" }, shop.token);
    expect(cancelOrder.userErrors).toEqual([]);
    return { orderId, refundId: cancelOrder.refund.id as string, link: cancelOrder.refundLink as string, token: tokenOf(cancelOrder.refundLink), cpf: who.cpf as string, customer: who };
  };
  const request = async (token: string) => (await gqlData(server.graphqlUrl, REQUEST, { t: token })).refundRequest;
  const submit = async (input: Record<string, unknown>) => (await gqlData(server.graphqlUrl, SUBMIT, { input })).submitRefundDetails;
  const refundRow = async (refundId: string) => (await server.db.query<any>("SELECT * FROM refund WHERE id = ?", [Number(refundId)]))[0];
  const eventTypes = async (orderId: string) =>
    (await server.db.query<{ type: string; actor_type: string }>("SELECT type, actor_type FROM order_event WHERE order_id = ? ORDER BY id", [Number(orderId)])).map((e) => `${e.type}:${e.actor_type}`);

  it("is returned once by cancelOrder, shows the refund without personal data, and takes the customer's details once", async () => {
    const r = await refundToCustomer();
    expect(r.link).toMatch(/^http:\/\/localhost:4000\/refund\/[A-Za-z0-9_-]{43}$/);
    const row = await refundRow(r.refundId);
    expect(row.status).toBe("AWAITING_CUSTOMER_DETAILS");
    expect(JSON.stringify(row)).not.toContain(r.token); // only the hash is stored
    expect(row.link_token_hash).toMatch(/^[0-9a-f]{64}$/);

    const shown = await request(r.token);
    expect(shown).toMatchObject({ shopName: expect.stringContaining("Loja da Ana"), amount: { amount: 2500, currency: "BRL" }, status: "AWAITING_CUSTOMER_DETAILS", locale: "pt-BR" });
    expect(shown.lines).toEqual([{ name: "Item PLENTY", quantity: 2, amount: { amount: 2000 } }]);
    expect(Math.abs(new Date(shown.expiresAt).getTime() - (Date.now() + 14 * DAY))).toBeLessThan(60_000);
    const raw = JSON.stringify(shown);
    for (const personal of [r.customer.name, r.customer.email, r.cpf]) expect(raw).not.toContain(personal);

    const done = await submit({ token: r.token, cpf: r.cpf, pix: { keyType: "EMAIL", key: "ana.souza@example.com" } });
    expect(done).toEqual({ refundRequest: { status: "READY_FOR_PAYOUT", orderNumber: shown.orderNumber }, userErrors: [], attemptsLeft: null, retryAfterSeconds: null });

    const merchant = (await gqlData(server.graphqlUrl, ORDER_REFUNDS, { id: r.orderId }, shop.token)).order;
    expect(merchant.refunds).toEqual([expect.objectContaining({ id: r.refundId, status: "READY_FOR_PAYOUT", payoutDetails: "PIX EMAIL ana***@***.com" })]);
    expect(await eventTypes(r.orderId)).toEqual(["ORDER_PLACED:STAFF", "ORDER_CANCELLED:STAFF", "REFUND_CREATED:STAFF", "REFUND_LINK_ISSUED:STAFF", "REFUND_DETAILS_RECEIVED:CUSTOMER"]);

    // Used: refused, and nothing changes.
    const before = await refundRow(r.refundId);
    const again = await submit({ token: r.token, cpf: r.cpf, pix: { keyType: "EMAIL", key: "mallory@example.com" } });
    expect(again.userErrors).toEqual([expect.objectContaining({ field: "token", code: "LINK_USED" })]);
    expect(await refundRow(r.refundId)).toEqual(before);
    expect((await request(r.token)).status).toBe("READY_FOR_PAYOUT");
    // A used link cannot be re-sent either.
    const resent = (await gqlData(server.graphqlUrl, RESEND, { id: r.refundId }, shop.token)).resendRefundLink;
    expect(resent.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
  });

  it("is given by shipAvailableItems for a refund to the customer only, and queued encrypted for the e-mail", async () => {
    const ship = `mutation($id: ID!, $to: RefundDestination!) { shipAvailableItems(orderId: $id, refundTo: $to) { refundLink refund { id } userErrors { code } } }`;
    const scarce = await createShop(server, { A: [1000, 1], B: [700, 0] });
    const links: Array<string | null> = [];
    for (const to of ["CUSTOMER", "MERCHANT"]) {
      const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 1 }, { skuCode: "B", quantity: 1 }] } }, scarce.token);
      const result = (await gqlData(server.graphqlUrl, ship, { id: placed.placeOrder.order.id, to }, scarce.token)).shipAvailableItems;
      if (to === "CUSTOMER") expect(result.userErrors).toEqual([]);
      links.push(result.refundLink);
      if (to === "CUSTOMER") {
        const rows = await server.db.query<{ payload: string; topic: string }>("SELECT topic, payload FROM outbox_message WHERE shop_id = ? AND topic = ?", [scarce.shopId, REFUND_LINK_ISSUED_TOPIC]);
        expect(rows).toHaveLength(1);
        expect(rows[0]!.payload).not.toContain(tokenOf(result.refundLink));
        const payload = JSON.parse(rows[0]!.payload);
        expect(server.services.cipher.decrypt(payload.token, `refund-link:${result.refund.id}`)).toBe(tokenOf(result.refundLink));
        expect((await request(tokenOf(result.refundLink))).amount.amount).toBe(700);
        // Restock so the next order is short again.
        await server.db.transaction((tx) => tx.run("UPDATE stock_level SET on_hand = on_hand + 1 WHERE sku_id = ?", [scarce.skus.A]));
      }
    }
    expect(links[0]).toMatch(/\/refund\//);
  });

  it("gives a MERCHANT refund no link", async () => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "PLENTY", quantity: 1 }] } }, shop.token);
    const { cancelOrder } = await gqlData(server.graphqlUrl, CANCEL_WITH_LINK, { id: placed.placeOrder.order.id, to: "MERCHANT", reason: "x" }, shop.token);
    expect(cancelOrder.refundLink).toBeNull();
    const resent = (await gqlData(server.graphqlUrl, RESEND, { id: cancelOrder.refund.id }, shop.token)).resendRefundLink;
    expect(resent.userErrors).toEqual([expect.objectContaining({ field: "refundId", code: "INVALID_TRANSITION" })]);
  });

  it("answers null for an unknown, malformed or tampered token, and NOT_FOUND to a submit", async () => {
    const r = await refundToCustomer();
    const flipped = r.token.slice(0, -1) + (r.token.endsWith("A") ? "B" : "A");
    for (const token of [flipped, "abc", "", "x".repeat(10_000), r.token.toUpperCase()]) {
      expect(await request(token)).toBeNull();
      const refused = await submit({ token, cpf: r.cpf, pix: { keyType: "CPF", key: r.cpf } });
      expect(refused.userErrors).toEqual([expect.objectContaining({ field: "token", code: "NOT_FOUND" })]);
    }
    expect((await refundRow(r.refundId)).cpf_attempts).toBe(0);
  });

  it("expires after REFUND_LINK_DAYS; re-sending reopens it and the old token stops working", async () => {
    const r = await refundToCustomer();
    clockOffset = 14 * DAY + 1000;
    expect((await request(r.token)).status).toBe("EXPIRED");
    const merchant = (await gqlData(server.graphqlUrl, ORDER_REFUNDS, { id: r.orderId }, shop.token)).order;
    expect(merchant.refunds[0].status).toBe("EXPIRED");
    const before = await refundRow(r.refundId);
    const refused = await submit({ token: r.token, cpf: r.cpf, pix: { keyType: "CPF", key: r.cpf } });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "LINK_EXPIRED" })]);
    expect(await refundRow(r.refundId)).toEqual(before);

    // Another shop's staff cannot re-send it.
    const foreign = (await gqlData(server.graphqlUrl, RESEND, { id: r.refundId }, other.token)).resendRefundLink;
    expect(foreign).toEqual({ link: null, refund: null, userErrors: [expect.objectContaining({ field: "refundId", code: "NOT_FOUND" })] });
    expect(await refundRow(r.refundId)).toEqual(before);

    const resent = (await gqlData(server.graphqlUrl, RESEND, { id: r.refundId }, shop.token)).resendRefundLink;
    expect(resent.userErrors).toEqual([]);
    expect(resent.refund).toMatchObject({ id: r.refundId, status: "AWAITING_CUSTOMER_DETAILS", payoutDetails: null });
    const token = tokenOf(resent.link);
    expect(token).not.toBe(r.token);
    expect(await request(r.token)).toBeNull();
    expect((await request(token)).status).toBe("AWAITING_CUSTOMER_DETAILS");
    const done = await submit({ token, cpf: r.cpf, pix: { keyType: "CPF", key: r.cpf } });
    expect(done.userErrors).toEqual([]);
    expect(await eventTypes(r.orderId)).toEqual(["ORDER_PLACED:STAFF", "ORDER_CANCELLED:STAFF", "REFUND_CREATED:STAFF", "REFUND_LINK_ISSUED:STAFF", "REFUND_LINK_ISSUED:STAFF", "REFUND_DETAILS_RECEIVED:CUSTOMER"]);
  });

  it("refuses resendRefundLink without a session", async () => {
    const r = await refundToCustomer();
    const result = await gql(server.graphqlUrl, RESEND, { id: r.refundId });
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  describe("PIX keys: each type, valid and invalid", () => {
    const cases: Array<[string, () => string, string, string]> = [
      ["CPF", () => generateCpf(), "123.456.789-00", "PIX CPF ***.***."],
      ["CNPJ", () => generateCnpj(), "11.111.111/1111-11", "PIX CNPJ **.***.***/"],
      ["EMAIL", () => "fulano.tal@example.com.br", "fulano@", "PIX EMAIL ful***@***.br"],
      ["PHONE", () => "(11) 98765-4321", "(11) 3456-7890", "PIX PHONE ****-4321"],
      ["RANDOM", () => randomUUID(), "not-a-random-key", "PIX RANDOM ****"],
    ];
    it.each(cases)("%s", async (keyType, valid, invalid, masked) => {
      const r = await refundToCustomer();
      // Invalid, and a valid key of another type: refused on the field, nothing counted or changed.
      const otherType = keyType === "EMAIL" ? generateCpf() : "someone@example.com";
      for (const key of [invalid, otherType, ""]) {
        const refused = await submit({ token: r.token, cpf: r.cpf, pix: { keyType, key } });
        expect(refused.userErrors).toEqual([expect.objectContaining({ field: "pix.key", code: "INVALID_PIX_KEY" })]);
      }
      expect(await refundRow(r.refundId)).toMatchObject({ status: "AWAITING_CUSTOMER_DETAILS", cpf_attempts: 0, payout_details: null });
      const key = valid();
      const done = await submit({ token: r.token, cpf: r.cpf, pix: { keyType, key } });
      expect(done.userErrors).toEqual([]);
      const row = await refundRow(r.refundId);
      expect(row.payout_details_masked.startsWith(masked)).toBe(true);
      expect(JSON.stringify(row)).not.toContain(key.replace(/\D/g, "").length >= 8 ? key.replace(/\D/g, "") : key);
      expect(JSON.stringify(row)).not.toContain(key);
    });
  });

  it("checks a bank account's bank, check digit, holder document, and asks for exactly one destination", async () => {
    const r = await refundToCustomer();
    const refusedWith = async (input: Record<string, unknown>) => (await submit({ token: r.token, cpf: r.cpf, ...input })).userErrors.map((e: any) => `${e.field}:${e.code}`);
    expect(await refusedWith({ bankAccount: bankAccount({ account: "00210169-5" }) })).toEqual(["bankAccount.account:INVALID_BANK_ACCOUNT"]);
    expect(await refusedWith({ bankAccount: bankAccount({ bankCode: "999" }) })).toEqual(["bankAccount.bankCode:UNKNOWN_BANK"]);
    expect(await refusedWith({ bankAccount: bankAccount({ branch: "12ab" }) })).toEqual(["bankAccount.branch:INVALID_FORMAT"]);
    expect(await refusedWith({ bankAccount: bankAccount({ account: "abc" }) })).toEqual(["bankAccount.account:INVALID_FORMAT"]);
    expect(await refusedWith({ bankAccount: bankAccount({ holderDocument: "111.111.111-11" }) })).toEqual(["bankAccount.holderDocument:INVALID_DOCUMENT"]);
    expect(await refusedWith({ bankAccount: bankAccount({ holderName: "  " }) })).toEqual(["bankAccount.holderName:REQUIRED"]);
    expect(await refusedWith({ bankAccount: bankAccount(), pix: { keyType: "CPF", key: r.cpf } })).toEqual(["null:INVALID_FORMAT"]);
    expect(await refusedWith({})).toEqual(["null:REQUIRED"]);
    expect(await refundRow(r.refundId)).toMatchObject({ status: "AWAITING_CUSTOMER_DETAILS", cpf_attempts: 0, payout_details: null });
    // The check digit may come without the dash.
    expect(await refusedWith({ bankAccount: bankAccount({ account: "002101696" }) })).toEqual([]);
  });

  it("locks at exactly five wrong CPFs sent at once; re-sending unlocks", async () => {
    const r = await refundToCustomer();
    const wrong = () => generateCpf();
    const results = await Promise.all(Array.from({ length: 6 }, () => submit({ token: r.token, cpf: wrong(), pix: { keyType: "EMAIL", key: "a@example.com" } })));
    const codes = results.map((x) => x.userErrors[0].code).sort();
    expect(codes).toEqual(["CPF_MISMATCH", "CPF_MISMATCH", "CPF_MISMATCH", "CPF_MISMATCH", "CPF_MISMATCH", "LINK_LOCKED"]);
    // Each wrong CPF says how many are left, down to 0 for the one that locked the link.
    expect(results.filter((x) => x.userErrors[0].code === "CPF_MISMATCH").map((x) => x.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(results.find((x) => x.userErrors[0].code === "LINK_LOCKED")!.attemptsLeft).toBeNull();
    expect(await refundRow(r.refundId)).toMatchObject({ status: "LOCKED", cpf_attempts: 5 });
    expect((await eventTypes(r.orderId)).filter((e) => e.startsWith("REFUND_LOCKED"))).toEqual(["REFUND_LOCKED:CUSTOMER"]);
    // The right CPF no longer helps.
    const late = await submit({ token: r.token, cpf: r.cpf, pix: { keyType: "EMAIL", key: "a@example.com" } });
    expect(late.userErrors).toEqual([expect.objectContaining({ code: "LINK_LOCKED" })]);
    expect((await request(r.token)).status).toBe("LOCKED");

    const resent = (await gqlData(server.graphqlUrl, RESEND, { id: r.refundId }, shop.token)).resendRefundLink;
    expect(resent.refund.status).toBe("AWAITING_CUSTOMER_DETAILS");
    expect(await refundRow(r.refundId)).toMatchObject({ status: "AWAITING_CUSTOMER_DETAILS", cpf_attempts: 0 });
    const ok = await submit({ token: tokenOf(resent.link), cpf: r.cpf.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, "$1.$2.$3-$4"), pix: { keyType: "EMAIL", key: "a@example.com" } });
    expect(ok.userErrors).toEqual([]);
  });

  it("tells a malformed CPF (INVALID_CPF, not counted) from a wrong one (CPF_MISMATCH, counted)", async () => {
    const r = await refundToCustomer();
    const malformed = await submit({ token: r.token, cpf: "123.456.789-00", pix: { keyType: "EMAIL", key: "a@example.com" } });
    expect(malformed.userErrors).toEqual([expect.objectContaining({ field: "cpf", code: "INVALID_CPF" })]);
    expect((await refundRow(r.refundId)).cpf_attempts).toBe(0);
    const wrong = await submit({ token: r.token, cpf: generateCpf(), pix: { keyType: "EMAIL", key: "a@example.com" } });
    expect(wrong.userErrors).toEqual([expect.objectContaining({ field: "cpf", code: "CPF_MISMATCH", message: expect.stringContaining("4 attempts left") })]);
    expect((await refundRow(r.refundId)).cpf_attempts).toBe(1);
  });

  it("lets exactly one of two simultaneous submits of a link win", async () => {
    const r = await refundToCustomer();
    const results = await Promise.all([
      submit({ token: r.token, cpf: r.cpf, pix: { keyType: "EMAIL", key: "first@example.com" } }),
      submit({ token: r.token, cpf: r.cpf, pix: { keyType: "EMAIL", key: "second@example.com" } }),
    ]);
    const winners = results.filter((x) => x.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    expect(results.find((x) => x.userErrors.length)!.userErrors).toEqual([expect.objectContaining({ code: "LINK_USED" })]);
    expect((await eventTypes(r.orderId)).filter((e) => e.startsWith("REFUND_DETAILS_RECEIVED"))).toHaveLength(1);
  });

  it("stores bank details encrypted only, and shows the merchant them masked", async () => {
    const r = await refundToCustomer();
    const account = bankAccount({ holderName: "Joana Pereira Lima", holderDocument: generateCnpj() });
    const done = await submit({ token: r.token, cpf: r.cpf, bankAccount: account });
    expect(done.userErrors).toEqual([]);
    const row = await refundRow(r.refundId);
    const events = await server.db.query<any>("SELECT * FROM order_event WHERE order_id = ?", [Number(r.orderId)]);
    const outbox = await server.db.query<any>("SELECT * FROM outbox_message WHERE shop_id = ?", [shop.shopId]);
    const stored = JSON.stringify([row, events, outbox]);
    for (const secret of ["00210169", "Joana", "Pereira", account.holderDocument, account.holderDocument.replace(/\D/g, "")]) expect(stored).not.toContain(secret);
    expect(row.payout_details).toMatch(/^enc:v1:/);
    expect(row.payout_details_masked).toBe("001 CHECKING ****-6");
    const merchant = (await gqlData(server.graphqlUrl, ORDER_REFUNDS, { id: r.orderId }, shop.token)).order;
    expect(merchant.refunds[0].payoutDetails).toBe("001 CHECKING ****-6");
    // The sealed details are bound to their refund: copied to another row they do not decrypt.
    expect(() => server.services.cipher.decrypt(row.payout_details, `refund:${Number(r.refundId) + 1}:payout-details`)).toThrow();
    expect(JSON.parse(server.services.cipher.decrypt(row.payout_details, `refund:${r.refundId}:payout-details`))).toMatchObject({ kind: "BANK_ACCOUNT", account: "00210169", accountDigit: "6" });
  });

  it("searches the banks by name or code, at most 20", async () => {
    const banks = async (search: string | null) => (await gqlData(server.graphqlUrl, `query($s: String) { banks(search: $s) { code name } }`, { s: search })).banks;
    expect(await banks("001")).toEqual(expect.arrayContaining([expect.objectContaining({ code: "001", name: expect.stringMatching(/Banco do Brasil/i) })]));
    expect((await banks("itau")).map((b: any) => b.code)).toContain("341");
    expect((await banks(null)).length).toBe(20);
    expect((await banks("banco")).length).toBeLessThanOrEqual(20);
    expect(await banks("zzzz-no-such-bank")).toEqual([]);
  });
});

describe.each(databaseKinds())("the public refund endpoints' throttling on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind, { trustProxy: true, config: { refundLinkLimits: { requestsPerAddress: 4, requestsPerLink: 6, windowSeconds: 60, blockSeconds: 90 } } });
    shop = await createShop(server, { PLENTY: [1000, 1000] });
  });
  afterAll(() => server.stop());

  /** One public request from a given client address (TRUST_PROXY believes X-Forwarded-For). */
  const from = async (address: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string; retryAfterSeconds?: number } }> };
  };

  it("limits each client address, then says how long to wait", async () => {
    for (let i = 0; i < 4; i++) expect((await from("10.0.0.1", REQUEST, { t: `guess-${i}` })).data.refundRequest).toBeNull();
    const throttled = await from("10.0.0.1", REQUEST, { t: "guess-5" });
    expect(throttled.errors?.[0]).toEqual({
      message: expect.stringMatching(/try again in \d+ seconds/),
      extensions: { code: "THROTTLED", retryAfterSeconds: expect.any(Number) },
      path: ["refundRequest"],
      locations: expect.anything(),
    });
    expect(throttled.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(60);
    const submitted = await from("10.0.0.1", SUBMIT, { input: { token: "guess-6", cpf: generateCpf(), pix: { keyType: "EMAIL", key: "a@example.com" } } });
    expect(submitted.data.submitRefundDetails.userErrors).toEqual([{ field: null, code: "THROTTLED", message: expect.stringMatching(/try again in \d+ seconds/) }]);
    expect(submitted.data.submitRefundDetails.retryAfterSeconds).toBeGreaterThan(60);
    // Another address is not held up.
    expect((await from("10.0.0.2", REQUEST, { t: "guess" })).errors).toBeUndefined();
  });

  it("limits each link, whatever the address, and a throttled submit changes nothing", async () => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "PLENTY", quantity: 1 }] } }, shop.token);
    const cancelled = await gqlData(server.graphqlUrl, CANCEL_WITH_LINK, { id: placed.placeOrder.order.id, to: "CUSTOMER", reason: "x" }, shop.token);
    const token = tokenOf(cancelled.cancelOrder.refundLink);
    for (let i = 0; i < 6; i++) expect((await from(`10.1.0.${i}`, REQUEST, { t: token })).data.refundRequest.status).toBe("AWAITING_CUSTOMER_DETAILS");
    const throttled = await from("10.1.1.1", SUBMIT, { input: { token, cpf: generateCpf(), pix: { keyType: "EMAIL", key: "a@example.com" } } });
    expect(throttled.data.submitRefundDetails.userErrors).toEqual([expect.objectContaining({ code: "THROTTLED" })]);
    const [row] = await server.db.query<any>("SELECT status, cpf_attempts FROM refund WHERE id = ?", [Number(cancelled.cancelOrder.refund.id)]);
    expect(row).toMatchObject({ status: "AWAITING_CUSTOMER_DETAILS", cpf_attempts: 0 });
  });
});

describe("the refund link in the logs", () => {
  it("never carries the token, the CPF, a PIX key or bank details", async () => {
    const { sink, lines } = captureLogs();
    const logger = createLogger("debug", sink);
    const testDb = await createTestDatabase("sqlite");
    const db = await openAppDatabase(testDb.options);
    const services = createServices(db, { sessionTtlHours: 1, publicUrl: "https://loja.example", refundLinkDays: 3 });
    const server = await startHttpServer({
      schema: await createSchema(services, { maxPageSize: 100 }),
      port: 0,
      host: "127.0.0.1",
      webDist: "/nonexistent",
      logger,
      authenticate: (token) => services.auth.authenticate(token),
    });
    try {
      const shop = await services.shops.createShop({ name: "Logs", currency: "BRL", locale: "pt-BR" });
      await services.auth.createStaffUser({ shopId: shop.id, email: "owner@logs.test", name: "Owner", password: "s3cret-passw0rd" });
      await services.catalog.createSkus(shop.id, [{ code: "A", name: "A", price: 100, onHand: 5 }]);
      const url = `${server.url}/graphql`;
      const { login } = await gqlData(url, `mutation { login(email: "owner@logs.test", password: "s3cret-passw0rd") { token } }`);
      const cpf = generateCpf();
      const links: string[] = [];
      for (let i = 0; i < 2; i++) {
        const placed = await gqlData(url, PLACE_ORDER, { input: { customer: customer({ cpf }), lines: [{ skuCode: "A", quantity: 1 }] } }, login.token);
        links.push((await gqlData(url, CANCEL_WITH_LINK, { id: placed.placeOrder.order.id, to: "CUSTOMER", reason: "x" }, login.token)).cancelOrder.refundLink);
      }
      expect(links[0]).toMatch(/^https:\/\/loja\.example\/refund\//);
      const [pixToken, bankToken] = links.map(tokenOf) as [string, string];
      const holderDocument = generateCnpj();
      await gqlData(url, REQUEST, { t: pixToken });
      await gqlData(url, SUBMIT, { input: { token: pixToken, cpf: generateCpf(), pix: { keyType: "EMAIL", key: "wrong.person@private.test" } } });
      expect((await gqlData(url, SUBMIT, { input: { token: pixToken, cpf, pix: { keyType: "EMAIL", key: "beatriz.key@private.test" } } })).submitRefundDetails.userErrors).toEqual([]);
      expect((await gqlData(url, SUBMIT, { input: { token: bankToken, cpf, bankAccount: bankAccount({ holderName: "Beatriz Holder", holderDocument }) } })).submitRefundDetails.userErrors).toEqual([]);

      const all = lines.join("");
      expect(lines.filter((l) => l.includes(`"msg":"graphql"`)).length).toBeGreaterThanOrEqual(9); // every operation was logged
      for (const secret of [pixToken, bankToken, cpf, "wrong.person", "beatriz.key", "00210169", "Beatriz Holder", holderDocument, holderDocument.replace(/\D/g, "")]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await server.stop();
      await db.close();
      await testDb.drop();
    }
  });
});
