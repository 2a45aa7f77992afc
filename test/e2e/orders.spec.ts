import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe("the merchant's dashboard in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let shortOrder: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 5], "LUM-LED": [17990, 0] });
    await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Ana Ready" }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Bruno Espera", cpf: "529.982.247-25" }), lines: [{ skuCode: "LUM-LED", quantity: 2 }, { skuCode: "CAF-500", quantity: 1 }], shipping: 1590 } },
      shop.token,
    );
    shortOrder = placed.placeOrder.order;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "pt-BR" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("logs in, lists the orders and opens one", async () => {
    await page.goto(`${server.url}/orders`);
    await page.waitForURL(/\/login/);
    await page.getByTestId("login-email").waitFor();
    await expectNoAxeViolations(page, "login page");
    // All of the page in landmarks: the language switcher sits in the page's banner.
    expect(await page.getByRole("banner").getByTestId("language-switcher").count()).toBe(1);
    await page.getByTestId("login-form").locator("button[type=submit]").click();
    await page.locator('[data-testid="login-email"][aria-invalid="true"]').waitFor();
    await expectNoAxeViolations(page, "login page, both fields required");
    await page.getByTestId("login-email").fill(shop.email);
    await page.getByTestId("login-password").fill(shop.password);
    await page.getByTestId("login-form").locator("button[type=submit]").click();

    const rows = page.getByTestId("order-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await expect(page.getByTestId("total-count").textContent()).resolves.toContain("2");
    await page.screenshot({ path: path.join(SCREENSHOTS, "orders-list.png"), fullPage: true });
    await expectNoAxeViolations(page, "orders list");

    // Newest first: the short order is the first row.
    await rows.first().click();
    await page.waitForURL(new RegExp(`/orders/${shortOrder.id}$`));
    await expect(page.getByTestId("order-number").textContent()).resolves.toContain(String(shortOrder.number));
    await expect(page.getByTestId("customer-cpf").textContent()).resolves.toBe("***.982.247-**");
    const lines = page.getByTestId("order-lines");
    await expect(lines.textContent()).resolves.toContain("LUM-LED");
    await expect(page.getByTestId("order-missing-banner").isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("order-event").count()).resolves.toBe(2);
    // pt-BR money: the R$ 15,90 shipping appears formatted, never as centavos.
    await expect(page.getByTestId("order-totals").textContent()).resolves.toMatch(/R\$\s?15,90/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-detail.png"), fullPage: true });
    await expectNoAxeViolations(page, "order detail with its timeline");
  });

  it("filters the list by status from the URL", async () => {
    await page.goto(`${server.url}/orders?status=AWAITING_STOCK`);
    await page.getByTestId("order-row").first().waitFor();
    expect(await page.getByTestId("order-row").count()).toBe(1);
    await expectNoAxeViolations(page, "orders list, filtered");

    await page.goto(`${server.url}/orders?status=CANCELLED`);
    await page.getByText("Nenhum pedido", { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, "orders list, nothing matches");
  });

  it("says a page does not exist, inside the desk", async () => {
    await page.goto(`${server.url}/no-such-page`);
    await page.getByTestId("not-found").waitFor();
    // The state is the whole page: its title is the page's heading.
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Página não encontrada");
    await expectNoAxeViolations(page, "page not found");
    await page.goto(`${server.url}/orders/999999`);
    await page.getByTestId("order-not-found").waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Pedido não encontrado");
    await expectNoAxeViolations(page, "order not found");
  });

  it("adjusts stock from the stock page", async () => {
    await page.goto(`${server.url}/stock`);
    const row = page.locator('[data-testid="sku-row"][data-sku-code="LUM-LED"]');
    await row.waitFor();
    await expectNoAxeViolations(page, "stock page");
    await row.getByTestId("adjust-stock").click();
    await page.getByTestId("adjust-delta").fill("4");
    await page.getByTestId("adjust-reason").fill("Chegada do fornecedor");
    await expectNoAxeViolations(page, "stock page, adjust dialog open");
    await page.getByTestId("adjust-submit").click();
    await page.getByTestId("adjust-success").waitFor();
    await expect(row.getByTestId("sku-on-hand").textContent()).resolves.toContain("4");
    await page.screenshot({ path: path.join(SCREENSHOTS, "stock.png"), fullPage: true });
    await expectNoAxeViolations(page, "stock page, adjust dialog after saving");
  });
});
