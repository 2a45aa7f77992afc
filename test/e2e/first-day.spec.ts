import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, signIn, WEB_DIST } from "../helpers/browser";
import { createTestDatabase, TestDatabase } from "../helpers/databases";
import { customer, PLACE_ORDER } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

/**
 * Issue 13's acceptance, as a new merchant lives it on a server started like `npm start` (the
 * built server as its own process, the demo shop seeded): sign up, confirm the e-mail, import the
 * catalogue from CSV, place an order over the API with the new login, invite a colleague as
 * operator, who signs in and cannot see the payout account.
 */
describe("a new shop's first day", () => {
  let testDb: TestDatabase;
  let smtp: TestSmtpServer;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    testDb = await createTestDatabase("sqlite");
    smtp = await startSmtpServer();
    const port = await freePort();
    server = await spawnServer(testDb, port, { env: { SEED_DEMO: "true", SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` } });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
    await smtp?.close();
    await testDb?.drop();
  });

  /** The link in the newest message to `to` whose path starts with `route` (waits for it). */
  async function linkMailedTo(to: string, route: string): Promise<string> {
    const pattern = new RegExp(`${server.url.replace(/[.]/g, "\\.")}${route}[A-Za-z0-9_-]+`);
    for (let waited = 0; waited < 30_000; waited += 100) {
      const mail = [...smtp.received].reverse().find((m) => m.to.includes(to) && pattern.test(m.text));
      if (mail) return pattern.exec(mail.text)![0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${route} link mailed to ${to}: ${smtp.received.map((m) => `${m.to.join(",")}: ${m.subject}`).join(" | ")}`);
  }

  const newPage = async (): Promise<Page> => (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR", timezoneId: "America/Sao_Paulo" })).newPage();

  it("signs up, imports the catalogue, takes an order over the API and brings in an operator", async () => {
    // The demo shop is there, as `npm start` leaves it; the new merchant starts from the login page.
    const owner = await newPage();
    await owner.goto(`${server.url}/login`);
    await owner.getByTestId("login-signup").click();
    await owner.getByTestId("signup-form").waitFor();
    await owner.getByTestId("signup-shopName").fill("Empório da Ana");
    await owner.getByTestId("signup-currency").selectOption("BRL");
    await owner.getByTestId("signup-name").fill("Ana Lima");
    await owner.getByTestId("signup-email").fill("ana@emporio.test");
    await owner.getByTestId("signup-password").fill("senha do empório 2026");
    await owner.getByTestId("signup-submit").click();
    await owner.waitForURL((url) => url.pathname === "/orders");
    await owner.getByTestId("first-steps").waitFor();

    // The e-mail is confirmed from the link in the message.
    await owner.goto(await linkMailedTo("ana@emporio.test", "/verify-email/"));
    await owner.locator('[data-testid="verify-email-outcome"][data-outcome="VERIFIED"]').waitFor();

    // The catalogue comes in from a CSV file: preview, then apply.
    await owner.goto(`${server.url}/stock`);
    await owner.getByTestId("sku-import-open").click();
    await owner.getByTestId("sku-import-file").setInputFiles({
      name: "catalogo.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("code,name,price,barcode,image_url,on_hand\nCAFE-250,Café especial 250 g,3890,,,5\nCHA-MATE,Chá mate,1590,,,0\n"),
    });
    await owner.waitForFunction(() => document.querySelector('[data-testid="sku-import-summary"]')?.textContent?.includes("2 novos"));
    await owner.getByTestId("sku-import-apply").click();
    await owner.getByTestId("sku-import-success").waitFor();
    await owner.getByText("Café especial 250 g").waitFor();
    await owner.getByText("Chá mate").waitFor();
    await expectNoAxeViolations(owner, "the new shop's stock after the import");

    // An integration places orders with the new shop's login: one is served, one waits for stock.
    const login = await gqlData(server.graphqlUrl, `mutation { login(email: "ana@emporio.test", password: "senha do empório 2026") { token userErrors { code } } }`, {});
    const token: string = login.login.token;
    expect(token).toBeTruthy();
    const served = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAFE-250", quantity: 2 }] } }, token);
    expect(served.placeOrder.userErrors).toEqual([]);
    expect(served.placeOrder.order).toMatchObject({ status: "READY", total: { amount: 7780 } });
    const waiting = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CHA-MATE", quantity: 1 }] } }, token);
    expect(waiting.placeOrder.order.status).toBe("AWAITING_STOCK");
    await owner.goto(`${server.url}/orders`);
    await owner.getByText(`#${served.placeOrder.order.number}`, { exact: false }).first().waitFor();

    // A colleague is invited as an operator, accepts, and signs in.
    await owner.getByTestId("nav-team").click();
    await owner.getByTestId("team-invite").click();
    await owner.getByTestId("invite-email").fill("caio@emporio.test");
    await owner.getByTestId("invite-role").selectOption("OPERATOR");
    await owner.getByTestId("invite-submit").click();
    await owner.getByTestId("team-invitations").getByText("caio@emporio.test").waitFor();

    const operator = await newPage();
    await operator.goto(await linkMailedTo("caio@emporio.test", "/invite/"));
    await operator.getByTestId("invite-name").fill("Caio Prado");
    await operator.getByTestId("invite-password").fill("senha do caio 2026");
    await operator.getByTestId("invite-submit").click();
    await operator.waitForURL((url) => url.pathname === "/orders");
    await operator.evaluate(() => localStorage.clear());
    await signIn(operator, server.url, { email: "caio@emporio.test", password: "senha do caio 2026" });
    await operator.waitForURL((url) => !url.pathname.startsWith("/login"));

    // The operator works the new shop's queue, and never sees the payout account.
    await operator.getByTestId("nav-orders-without-stock").click();
    await operator.getByTestId("queue-row").first().waitFor();
    expect(await operator.getByTestId("queue-row").count()).toBe(1);
    expect(await operator.getByTestId("nav-settings").count()).toBe(0);
    await operator.goto(`${server.url}/settings`);
    await operator.getByTestId("needs-role").waitFor();
    expect(await operator.getByTestId("payout-account-settings").count()).toBe(0);
    const me = await gqlData(server.graphqlUrl, `{ me { role shop { name } } }`, {}, (await operator.evaluate(() => localStorage.getItem("ruptura.token"))) ?? undefined);
    expect(me.me).toMatchObject({ role: "OPERATOR", shop: { name: "Empório da Ana" } });
    await expectNoAxeViolations(operator, "settings as an operator");
  }, 120_000);
});
