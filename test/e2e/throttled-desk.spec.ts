import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { hashToken } from "../../server/src/modules/auth/auth.service";
import { CostBuckets } from "../../server/src/infra/graphql/cost";
import { LIMITS } from "../../server/src/infra/http/limits";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ORDER_PRIORITY = /* GraphQL */ `
  query OrderPriority($id: ID!) {
    order(id: $id) {
      priority
      priorityReason
    }
  }
`;

/**
 * A desk page opened while the session's cost budget is spent (a merchant clicking fast through
 * forty orders): the page's queries are refused THROTTLED, and the web app sends them again
 * after `retryAfterSeconds` (web/src/app/throttle-retry-link.ts) instead of showing an error; a
 * change is not sent again: its form says nothing changed and how long to wait.
 */
describe("the desk when its session's cost budget is spent, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let waitingOrderId: string;
  const buckets = new CostBuckets({ capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, enforce: true });

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, costBuckets: buckets });
    shop = await createShop(server, { "CAF-500": [6490, 5], "MOK-250": [3990, 0] });
    for (const name of ["Ana Ready", "Bruno Reis"]) {
      await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    }
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Carla Espera" }), lines: [{ skuCode: "MOK-250", quantity: 1 }] } }, shop.token);
    waitingOrderId = placed.placeOrder.order.id;
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Spends the browser session's whole cost budget (as forty order pages in a row would); returns its bucket's key. */
  const spendSessionBudget = async () => {
    const token = await page.evaluate(() => localStorage.getItem("ruptura.token"));
    expect(token).toBeTruthy();
    const key = `session:${hashToken(token!)}`;
    expect(buckets.take(key, buckets.available(key)).ok).toBe(true);
    return key;
  };

  it("waits out THROTTLED and shows the orders, not an error", async () => {
    await page.getByTestId("order-row").first().waitFor();
    const refusals: string[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/graphql") && response.status() === 429) refusals.push(response.url());
    });
    await spendSessionBudget();

    await page.goto(`${server.url}/orders`);
    const rows = page.getByTestId("order-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    // Refused first, then sent again and answered: the list, and no error on the page.
    expect(refusals.length).toBeGreaterThan(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await expectNoAxeViolations(page, "orders list after a throttled load");
  });

  it("says how long to wait when a change is refused THROTTLED, changes nothing, and the same click works after the wait", async () => {
    await page.goto(`${server.url}/orders/${waitingOrderId}`);
    await page.getByTestId("order-number").waitFor();
    await page.getByTestId("priority-action").click();
    const dialog = page.getByTestId("priority-dialog");
    await dialog.getByTestId("priority-reason").fill("Marketplace com prazo");
    const key = await spendSessionBudget();

    await dialog.getByTestId("priority-confirm").click();
    const error = dialog.getByTestId("priority-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Muitas solicitações em pouco tempo\. Nada foi alterado: aguarde \d+ segundos? e tente de novo\./);
    await expectNoAxeViolations(page, "priority dialog refused THROTTLED");
    const seen = await gqlData(server.graphqlUrl, ORDER_PRIORITY, { id: waitingOrderId }, shop.token);
    expect(seen.order).toMatchObject({ priority: false, priorityReason: null });

    // The budget refills (50 points a second): the same click goes through.
    while (buckets.available(key) < 200) await new Promise((resolve) => setTimeout(resolve, 200));
    await dialog.getByTestId("priority-confirm").click();
    await page.getByTestId("priority-badge").waitFor();
    expect((await gqlData(server.graphqlUrl, ORDER_PRIORITY, { id: waitingOrderId }, shop.token)).order).toMatchObject({ priority: true, priorityReason: "Marketplace com prazo" });
  });
});
