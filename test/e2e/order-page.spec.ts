import fs from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const LINK = `query($id: ID!) { order(id: $id) { customerPageLink } }`;

/**
 * The customer's order page on a phone: they see their order waiting for stock, choose, and the
 * merchant's queue, open in another window, changes live. The merchant then cannot resolve it.
 */
describe("the customer's order page on a phone", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "order.html"))) throw new Error(`No built order page at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, { "CAF-500": [6490, 1], "LUM-LED": [17990, 0], "LUM-ECO": [14990, 5] }, "Café do Porto");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.stop();
  });

  const newPage = async (options: Parameters<Browser["newContext"]>[0]): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  };
  const phone = () => newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
  const place = async (name: string) => {
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 1 }, { skuCode: "LUM-LED", quantity: 1 }] } },
      shop.token,
    );
    const order = placed.placeOrder.order as { id: string; number: number };
    return { ...order, link: (await gqlData(server.graphqlUrl, LINK, { id: order.id }, shop.token)).order.customerPageLink as string };
  };

  it("the customer receives what is available; the merchant's queue drops the order live and the Resolver says the customer chose", async () => {
    // Only one CAF-500 in stock: the first order gets it, and LUM-LED is short.
    const order = await place("Clara Cliente");

    const desk = await newPage({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await signIn(desk, server.url, shop);
    await desk.waitForURL((url) => !url.pathname.startsWith("/login"));
    await desk.goto(`${server.url}/orders-without-stock`);
    const row = desk.locator(`[data-testid="queue-row"][data-order-number="${order.number}"]`);
    await row.waitFor();

    const page = await phone();
    await page.goto(order.link);
    await page.locator('[data-testid="order-page"][data-state="order"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pt-BR");
    expect(await page.getByTestId("order-title").innerText()).toBe(`Pedido #${order.number}`);
    expect(await page.getByTestId("order-status").getAttribute("data-status")).toBe("AWAITING_STOCK");
    expect(await page.getByTestId("order-expected").innerText()).toBe("Ainda sem previsão de chegada do que falta.");
    expect(await page.getByTestId("order-line").allInnerTexts()).toEqual([expect.stringContaining("Separados: 1"), expect.stringContaining("Aguardando estoque: 1")]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-page-choices.png"), fullPage: true });
    await expectNoAxeViolations(page, "order page with the customer's choices");

    // Confirming without a choice says so; then "Receber o que já está disponível".
    await page.getByTestId("order-confirm").tap();
    expect(await page.getByTestId("order-choice-error").innerText()).toBe("Escolha uma das opções.");
    await expectNoAxeViolations(page, "order page asking for a choice");
    expect((await page.getByTestId("order-choice-SHIP_AVAILABLE").innerText()).replace(/\s/g, " ")).toContain("R$ 179,90 de volta");
    await page.getByTestId("order-choice-SHIP_AVAILABLE").tap();
    await page.getByTestId("order-confirm").tap();
    await page.locator('[data-testid="order-page"][data-state="chosen"]').waitFor();
    await page.getByTestId("order-refund-link").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "order-page-chosen.png"), fullPage: true });
    await expectNoAxeViolations(page, "order page after the choice");

    // The merchant's queue, open all along, loses the order without a reload.
    await row.waitFor({ state: "detached" });

    // On the order page the Resolver is gone, and the timeline names the customer.
    await desk.goto(`${server.url}/orders/${order.id}`);
    await desk.getByTestId("customer-card").waitFor();
    expect(await desk.getByTestId("resolve-order").count()).toBe(0);

    // The refund link from the choice opens the refund form.
    await page.getByTestId("order-refund-link").tap();
    await page.locator('[data-testid="refund-page"][data-state="form"]').waitFor();
  });

  it("the customer accepts the equivalent product the shop offered, on the phone", async () => {
    const order = await place("Rita Troca");
    const lines = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { lines { id skuCode } } }`, { id: order.id }, shop.token)).order.lines;
    const short = lines.find((l: { skuCode: string }) => l.skuCode === "LUM-LED").id;
    const offered = await gqlData(
      server.graphqlUrl,
      `mutation($line: ID!, $skus: [ID!]!) { offerSubstitutes(orderLineId: $line, skuIds: $skus) { userErrors { code } } }`,
      { line: short, skus: [String(shop.skus["LUM-ECO"])] },
      shop.token,
    );
    expect(offered.offerSubstitutes.userErrors).toEqual([]);

    const page = await phone();
    await page.goto(order.link);
    const option = page.getByTestId("order-choice-SUBSTITUTE");
    await option.waitFor();
    expect((await option.innerText()).replace(/\s/g, " ")).toContain("Trocar Item LUM-LED por Item LUM-ECO");
    expect((await option.innerText()).replace(/\s/g, " ")).toContain("R$ 30,00 de volta");
    await expectNoAxeViolations(page, "order page with an offered substitute");
    await option.tap();
    await page.getByTestId("order-confirm").tap();
    await page.locator('[data-testid="order-page"][data-state="chosen"]').waitFor();
    expect(await page.getByTestId("order-chosen").innerText()).toContain("equivalente que você escolheu");
    // The difference goes back to the customer, through the refund form.
    await page.getByTestId("order-refund-link").waitFor();
    const after = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status resolvedBy } }`, { id: order.id }, shop.token)).order;
    // CAF-500 went to the first order: this one still waits for it, its lamp now reserved.
    expect(after).toEqual({ status: "AWAITING_STOCK", resolvedBy: "CUSTOMER" });
  });

  it("shows a friendly page for an unknown link, and the merchant's copy of the link on the order page", async () => {
    const page = await phone();
    await page.goto(`${server.url}/order/${"x".repeat(43)}`);
    await page.locator('[data-testid="order-page"][data-state="notFound"]').waitFor();
    await expectNoAxeViolations(page, "order page for an unknown link");

    const order = await place("Lia Segunda");
    const desk = await newPage({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    await signIn(desk, server.url, shop);
    await desk.waitForURL((url) => !url.pathname.startsWith("/login"));
    await desk.goto(`${server.url}/orders/${order.id}`);
    await desk.getByTestId("customer-page-link-show").click();
    expect(await desk.getByTestId("customer-page-link").inputValue()).toBe(order.link);
    await expectNoAxeViolations(desk, "order page with the customer's page link");
  });
});
