import fs from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** The stockout desk: resolve an order through the dialog, and watch another window follow live. */
describe("the 'Pedidos sem estoque' desk in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let context: BrowserContext;
  let desk: Page;
  let watcher: Page;
  const orders: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 1], "LUM-LED": [17990, 0], "CAN-001": [1990, 1], "VEL-002": [3990, 0] });
    const place = async (name: string, lines: Array<[string, number]>) =>
      (
        await gqlData(
          server.graphqlUrl,
          PLACE_ORDER,
          { input: { customer: customer({ name }), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 1590 } },
          shop.token,
        )
      ).placeOrder.order;
    orders.cancelMe = await place("Carla Cancela", [["CAF-500", 1], ["LUM-LED", 1]]);
    orders.waitsForLamp = await place("Wagner Espera", [["LUM-LED", 2]]);
    orders.waitsForCoffee = await place("Beatriz Café", [["CAF-500", 1]]);
    orders.holdMe = await place("Helena Espera", [["VEL-002", 1]]);
    orders.shipMe = await place("Sérgio Envia", [["CAN-001", 1], ["VEL-002", 2]]);

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "pt-BR" });
    desk = await context.newPage();
    await signIn(desk, server.url, shop);
    await desk.getByTestId("order-row").first().waitFor();
    watcher = await context.newPage(); // the same merchant in a second window
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queueRow = (page: Page, number: number) => page.locator(`[data-testid="queue-row"][data-order-number="${number}"]`);

  it("resolves an order through the dialog, and the other window drops it at once", async () => {
    for (const page of [desk, watcher]) {
      await page.goto(`${server.url}/orders-without-stock`);
      await queueRow(page, orders.cancelMe!.number).waitFor();
    }
    expect(await desk.getByTestId("queue-row").count()).toBe(5);
    await expect(desk.getByTestId("orders-without-stock-count").textContent()).resolves.toBe("5");
    await expectNoAxeViolations(desk, "queue with five orders");

    await queueRow(desk, orders.cancelMe!.number).getByTestId("resolve-order").click();
    await desk.getByTestId("resolution-CANCEL").click();
    // The preview says what happens before anything does: all R$ 260,70 paid comes back.
    await expect(desk.getByTestId("resolve-refund-total").textContent()).resolves.toMatch(/R\$\s?260,70/);
    await desk.getByTestId("refund-to-CUSTOMER").check();
    await desk.getByTestId("resolve-reason").fill("Cliente pediu o cancelamento");
    await desk.screenshot({ path: path.join(SCREENSHOTS, "resolve-dialog.png") });
    await expectNoAxeViolations(desk, "Resolver dialog, cancellation to the customer");
    await desk.getByTestId("resolve-confirm").click();
    await desk.getByTestId("resolve-success").waitFor();
    await expectNoAxeViolations(desk, "queue, resolution confirmed");

    await queueRow(desk, orders.cancelMe!.number).waitFor({ state: "detached" });
    // The other window was not touched: the server pushed the change to it.
    await queueRow(watcher, orders.cancelMe!.number).waitFor({ state: "detached", timeout: 5000 });
  });

  it("puts an order on hold and ships another with what is available, through the same dialog", async () => {
    await queueRow(desk, orders.holdMe!.number).getByTestId("resolve-order").click();
    await desk.getByTestId("resolution-WAIT_FOR_RESTOCK").click();
    await desk.getByTestId("resolve-confirm").click();
    await desk.getByTestId("resolve-success").waitFor();
    // On hold, it stays in the queue, waiting by itself.
    await expect(queueRow(desk, orders.holdMe!.number).getAttribute("data-status")).resolves.toBe("ON_HOLD_FOR_RESTOCK");

    await queueRow(desk, orders.shipMe!.number).getByTestId("resolve-order").click();
    await desk.getByTestId("resolution-SHIP_AVAILABLE").click();
    // Two candles are missing: R$ 79,80 comes back, without shipping.
    await expect(desk.getByTestId("resolve-refund-total").textContent()).resolves.toMatch(/R\$\s?79,80/);
    await desk.getByTestId("refund-to-MERCHANT").check();
    await expectNoAxeViolations(desk, "Resolver dialog, ship what is available");
    await desk.getByTestId("resolve-confirm").click();
    await desk.getByTestId("resolve-success").waitFor();
    await queueRow(desk, orders.shipMe!.number).waitFor({ state: "detached" });
    await queueRow(watcher, orders.shipMe!.number).waitFor({ state: "detached", timeout: 5000 });

    const shipped = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status refunds { destination amount { amount } } } }`, { id: orders.shipMe!.id }, shop.token);
    expect(shipped.order).toEqual({ status: "READY", refunds: [{ destination: "MERCHANT", amount: { amount: 7980 } }] });
  });

  it("shows orders resuming live in the other window when stock arrives", async () => {
    // The cancellation released one CAF-500, which went straight to the oldest order waiting for it.
    await queueRow(watcher, orders.waitsForCoffee!.number).waitFor({ state: "detached", timeout: 5000 });

    await desk.goto(`${server.url}/stock`);
    const lamp = desk.locator('[data-testid="sku-row"][data-sku-code="LUM-LED"]');
    await lamp.getByTestId("restock-sku").click();
    await desk.getByTestId("restock-quantity").fill("2");
    await desk.locator('[data-testid="restock-preview"][data-ready]').waitFor();
    await expect(desk.getByTestId("restock-preview").textContent()).resolves.toMatch(/1/);
    await desk.getByTestId("restock-confirm").click();
    await desk.getByTestId("restock-success").waitFor();

    await queueRow(watcher, orders.waitsForLamp!.number).waitFor({ state: "detached", timeout: 5000 });
    // Only the order on hold for candles is still waiting, and the sidebar says so without a reload.
    await watcher.getByTestId("orders-without-stock-count").filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    expect(await watcher.getByTestId("queue-row").count()).toBe(1);
    await watcher.screenshot({ path: path.join(SCREENSHOTS, "queue-after-restock.png") });
    await expectNoAxeViolations(watcher, "queue after a restock, updated live");

    await desk.goto(`${server.url}/orders/${orders.waitsForLamp!.id}`);
    const timeline = desk.getByTestId("order-timeline");
    await expect(timeline.textContent()).resolves.toContain("Pedido retomado");
    await expectNoAxeViolations(desk, "order detail, resumed");
  });
});
