import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe("the Reembolsos page in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let ready: { refundId: string; number: number };
  let awaiting: { refundId: string; number: number };

  const cancelled = async (name: string, to: "MERCHANT" | "CUSTOMER") => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 2 }] } }, shop.token);
    const order = placed.placeOrder.order;
    const result = await gqlData(server.graphqlUrl, CANCEL, { id: order.id, to, reason: "sem estoque" }, shop.token);
    expect(result.cancelOrder.order.status).toBe("CANCELLED");
    const refunds = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { refunds { id status } } }`, { id: order.id }, shop.token);
    return { refundId: refunds.order.refunds[0].id as string, number: order.number as number, status: refunds.order.refunds[0].status as string };
  };
  const rows = (page: Page) => page.getByTestId("refund-row");

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, { "CAF-500": [6490, 50] });
    awaiting = await cancelled("Carla Cliente", "CUSTOMER");
    const merchant = await cancelled("Lara Lojista", "MERCHANT");
    expect(merchant.status).toBe("READY_FOR_PAYOUT");
    ready = merchant;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists, filters, exports and marks a refund paid, passing axe at each step", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "pt-BR", acceptDownloads: true });
    await signIn(page, server.url, shop);
    await page.getByTestId("nav-refunds").click();
    await page.waitForURL(/\/refunds$/);
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBe(2);
    await expect(page.getByTestId("total-count").textContent()).resolves.toContain("2 reembolsos");
    // Newest first: the refund to the merchant.
    await expect(rows(page).first().getAttribute("data-refund-id")).resolves.toBe(ready.refundId);
    await expect(rows(page).first().textContent()).resolves.toMatch(/Lara Lojista.*Para o lojista.*Pronto para pagamento.*R\$\s?129,80/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "refunds-list.png"), fullPage: true });
    await expectNoAxeViolations(page, "refunds list");

    // Filters live in the URL.
    await page.getByTestId("refund-status-filter").locator('[data-status="READY_FOR_PAYOUT"]').click();
    await page.waitForURL(/status=READY_FOR_PAYOUT/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="refund-row"]').length === 1);
    await expect(rows(page).first().getAttribute("data-refund-id")).resolves.toBe(ready.refundId);
    await expectNoAxeViolations(page, "refunds list, filtered by status");
    await page.getByTestId("refund-destination-filter").locator('[data-destination="CUSTOMER"]').click();
    await page.waitForURL(/destination=CUSTOMER/);
    await page.getByText("Nenhum reembolso corresponde a estes filtros.").waitFor();
    await expectNoAxeViolations(page, "refunds list, nothing matches");
    await page.goto(`${server.url}/refunds?destination=CUSTOMER`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="refund-row"]').length === 1);
    await expect(rows(page).first().getAttribute("data-refund-id")).resolves.toBe(awaiting.refundId);

    // "Exportar CSV": the file the bank or finance team gets, fetched with the session token.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("refunds-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^refunds-ready_for_payout-\d{4}-\d\d-\d\d\.csv$/);
    const csv = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(csv).toHaveLength(2);
    expect(await page.getByTestId("refunds-export-truncated").count()).toBe(0);
    expect(csv[1]).toMatch(new RegExp(`^${ready.refundId},${ready.number},.*,Lara Lojista,129\\.80,BRL,MERCHANT,READY_FOR_PAYOUT,PIX EMAIL financeiro@loja\\.test$`));

    // The refund's detail, and "Marcar como pago".
    await page.goto(`${server.url}/refunds?status=READY_FOR_PAYOUT`);
    await rows(page).first().click();
    await page.waitForURL(new RegExp(`/refunds/${ready.refundId}$`));
    await page.getByTestId("refund-detail").waitFor();
    await expect(page.getByTestId("refund-order-link").textContent()).resolves.toBe(`#${ready.number}`);
    await expectNoAxeViolations(page, "refund detail");
    await page.getByTestId("mark-paid").click();
    await page.getByTestId("payout-reference").waitFor();
    await expectNoAxeViolations(page, "mark paid dialog");
    await page.getByTestId("payout-reference").fill("E2E-PIX-0001");
    await page.getByTestId("confirm-paid").click();
    await page.getByTestId("refund-paid-toast").waitFor();
    await page.locator('[data-testid="refund-detail"][data-status="PAID"]').waitFor();
    await expect(page.getByTestId("refund-payout-reference").textContent()).resolves.toBe("E2E-PIX-0001");
    await page.locator('[data-testid="refund-events"] [data-event-type="REFUND_PAID"]').waitFor();
    expect(await page.getByTestId("mark-paid").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "refund-paid.png"), fullPage: true });
    await expectNoAxeViolations(page, "refund detail, paid");

    // The order's timeline tells it in words.
    await page.getByTestId("refund-order-link").click();
    const paidEvent = page.locator('[data-testid="order-event"][data-event-type="REFUND_PAID"]');
    await paidEvent.waitFor();
    await expect(paidEvent.textContent()).resolves.toMatch(/Reembolso pago.*R\$\s?129,80.*Referência do pagamento.*E2E-PIX-0001/);

    // Back on the list it is PAID.
    await page.goBack();
    await page.getByRole("link", { name: "← Voltar para reembolsos" }).click();
    await page.locator(`[data-testid="refund-row"][data-refund-id="${ready.refundId}"][data-status="PAID"]`).waitFor();
    await page.close();
  });

  it("works on a phone: rows as cards, detail and dialog pass axe", async () => {
    const other = await cancelled("Paula Telefone", "MERCHANT");
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "pt-BR", isMobile: true, hasTouch: true });
    await signIn(page, server.url, shop);
    await page.waitForURL(/\/orders/);
    await page.goto(`${server.url}/refunds?status=READY_FOR_PAYOUT`);
    await page.locator(`[data-testid="refund-row"][data-refund-id="${other.refundId}"]`).waitFor();
    // The card layout: the header row only for screen readers, each row a grid card within the screen.
    const box = await rows(page).first().boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect((await page.locator('[data-testid="refunds-table"] thead').boundingBox())!.height).toBeLessThanOrEqual(1);
    await expect(rows(page).first().evaluate((row) => getComputedStyle(row).display)).resolves.toBe("grid");
    await page.screenshot({ path: path.join(SCREENSHOTS, "refunds-list-phone.png"), fullPage: true });
    await expectNoAxeViolations(page, "refunds list on a phone");
    await rows(page).first().click();
    await page.waitForURL(new RegExp(`/refunds/${other.refundId}$`));
    await page.getByTestId("mark-paid").click();
    await page.getByTestId("payout-reference").waitFor();
    await expectNoAxeViolations(page, "mark paid dialog on a phone");
    await page.getByTestId("confirm-paid").click();
    await page.locator('[data-testid="refund-detail"][data-status="PAID"]').waitFor();
    await expectNoAxeViolations(page, "refund detail, paid, on a phone");
    await page.close();
  });

  it("shows the customer's payout details masked on the refund's page", async () => {
    const who = customer({ name: "Rita Pix" });
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, shop.token);
    const cancel = `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: CUSTOMER, reason: "sem estoque") { refundLink refund { id } userErrors { code } } }`;
    const { cancelOrder } = await gqlData(server.graphqlUrl, cancel, { id: placed.placeOrder.order.id }, shop.token);
    const token = (cancelOrder.refundLink as string).split("/").pop();
    const submit = `mutation($input: SubmitRefundDetailsInput!) { submitRefundDetails(input: $input) { userErrors { code } } }`;
    const submitted = await gqlData(server.graphqlUrl, submit, { input: { token, cpf: who.cpf, pix: { keyType: "EMAIL", key: "rita.pix@example.com" } } });
    expect(submitted.submitRefundDetails.userErrors).toEqual([]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "pt-BR" });
    await signIn(page, server.url, shop);
    await page.waitForURL(/\/orders/);
    await page.goto(`${server.url}/refunds/${cancelOrder.refund.id}`);
    await page.locator('[data-testid="refund-detail"][data-status="READY_FOR_PAYOUT"]').waitFor();
    await expect(page.getByTestId("refund-payout-details").textContent()).resolves.toBe("PIX EMAIL rit***@***.com");
    expect(await page.content()).not.toContain("rita.pix@example.com");
    await expectNoAxeViolations(page, "refund detail with payout details");
    await page.close();
  });
});
