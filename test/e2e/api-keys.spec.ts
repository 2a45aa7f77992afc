import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";

/** An owner creates an API key in settings, sees its secret once, an integration uses it, the owner revokes it. */
describe("API keys in the browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 10] }, "Chaves");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates a key, shows its secret once, the key places an order, and revoking it refuses it at once", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    // The first step links to the page.
    await page.getByTestId("first-step-apiKey").getByRole("link").click();
    await page.waitForURL((url) => url.pathname === "/settings/api-keys");
    await page.getByTestId("api-keys-empty").waitFor();
    await expectNoAxeViolations(page, "Chaves de API, empty");

    await page.getByTestId("api-key-create").click();
    await page.getByTestId("api-key-submit").click();
    await page.getByTestId("api-key-name-error").waitFor();
    await page.getByTestId("api-key-scopes-error").waitFor();
    await page.getByTestId("api-key-name").fill("Loja VTEX");
    await page.getByTestId("api-key-scope-ORDERS_READ").check();
    await page.getByTestId("api-key-scope-ORDERS_WRITE").check();
    await expectNoAxeViolations(page, "create API key dialog");
    await page.getByTestId("api-key-submit").click();

    const secretInput = page.getByTestId("api-key-secret");
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^rpt_live_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByTestId("api-key-once").textContent()).toContain("você não vai vê-la de novo");
    await page.getByTestId("api-key-secret-copy").click();
    await page.getByText("Chave copiada.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectNoAxeViolations(page, "the new key's secret");
    await page.screenshot({ path: path.join(SCREENSHOTS, "api-key-created.png") });
    await page.getByTestId("api-key-done").click();

    // Listed, masked; the secret is nowhere on the page any more, nor when the dialog opens again.
    const row = page.locator('[data-testid="api-key-row"][data-name="Loja VTEX"]');
    await row.waitFor();
    expect(await row.getByTestId("api-key-masked").textContent()).toBe(`rpt_live_…${secret.slice(-4)}`);
    expect(await page.content()).not.toContain(secret);
    await page.getByTestId("api-key-create").click();
    await page.getByTestId("api-key-name").waitFor();
    expect(await page.getByTestId("api-key-secret").count()).toBe(0);
    await page.keyboard.press("Escape");

    // An integration uses it, from the browser like any client would.
    const placeOrder = (key: string) =>
      page.evaluate(
        async ({ url, query, key, input }) => {
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables: { input } }) });
          return response.json();
        },
        { url: server.graphqlUrl, query: PLACE_ORDER, key, input: { customer: customer(), lines: [{ skuCode: "CAF-500", quantity: 1 }] } },
      );
    const placed = await placeOrder(secret);
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeOrder.order.status).toBe("READY");
    // The order's timeline says the key did it, by its name.
    await page.goto(`${server.url}/orders/${placed.data.placeOrder.order.id}`);
    await page.locator('[data-testid="order-event-actor"][data-actor-type="API_KEY"]').first().getByText("Loja VTEX").waitFor();
    await page.goto(`${server.url}/settings/api-keys`);
    // "Último uso" fills in (written just after the request, not in its way).
    for (let tries = 0; ; tries++) {
      await page.reload();
      await row.waitFor();
      if (!(await row.textContent())!.includes("Nunca") || tries > 20) break;
      await page.waitForTimeout(200);
    }
    expect(await row.textContent()).not.toContain("Nunca");
    await expectNoAxeViolations(page, "Chaves de API with a key");

    // Revoked with a confirmation: refused at once.
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByTestId("api-key-revoke").click();
    await page.locator('[data-testid="api-key-row"][data-name="Loja VTEX"][data-revoked="true"]').waitFor();
    const refused = await placeOrder(secret);
    expect(refused.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(await row.textContent()).toContain("Revogada em");
    await expectNoAxeViolations(page, "Chaves de API with a revoked key");
    await context.close();
  });

  it("fits a phone: the list and the dialog pass axe", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "pt-BR", isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${server.url}/settings/api-keys`);
    await page.getByTestId("api-keys-table").waitFor();
    await expectNoAxeViolations(page, "Chaves de API on a phone");
    await page.getByTestId("api-key-create").click();
    await page.getByTestId("api-key-name").waitFor();
    await expectNoAxeViolations(page, "create API key dialog on a phone");
    await context.close();
  });
});
