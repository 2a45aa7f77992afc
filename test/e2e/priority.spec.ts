import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** A merchant's priority over FIFO: marked from the order page, first in the queue, served first. */
describe("a merchant's priority in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const orders: Array<{ id: string; number: number }> = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [6490, 0] }, "Café do Porto");
    for (const name of ["Ana Lima", "Bruno Reis", "Carla Dias"]) {
      const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 5 }] } }, shop.token);
      orders.push(placed.placeOrder.order);
    }
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queueNumbers = async () => page.getByTestId("queue-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-order-number"))));

  it("marks the newest order priority from its page; the queue lists it first with a badge; a restock serves it first", async () => {
    const newest = orders[2]!;
    await page.goto(`${server.url}/orders/${newest.id}`);
    await page.getByTestId("order-number").waitFor();
    expect(await page.getByTestId("priority-badge").count()).toBe(0);
    await page.getByTestId("priority-action").click();
    const dialog = page.getByTestId("priority-dialog");
    await dialog.getByTestId("priority-reason").waitFor();
    await expectNoAxeViolations(page, "priority dialog");

    // The reason is required: said under the field, nothing sent.
    await dialog.getByTestId("priority-confirm").click();
    await dialog.getByTestId("priority-reason-error").waitFor();
    await expectNoAxeViolations(page, "priority dialog with an error");
    await dialog.getByTestId("priority-reason").fill("Cliente VIP");
    await page.screenshot({ path: path.join(SCREENSHOTS, "priority-dialog.png") });
    await dialog.getByTestId("priority-confirm").click();

    await page.getByTestId("priority-badge").waitFor();
    await expect(page.getByTestId("order-priority").textContent()).resolves.toContain("Cliente VIP");
    await page.getByText("Marcado como prioridade").first().waitFor();
    await expectNoAxeViolations(page, "priority order page");

    await page.goto(`${server.url}/orders-without-stock`);
    await page.getByTestId("queue-row").first().waitFor();
    await expect(queueNumbers()).resolves.toEqual([newest.number, orders[0]!.number, orders[1]!.number]);
    const first = page.getByTestId("queue-row").first();
    await expect(first.getAttribute("data-priority")).resolves.toBe("true");
    expect(await first.getByTestId("priority-badge").count()).toBe(1);
    expect(await page.getByTestId("priority-badge").count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "priority-queue.png") });
    await expectNoAxeViolations(page, "queue with a priority order");

    // 7 units: the priority order 5, the oldest 2 (partly); the queue updates live.
    await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus["CAF-500"]), quantity: 7, note: "NF 9" }, shop.token);
    await page.waitForFunction((n) => !Array.from(document.querySelectorAll('[data-testid="queue-row"]')).some((r) => r.getAttribute("data-order-number") === String(n)), newest.number);
    await expect(queueNumbers()).resolves.toEqual([orders[0]!.number, orders[1]!.number]);
  });

  it("unmarks the priority from the order page", async () => {
    const middle = orders[1]!;
    await gqlData(
      server.graphqlUrl,
      `mutation($id: ID!) { setOrderPriority(orderId: $id, priority: true, reason: "Prazo do marketplace") { userErrors { code } } }`,
      { id: middle.id },
      shop.token,
    );
    await page.goto(`${server.url}/orders/${middle.id}`);
    await page.getByTestId("priority-badge").waitFor();
    await page.getByTestId("priority-action").click();
    const dialog = page.getByTestId("priority-dialog");
    await expect(dialog.getByTestId("priority-current-reason").textContent()).resolves.toContain("Prazo do marketplace");
    await dialog.getByTestId("priority-confirm").click();
    await page.getByText("Prioridade removida").first().waitFor();
    expect(await page.getByTestId("priority-badge").count()).toBe(0);
    await expectNoAxeViolations(page, "order page after unmarking");
  });
});
