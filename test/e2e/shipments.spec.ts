import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture, stockOf } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ADDRESS = { recipientName: "Ana Lima", street: "Avenida Paulista", number: "1000", complement: "ap. 12", district: "Bela Vista", city: "São Paulo", region: "SP", postalCode: "01310100" };

/** The merchant ships an order in two parcels with tracking and marks it delivered; the customer follows the parcels on their page. */
describe("shipping an order in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let order: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [6490, 10], "MOE-200": [3990, 10] }, "Café do Porto");
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Ana Lima" }), lines: [{ skuCode: "CAF-500", quantity: 2 }, { skuCode: "MOE-200", quantity: 1 }], shipping: 1590, shippingAddress: ADDRESS } },
      shop.token,
    );
    order = placed.placeOrder.order;
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const stock = (code: string) => stockOf(server, shop, code);

  it("ships the order in two parcels with tracking, then marks it delivered", async () => {
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("order-number").waitFor();
    await expect(page.getByTestId("shipping-address").textContent()).resolves.toContain("Avenida Paulista, 1000");
    await expect(page.getByTestId("shipping-postal-code").textContent()).resolves.toBe("01310-100");

    // Parcel 1: the two CAF-500 with the Correios; MOE-200 waits for the next one.
    await page.getByTestId("ship-order").click();
    const dialog = page.getByTestId("ship-dialog");
    await dialog.getByTestId("ship-lines").waitFor();
    expect(await dialog.getByTestId("ship-quantity").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["2", "1"]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "ship-dialog.png") });
    await expectNoAxeViolations(page, "ship dialog");
    await dialog.getByTestId("ship-confirm").click();
    await dialog.locator('[data-testid="ship-tracking-code"][aria-invalid="true"]').waitFor();
    await dialog.getByTestId("ship-tracking-code").fill("12345");
    await dialog.locator('[data-sku="MOE-200"]').getByTestId("ship-quantity").fill("0");
    await dialog.getByTestId("ship-confirm").click();
    // The server refuses a code that is not a Correios one, under the field.
    await dialog.getByTestId("ship-tracking-code-error").waitFor();
    await expectNoAxeViolations(page, "ship dialog with errors");
    await dialog.getByTestId("ship-tracking-code").fill("QB 123 456 789 BR");
    await dialog.getByTestId("ship-confirm").click();
    await page.getByTestId("shipping-notice").waitFor();
    await expect(page.getByTestId("shipping-notice").textContent()).resolves.toContain("Volume 1");
    await expect(page.getByTestId("status-badge").first().getAttribute("data-status")).resolves.toBe("READY");
    const rows = page.getByTestId("shipment-row");
    expect(await rows.count()).toBe(1);
    await expect(rows.first().getByTestId("shipment-tracking-link").getAttribute("href")).resolves.toBe(
      "https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR",
    );
    await expect(rows.first().textContent()).resolves.toContain("2 × CAF-500");
    expect(await stock("CAF-500")).toEqual({ onHand: 8, allocated: 0 });

    // Parcel 2: the rest, with a carrier of the shop's own (a tracking page is required).
    await page.getByTestId("ship-order").click();
    await dialog.getByTestId("ship-lines").waitFor();
    expect(await dialog.getByTestId("ship-line").count()).toBe(1);
    await dialog.getByTestId("ship-carrier").selectOption("OTHER");
    await dialog.getByTestId("ship-tracking-code").fill("MOTOBOY-7");
    await dialog.getByTestId("ship-confirm").click();
    await dialog.locator('[data-testid="ship-tracking-url"][aria-invalid="true"]').waitFor();
    await dialog.getByTestId("ship-tracking-url").fill("https://entregas.cafedoporto.test/t/MOTOBOY-7");
    await dialog.getByTestId("ship-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="SHIPPED"]').first().waitFor();
    expect(await rows.count()).toBe(2);
    await expect(rows.nth(1).getByTestId("shipment-tracking-link").getAttribute("href")).resolves.toBe("https://entregas.cafedoporto.test/t/MOTOBOY-7");
    expect(await page.getByTestId("ship-order").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-shipped.png"), fullPage: true });
    await expectNoAxeViolations(page, "order shipped in two parcels");

    await page.getByTestId("mark-delivered").click();
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").waitFor();
    await expectNoAxeViolations(page, "mark delivered dialog");
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="DELIVERED"]').first().waitFor();
    await expect(page.getByTestId("shipping-notice").textContent()).resolves.toContain("entregue");
    expect(await page.getByTestId("mark-delivered").count()).toBe(0);
    await expect(page.getByTestId("order-timeline").textContent()).resolves.toContain("Pedido entregue");
    await expectNoAxeViolations(page, "order delivered");
  });

  it("shows the customer the parcels with their tracking links on their page", async () => {
    const link = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { customerPageLink } }`, { id: order.id }, shop.token)).order.customerPageLink as string;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
    await phone.goto(link);
    await phone.getByTestId("order-shipment").first().waitFor();
    expect(await phone.getByTestId("order-shipment").count()).toBe(2);
    expect(await phone.getByTestId("order-tracking-link").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual([
      "https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR",
      "https://entregas.cafedoporto.test/t/MOTOBOY-7",
    ]);
    await expect(phone.getByTestId("order-ship-to").textContent()).resolves.toContain("São Paulo – SP · 01310-100");
    await expect(phone.getByTestId("order-page").textContent()).resolves.not.toContain("Paulista");
    await phone.screenshot({ path: path.join(SCREENSHOTS, "order-page-shipments.png"), fullPage: true });
    await expectNoAxeViolations(phone, "customer's order page with parcels");
    await phone.close();
  });
});
