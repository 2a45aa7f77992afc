import { generateCnpj } from "@brazilian-utils/brazilian-utils";
import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ORDER = `query($id: ID!) { order(id: $id) { status refunds { destination status payoutDetails } } }`;

/**
 * "Reembolso ao lojista" from a shop with no account on file: the Resolver asks for it in place,
 * saves it, then resolves; the next time it shows the account; the settings page changes it.
 */
describe("the shop's payout account", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const orders: Array<{ id: string; number: number }> = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 0] }, "Sem conta", { payoutAccount: false });
    for (const name of ["Lauro Lojista", "Lia Segunda"]) {
      const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
      orders.push(placed.placeOrder.order);
    }
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" })).newPage();
    await signIn(page, server.url, shop);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function cancelToMerchant(number: number) {
    await page.goto(`${server.url}/orders-without-stock`);
    await page.locator(`[data-testid="queue-row"][data-order-number="${number}"]`).getByTestId("resolve-order").click();
    await page.getByTestId("resolution-CANCEL").click();
    await page.getByTestId("resolve-refund-total").waitFor();
    await page.getByTestId("refund-to-MERCHANT").check();
    await page.getByTestId("resolve-reason").fill("Fornecedor sem previsão");
  }

  it("with no account on file, the Resolver asks for it, refuses a bad key without resolving, then saves it and resolves", async () => {
    await cancelToMerchant(orders[0]!.number);
    const form = page.getByTestId("resolve-payout-account-form");
    await form.waitFor();
    await expectNoAxeViolations(page, "Resolver asking for the shop's payout account");

    // A CNPJ key with wrong check digits: the server refuses the key, and the order is untouched.
    await form.getByTestId("payout-pix-type").selectOption("CNPJ");
    await form.getByTestId("payout-pix-key").fill("11222333000180");
    expect(await form.getByTestId("payout-pix-key").inputValue()).toBe("11.222.333/0001-80");
    await page.getByTestId("resolve-confirm").click();
    await form.getByTestId("payout-pix-key-error").waitFor();
    expect(await form.getByTestId("payout-pix-key-error").textContent()).toBe("Chave PIX inválida para o tipo escolhido.");
    expect((await gqlData(server.graphqlUrl, ORDER, { id: orders[0]!.id }, shop.token)).order).toEqual({ status: "AWAITING_STOCK", refunds: [] });
    expect((await gqlData(server.graphqlUrl, `{ me { shop { payoutAccount { masked } } } }`, {}, shop.token)).me.shop.payoutAccount).toBeNull();

    const cnpj = generateCnpj();
    await form.getByTestId("payout-pix-key").fill(cnpj);
    await page.getByTestId("resolve-confirm").click();
    await page.getByTestId("resolve-success").waitFor();
    const masked = `PIX CNPJ **.***.***/${cnpj.slice(8, 12)}-**`;
    expect((await gqlData(server.graphqlUrl, ORDER, { id: orders[0]!.id }, shop.token)).order).toEqual({
      status: "CANCELLED",
      refunds: [{ destination: "MERCHANT", status: "READY_FOR_PAYOUT", payoutDetails: masked }],
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, "resolve-merchant-refund-account-saved.png"), fullPage: true });

    // The next refund to the merchant shows the account on file instead of asking.
    await cancelToMerchant(orders[1]!.number);
    await page.getByTestId("resolve-payout-account").waitFor();
    expect(await page.getByTestId("resolve-payout-account").textContent()).toBe(`Será pago na conta da loja: ${masked}`);
    expect(await page.getByTestId("resolve-payout-account-form").count()).toBe(0);
  });

  it("the settings page shows the account masked and replaces it with a bank account found by name", async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByTestId("payout-account-masked").waitFor();
    expect(await page.getByTestId("payout-account-masked").textContent()).toMatch(/^PIX CNPJ \*\*\.\*\*\*\.\*\*\*\/\d{4}-\*\*$/);
    await page.getByTestId("payout-account-change").click();
    const form = page.getByTestId("payout-account-form");
    await form.getByTestId("payout-kind-BANK_ACCOUNT").check();
    // The bank list follows what is typed: "brasil" finds Banco do Brasil (001).
    await form.getByTestId("payout-bank").fill("brasil");
    await page.waitForFunction(() => Array.from(document.querySelectorAll("datalist option")).some((o) => (o as HTMLOptionElement).value.startsWith("001 - ")));
    const option = await page.evaluate(() => (Array.from(document.querySelectorAll("datalist option")) as HTMLOptionElement[]).find((o) => o.value.startsWith("001 - "))!.value);
    await form.getByTestId("payout-bank").fill(option);
    await form.getByTestId("payout-branch").fill("1584");
    await form.getByTestId("payout-account").fill("00210169-6");
    await form.getByTestId("payout-holder-name").fill("Loja Sem Conta Ltda");
    await form.getByTestId("payout-holder-document").fill(generateCnpj());
    expect(await form.getByTestId("payout-holder-document").inputValue()).toMatch(/^\d\d\.\d{3}\.\d{3}\/\d{4}-\d\d$/);
    await expectNoAxeViolations(page, "shop settings, payout account form");
    await form.getByTestId("payout-account-save").click();
    await page.getByTestId("payout-account-saved").waitFor();
    expect(await page.getByTestId("payout-account-masked").textContent()).toBe("001 CHECKING ****-6");
    await page.screenshot({ path: path.join(SCREENSHOTS, "shop-settings-payout-account.png"), fullPage: true });
    await expectNoAxeViolations(page, "shop settings with the account saved");
  });
});
