import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Browser } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe("customer e-mail in the merchant's app, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let mailDir: string;
  let short: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-mail-e2e-"));
    server = await startTestServer("sqlite", { webDist: WEB_DIST, mail: { mailDir } });
    shop = await createShop(server, { "CAF-500": [6490, 1] }, "Café da Ana");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Carla Cliente", email: "carla.cliente@example.com" }), lines: [{ skuCode: "CAF-500", quantity: 3 }] } }, shop.token);
    short = placed.placeOrder.order;
    const other = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Lara Lojista", locale: "en" }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    await gqlData(server.graphqlUrl, CANCEL, { id: other.placeOrder.order.id, to: "MERCHANT", reason: "sem estoque" }, shop.token);
    await server.mail!.flush();
    await server.mail!.flush();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(mailDir, { recursive: true, force: true });
  });

  it("lists the messages masked, shows them on the order, switches a kind off and previews one in a sandboxed frame, passing axe", async () => {
    expect(fs.readdirSync(mailDir).filter((f) => f.endsWith(".eml"))).toHaveLength(5);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await signIn(page, server.url, shop);

    await page.getByTestId("nav-messages").click();
    await page.waitForURL(/\/messages$/);
    const rows = page.getByTestId("message-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(5);
    const table = (await page.getByTestId("messages-table").textContent()) ?? "";
    expect(table).toContain("Atraso por falta de estoque");
    expect(table).toContain("car***@***.com");
    expect(table).not.toContain("carla.cliente@example.com");
    expect(table).toContain("Enviada");
    await page.screenshot({ path: path.join(SCREENSHOTS, "messages-list.png"), fullPage: true });
    await expectNoAxeViolations(page, "messages list");

    await page.getByTestId("message-kind-filter").locator('[data-kind="ORDER_CANCELLED"]').click();
    await page.waitForURL(/kind=ORDER_CANCELLED/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-row"]').length === 1);
    await expectNoAxeViolations(page, "messages list, filtered");

    // The order's own messages.
    await page.goto(`${server.url}/orders/${short.id}`);
    const card = page.getByTestId("order-messages");
    await card.getByTestId("order-message").nth(1).waitFor();
    await expect(card.getByTestId("order-message").evaluateAll((items) => items.map((i) => i.getAttribute("data-kind")))).resolves.toEqual(["ORDER_CONFIRMATION", "STOCK_DELAY"]);
    await expectNoAxeViolations(page, "order page with messages");

    // Settings: switch the confirmation off (kept after a reload), then preview the delay message.
    await page.getByTestId("nav-settings").click();
    await page.waitForURL(/\/settings$/);
    const confirmation = page.locator('[data-testid="notification-toggle"][data-kind="ORDER_CONFIRMATION"]');
    await confirmation.waitFor();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="notification-toggle"]') as HTMLInputElement).disabled);
    expect(await confirmation.isChecked()).toBe(true);
    await confirmation.click();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="notification-toggle"][data-kind="ORDER_CONFIRMATION"]') as HTMLInputElement).checked);
    const settings = await gqlData(server.graphqlUrl, `{ notificationSettings { kind enabled } }`, {}, shop.token);
    expect(settings.notificationSettings.find((s: { kind: string }) => s.kind === "ORDER_CONFIRMATION").enabled).toBe(false);

    await page.getByTestId("preview-order").selectOption(short.id);
    await page.getByTestId("preview-kind").selectOption("STOCK_DELAY");
    await page.getByTestId("preview-show").click();
    const subject = page.getByTestId("message-preview-subject");
    await subject.waitFor();
    expect(await subject.textContent()).toBe(`Pedido #${short.number}: alguns itens estão em falta`);
    const frame = page.getByTestId("message-preview-frame");
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("srcdoc")).toContain("Café da Ana");
    await page.getByTestId("preview-locale").selectOption("en");
    await page.getByTestId("preview-show").click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="message-preview-subject"]')?.textContent === `Order #${n}: some items are out of stock`, short.number);
    // The sandboxed frame shows the message itself.
    await page.frameLocator('[data-testid="message-preview-frame"]').getByText("Some items of your order are out of stock").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "messages-settings-preview.png"), fullPage: true });
    await expectNoAxeViolations(page, "settings with the e-mail preview");
    await page.close();
  });
});
