import { captureLogs } from "../helpers/logs";
import { DataCipher } from "../../server/src/infra/crypto/data-cipher";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const CANCEL_WITH_LINK = `mutation($id: ID!, $to: RefundDestination!, $reason: String!) { cancelOrder(orderId: $id, refundTo: $to, reason: $reason) { refundLink refund { id } userErrors { code } } }`;
const SUBMIT = `mutation($input: SubmitRefundDetailsInput!) { submitRefundDetails(input: $input) { refundRequest { status } userErrors { field code message } } }`;
const REFUND = `query($id: ID!) { refund(id: $id) { id status payoutDetails } }`;
const ORDER_REFUNDS = `query($id: ID!) { order(id: $id) { refunds { id payoutDetails } events { type data } } }`;

const HOLDER_CPF = "529.982.247-25";
const PIX_EMAIL = "ana.full@example.com";

describe.each(databaseKinds())("the payout export's details on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  const { sink: logSink, lines: logLines } = captureLogs();

  beforeAll(async () => {
    server = await startTestServer(kind, {
      logSink,
      config: { refundLinkLimits: { requestsPerAddress: 100_000, requestsPerLink: 100_000, windowSeconds: 60, blockSeconds: 60 } },
    });
    shop = await createShop(server, { A: [1000, 1000] }, "Export details");
  });
  afterAll(() => server.stop());

  /** A refund to the customer whose details the customer gave on the link: READY_FOR_PAYOUT. */
  const readyRefund = async (details: Record<string, unknown>, name = "Ana Lima") => {
    const who = customer({ name });
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines: [{ skuCode: "A", quantity: 1 }] } }, shop.token);
    const orderId = placed.placeOrder.order.id as string;
    const { cancelOrder } = await gqlData(server.graphqlUrl, CANCEL_WITH_LINK, { id: orderId, to: "CUSTOMER", reason: "sem estoque" }, shop.token);
    expect(cancelOrder.userErrors).toEqual([]);
    const link = cancelOrder.refundLink as string;
    const token = link.slice(link.lastIndexOf("/") + 1);
    const submitted = (await gqlData(server.graphqlUrl, SUBMIT, { input: { token, cpf: who.cpf, ...details } })).submitRefundDetails;
    expect(submitted).toEqual({ refundRequest: { status: "READY_FOR_PAYOUT" }, userErrors: [] });
    return { orderId, refundId: cancelOrder.refund.id as string };
  };
  /** The export's payout_details cell of each refund, by refund id. */
  const exported = async () => {
    const response = await fetch(`${server.url}/exports/refunds.csv`, { headers: { authorization: `Bearer ${shop.token}` } });
    expect(response.status).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n").slice(1);
    // The cell is the last one; it is quoted when it holds a comma.
    return new Map(lines.map((l) => [l.slice(0, l.indexOf(",")), /,("(?:[^"]|"")*"|[^,]*)$/.exec(l)![1]!.replace(/^"|"$/g, "").replace(/""/g, '"')]));
  };

  it("carries the full PIX key and bank account; the merchant's GraphQL views stay masked", async () => {
    const pix = await readyRefund({ pix: { keyType: "EMAIL", key: PIX_EMAIL } });
    const bank = await readyRefund({
      bankAccount: { bankCode: "001", branch: "1584", account: "00210169-6", accountType: "CHECKING", holderName: "Ana Lima", holderDocument: HOLDER_CPF },
    });
    const cells = await exported();
    expect(cells.get(pix.refundId)).toBe(`PIX EMAIL ${PIX_EMAIL}`);
    expect(cells.get(bank.refundId)).toBe(`Banco 001 ag 1584 conta 00210169-6 CHECKING, Ana Lima, CPF ${HOLDER_CPF}`);

    for (const { orderId, refundId } of [pix, bank]) {
      const views = JSON.stringify([
        await gqlData(server.graphqlUrl, REFUND, { id: refundId }, shop.token),
        await gqlData(server.graphqlUrl, ORDER_REFUNDS, { id: orderId }, shop.token),
      ]);
      for (const full of [PIX_EMAIL, "00210169", HOLDER_CPF, "52998224725"]) expect(views).not.toContain(full);
    }
    expect((await gqlData(server.graphqlUrl, REFUND, { id: pix.refundId }, shop.token)).refund.payoutDetails).toBe("PIX EMAIL ana***@***.com");
    expect((await gqlData(server.graphqlUrl, REFUND, { id: bank.refundId }, shop.token)).refund.payoutDetails).toBe("001 CHECKING ****-6");
  });

  it("writes a placeholder for tampered details or a key no longer held, still answers 200, and logs no personal data", async () => {
    const tampered = await readyRefund({ pix: { keyType: "CPF", key: HOLDER_CPF } }, "Tampered");
    const rotated = await readyRefund({ pix: { keyType: "EMAIL", key: "rotated.away@example.com" } }, "Rotated");
    const fine = await readyRefund({ pix: { keyType: "EMAIL", key: PIX_EMAIL } }, "Fine");
    const [row] = await server.db.query<{ payout_details: string }>("SELECT payout_details FROM refund WHERE id = ?", [Number(tampered.refundId)]);
    const sealed = row!.payout_details;
    const flipped = sealed.slice(0, -2) + (sealed.endsWith("AA") ? "BB" : "AA");
    await server.db.query("UPDATE refund SET payout_details = ? WHERE id = ?", [flipped, Number(tampered.refundId)]);
    // Sealed, for the right row, with a key this server does not hold (rotated away).
    const foreign = DataCipher.ephemeral().encrypt(JSON.stringify({ kind: "PIX", keyType: "EMAIL", key: "rotated.away@example.com" }), `refund:${rotated.refundId}:payout-details`);
    await server.db.query("UPDATE refund SET payout_details = ? WHERE id = ?", [foreign, Number(rotated.refundId)]);

    const cells = await exported();
    expect(cells.get(tampered.refundId)).toBe("[unreadable: tampered or damaged]");
    expect(cells.get(rotated.refundId)).toBe("[unreadable: key not available]");
    expect(cells.get(fine.refundId)).toBe(`PIX EMAIL ${PIX_EMAIL}`);

    // Everything the server logged since it started: the submissions and both exports.
    const logs = logLines.join("");
    const unreadable = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === "payout details unreadable in the export");
    expect(unreadable).toEqual([
      expect.objectContaining({
        level: 40,
        shopId: shop.shopId,
        count: 2,
        refunds: [{ refundId: Number(tampered.refundId), reason: "TAMPERED" }, { refundId: Number(rotated.refundId), reason: "KEY_NOT_AVAILABLE" }],
      }),
    ]);
    for (const personal of [PIX_EMAIL, "rotated.away@example.com", HOLDER_CPF, "52998224725", sealed.slice(-20), flipped.slice(-20), foreign.slice(-20)]) {
      expect(logs).not.toContain(personal);
    }
  });
});
