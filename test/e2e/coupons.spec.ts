import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** An apology coupon offered in the Resolver dialog, shown once issued, then on both orders' pages. */
describe("apology coupons in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let order: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 10], "LUM-LED": [17990, 0] });
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Carla Cancela" }), lines: [{ skuCode: "CAF-500", quantity: 1 }, { skuCode: "LUM-LED", quantity: 1 }], shipping: 1590 } },
      shop.token,
    );
    order = placed.placeOrder.order;
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("cancels with a coupon, shows its code, and both orders show it", async () => {
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("resolve-order").click();
    await page.getByTestId("resolution-CANCEL").click();
    await page.getByTestId("resolve-refund-total").waitFor();
    await page.getByTestId("refund-to-MERCHANT").check();
    await page.getByTestId("resolve-reason").fill("Produto esgotado no fornecedor");
    await page.getByTestId("coupon-offer-toggle").check();
    await page.getByTestId("coupon-kind-FIXED_AMOUNT").check();

    // The dialog's limits match the server's: named on the field, nothing sent.
    await page.getByTestId("coupon-value").fill("20000");
    await page.getByTestId("coupon-valid-days").fill("400");
    await page.getByTestId("resolve-confirm").click();
    await expect(page.getByTestId("coupon-value-error").textContent()).resolves.toMatch(/10\.000,00/);
    await expect(page.getByTestId("coupon-valid-days-error").textContent()).resolves.toMatch(/365/);
    await expectNoAxeViolations(page, "Resolver dialog, coupon with errors");

    await page.getByTestId("coupon-value").fill("15,50");
    await page.getByTestId("coupon-valid-days").fill("10");
    await expectNoAxeViolations(page, "Resolver dialog, cancellation with an apology coupon");
    await page.getByTestId("resolve-confirm").click();

    const code = (await page.getByTestId("resolve-success").getByTestId("coupon-code").textContent())!;
    expect(code).toMatch(/^DESCULPA-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    await page.getByTestId("resolve-success").getByTestId("coupon-copy").waitFor();
    await expectNoAxeViolations(page, "order page, resolved with a coupon");

    const card = page.getByTestId("order-apology-coupon");
    await expect(card.getByTestId("coupon-code").textContent()).resolves.toBe(code);
    await expect(card.getByTestId("coupon-status").textContent()).resolves.toMatch(/^Válido até/);
    await expect(card.textContent()).resolves.toMatch(/R\$\s?15,50/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "coupon-issued.png") });

    // The customer uses it on a new order: both pages say so.
    const used = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAF-500", quantity: 1 }], couponCode: code } }, shop.token);
    expect(used.placeOrder.order.discount.amount).toBe(1550);
    await page.reload();
    await expect(page.getByTestId("order-apology-coupon").getByTestId("coupon-status").textContent()).resolves.toBe(`Usado no pedido #${used.placeOrder.order.number}`);
    await page.goto(`${server.url}/orders/${used.placeOrder.order.id}`);
    await expect(page.getByTestId("order-coupon-applied").textContent()).resolves.toMatch(new RegExp(`${code}.*R\\$\\s?15,50`));
    await expectNoAxeViolations(page, "order page of the order that used the coupon");
  });
});
