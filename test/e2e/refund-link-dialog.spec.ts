import fs from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** The link made with the refund is shown right away, in the Resolver's result: no second step. */
describe("the refund link in the Resolver's result", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const orders: Record<"toCustomer" | "toMerchant" | "shipPart", { id: string; number: number }> = {} as never;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    // No CAF-500 at all: every order waits in the queue; "shipPart" can ship its LUM-LED.
    shop = await createShop(server, { "CAF-500": [6490, 0], "LUM-LED": [17990, 5] });
    for (const [key, name] of [["toCustomer", "Clara Estorno"], ["toMerchant", "Lauro Lojista"], ["shipPart", "Paula Parcial"]] as const) {
      const lines = [{ skuCode: "CAF-500", quantity: 1 }, ...(key === "shipPart" ? [{ skuCode: "LUM-LED", quantity: 1 }] : [])];
      const placed = await gqlData(
        server.graphqlUrl,
        PLACE_ORDER,
        { input: { customer: customer({ name, phone: "(11) 98765-4321", locale: "en" }), lines } },
        shop.token,
      );
      orders[key] = placed.placeOrder.order;
    }
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queueRow = (number: number) => page.locator(`[data-testid="queue-row"][data-order-number="${number}"]`);

  async function cancelFromQueue(number: number, to: "CUSTOMER" | "MERCHANT") {
    await page.goto(`${server.url}/orders-without-stock`);
    await queueRow(number).getByTestId("resolve-order").click();
    await page.getByTestId("resolution-CANCEL").click();
    await page.getByTestId("resolve-refund-total").waitFor();
    await page.getByTestId(`refund-to-${to}`).check();
    await page.getByTestId("resolve-reason").fill("Sem previsão do fornecedor");
    await page.getByTestId("resolve-confirm").click();
    await page.getByTestId("resolve-success").waitFor();
  }

  it("cancelling with 'Meu cliente receberá o estorno' shows the new link with 'Copiar link' and 'Enviar por WhatsApp'", async () => {
    await cancelFromQueue(orders.toCustomer.number, "CUSTOMER");
    const result = page.getByTestId("resolve-success");
    const input = result.getByTestId("refund-link");
    const link = await input.inputValue();
    // <PUBLIC_URL>/refund/<token>; the test server keeps the default PUBLIC_URL, not its own port.
    expect(new URL(link).pathname).toMatch(/^\/refund\/[A-Za-z0-9_-]{43}$/);
    // The very link the server made with the refund, and it works.
    const token = link.slice(link.lastIndexOf("/") + 1);
    const shown = await gqlData(server.graphqlUrl, `query($t: String!) { refundRequest(token: $t) { status orderNumber } }`, { t: token });
    expect(shown.refundRequest).toEqual({ status: "AWAITING_CUSTOMER_DETAILS", orderNumber: orders.toCustomer.number });

    await result.getByTestId("refund-link-copy").click();
    await result.getByText("Link copiado.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const href = await result.getByTestId("refund-link-whatsapp").getAttribute("href");
    expect(href).toMatch(/^https:\/\/wa\.me\/5511987654321\?text=/);
    const message = decodeURIComponent(href!.split("?text=")[1]!);
    expect(message).toContain(link);
    expect(message).toContain(`order #${orders.toCustomer.number}`); // the customer's language (en)
    await page.screenshot({ path: path.join(SCREENSHOTS, "resolve-success-refund-link.png"), fullPage: true });
    await expectNoAxeViolations(page, "queue, cancellation to the customer with its refund link");
  });

  it("a refund to the merchant shows no link", async () => {
    await cancelFromQueue(orders.toMerchant.number, "MERCHANT");
    await expect(page.getByTestId("resolve-success").textContent()).resolves.toContain(`#${orders.toMerchant.number}`);
    expect(await page.getByTestId("resolve-success").getByTestId("refund-link").count()).toBe(0);
    expect(await page.getByTestId("refund-link-copy").count()).toBe(0);
    expect(await page.getByTestId("refund-link-whatsapp").count()).toBe(0);
  });

  it("shipping what is available to the customer, from the order page, shows the link there too", async () => {
    await page.goto(`${server.url}/orders/${orders.shipPart.id}`);
    await page.getByTestId("resolve-order").click();
    await page.getByTestId("resolution-SHIP_AVAILABLE").click();
    await page.getByTestId("resolve-refund-total").waitFor();
    await page.getByTestId("refund-to-CUSTOMER").check();
    await page.getByTestId("resolve-confirm").click();
    const result = page.getByTestId("resolve-success");
    const link = await result.getByTestId("refund-link").inputValue();
    const token = link.slice(link.lastIndexOf("/") + 1);
    const shown = await gqlData(server.graphqlUrl, `query($t: String!) { refundRequest(token: $t) { orderNumber } }`, { t: token });
    expect(shown.refundRequest).toEqual({ orderNumber: orders.shipPart.number });
    await result.getByTestId("refund-link-copy").waitFor();
    expect(await result.getByTestId("refund-link-whatsapp").getAttribute("href")).toMatch(/^https:\/\/wa\.me\/5511987654321\?text=/);
    await expectNoAxeViolations(page, "order page, partial shipment to the customer with its refund link");
  });
});
