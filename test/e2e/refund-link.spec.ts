import fs from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe("the customer's refund link on the order page", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let order: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 5] });
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Clara Reembolso", phone: "(11) 98765-4321", locale: "en" }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } },
      shop.token,
    );
    order = placed.placeOrder.order;
    await gqlData(server.graphqlUrl, CANCEL, { id: order.id, to: "CUSTOMER", reason: "sem estoque" }, shop.token);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("makes a new link, copies it and offers it on WhatsApp in the customer's language", async () => {
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("refund-link-issue").click();
    const input = page.getByTestId("refund-link");
    await input.waitFor();
    const link = await input.inputValue();
    expect(link).toMatch(/\/refund\/[A-Za-z0-9_-]{43}$/);
    const token = link.slice(link.lastIndexOf("/") + 1);
    const shown = await gqlData(server.graphqlUrl, `query($t: String!) { refundRequest(token: $t) { status orderNumber } }`, { t: token });
    expect(shown.refundRequest).toEqual({ status: "AWAITING_CUSTOMER_DETAILS", orderNumber: order.number });

    await page.getByTestId("refund-link-copy").click();
    await page.getByText("Link copiado.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const href = await page.getByTestId("refund-link-whatsapp").getAttribute("href");
    expect(href).toMatch(/^https:\/\/wa\.me\/5511987654321\?text=/);
    const message = decodeURIComponent(href!.split("?text=")[1]!);
    expect(message).toContain(link);
    expect(message).toContain(`order #${order.number}`); // the customer's language (en), not the merchant's
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-refund-link.png"), fullPage: true });
    await expectNoAxeViolations(page, "order page with a refund link");

    // Making another link disables the first.
    await page.reload();
    await page.getByTestId("refund-link-issue").click();
    await page.getByTestId("refund-link").waitFor();
    expect(await page.getByTestId("refund-link").inputValue()).not.toBe(link);
    const old = await gqlData(server.graphqlUrl, `query($t: String!) { refundRequest(token: $t) { status } }`, { t: token });
    expect(old.refundRequest).toBeNull();
  });
});
