import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** "Produto equivalente" in the Resolver dialog: offer a substitute to the customer, or substitute now. */
describe("equivalent products in the Resolver dialog, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  const orders: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, {
      "CAF-500": [6490, 10],
      "LUM-LED": [17990, 0],
      "LUM-ECO": [14990, 5],
      "LUM-PRO": [21990, 5],
    });
    const place = async (name: string, lines: Array<[string, number]>) =>
      (
        await gqlData(
          server.graphqlUrl,
          PLACE_ORDER,
          { input: { customer: customer({ name }), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 1590 } },
          shop.token,
        )
      ).placeOrder.order;
    orders.offerTo = await place("Olívia Oferta", [["CAF-500", 1], ["LUM-LED", 1]]);
    orders.cheaper = await place("Carlos Troca", [["CAF-500", 1], ["LUM-LED", 2]]);

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
    page = await context.newPage();
    await signIn(page, server.url, shop);
    await page.getByTestId("order-row").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queueRow = (number: number) => page.locator(`[data-testid="queue-row"][data-order-number="${number}"]`);

  async function chooseSubstitute(orderNumber: number, search: string, code: string) {
    await page.goto(`${server.url}/orders-without-stock`);
    await queueRow(orderNumber).getByTestId("resolve-order").click();
    await page.getByTestId("resolution-SUBSTITUTE").click();
    // The order has one short line: it is the one chosen.
    await page.getByTestId("substitute-line-LUM-LED").waitFor();
    await page.getByTestId("substitute-search").fill(search);
    await page.getByTestId(`substitute-sku-${code}`).check();
    await page.getByTestId("substitute-quantity").waitFor();
  }

  it("offers a dearer lamp to the customer: the preview says the shop absorbs the difference, the order page lists the offer", async () => {
    await chooseSubstitute(orders.offerTo!.number, "LUM", "LUM-PRO");
    await expectNoAxeViolations(page, "Resolver dialog, equivalent product chosen (dearer)");
    await expect(page.getByTestId("substitute-absorbed").textContent()).resolves.toMatch(/R\$\s?40,00/);
    expect(await page.getByTestId("substitute-refund").count()).toBe(0);
    await expect(page.getByTestId("substitute-resulting-status").textContent()).resolves.toMatch(/Pronto/i);
    await page.screenshot({ path: path.join(SCREENSHOTS, "substitute-dialog.png") });

    await page.getByTestId("substitute-offer").click();
    await page.getByTestId("resolve-success").waitFor();
    await expect(page.getByTestId("resolve-success").textContent()).resolves.toContain("oferecido ao cliente");
    // An offer changes nothing yet: the order still waits, now with the offer on its short line.
    await queueRow(orders.offerTo!.number).waitFor();

    await page.goto(`${server.url}/orders/${orders.offerTo!.id}`);
    const offers = page.getByTestId("order-line-offers");
    await offers.waitFor();
    await expect(offers.textContent()).resolves.toMatch(/LUM-PRO \(R\$\s?219,90\)/);
    await page.locator('[data-testid="order-event"][data-event-type="SUBSTITUTES_OFFERED"]').waitFor();
    await expectNoAxeViolations(page, "order page with a substitute offered");
  });

  it("substitutes a cheaper lamp now: the difference goes back where the merchant says, the order is ready", async () => {
    await chooseSubstitute(orders.cheaper!.number, "eco", "LUM-ECO");
    // Two lamps at R$ 179,90 become two at R$ 149,90: R$ 60,00 comes back.
    await expect(page.getByTestId("substitute-refund").textContent()).resolves.toMatch(/R\$\s?60,00/);
    await expect(page.getByTestId("substitute-quantity").textContent()).resolves.toBe("2");
    // Where the difference goes must be said first.
    await page.getByTestId("substitute-now").click();
    await page.getByText("Escolha para onde vai o estorno.").waitFor();
    await page.getByTestId("substitute-refund-to-MERCHANT").check();
    await expectNoAxeViolations(page, "Resolver dialog, cheaper substitute, refund to the merchant");
    await page.getByTestId("substitute-now").click();
    await page.getByTestId("resolve-success").waitFor();
    await expectNoAxeViolations(page, "queue, substitution confirmed");
    await queueRow(orders.cheaper!.number).waitFor({ state: "detached" });

    const after = await gqlData(
      server.graphqlUrl,
      `query($id: ID!) { order(id: $id) { status refunds { destination amount { amount } } lines { skuCode allocated short cancelled replacesLineId } } }`,
      { id: orders.cheaper!.id },
      shop.token,
    );
    expect(after.order.status).toBe("READY");
    expect(after.order.refunds).toEqual([{ destination: "MERCHANT", amount: { amount: 6000 } }]);
    expect(after.order.lines.map((l: { skuCode: string; allocated: number; short: number; cancelled: number }) => [l.skuCode, l.allocated, l.short, l.cancelled])).toEqual([
      ["CAF-500", 1, 0, 0],
      ["LUM-LED", 0, 0, 2],
      ["LUM-ECO", 2, 0, 0],
    ]);

    await page.goto(`${server.url}/orders/${orders.cheaper!.id}`);
    await expect(page.getByTestId("order-line-replaces").textContent()).resolves.toBe("Substitui LUM-LED");
    await page.locator('[data-testid="order-event"][data-event-type="LINE_SUBSTITUTED"]').waitFor();
    const details = (await page.locator('[data-testid="order-event"][data-event-type="LINE_SUBSTITUTED"] [data-testid="order-event-details"]').textContent())!;
    expect(details).toContain("LUM-ECO");
    expect(details).not.toMatch(/[{}"]/);
    await expectNoAxeViolations(page, "order page after a substitution");
  });
});
