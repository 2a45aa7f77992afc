/// <reference lib="dom" />
import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";

/** Issue 13: a merchant loads a catalogue from a CSV file on the stock page and sees the products. */
describe("the CSV import, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, {});
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("previews a file with errors, then imports a good one and lists its products", async () => {
    await page.goto(`${server.url}/stock`);
    await page.getByTestId("sku-import-open").click();
    const dialog = page.getByTestId("sku-import-dialog");
    await dialog.waitFor();

    await page.getByTestId("sku-import-file").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("code,name,price,colour\nA,Café,12.50,red\n"),
    });
    await page.getByTestId("sku-import-errors").waitFor();
    expect(await page.getByTestId("sku-import-error-table").locator("tbody tr").count()).toBe(1);
    await page.getByText('Unknown column "colour"', { exact: false }).waitFor();
    expect(await page.getByTestId("sku-import-apply").isDisabled()).toBe(true);
    await expectNoAxeViolations(page, "import dialog with errors");

    await page.getByTestId("sku-import-file").setInputFiles({
      name: "catalogue.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('code,name,price,barcode,image_url,on_hand\nCAM-AZ-M,"Camiseta azul, M",4990,7891000315507,,12\nBONE-01,Boné,2500,,,3\n'),
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="sku-import-summary"]')?.textContent?.includes("2 novos"));
    await page.getByTestId("sku-import-apply").click();
    await page.getByTestId("sku-import-success").waitFor();
    await page.getByText("Camiseta azul, M").waitFor();
    await page.getByText("Boné").waitFor();
    await expectNoAxeViolations(page, "stock page after the import");
  }, 60_000);

  it("creates, edits and archives a product, and shows its stock history", async () => {
    await page.goto(`${server.url}/stock`);
    await page.getByTestId("sku-new").click();
    await page.getByTestId("sku-dialog").waitFor();
    await page.getByTestId("sku-code").fill("MEIA-01");
    await page.getByTestId("sku-name").fill("Meia de algodão");
    await page.getByTestId("sku-price").fill("19,90");
    await page.getByTestId("sku-barcode").fill("7891000315508");
    await page.getByTestId("sku-submit").click();
    // A wrong check digit is named under its field.
    await page.getByTestId("sku-barcode-error").waitFor();
    await expectNoAxeViolations(page, "product dialog with an error");
    await page.getByTestId("sku-barcode").fill("7891000315507");
    await page.getByTestId("sku-submit").click();
    await page.getByTestId("sku-saved").waitFor();
    const row = page.locator('[data-testid="sku-row"][data-sku-code="MEIA-01"]');
    await row.waitFor();

    await row.getByTestId("edit-sku").click();
    await page.getByTestId("sku-name").fill("Meia de algodão orgânico");
    await page.getByTestId("sku-submit").click();
    await page.getByText("Meia de algodão orgânico").waitFor();

    await page.locator('[data-testid="sku-row"][data-sku-code="CAM-AZ-M"]').getByTestId("history-sku").click();
    await page.getByTestId("stock-history-table").waitFor();
    expect(await page.getByTestId("stock-history-table").locator("tbody tr").count()).toBe(1);
    await page.getByText("CSV import").waitFor();
    await expectNoAxeViolations(page, "stock history");
    await page.getByTestId("history-kind").selectOption("ALLOCATION");
    await page.getByText("Nenhum movimento neste filtro.").waitFor();
    await page.keyboard.press("Escape");

    await row.getByTestId("edit-sku").click();
    await page.getByTestId("sku-archive").click();
    await row.waitFor({ state: "detached" });
    const archived = await server.db.query<{ archived_at: unknown }>("SELECT archived_at FROM sku WHERE shop_id = ? AND code = 'MEIA-01'", [shop.shopId]);
    expect(archived[0]!.archived_at).not.toBeNull();
  }, 60_000);
});
