import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const SHIP = `mutation($id: ID!) { shipOrder(orderId: $id, input: { carrier: LOGGI, trackingCode: "LGI-1" }) { userErrors { code } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { userErrors { code } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { number lines { id } messages { kind status } } }`;
const REPORT = `mutation($id: ID!, $line: ID!) { reportMissingItems(orderId: $id, lines: [{ orderLineId: $line, quantity: 1 }]) { claim { id } userErrors { code } } }`;
const RESOLVE = `mutation($id: ID!, $outcome: ClaimOutcome!, $to: RefundDestination) { resolveClaim(claimId: $id, outcome: $outcome, refundTo: $to) { userErrors { code } } }`;
const REJECT = `mutation($id: ID!) { rejectClaim(claimId: $id, message: "A transportadora comprovou a entrega completa.") { userErrors { code } } }`;

describe.each(databaseKinds())("the customer's e-mail about their claim on %s", (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { mail: { smtpUrl: smtp.url } });
    shop = await createShop(server, { BOOK: [1000, 100] }, "Livraria");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const call = async (query: string, variables: Record<string, unknown>) => Object.values(await gqlData(server.graphqlUrl, query, variables, shop.token))[0] as any;
  const deliveredWithClaim = async () => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer({ name: "Joana Prado" }), lines: [{ skuCode: "BOOK", quantity: 2 }] } });
    const id = placed.order.id as string;
    await call(SHIP, { id });
    await call(DELIVER, { id });
    const { number, lines } = await call(ORDER, { id });
    const claim = (await call(REPORT, { id, line: lines[0].id })).claim;
    return { id, number: number as number, claimId: claim.id as string };
  };
  const mailsAbout = async (number: number, subject: string) => {
    await server.mail!.flush();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = smtp.received.filter((m) => m.subject === subject && m.subject.includes(`#${number}`));
      if (found.length || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 100));
      await server.mail!.flush();
    }
  };

  it("tells the customer what is done about the missing items, with the refund link when they are refunded", async () => {
    const settled = await deliveredWithClaim();
    expect((await call(RESOLVE, { id: settled.claimId, outcome: "KEEP_AND_SETTLE", to: "CUSTOMER" })).userErrors).toEqual([]);
    const [mail] = await mailsAbout(settled.number, `Pedido #${settled.number}: sua reclamação de itens faltantes`);
    expect(mail).toBeDefined();
    expect(mail!.text).toContain("Você fica com o que chegou e devolvemos o valor pago pelos itens faltantes");
    expect(mail!.text).toContain("1 × Item BOOK");
    expect(mail!.text).toContain("/refund/");
    expect((await call(ORDER, { id: settled.id })).messages).toContainEqual({ kind: "CLAIM_RESOLVED", status: "SENT" });

    const rejected = await deliveredWithClaim();
    expect((await call(REJECT, { id: rejected.claimId })).userErrors).toEqual([]);
    const [no] = await mailsAbout(rejected.number, `Pedido #${rejected.number}: sua reclamação de itens faltantes`);
    expect(no!.text).toContain("Não pudemos aceitar a reclamação.");
    expect(no!.text).toContain("A transportadora comprovou a entrega completa.");

    // A reshipment: the claim's e-mail announces it; the follow-up order sends no order confirmation of its own.
    const reshipped = await deliveredWithClaim();
    const resolved = await call(
      `mutation($id: ID!) { resolveClaim(claimId: $id, outcome: RESHIP) { claim { followUpOrder { id } } userErrors { code } } }`,
      { id: reshipped.claimId },
    );
    const [again] = await mailsAbout(reshipped.number, `Pedido #${reshipped.number}: sua reclamação de itens faltantes`);
    expect(again!.text).toContain("Vamos reenviar os itens faltantes, sem custo.");
    await server.mail!.flush();
    expect((await call(ORDER, { id: resolved.claim.followUpOrder.id })).messages.map((m: { kind: string }) => m.kind)).not.toContain("ORDER_CONFIRMATION");
  });
});
