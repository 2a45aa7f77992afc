import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoShop } from "../../server/src/demo/seed-demo";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, signIn, WEB_DIST } from "../helpers/browser";
import { startTestServer, TestServer } from "../helpers/server";

const DAY = 24 * 60 * 60 * 1000;

/** The UTC instant of midnight starting `date` (YYYY-MM-DD) in `zone`. */
function midnight(date: string, zone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
  return new Date(guess - (wall - guess));
}

/**
 * Issue 16's acceptance on the demo shop: Relatórios, last 30 days, tells which three products hurt
 * most and the cancel rate, and both agree with plain SQL over the demo's orders (the same
 * definitions as modules/reports); the daily chart's table adds up to the figures; axe passes.
 */
describe("the demo shop's reports", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    expect(await seedDemoShop(server.services, server.db)).toBe(true);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").replace(/\s+/g, " ").trim();

  it("shows the cancel rate and the three skus that hurt most, as the orders say", async () => {
    const [shop] = await server.db.query<{ id: number; time_zone: string }>("SELECT id, time_zone FROM shop");
    const zone = shop!.time_zone;
    // The 30-day preset: today and the 29 days before, in the shop's zone.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
    const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const start = sqlTimestamp(midnight(firstDay, zone));
    const end = sqlTimestamp(midnight(tomorrow, zone));

    const [counts] = await server.db.query<{ placed: number; cancelled: number }>(
      "SELECT COUNT(*) AS placed, SUM(CASE WHEN status = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled FROM orders WHERE shop_id = ? AND kind = 'SALE' AND placed_at >= ? AND placed_at < ?",
      [shop!.id, start, end],
    );
    const placed = Number(counts!.placed);
    const cancelled = Number(counts!.cancelled);
    // Orders hit by a stockout, their lines short or cancelled, by sku: most orders, then most units.
    const top = await server.db.query<{ code: string; orders: number; units: number }>(
      `SELECT s.code AS code, COUNT(DISTINCT o.id) AS orders, SUM(l.short + l.cancelled) AS units
       FROM orders o JOIN order_line l ON l.order_id = o.id JOIN sku s ON s.id = l.sku_id
       WHERE o.shop_id = ? AND o.kind = 'SALE' AND o.placed_at >= ? AND o.placed_at < ? AND (l.short > 0 OR l.cancelled > 0)
         AND EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.id AND e.type = 'STOCK_SHORTAGE')
       GROUP BY l.sku_id, s.code ORDER BY orders DESC, units DESC, l.sku_id LIMIT 3`,
      [shop!.id, start, end],
    );
    expect(placed).toBeGreaterThan(150);
    expect(cancelled).toBeGreaterThan(0);
    expect(top).toHaveLength(3);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
    const page = await context.newPage();
    await signIn(page, server.url, { email: DEMO_EMAIL, password: DEMO_PASSWORD });
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByTestId("nav-reports").click();
    await page.waitForURL(/\/reports/);
    await page.getByTestId("report-range-30").click();
    await page.waitForFunction((expected) => document.querySelector('[data-testid="report-placed-value"]')?.textContent === expected, String(placed));

    const percent = new Intl.NumberFormat("pt-BR", { style: "percent", maximumFractionDigits: 1 }).format(cancelled / placed);
    expect(await text(page, "report-cancel-rate-value")).toBe(percent.replace(/\s+/g, " "));

    // The top skus' chart is drawn and its table lists the same three products first.
    await page.getByTestId("report-skus").locator("svg.recharts-surface").first().waitFor();
    await page.getByTestId("report-skus").getByText("Ver tabela").click();
    const skuRows = page.getByTestId("report-skus-table").locator("tbody tr");
    const shown: string[] = [];
    for (let i = 0; i < 3; i++) shown.push(((await skuRows.nth(i).locator("td, th").first().textContent()) ?? "").trim());
    expect(shown).toEqual(top.map((t) => t.code));
    for (const [i, t] of top.entries()) {
      const cells = (await skuRows.nth(i).locator("td, th").allTextContents()).map((c) => c.trim());
      expect(cells).toContain(String(t.orders));
      expect(cells).toContain(String(t.units));
    }

    // The daily chart's table: its rows add up to the figures above.
    await page.getByTestId("report-daily").locator("svg.recharts-surface").first().waitFor();
    await page.getByTestId("report-daily").getByText("Ver tabela").click();
    const dailyRows = await page.getByTestId("report-daily-table").locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll("td, th")).map((cell) => (cell.textContent ?? "").trim())),
    );
    expect(dailyRows).toHaveLength(30);
    const sum = (column: number) => dailyRows.reduce((s, row) => s + Number(row[column]!.replace(/\D/g, "")), 0);
    expect(sum(1)).toBe(placed);
    expect(sum(3)).toBe(cancelled);

    await expectNoAxeViolations(page, "the demo shop's reports, last 30 days, tables open");
    await context.close();
  });
});
