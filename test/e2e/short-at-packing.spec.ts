import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture, stockOf } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** The packer finds units of a READY order missing: reported from the order page, the order goes back to the queue. */
describe("short at packing in a real browser", () => {
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
      { input: { customer: customer({ name: "Ana Lima" }), lines: [{ skuCode: "CAF-500", quantity: 3 }, { skuCode: "MOE-200", quantity: 1 }], shipping: 1590 } },
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

  it("reports a line short from the order page; the order goes back to Pedidos sem estoque", async () => {
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("order-number").waitFor();
    await expect(page.getByTestId("status-badge").first().getAttribute("data-status")).resolves.toBe("READY");
    // Every line of a READY order has the action.
    expect(await page.getByTestId("short-at-packing").count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, "short-at-packing-ready.png") });
    await expectNoAxeViolations(page, "READY order with the packing action");

    await page.getByRole("button", { name: "Faltou na embalagem: CAF-500" }).click();
    const dialog = page.getByTestId("short-at-packing-dialog");
    await dialog.getByTestId("short-at-packing-quantity").waitFor();
    await expect(dialog.getByTestId("short-at-packing-quantity").inputValue()).resolves.toBe("1");
    await expect(dialog.getByTestId("short-at-packing-line").textContent()).resolves.toContain("CAF-500");
    await expect(dialog.getByTestId("short-at-packing-preview").textContent()).resolves.toBe("O pedido volta para Pedidos sem estoque; 1 unidade sai do estoque.");
    await expectNoAxeViolations(page, "short at packing dialog");

    // More than is allocated and not yet shipped: said under the field, nothing sent.
    await dialog.getByTestId("short-at-packing-quantity").fill("4");
    await dialog.getByTestId("short-at-packing-confirm").click();
    await dialog.getByTestId("short-at-packing-quantity-error").waitFor();
    await expect(dialog.getByTestId("short-at-packing-quantity-error").textContent()).resolves.toContain("de 1 a 3");
    await expectNoAxeViolations(page, "short at packing dialog with an error");

    await dialog.getByTestId("short-at-packing-quantity").fill("2");
    expect(await dialog.getByTestId("short-at-packing-quantity-error").count()).toBe(0);
    await expect(dialog.getByTestId("short-at-packing-preview").textContent()).resolves.toBe("O pedido volta para Pedidos sem estoque; 2 unidades saem do estoque.");
    await dialog.getByTestId("short-at-packing-note").fill("Prateleira B3 vazia");
    await page.screenshot({ path: path.join(SCREENSHOTS, "short-at-packing-dialog.png") });
    await dialog.getByTestId("short-at-packing-confirm").click();

    // The order waits for stock again, with its resolve action; the line says what is short.
    await page.locator('[data-testid="status-badge"][data-status="AWAITING_STOCK"]').first().waitFor();
    await expect(page.getByTestId("short-at-packing-notice").textContent()).resolves.toContain("2 unidades de CAF-500");
    await page.getByTestId("resolve-order").waitFor();
    expect(await page.getByTestId("short-at-packing").count()).toBe(0);
    expect(await page.getByTestId("short-at-packing-dialog").isVisible()).toBe(false);
    const shortCells = await page.getByTestId("order-line-short").allTextContents();
    expect(shortCells[0]).toMatch(/^2/);
    await expect(page.getByTestId("order-timeline").textContent()).resolves.toContain("Faltou na embalagem");
    await expect(page.getByTestId("order-timeline").textContent()).resolves.toContain("Prateleira B3 vazia");
    expect(await stock("CAF-500")).toEqual({ onHand: 8, allocated: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "short-at-packing-order.png"), fullPage: true });
    await expectNoAxeViolations(page, "order back in the queue after short at packing");

    // In "Pedidos sem estoque", where the usual resolutions take it from here.
    await page.goto(`${server.url}/orders-without-stock`);
    const row = page.locator(`[data-testid="queue-row"][data-order-number="${order.number}"]`);
    await row.waitFor();
    await expectNoAxeViolations(page, "queue with the order found short at packing");
  });

  it("offers the action on a phone, under each line's name", async () => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "MOE-200", quantity: 2 }] } }, shop.token);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
    try {
      await signIn(phone, server.url, shop);
      await phone.waitForURL((url) => !url.pathname.startsWith("/login"));
      await phone.goto(`${server.url}/orders/${placed.placeOrder.order.id}`);
      await phone.getByTestId("short-at-packing").waitFor();
      await phone.getByTestId("short-at-packing").click();
      await phone.getByTestId("short-at-packing-dialog").getByTestId("short-at-packing-preview").waitFor();
      await phone.screenshot({ path: path.join(SCREENSHOTS, "short-at-packing-phone.png"), fullPage: true });
      await expectNoAxeViolations(phone, "short at packing dialog on a phone");
    } finally {
      await phone.close();
    }
  });
});
