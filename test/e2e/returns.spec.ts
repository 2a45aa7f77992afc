import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture, stockOf } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/**
 * Returns in a real browser: the merchant asks for a return from a delivered order's page, the
 * customer asks for another on their order page, and the desk approves and receives one with an
 * exchange, seeing the stock and the exchange before confirming.
 */
describe("returns and exchanges in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let order: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAM-P": [8990, 10], "CAM-M": [8990, 3] }, "Loja da Bia");
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name: "Bia Costa" }), lines: [{ skuCode: "CAM-P", quantity: 2 }], shipping: 1500 } }, shop.token);
    order = placed.placeOrder.order;
    const call = (query: string, variables: Record<string, unknown>) => gqlData(server.graphqlUrl, query, variables, shop.token);
    await call(`mutation($id: ID!) { shipOrder(orderId: $id, input: { carrier: LOGGI, trackingCode: "LGI-9001" }) { userErrors { code } } }`, { id: order.id });
    await call(`mutation($id: ID!) { markDelivered(orderId: $id) { userErrors { code } } }`, { id: order.id });
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const stock = (code: string) => stockOf(server, shop, code);

  it("asks for a return from the delivered order's page", async () => {
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("request-return").click();
    const dialog = page.getByTestId("request-return-dialog");
    await dialog.getByTestId("request-return-lines").waitFor();
    await expectNoAxeViolations(page, "request return dialog");
    await dialog.getByTestId("request-return-confirm").click();
    await dialog.getByTestId("request-return-error").waitFor();
    await dialog.getByTestId("return-quantity").fill("1");
    await dialog.getByTestId("return-reason").selectOption("WRONG_ITEM");
    await dialog.getByTestId("request-return-note").fill("Pediu P, queria M.");
    await dialog.getByTestId("request-return-confirm").click();
    await page.getByTestId("order-returns").getByTestId("order-return").first().waitFor();
    await expect(page.getByTestId("order-returns").textContent()).resolves.toContain("Solicitada");
    await expectNoAxeViolations(page, "order page with a return");
  });

  it("lets the customer ask for a return of the other unit on their page", async () => {
    const link = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { customerPageLink } }`, { id: order.id }, shop.token)).order.customerPageLink as string;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
    await phone.goto(link);
    await phone.getByTestId("order-returns").waitFor();
    expect(await phone.getByTestId("order-return").count()).toBe(1);
    await phone.getByTestId("order-return-open").click();
    await phone.getByTestId("order-return-form").waitFor();
    await expectNoAxeViolations(phone, "customer's return form");
    await phone.getByTestId("order-return-quantity").selectOption("1");
    await phone.getByTestId("order-return-reason-REGRET").check();
    await phone.getByTestId("order-return-submit").click();
    await phone.getByTestId("order-return-sent").waitFor();
    expect(await phone.getByTestId("order-return").count()).toBe(2);
    // Nothing is left to return: the button is gone.
    expect(await phone.getByTestId("order-return-open").count()).toBe(0);
    await phone.screenshot({ path: path.join(SCREENSHOTS, "order-page-returns.png"), fullPage: true });
    await expectNoAxeViolations(phone, "customer's page with returns");
    await phone.close();
  });

  it("approves a return and receives it with an exchange from the desk", async () => {
    await page.goto(`${server.url}/after-sales?tab=returns`);
    const rows = page.getByTestId("return-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await expectNoAxeViolations(page, "returns tab");
    // The merchant's request (the older one) is the second row: newest first.
    const mine = rows.nth(1);
    await mine.getByTestId("return-approve").click();
    const decide = page.getByTestId("decide-return-dialog");
    await decide.getByTestId("decide-return-text").fill("Envie pelos Correios com o código de postagem 12345.");
    await expectNoAxeViolations(page, "approve return dialog");
    await decide.getByTestId("decide-return-confirm").click();
    await page.locator('[data-testid="return-row"][data-status="APPROVED"]').waitFor();

    await page.locator('[data-testid="return-row"][data-status="APPROVED"]').getByTestId("return-receive").click();
    const receive = page.getByTestId("receive-return-dialog");
    await receive.getByTestId("receive-return-lines").waitFor();
    await receive.getByTestId("receive-settle-EXCHANGE").check();
    await receive.getByTestId("exchange-sku").fill("CAM-M");
    await receive.getByTestId("preview-exchange").waitFor();
    await expect(receive.getByTestId("preview-stock-back").textContent()).resolves.toContain("CAM-P: 1 un. voltam ao estoque");
    await expect(receive.getByTestId("preview-exchange").getAttribute("data-in-stock")).resolves.toBe("true");
    await page.screenshot({ path: path.join(SCREENSHOTS, "receive-return-dialog.png") });
    await expectNoAxeViolations(page, "receive return dialog");
    const before = { p: await stock("CAM-P"), m: await stock("CAM-M") };
    await receive.getByTestId("receive-return-confirm").click();
    await page.getByTestId("returns-notice").waitFor();
    await page.locator('[data-testid="return-row"][data-status="RECEIVED"]').waitFor();
    await expect(page.locator('[data-testid="return-row"][data-status="RECEIVED"]').textContent()).resolves.toContain("Pedido de troca #");
    expect(await stock("CAM-P")).toEqual({ onHand: before.p.onHand + 1, allocated: before.p.allocated });
    expect(await stock("CAM-M")).toEqual({ onHand: before.m.onHand, allocated: before.m.allocated + 1 });
    await expectNoAxeViolations(page, "returns tab after receipt");

    // The customer's refusal-free REGRET request is still waiting; filtering by status shows it alone.
    await page.locator('[data-testid="return-status-filter"] [data-status="REQUESTED"]').click();
    await page.waitForURL((url) => url.searchParams.getAll("status").includes("REQUESTED"));
    await page.locator('[data-testid="return-row"][data-status="RECEIVED"]').waitFor({ state: "detached" });
    expect(await rows.count()).toBe(1);
  });
});
