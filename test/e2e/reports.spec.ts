import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { reportFactsRebuild } from "../../server/src/modules/orders/order-facts";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Relatórios (issue 16): a shop with orders placed, hit by a stockout, cancelled and refunded, one
 * of them 40 days ago; the page's figures agree with them, follow the range (presets and custom),
 * compare with the previous period, export a table as CSV, pass axe with the charts drawn, and
 * work on a phone. An empty shop gets its empty state, never NaN.
 */
describe("the reports page in the browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let empty: ShopFixture;
  let browser: Browser;
  /** The calendar day (shop's zone and UTC alike: noon UTC) of the order placed 40 days ago. */
  let oldDay: string;

  const place = async (lines: Array<{ skuCode: string; quantity: number }>) =>
    (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines } }, shop.token)).placeOrder.order as { id: string; status: string };
  const cancel = async (id: string, to: "MERCHANT" | "CUSTOMER") => {
    const result = await gqlData(server.graphqlUrl, CANCEL, { id, to, reason: "sem estoque" }, shop.token);
    expect(result.cancelOrder.order.status).toBe("CANCELLED");
  };
  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").replace(/\s+/g, " ").trim();
  /** Waits until the summary card shows `value` (a new range's answer has arrived). */
  const placedIs = (page: Page, value: string) =>
    page.waitForFunction((expected) => document.querySelector('[data-testid="report-placed-value"]')?.textContent === expected, value);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 10], "CHA-100": [2500, 0] }, "Relatórios");
    empty = await createShop(server, { "NADA-1": [1000, 1] }, "Vazia");

    // Today: five orders. Two served, one waiting for CHA-100, one short and cancelled (refund to
    // the merchant), one served and cancelled (refund to the customer).
    expect((await place([{ skuCode: "CAF-500", quantity: 1 }])).status).toBe("READY");
    expect((await place([{ skuCode: "CAF-500", quantity: 2 }])).status).toBe("READY");
    expect((await place([{ skuCode: "CHA-100", quantity: 1 }])).status).toBe("AWAITING_STOCK");
    const short = await place([{ skuCode: "CHA-100", quantity: 2 }]);
    expect(short.status).toBe("AWAITING_STOCK");
    await cancel(short.id, "MERCHANT");
    const regret = await place([{ skuCode: "CAF-500", quantity: 1 }]);
    await cancel(regret.id, "CUSTOMER");

    // 40 days ago at noon UTC: outside the last 30 days, inside the last 90 and the previous 30.
    const old = await place([{ skuCode: "CAF-500", quantity: 1 }]);
    const when = new Date(Date.now() - 40 * DAY);
    when.setUTCHours(12, 0, 0, 0);
    oldDay = when.toISOString().slice(0, 10);
    await server.db.query("UPDATE orders SET placed_at = ? WHERE id = ?", [sqlTimestamp(when), Number(old.id)]);
    await server.db.query("UPDATE order_event SET created_at = ? WHERE order_id = ?", [sqlTimestamp(when), Number(old.id)]);
    // History moved by hand: the report's facts made again from it, as the migration's backfill does.
    for (const { sql, params } of reportFactsRebuild(server.db.dialect, shop.shopId)) await server.db.query(sql, params);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the figures of the orders, follows the range, compares, exports CSV and passes axe", async () => {
    // The browser is in Tokyo; the shop's days are the shop's.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR", timezoneId: "Asia/Tokyo", acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByTestId("nav-reports").click();
    await page.waitForURL(/\/reports/);
    await page.getByTestId("report").waitFor();

    // Last 30 days (the default): 5 placed, 2 hit by a stockout, 2 cancelled.
    await placedIs(page, "5");
    expect(await text(page, "report-stockout-share-value")).toBe("40%");
    expect(await text(page, "report-cancel-rate-value")).toBe("40%");
    // The 30 days before held one order: up 400 %, said in words and with an arrow.
    expect(await text(page, "report-placed-delta")).toMatch(/▲ Alta de 400\s?% sobre o período anterior/);
    await expect(page.getByTestId("report-placed-delta").getAttribute("data-direction")).resolves.toBe("up");
    // Revenue at risk now: the waiting CHA-100 order, R$ 25,00.
    expect(await text(page, "report-at-risk-value")).toMatch(/R\$\s?25,00/);
    // The daily chart is drawn (an SVG with its lines), labelled, and the page passes axe with it.
    await page.getByTestId("report-daily").locator("svg.recharts-surface").first().waitFor();
    await expect(page.getByTestId("report-daily").getByTestId("report-chart").getAttribute("aria-label")).resolves.toContain("Gráfico de linhas");
    await page.screenshot({ path: path.join(SCREENSHOTS, "reports.png"), fullPage: true });
    await expectNoAxeViolations(page, "reports, last 30 days, charts drawn");

    // The table behind the chart, opened.
    await page.getByTestId("report-skus").getByText("Ver tabela").click();
    const skuRow = page.getByTestId("report-skus-table").locator("tbody tr").first();
    await expect(skuRow.textContent()).resolves.toMatch(/CHA-100.*Item CHA-100.*2.*3/);
    await expectNoAxeViolations(page, "reports, a table opened");

    // CSV of the daily table: header in the page's language, today's row with the same figures.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-daily-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^daily_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/);
    const raw = fs.readFileSync(await download.path(), "utf8");
    expect(raw.startsWith("\uFEFF")).toBe(true);
    const lines = raw.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("Dia,Recebidos,Com ruptura,Cancelados");
    expect(lines).toHaveLength(31);
    const totals = lines.slice(1).map((line) => line.split(",").slice(1).map(Number)).reduce((sum, row) => sum.map((value, i) => value + row[i]!), [0, 0, 0]);
    expect(totals).toEqual([5, 2, 2]);
    // CSV of the top skus: plain numbers, the sku's code first.
    const [skus] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-skus-csv").click()]);
    const skuLines = fs.readFileSync(await skus.path(), "utf8").replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(skuLines[0]).toBe("SKU,Produto,Pedidos afetados,Unidades em falta,Dias sem estoque,Disponível agora,A caminho,Previsão");
    expect(skuLines[1]).toMatch(/^CHA-100,Item CHA-100,2,3,/);

    // Last 90 days: the order of 40 days ago counts too.
    await page.getByTestId("report-range-90").click();
    await page.waitForURL(/range=90/);
    await placedIs(page, "6");
    await expect(page.getByTestId("report-range-90").getAttribute("aria-pressed")).resolves.toBe("true");

    // A custom range of that one day.
    await page.getByTestId("report-range-custom").click();
    await page.getByTestId("report-range-from").fill(oldDay);
    await page.getByTestId("report-range-to").fill(oldDay);
    await page.getByTestId("report-range-apply").click();
    await page.waitForURL((url) => url.searchParams.get("range") === "custom" && url.searchParams.get("from") === oldDay && url.searchParams.get("to") === oldDay);
    await placedIs(page, "1");
    expect(await text(page, "report-cancel-rate-value")).toBe("0%");
    await expectNoAxeViolations(page, "reports, custom range");
    // A reversed range is refused under the field, and nothing changes.
    await page.getByTestId("report-range-from").fill(oldDay);
    await page.getByTestId("report-range-to").fill("2000-01-01");
    await expect(page.getByTestId("report-range-apply").isDisabled()).resolves.toBe(true);
    await page.getByTestId("report-range-error").waitFor();

    // The range is in the URL: a reload (or a shared link) shows the same report.
    await page.reload();
    await placedIs(page, "1");
    await context.close();
  });

  it("is usable on a phone: no sideways scrolling, the range buttons and figures in reach", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "pt-BR", isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${server.url}/reports?range=90`);
    await placedIs(page, "6");
    await page.getByTestId("report-daily").locator("svg.recharts-surface").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId("report-range-7").tap();
    await page.waitForURL(/range=7/);
    await placedIs(page, "5");
    await page.screenshot({ path: path.join(SCREENSHOTS, "reports-phone.png"), fullPage: true });
    await expectNoAxeViolations(page, "reports on a phone");
    await context.close();
  });

  it("tells an empty shop there is nothing yet, without NaN or Infinity", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en" });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem("ruptura.locale", "en"));
    await signIn(page, server.url, empty);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${server.url}/reports`);
    await page.getByTestId("report-empty").waitFor();
    const body = (await page.locator("main").textContent()) ?? "";
    expect(body).toContain("Nothing to show for this period");
    expect(body).not.toMatch(/NaN|Infinity|undefined/);
    await expectNoAxeViolations(page, "reports, empty shop");
    await context.close();
  });
});
