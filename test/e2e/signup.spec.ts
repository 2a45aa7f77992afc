import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, WEB_DIST } from "../helpers/browser";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

/** A new merchant signs up, lands on the desk with the first steps, confirms the e-mail from the link: the step turns done. */
describe("sign-up in the browser", () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    smtp = await startSmtpServer();
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true, mail: { smtpUrl: smtp.url } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("signs up, sees the first steps, opens the verification link and the step turns done", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR", timezoneId: "America/Recife" });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId("login-signup").click();
    await page.getByTestId("signup-form").waitFor();
    // The time zone defaults to the browser's.
    expect(await page.getByTestId("signup-timeZone").inputValue()).toBe("America/Recife");
    await expectNoAxeViolations(page, "sign-up");

    // Every field the server refuses is shown beside its input.
    await page.getByTestId("signup-shopName").fill("Loja da Bia");
    await page.getByTestId("signup-name").fill("Bia Souza");
    await page.getByTestId("signup-email").fill("sem-arroba");
    await page.getByTestId("signup-password").fill("uma senha bem longa");
    await page.getByTestId("signup-submit").click();
    await page.getByTestId("signup-email-error").waitFor();
    await expectNoAxeViolations(page, "sign-up with an error");

    await page.getByTestId("signup-email").fill("bia@loja.test");
    await page.getByTestId("signup-currency").selectOption("BRL");
    const before = smtp.received.length;
    await page.getByTestId("signup-submit").click();
    await page.waitForURL((url) => url.pathname === "/orders");
    await page.getByTestId("first-steps").waitFor();
    await page.getByTestId("verify-email-banner").waitFor();
    expect(await page.getByTestId("first-step-email").getAttribute("data-done")).toBe("false");
    expect(await page.getByTestId("first-step-products").getAttribute("data-done")).toBe("false");
    expect(await page.getByTestId("first-step-apiKey").getAttribute("data-done")).toBe("false");
    await expectNoAxeViolations(page, "desk with first steps and the banner");

    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual(["bia@loja.test"]);
    const link = new RegExp(`${server.url.replace(/[.]/g, "\\.")}/verify-email/[A-Za-z0-9_-]+`).exec(mail!.text)![0];

    await page.goto(link);
    await page.locator('[data-testid="verify-email-outcome"][data-outcome="VERIFIED"]').waitFor();
    await expectNoAxeViolations(page, "e-mail verified");
    await page.getByRole("link", { name: "Ir para o painel" }).click();
    await page.waitForURL((url) => url.pathname === "/orders");
    await page.locator('[data-testid="first-step-email"][data-done="true"]').waitFor();
    expect(await page.getByTestId("verify-email-banner").count()).toBe(0);

    // The link works once.
    await page.goto(link);
    await page.locator('[data-testid="verify-email-outcome"][data-outcome="LINK_USED"]').waitFor();
    await expectNoAxeViolations(page, "e-mail link used");

    // Dismissed, the list stays away.
    await page.goto(`${server.url}/orders`);
    await page.getByTestId("first-steps-dismiss").click();
    expect(await page.getByTestId("first-steps").count()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByTestId("first-steps").count()).toBe(0);
    await context.close();
  });

  it("with SIGNUP=false the login page offers no sign-up and /signup says it is closed", async () => {
    const closed = await startTestServer("sqlite", { webDist: WEB_DIST, config: { signup: false } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    try {
      const page = await context.newPage();
      await page.goto(`${closed.url}/login`);
      await page.getByTestId("login-form").waitFor();
      // The answer to signUpOpen has arrived when the form is usable; give it a moment to render.
      await page.waitForLoadState("networkidle");
      expect(await page.getByTestId("login-signup").count()).toBe(0);
      await page.goto(`${closed.url}/signup`);
      await page.getByTestId("signup-closed").waitFor();
      await expectNoAxeViolations(page, "sign-up closed");
    } finally {
      await context.close();
      await closed.stop();
    }
  });
});
