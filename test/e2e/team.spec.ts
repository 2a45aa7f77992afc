import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

/** The owner invites an operator from Equipe; the operator accepts, signs in, and sees no money or settings. */
describe("the team in the browser", () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let shop: ShopFixture;
  let browser: Browser;
  let refundId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    smtp = await startSmtpServer();
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true, mail: { smtpUrl: smtp.url } });
    shop = await createShop(server, { "CAF-500": [6490, 0] }, "Equipe");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    const cancelled = await gqlData(server.graphqlUrl, CANCEL.replace("order {", "refund { id } order {"), { id: placed.placeOrder.order.id, to: "MERCHANT", reason: "sem estoque" }, shop.token);
    refundId = cancelled.cancelOrder.refund.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("invites an operator who accepts, signs in and sees no payout account, export or mark-paid", async () => {
    const owner = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" })).newPage();
    await signIn(owner, server.url, shop);
    await owner.waitForURL((url) => !url.pathname.startsWith("/login"));
    await owner.getByTestId("nav-team").click();
    await owner.getByTestId("team-table").waitFor();
    await expectNoAxeViolations(owner, "Equipe");
    await owner.getByTestId("team-invite").click();
    await owner.getByTestId("invite-email").fill("operadora@loja.test");
    await owner.getByTestId("invite-role").selectOption("OPERATOR");
    await expectNoAxeViolations(owner, "invite dialog");
    const before = smtp.received.length;
    await owner.getByTestId("invite-submit").click();
    await owner.getByTestId("team-invitations").getByText("operadora@loja.test").waitFor();

    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const link = new RegExp(`${server.url.replace(/[.]/g, "\\.")}/invite/[A-Za-z0-9_-]+`).exec(mail!.text)![0];

    const operator = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" })).newPage();
    await operator.goto(link);
    await operator.getByTestId("accept-invitation-form").waitFor();
    await expectNoAxeViolations(operator, "accept invitation");
    await operator.getByTestId("invite-name").fill("Olga Operadora");
    await operator.getByTestId("invite-password").fill("uma senha bem longa");
    await operator.getByTestId("invite-submit").click();
    await operator.waitForURL((url) => url.pathname === "/orders");

    // Signed out and in again with the new password, as they will tomorrow.
    await operator.evaluate(() => localStorage.clear());
    await signIn(operator, server.url, { email: "operadora@loja.test", password: "uma senha bem longa" });
    await operator.waitForURL((url) => !url.pathname.startsWith("/login"));
    await operator.getByTestId("nav-team").waitFor();
    expect(await operator.getByTestId("nav-settings").count()).toBe(0);

    await operator.goto(`${server.url}/refunds/${refundId}`);
    await operator.getByTestId("refund-amount").waitFor();
    expect(await operator.getByTestId("mark-paid").count()).toBe(0);
    await expectNoAxeViolations(operator, "refund as an operator");
    await operator.goto(`${server.url}/refunds`);
    await operator.getByRole("heading", { level: 1 }).waitFor();
    expect(await operator.getByTestId("refunds-export").count()).toBe(0);
    await operator.goto(`${server.url}/settings`);
    await operator.getByTestId("needs-role").waitFor();
    expect(await operator.getByTestId("payout-account-settings").count()).toBe(0);

    // The owner sees the member with their role.
    await owner.reload();
    await owner.locator('[data-testid="team-member"][data-email="operadora@loja.test"]').waitFor();
  });
});
