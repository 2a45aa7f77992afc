import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { addDays, calendarToday } from "../../server/src/modules/incoming-stock/expected-dates";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** "Entradas previstas" on the stock page: record a delivery, see the dates it gives, receive it. */
describe("incoming stock on the stock page, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const orders: Record<string, { id: string; number: number }> = {};
  // Well inside the date input's `min` whatever the browser's time zone.
  const expectedOn = addDays(calendarToday(new Date()), 10);
  const expectedText = new Intl.DateTimeFormat("pt-BR", { day: "numeric", month: "long", timeZone: "UTC", ...(expectedOn.slice(0, 4) !== String(new Date().getUTCFullYear()) ? { year: "numeric" } : {}) }).format(
    new Date(`${expectedOn}T00:00:00Z`),
  );

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "LUM-LED": [17990, 0], "CAF-500": [6490, 20] });
    const place = async (name: string, quantity: number) =>
      (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "LUM-LED", quantity }] } }, shop.token)).placeOrder.order;
    orders.first = await place("Ana Primeira", 2);
    orders.second = await place("Bruno Segundo", 3);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "pt-BR" });
    page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.getByTestId("order-row").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const lampRow = () => page.locator('[data-testid="sku-row"][data-sku-code="LUM-LED"]');

  it("records a delivery; the queue and the order page show the date it gives each order", async () => {
    await page.goto(`${server.url}/stock`);
    await lampRow().waitFor();
    await expect(lampRow().getByTestId("sku-waiting").getAttribute("data-units")).resolves.toBe("5");
    await expect(lampRow().getByTestId("sku-waiting").textContent()).resolves.toBe("Pedidos em espera: 2 (5 un.)");

    await lampRow().getByTestId("incoming-sku").click();
    await page.getByTestId("incoming-none").waitFor();
    await expect(page.getByTestId("incoming-demand").textContent()).resolves.toBe("Em espera: 2 pedidos, 5 unidades em falta.");
    await expectNoAxeViolations(page, "incoming dialog, no deliveries");

    await page.getByTestId("incoming-add").click();
    await page.getByTestId("incoming-quantity").fill("3");
    await page.getByTestId("incoming-reference").fill("PC 118");
    await page.getByTestId("incoming-save").click();
    // A date is required: named under the field, nothing sent.
    await page.getByTestId("incoming-expected-on-error").waitFor();
    await expectNoAxeViolations(page, "incoming dialog, a field refused");
    await page.getByTestId("incoming-expected-on").fill(expectedOn);
    await page.getByTestId("incoming-save").click();

    const row = page.locator(`[data-testid="incoming-row"][data-expected-on="${expectedOn}"]`);
    await row.waitFor();
    await expect(page.getByTestId("incoming-status").textContent()).resolves.toContain(expectedText);
    await expect(row.getByTestId("incoming-remaining").textContent()).resolves.toBe("3");
    await page.screenshot({ path: path.join(SCREENSHOTS, "incoming-dialog.png") });
    await expectNoAxeViolations(page, "incoming dialog with a delivery");

    await page.keyboard.press("Escape");
    await expect(lampRow().getByTestId("sku-incoming").textContent()).resolves.toBe(`Entrada prevista: ${expectedText} (3 un.)`);

    // Three units cover the first order (2) but not the second (3 more).
    await page.goto(`${server.url}/orders-without-stock`);
    const queueExpected = (number: number) => page.locator(`[data-testid="queue-row"][data-order-number="${number}"] [data-testid="queue-expected"]`);
    await queueExpected(orders.first!.number).waitFor();
    await expect(queueExpected(orders.first!.number).textContent()).resolves.toBe(`Previsão: ${expectedText}`);
    await expect(queueExpected(orders.second!.number).textContent()).resolves.toBe("sem previsão");
    await expectNoAxeViolations(page, "queue with expected dates");

    await page.goto(`${server.url}/orders/${orders.first!.id}`);
    await page.getByTestId("order-expected").waitFor();
    await expect(page.getByTestId("order-expected").textContent()).resolves.toBe(`Previsão: ${expectedText}`);
    await expect(page.getByTestId("order-line-expected").textContent()).resolves.toBe(`Previsão: ${expectedText}`);
    await expectNoAxeViolations(page, "order page with an expected date");
  });

  it("receives the delivery into stock: the oldest order resumes, the rest stays expected", async () => {
    await page.goto(`${server.url}/stock`);
    await lampRow().getByTestId("incoming-sku").click();
    const row = page.locator(`[data-testid="incoming-row"][data-expected-on="${expectedOn}"]`);
    await row.getByTestId("incoming-receive").click();
    await expect(page.getByTestId("incoming-receive-quantity").inputValue()).resolves.toBe("3");
    await page.getByTestId("incoming-receive-quantity").fill("2");
    await expectNoAxeViolations(page, "receive form");
    await page.getByTestId("incoming-receive-confirm").click();

    await page.getByTestId("restock-success").waitFor();
    await expect(page.locator(`[data-testid="restock-resumed-order"][data-order-number="${orders.first!.number}"]`).count()).resolves.toBe(1);
    await expect(lampRow().getByTestId("sku-on-hand").textContent()).resolves.toBe("2");
    await expect(lampRow().getByTestId("sku-incoming").textContent()).resolves.toBe(`Entrada prevista: ${expectedText} (1 un.)`);
    await expect(lampRow().getByTestId("sku-waiting").textContent()).resolves.toBe("Pedidos em espera: 1 (3 un.)");
    await expectNoAxeViolations(page, "stock page after receiving a delivery");

    // The part still expected can be cancelled; the sku then has no delivery left.
    await lampRow().getByTestId("incoming-sku").click();
    await expect(row.textContent()).resolves.toContain("2 de 3 recebidas");
    await row.getByTestId("incoming-cancel").click();
    await expectNoAxeViolations(page, "cancel a delivery");
    await page.getByTestId("incoming-cancel-confirm").click();
    await page.getByTestId("incoming-none").waitFor();
    await page.keyboard.press("Escape");
    await lampRow().getByTestId("sku-incoming").waitFor({ state: "detached" });
    const [delivery] = await server.db.query<{ status: string; received_quantity: number }>("SELECT status, received_quantity FROM incoming_stock WHERE shop_id = ?", [shop.shopId]);
    expect({ status: delivery!.status, received: Number(delivery!.received_quantity) }).toEqual({ status: "CANCELLED", received: 2 });
  });

  it("works on a phone in Polish: the deliveries list and its forms fit and pass axe", async () => {
    const added = await gqlData(
      server.graphqlUrl,
      `mutation($i: AddIncomingStockInput!) { addIncomingStock(input: $i) { userErrors { code } } }`,
      { i: { skuId: String(shop.skus["CAF-500"]), quantity: 12, expectedOn, supplierReference: "Zamówienie 7/2026" } },
      shop.token,
    );
    expect(added.addIncomingStock.userErrors).toEqual([]);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "pl-PL" });
    await context.addInitScript(() => localStorage.setItem("ruptura.locale", "pl"));
    const phone = await context.newPage();
    try {
      await signIn(phone, server.url, shop);
      await phone.getByTestId("order-row").first().waitFor();
      await phone.goto(`${server.url}/stock`);
      const coffee = phone.locator('[data-testid="sku-row"][data-sku-code="CAF-500"]');
      await coffee.getByTestId("sku-incoming").waitFor();
      await coffee.getByTestId("incoming-sku").click();
      await phone.locator('[data-testid="incoming-row"]').first().waitFor();
      await phone.screenshot({ path: path.join(SCREENSHOTS, "incoming-dialog-pl-phone.png") });
      await expectNoAxeViolations(phone, "incoming dialog on a phone, in Polish");
      const fit = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(fit.page).toBeLessThanOrEqual(fit.viewport);
      await phone.getByTestId("incoming-edit").click();
      await expect(phone.getByTestId("incoming-quantity").inputValue()).resolves.toBe("12");
      await expectNoAxeViolations(phone, "edit a delivery on a phone, in Polish");
      await phone.getByTestId("incoming-quantity").fill("15");
      await phone.getByTestId("incoming-save").click();
      await expect(phone.locator('[data-testid="incoming-row"] [data-testid="incoming-remaining"]').textContent()).resolves.toBe("15");
    } finally {
      await context.close();
    }
  });
});
