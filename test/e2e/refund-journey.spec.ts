import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/**
 * Issue 11's acceptance, through the web app only: the merchant cancels an order with a refund to
 * the customer and copies the link; the customer opens it on a phone and gives a PIX key; the
 * merchant sees the refund ready for payout on Reembolsos and marks it paid.
 */
describe("a refund from the merchant's desk to the customer's phone and back", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let desk: Page;
  let order: { id: string; number: number };
  const cpf = "529.982.247-25";

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "refund.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    // PUBLIC_URL is this server: the copied link is the one the customer opens.
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [6490, 0] }, "Café do Porto");
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Clara Cliente", cpf, phone: "(11) 98765-4321" }), lines: [{ skuCode: "CAF-500", quantity: 2 }] } },
      shop.token,
    );
    order = placed.placeOrder.order;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    desk = await context.newPage();
    await signIn(desk, server.url, shop);
    await desk.waitForURL((url) => !url.pathname.startsWith("/login"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("cancel, copy the link, PIX on the phone, READY_FOR_PAYOUT, mark paid", async () => {
    // The merchant: Pedidos sem estoque -> Resolver -> Cancelar, the customer receives the refund.
    await desk.goto(`${server.url}/orders-without-stock`);
    await desk.locator(`[data-testid="queue-row"][data-order-number="${order.number}"]`).getByTestId("resolve-order").click();
    await desk.getByTestId("resolution-CANCEL").click();
    await desk.getByTestId("resolve-refund-total").waitFor();
    await desk.getByTestId("refund-to-CUSTOMER").check();
    await desk.getByTestId("resolve-reason").fill("Fornecedor sem previsão");
    await desk.getByTestId("resolve-confirm").click();
    const result = desk.getByTestId("resolve-success");
    await result.getByTestId("refund-link-copy").click();
    await result.getByText("Link copiado.").waitFor();
    const link = await desk.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${server.url}/refund/[A-Za-z0-9_-]{43}$`));

    // The customer, on a phone: the link from the clipboard, CPF and a PIX e-mail key.
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" })).newPage();
    await phone.goto(link);
    await phone.locator('[data-testid="refund-page"][data-state="form"]').waitFor();
    await phone.getByTestId("refund-cpf").fill(cpf);
    await phone.getByTestId("refund-pix-type").selectOption("EMAIL");
    await phone.getByTestId("refund-pix-key").fill("clara@example.com");
    await phone.getByTestId("refund-submit").tap();
    await phone.locator('[data-testid="refund-page"][data-state="done"]').waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, "journey-customer-done.png"), fullPage: true });

    // The merchant: Reembolsos, ready for payout, to the customer's key (masked); Marcar como pago.
    await desk.goto(`${server.url}/refunds?status=READY_FOR_PAYOUT`);
    const row = desk.getByTestId("refund-row").first();
    await row.waitFor();
    expect(await desk.getByTestId("refund-row").count()).toBe(1);
    await row.click();
    await desk.locator('[data-testid="refund-detail"][data-status="READY_FOR_PAYOUT"]').waitFor();
    expect(await desk.getByTestId("refund-payout-details").textContent()).toBe("PIX EMAIL cla***@***.com");
    await desk.getByTestId("mark-paid").click();
    await desk.getByTestId("payout-reference").fill("E00000000202611271200ABCDEF123456");
    await desk.getByTestId("confirm-paid").click();
    await desk.locator('[data-testid="refund-detail"][data-status="PAID"]').waitFor();
    await desk.screenshot({ path: path.join(SCREENSHOTS, "journey-merchant-paid.png"), fullPage: true });

    // And the customer's link now says it was paid.
    await phone.reload();
    await phone.locator('[data-testid="refund-page"][data-state="paid"]').waitFor();
  });
});
