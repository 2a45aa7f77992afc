import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/**
 * Issue 14's incomplete delivery, end to end: the merchant ships and delivers an order, the customer
 * reports a missing item on their order page, the merchant settles it from the desk (keep what
 * arrived, refund the difference) and the numbered credit note comes out.
 */
describe("an incomplete delivery settled with a credit note, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let order: { id: string; number: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [6490, 10], "MOE-200": [3990, 10] }, "Café do Porto");
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name: "Ana Lima" }), lines: [{ skuCode: "CAF-500", quantity: 2 }, { skuCode: "MOE-200", quantity: 1 }], shipping: 1590 } },
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

  it("ships and delivers the order from the desk", async () => {
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByTestId("order-number").waitFor();
    await page.getByTestId("ship-order").click();
    const dialog = page.getByTestId("ship-dialog");
    await dialog.getByTestId("ship-lines").waitFor();
    await dialog.getByTestId("ship-tracking-code").fill("QB123456789BR");
    await dialog.getByTestId("ship-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="SHIPPED"]').first().waitFor();
    await page.getByTestId("mark-delivered").click();
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="DELIVERED"]').first().waitFor();
    // A delivered order offers to report missing items.
    await page.getByTestId("report-missing").waitFor();
  });

  it("lets the customer report a missing item on their order page", async () => {
    const link = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { customerPageLink } }`, { id: order.id }, shop.token)).order.customerPageLink as string;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
    await phone.goto(link);
    await phone.getByTestId("order-claims").waitFor();
    await expect(phone.getByTestId("order-claim-open").textContent()).resolves.toBe("Faltou algum item?");
    await phone.getByTestId("order-claim-open").click();
    await expectNoAxeViolations(phone, "order page: missing items form");
    // More than was delivered is refused on the page and by the server.
    await phone.getByTestId("order-claim-submit").click();
    await expect(phone.getByTestId("order-claim-error").textContent()).resolves.toContain("ao menos uma unidade");
    await phone.getByTestId("order-claim-quantity").first().fill("1");
    await phone.getByTestId("order-claim-note").fill("Veio só um pacote de café.");
    await phone.getByTestId("order-claim-submit").click();
    await phone.getByTestId("order-claim-done").waitFor();
    await expect(phone.locator('[data-testid="order-claim"]').first().getAttribute("data-status")).resolves.toBe("OPEN");
    await phone.getByTestId("order-claim-KEEP_AND_SETTLE").waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, "order-page-claim.png"), fullPage: true });
    await expectNoAxeViolations(phone, "order page with an open claim");
    await phone.close();
  });

  it("settles the claim from the desk with a refund and a numbered credit note", async () => {
    await page.goto(`${server.url}/after-sales`);
    const row = page.getByTestId("claim-row").first();
    await row.waitFor();
    await expect(row.getAttribute("data-status")).resolves.toBe("OPEN");
    await expect(page.getByTestId("after-sales-tab-claims").getAttribute("aria-selected")).resolves.toBe("true");
    await page.screenshot({ path: path.join(SCREENSHOTS, "after-sales-claims.png") });
    await expectNoAxeViolations(page, "after-sales: claims tab");
    await page.getByTestId("after-sales-tab-returns").click();
    await page.waitForURL((url) => url.searchParams.get("tab") === "returns");
    await expectNoAxeViolations(page, "after-sales: returns tab");
    await page.getByTestId("after-sales-tab-claims").click();
    await page.getByTestId("claim-row").first().getByRole("link").first().click();

    await page.waitForURL((url) => url.pathname === `/orders/${order.id}`);
    const card = page.getByTestId("order-claims");
    await card.getByTestId("resolve-claim").click();
    const dialog = page.getByTestId("claim-dialog");
    await dialog.getByTestId("claim-outcome-RESHIP").click();
    await expect(dialog.getByTestId("claim-preview").textContent()).resolves.toContain("em estoque agora");
    await dialog.getByTestId("claim-outcome-KEEP_AND_SETTLE").click();
    // 1 × CAF-500 at R$ 64,90 (no discount on the order).
    await expect(dialog.getByTestId("claim-settle-amount").textContent()).resolves.toMatch(/64,90/);
    await dialog.getByTestId("claim-refund-to-MERCHANT").click();
    await page.screenshot({ path: path.join(SCREENSHOTS, "claim-dialog.png") });
    await expectNoAxeViolations(page, "claim dialog");
    await dialog.getByTestId("claim-confirm").click();
    await card.getByTestId("claim-done").waitFor();
    await expect(card.locator('[data-testid="order-claim"]').first().getAttribute("data-status")).resolves.toBe("RESOLVED");
    const creditNoteLink = card.getByTestId("claim-credit-note");
    await expect(creditNoteLink.textContent()).resolves.toContain("NC-000001");
    await page.getByTestId("order-credit-notes").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-claim-settled.png"), fullPage: true });
    await expectNoAxeViolations(page, "order with a settled claim");

    await creditNoteLink.click();
    await page.waitForURL((url) => url.pathname.startsWith("/credit-notes/"));
    const note = page.getByTestId("credit-note");
    await note.getByTestId("credit-note-lines").waitFor();
    await expect(note.getByTestId("credit-note-title").textContent()).resolves.toContain("NC-000001");
    await expect(note.getByTestId("credit-note-lines").textContent()).resolves.toMatch(/64,90/);
    await expectNoAxeViolations(page, "credit note of the claim");

    // The order itself stayed DELIVERED; the customer sees the claim resolved.
    const state = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status claims { status outcome } } }`, { id: order.id }, shop.token);
    expect(state.order).toEqual({ status: "DELIVERED", claims: [{ status: "RESOLVED", outcome: "KEEP_AND_SETTLE" }] });
  });

  it("shows a reshipment as a follow-up of its order", async () => {
    const lines = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { lines { id skuCode } } }`, { id: order.id }, shop.token)).order.lines;
    const moe = lines.find((l: { skuCode: string }) => l.skuCode === "MOE-200").id;
    const claim = (
      await gqlData(server.graphqlUrl, `mutation($id: ID!, $line: ID!) { reportMissingItems(orderId: $id, lines: [{ orderLineId: $line, quantity: 1 }]) { claim { id } } }`, { id: order.id, line: moe }, shop.token)
    ).reportMissingItems.claim;
    const reship = (
      await gqlData(server.graphqlUrl, `mutation($id: ID!) { resolveClaim(claimId: $id, outcome: RESHIP) { claim { followUpOrder { id number } } userErrors { code } } }`, { id: claim.id }, shop.token)
    ).resolveClaim.claim.followUpOrder;
    await page.goto(`${server.url}/orders/${reship.id}`);
    const card = page.getByTestId("order-follow-up");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`pedido #${order.number}`);
    await expectNoAxeViolations(page, "a reshipment order");
    await card.getByRole("link").click();
    await page.waitForURL((url) => url.pathname === `/orders/${order.id}`);
    await expect(page.getByTestId("claim-reshipment").first().textContent()).resolves.toContain(`#${reship.number}`);
  });
});
