import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** The queue at scale in a real browser: search, sort, selection, a bulk cancellation with refusals, CSV, keyboard. */
describe("the desk at scale in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const orders: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [1000, 0] }, "Café do Porto");
    const people: Array<[string, number, boolean]> = [
      ["Ana Costa", 3, true],
      ["Bruno Lima", 1, true],
      ["Carla Costa", 5, true],
      ["Diego Reis", 2, true],
      ["Eva Costa", 6, true],
      ["Fábio Nunes", 4, true],
      ["Gil Sem Cpf", 7, false],
    ];
    for (const [name, quantity, cpf] of people) {
      const placed = await gqlData(
        server.graphqlUrl,
        PLACE_ORDER,
        { input: { customer: customer(cpf ? { name } : { name, cpf: null }), lines: [{ skuCode: "CAF-500", quantity }] } },
        shop.token,
      );
      orders[name] = placed.placeOrder.order;
    }
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await server?.services.bulkResolutions.idle();
    await browser?.close();
    await server?.stop();
  });

  const names = () => page.getByTestId("queue-row").evaluateAll((rows) => rows.map((r) => r.querySelector(".queue-table__customer")?.textContent ?? ""));
  const waitForNames = (expected: string[]) =>
    page.waitForFunction(
      (want) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid="queue-row"] .queue-table__customer')).map((c) => c.textContent)) === JSON.stringify(want),
      expected,
    );
  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName);
  const focusedNumber = () => page.evaluate(() => document.activeElement?.getAttribute("data-order-number"));

  it("searches (in the URL) and sorts by a column (aria-sort), cursors and all", async () => {
    await page.goto(`${server.url}/orders-without-stock`);
    await waitForNames(["Ana Costa", "Bruno Lima", "Carla Costa", "Diego Reis", "Eva Costa", "Fábio Nunes", "Gil Sem Cpf"]);
    await expectNoAxeViolations(page, "queue with search, sort and selection");

    await page.getByTestId("queue-search").fill("costa");
    await page.waitForURL((url) => url.searchParams.get("q") === "costa");
    await waitForNames(["Ana Costa", "Carla Costa", "Eva Costa"]);
    await page.getByTestId("queue-search").fill("");
    await waitForNames(["Ana Costa", "Bruno Lima", "Carla Costa", "Diego Reis", "Eva Costa", "Fábio Nunes", "Gil Sem Cpf"]);

    const totalHeader = page.locator("th", { has: page.getByTestId("sort-total") });
    await expect(totalHeader.getAttribute("aria-sort")).resolves.toBe("none");
    await page.getByTestId("sort-total").click();
    await waitForNames(["Bruno Lima", "Diego Reis", "Ana Costa", "Fábio Nunes", "Carla Costa", "Eva Costa", "Gil Sem Cpf"]);
    await expect(totalHeader.getAttribute("aria-sort")).resolves.toBe("ascending");
    await page.getByTestId("sort-total").click();
    await waitForNames(["Gil Sem Cpf", "Eva Costa", "Carla Costa", "Fábio Nunes", "Ana Costa", "Diego Reis", "Bruno Lima"]);
    await expect(totalHeader.getAttribute("aria-sort")).resolves.toBe("descending");
    expect(new URL(page.url()).searchParams.get("sort")).toBe("VALUE");
    expect(new URL(page.url()).searchParams.get("dir")).toBe("DESC");
    await page.getByTestId("sort-total").click();
    await expect(names()).resolves.toHaveLength(7);
    await page.getByTestId("sort-total").click();
    await waitForNames(["Bruno Lima", "Diego Reis", "Ana Costa", "Fábio Nunes", "Carla Costa", "Eva Costa", "Gil Sem Cpf"]);
  });

  it("moves through the queue with the keyboard: / searches, j/k move, x selects, Enter opens, ? shows the shortcuts", async () => {
    await page.keyboard.press("/");
    expect(await focusedTestId()).toBe("queue-search");
    await page.keyboard.press("Tab");
    // Back on the page (not in a field): j enters the table at its first row, then moves.
    await page.locator("h1").click();
    await page.keyboard.press("j");
    expect(await focusedNumber()).toBe(String(orders["Bruno Lima"]!.number));
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    expect(await focusedNumber()).toBe(String(orders["Ana Costa"]!.number));
    await page.keyboard.press("k");
    expect(await focusedNumber()).toBe(String(orders["Diego Reis"]!.number));
    // Only the current row is in the tab order (a roving tabindex).
    await expect(page.locator('[data-testid="queue-table"] tbody tr[tabindex="0"]').count()).resolves.toBe(1);
    await page.keyboard.press("x");
    await page.getByTestId("bulk-bar").waitFor();
    await expect(page.getByTestId("selected-count").textContent()).resolves.toContain("1");
    await page.keyboard.press("x");
    await page.getByTestId("bulk-bar").waitFor({ state: "detached" });

    await page.keyboard.press("?");
    const help = page.getByTestId("shortcuts-help");
    await help.getByRole("heading", { name: "Atalhos" }).waitFor();
    await expectNoAxeViolations(page, "shortcuts help");
    await page.keyboard.press("Escape");
    await help.getByRole("heading", { name: "Atalhos" }).waitFor({ state: "detached" });

    await page.locator('[data-testid="queue-table"] tbody tr[tabindex="0"]').focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/orders/${orders["Diego Reis"]!.id}`);
    await page.goBack();
    await waitForNames(["Bruno Lima", "Diego Reis", "Ana Costa", "Fábio Nunes", "Carla Costa", "Eva Costa", "Gil Sem Cpf"]);
  });

  it("selects a shift-click range and one more, cancels them in bulk with live progress, and lists the refusals with their reasons", async () => {
    const checkbox = (name: string) => page.getByRole("checkbox", { name: `Selecionar pedido #${orders[name]!.number}` });
    await checkbox("Bruno Lima").click();
    await checkbox("Ana Costa").click({ modifiers: ["Shift"] });
    await checkbox("Gil Sem Cpf").click();
    await expect(page.getByTestId("selected-count").textContent()).resolves.toContain("4");
    for (const name of ["Bruno Lima", "Diego Reis", "Ana Costa", "Gil Sem Cpf"]) await expect(checkbox(name).isChecked()).resolves.toBe(true);
    await expectNoAxeViolations(page, "queue with a selection");

    // Someone else cancels one of them meanwhile: the bulk job refuses it, never cancelling twice.
    await gqlData(server.graphqlUrl, CANCEL, { id: orders["Diego Reis"]!.id, to: "MERCHANT", reason: "Cliente desistiu" }, shop.token);

    await page.getByTestId("bulk-resolve").click();
    const dialog = page.getByTestId("bulk-dialog");
    await dialog.getByTestId("bulk-resolution-CANCEL").click();
    await dialog.getByTestId("bulk-refund-to-CUSTOMER").check();
    await dialog.getByTestId("bulk-note").fill("Fornecedor sem previsão");
    await expectNoAxeViolations(page, "bulk resolution dialog");
    await dialog.getByTestId("bulk-apply").click();

    const progress = dialog.getByTestId("bulk-progress");
    await progress.waitFor();
    await page.waitForSelector('[data-testid="bulk-progress"][data-status="FINISHED"]');
    const counts = dialog.getByTestId("bulk-counts");
    await expect(counts.getAttribute("data-done")).resolves.toBe("2");
    await expect(counts.getAttribute("data-refused")).resolves.toBe("2");
    await dialog.getByTestId("bulk-summary").waitFor();
    const groups = await dialog.getByTestId("bulk-refusal-group").evaluateAll((els) => els.map((e) => [e.getAttribute("data-code"), e.querySelector("a")?.textContent]));
    expect(groups.sort()).toEqual(
      [
        ["CUSTOMER_CPF_MISSING", `#${orders["Gil Sem Cpf"]!.number}`],
        ["INVALID_TRANSITION", `#${orders["Diego Reis"]!.number}`],
      ].sort(),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, "bulk-summary.png") });
    await expectNoAxeViolations(page, "bulk resolution summary");
    await dialog.getByTestId("bulk-close").click();

    // The queue read again: the cancelled ones left it, the refused one stays.
    await waitForNames(["Fábio Nunes", "Carla Costa", "Eva Costa", "Gil Sem Cpf"]);
  });

  it("downloads the queue as CSV with the current sort", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("queue-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-without-stock-\d{4}-\d\d-\d\d\.csv$/);
    const bytes = fs.readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(rows[0]).toContain("order_number,placed_at,status");
    expect(rows.slice(1).map((r) => r.split(",")[4])).toEqual(["Fábio Nunes", "Carla Costa", "Eva Costa", "Gil Sem Cpf"]);
  });
});
