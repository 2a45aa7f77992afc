import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { openAppDatabase } from "../../server/src/persistence";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { seedWaitingShop } from "../helpers/bulk-orders";
import { createTestDatabase, TestDatabase } from "../helpers/databases";
import { RESTOCK } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer } from "../helpers/server";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";

/**
 * Issue 10's acceptance: with the queue open in a browser, a restock that resumes 10,000 orders
 * leaves the server (the built one, its own process) up and the queue right, without a reload.
 */
describe("the queue open in a browser while a restock resumes 10,000 orders", () => {
  let testDb: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    testDb = await createTestDatabase("sqlite");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill("SIGKILL");
    await testDb?.drop();
  });

  it("empties the queue and its count live, and the server stays up", async () => {
    const shop = await seedWaitingShop(testDb, 10_000);
    server = await spawnServer(testDb, await freePort());
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "pt-BR" })).newPage();
    await signIn(page, server.url, shop);
    await page.getByTestId("nav-orders-without-stock").click();
    await page.getByTestId("queue-row").first().waitFor();
    await page.getByTestId("orders-without-stock-count").filter({ hasText: /^10\.?000$/ }).waitFor();
    // The screen is live (its subscription registered) before the stock arrives.
    await page.waitForTimeout(500);

    const restock = await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skuId), quantity: 10_000 }, shop.token);
    expect(restock.restock.ordersResumedCount).toBe(10_000);

    await page.getByTestId("queue-empty").waitFor({ timeout: 30_000 });
    await page.getByTestId("orders-without-stock-count").waitFor({ state: "detached", timeout: 30_000 });
    expect(await page.getByTestId("queue-row").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "queue-after-10000-resumed.png") });
    expect({ alive: server.alive(), stderr: server.stderr() }).toEqual({ alive: true, stderr: "" });
    expect((await fetch(`${server.url}/healthz`)).ok).toBe(true);
  }, 180_000);
});

/**
 * Issue 10, defect 2, in the browser: the server dies (kill -9) with a restock committed whose
 * events were never delivered, and restarts; the open queue reconnects, resumes its
 * subscription from its last cursor, and shows the resumed orders gone without a reload.
 */
describe("the queue open in a browser through a server kill -9 and restart", () => {
  let testDb: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    testDb = await createTestDatabase("sqlite");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill("SIGKILL");
    await testDb?.drop();
  });

  it("catches up with what was committed before the crash", async () => {
    const shop = await seedWaitingShop(testDb, 500);
    const port = await freePort();
    server = await spawnServer(testDb, port);
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "pt-BR" })).newPage();
    await signIn(page, server.url, shop);
    await page.getByTestId("nav-orders-without-stock").click();
    await page.getByTestId("queue-row").first().waitFor();
    await page.getByTestId("orders-without-stock-count").filter({ hasText: /^500$/ }).waitFor();
    await page.waitForTimeout(500);

    // The server dies; the restock commits as if just before the crash, its events never delivered
    // (an in-process server on the same database with its dispatcher off: no timing involved).
    await server.kill("SIGKILL");
    const committer = await startTestServer("sqlite", { testDb, dispatch: false });
    await gqlData(committer.graphqlUrl, RESTOCK, { skuId: String(shop.skuId), quantity: 500 }, shop.token);
    await committer.stop({ keepDatabase: true });
    const db = await openAppDatabase(testDb.options);
    const [pending] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE type = 'ORDER_RESUMED' AND dispatched_at IS NULL");
    await db.close();
    expect(Number(pending!.n)).toBeGreaterThan(0);
    // Nothing reached the page before the crash.
    expect(await page.getByTestId("queue-row").count()).toBeGreaterThan(0);

    // Restarted, the server delivers the pending events at once, before the page is back: the
    // page gets them from the replay after its cursor.
    server = await spawnServer(testDb, port);
    await page.getByTestId("queue-empty").waitFor({ timeout: 30_000 });
    await page.getByTestId("orders-without-stock-count").waitFor({ state: "detached", timeout: 30_000 });
  }, 180_000);
});
