import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const SHOP = `{ me { shop { name currency locale timeZone refundLinkDays currencyLocked } } }`;

/**
 * "Loja" in the settings: the merchant renames the shop, moves it to another time zone and changes
 * how long refund links last; a wrong value is named under its field and saves nothing; the
 * currency is fixed because the shop has an order; the desk then writes that order's time in the
 * new zone (not the browser's).
 */
describe("the shop's settings", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let placedAt: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 5] }, "Café da Serra");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    // Placed at noon UTC: 09:00 in São Paulo, 21:00 in Tokyo.
    await server.db.query("UPDATE orders SET placed_at = ? WHERE id = ?", [sqlTimestamp(new Date("2026-11-20T12:00:00Z")), Number(placed.placeOrder.order.id)]);
    placedAt = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { placedAt } }`, { id: placed.placeOrder.order.id }, shop.token)).order.placedAt;
    browser = await launchBrowser();
    // The browser's own zone is neither the shop's first nor its new one.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR", timezoneId: "Europe/Lisbon" })).newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const orderTime = () => page.locator(`time[datetime="${placedAt}"]`).first();

  it("shows the desk's date-times in the shop's zone, then edits the shop and sees them in the new one", async () => {
    await page.goto(`${server.url}/orders`);
    await orderTime().waitFor();
    expect(await orderTime().textContent()).toContain("09:00");

    await page.goto(`${server.url}/settings`);
    const form = page.getByTestId("shop-details-form");
    await form.waitFor();
    expect(await form.getByTestId("shop-name").inputValue()).toMatch(/^Café da Serra/);
    expect(await form.getByTestId("shop-time-zone").inputValue()).toBe("America/Sao_Paulo");
    expect(await form.getByTestId("shop-refund-link-days").inputValue()).toBe("14");
    // The shop has an order: its currency is fixed, and the page says why.
    expect(await form.getByTestId("shop-currency").isDisabled()).toBe(true);
    expect(await form.textContent()).toContain("A loja já tem pedidos");
    await expectNoAxeViolations(page, "Configurações: Loja");

    // Out of range (checked here) and an unknown zone (refused by the server): each named under its field, nothing saved.
    await form.getByTestId("shop-name").fill("Café da Serra Tóquio");
    await form.getByTestId("shop-refund-link-days").fill("120");
    await page.getByTestId("shop-details-save").click();
    await form.getByTestId("shop-refund-link-days-error").waitFor();
    expect(await form.getByTestId("shop-refund-link-days-error").textContent()).toBe("Informe um número inteiro de dias entre 1 e 90.");
    await form.getByTestId("shop-refund-link-days").fill("30");
    await form.getByTestId("shop-time-zone").fill("Asia/Toquio");
    await page.getByTestId("shop-details-save").click();
    await form.getByTestId("shop-time-zone-error").waitFor();
    expect(await form.getByTestId("shop-time-zone-error").textContent()).toBe("Escolha um fuso horário da lista (ex.: America/Sao_Paulo).");
    expect((await gqlData(server.graphqlUrl, SHOP, {}, shop.token)).me.shop).toMatchObject({ timeZone: "America/Sao_Paulo", refundLinkDays: 14 });
    await expectNoAxeViolations(page, "Configurações: Loja with errors");

    await form.getByTestId("shop-time-zone").fill("Asia/Tokyo");
    await page.getByTestId("shop-details-save").click();
    await page.getByTestId("shop-details-saved").getByText("Configurações da loja salvas.").waitFor();
    expect((await gqlData(server.graphqlUrl, SHOP, {}, shop.token)).me.shop).toEqual({
      name: "Café da Serra Tóquio",
      currency: "BRL",
      locale: "pt-BR",
      timeZone: "Asia/Tokyo",
      refundLinkDays: 30,
      currencyLocked: true,
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, "shop-settings-saved.png"), fullPage: true });

    // Back on the desk without reloading: the same order, now at 21:00 (Tokyo).
    await page.locator('a[href="/orders"]').first().click();
    await orderTime().waitFor();
    expect(await orderTime().textContent()).toContain("21:00");
    // And after a reload, from the server.
    await page.reload();
    await orderTime().waitFor();
    expect(await orderTime().textContent()).toContain("21:00");
  });
});
