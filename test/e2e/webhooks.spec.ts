import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";
import { WebhookReceiver } from "../helpers/webhook-receiver";

/** A manager adds a webhook endpoint in settings, sees its secret once, sends a test event and finds it in the delivery log. */
describe("Webhooks in the browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    receiver = await new WebhookReceiver().start();
    server = await startTestServer("sqlite", { webDist: WEB_DIST, webhooks: true, config: { webhooksAllowPrivate: true } });
    shop = await createShop(server, { "CAF-500": [6490, 10] }, "Ganchos");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.stop();
  });

  it("creates an endpoint, shows the secret once, sends a test event and shows it in the delivery log; redelivers it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByTestId("nav-webhooks").click();
    await page.waitForURL((url) => url.pathname === "/settings/webhooks");
    await page.getByTestId("webhooks-empty").waitFor();
    await expectNoAxeViolations(page, "Webhooks, empty");

    await page.getByTestId("webhook-create").click();
    await page.getByTestId("webhook-submit").click();
    await page.getByTestId("webhook-url-error").waitFor();
    await page.getByTestId("webhook-events-error").waitFor();
    await page.getByTestId("webhook-url").fill(receiver.url);
    await page.getByTestId("webhook-event-ORDER_PLACED").check();
    await page.getByTestId("webhook-event-STOCK_OUT_OF_STOCK").check();
    await expectNoAxeViolations(page, "add webhook endpoint dialog");
    await page.getByTestId("webhook-submit").click();

    const secretInput = page.getByTestId("webhook-secret");
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await page.getByTestId("webhook-secret-once").waitFor();
    await expectNoAxeViolations(page, "the endpoint's secret");
    await page.screenshot({ path: path.join(SCREENSHOTS, "webhook-created.png") });
    await page.getByTestId("webhook-secret-done").click();

    const row = page.locator(`[data-testid="webhook-row"][data-url="${receiver.url}"]`);
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByTestId("webhook-send-test").click();
    await page.getByTestId("webhook-notice").waitFor();
    const delivered = page.locator('[data-testid="webhook-delivery-row"][data-event="webhook.test"][data-status="DELIVERED"]');
    for (let tries = 0; (await delivered.count()) === 0 && tries < 40; tries++) {
      await page.getByTestId("webhook-log-refresh").click();
      await page.waitForTimeout(150);
    }
    await delivered.first().waitFor();
    expect(await delivered.first().textContent()).toContain("Entregue");
    expect(receiver.ofType("webhook.test")).toHaveLength(1);
    new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers);
    await expectNoAxeViolations(page, "Webhooks with a delivery log");
    await page.screenshot({ path: path.join(SCREENSHOTS, "webhook-log.png") });

    await delivered.first().getByTestId("webhook-redeliver").click();
    for (let tries = 0; receiver.received.length < 2 && tries < 40; tries++) await page.waitForTimeout(100);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([receiver.received[0]!.headers["webhook-id"], receiver.received[0]!.headers["webhook-id"]]);

    // Disabled after a day of failures: the warning.
    await server.db.query("UPDATE webhook_endpoint SET enabled = 0, disabled_reason = 'FAILING', disabled_at = created_at");
    await page.reload();
    await page.getByTestId("webhook-failing-banner").waitFor();
    // Flagged in the menu too, wherever the manager is.
    await page.goto(`${server.url}/orders`);
    await page.getByTestId("webhooks-failing-count").waitFor();
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByTestId("webhook-failing-banner").waitFor();
    await expectNoAxeViolations(page, "Webhooks with a disabled endpoint");
    await context.close();
  });

  it("fits a phone: the list and the dialog pass axe", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "pt-BR", isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByTestId("webhooks-table").waitFor();
    await expectNoAxeViolations(page, "Webhooks on a phone");
    await page.getByTestId("webhook-create").click();
    await page.getByTestId("webhook-url").waitFor();
    await expectNoAxeViolations(page, "add webhook endpoint dialog on a phone");
    await context.close();
  });
});
