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

/**
 * A desk page opened while the session's cost budget is spent (a merchant clicking fast through
 * forty orders): the page's queries are refused THROTTLED, and the web app sends them again
 * after `retryAfterSeconds` (web/src/app/throttle-retry-link.ts) instead of showing an error.
 */
describe("the desk when its session's cost budget is spent, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const buckets = new CostBuckets({ capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, enforce: true });

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, costBuckets: buckets });
    shop = await createShop(server, { "CAF-500": [6490, 5] });
    for (const name of ["Ana Ready", "Bruno Reis"]) {
      await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    }
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("waits out THROTTLED and shows the orders, not an error", async () => {
    await page.getByTestId("order-row").first().waitFor();
    const token = await page.evaluate(() => localStorage.getItem("ruptura.token"));
    expect(token).toBeTruthy();
    const refusals: string[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/graphql") && response.status() === 429) refusals.push(response.url());
    });
    // The browser's session spends its whole budget (as forty order pages in a row would).
    const key = `session:${hashToken(token!)}`;
    expect(buckets.take(key, buckets.available(key)).ok).toBe(true);

    await page.goto(`${server.url}/orders`);
    const rows = page.getByTestId("order-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    // Refused first, then sent again and answered: the list, and no error on the page.
    expect(refusals.length).toBeGreaterThan(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await expectNoAxeViolations(page, "orders list after a throttled load");
  });
});
