/// <reference lib="dom" />
import fs from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { CANCEL, createShop, HOLD, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";

/**
 * The desk as a busy merchant uses it (issue 10, "Defects on the desk, found in use"): results
 * shown where the merchant is, a timeline in words, a dialog that says when it went stale, only
 * the resolutions that are possible, limits named, and the stock table fitting in Polish and on a phone.
 */
describe("the desk in use, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let anaToken: string;
  const orders: Record<string, { id: string; number: number }> = {};

  /** Enough skus that the last one sits far below the first screen. */
  const FILLERS = Array.from({ length: 40 }, (_, i) => `FIL-${String(i + 1).padStart(2, "0")}`);

  const place = async (name: string, lines: Array<[string, number]>, shipping = 1590) =>
    (
      await gqlData(
        server.graphqlUrl,
        PLACE_ORDER,
        { input: { customer: customer({ name }), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping } },
        shop.token,
      )
    ).placeOrder.order as { id: string; number: number };

  /** Signs in unless the context already is. */
  const login = async (target: Page) => {
    await target.goto(`${server.url}/orders`);
    await target.locator('[data-testid="order-row"], [data-testid="login-email"]').first().waitFor();
    if (!/\/login/.test(target.url())) return;
    await signIn(target, server.url, shop);
    await target.getByTestId("order-row").first().waitFor();
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST });
    shop = await createShop(server, {});
    const named = (code: string, name: string, price: number, onHand: number) => ({ code, name, price, onHand });
    await server.services.catalog.createSkus(shop.shopId, [
      named("AAA-CAF", "Café especial torrado em grãos 500 g", 6490, 1),
      named("AAA-LUM", "Luminária de mesa LED articulada", 16460, 0),
      named("AAA-VEL", "Vela aromática de soja", 3990, 0),
      named("CAP-001", "Parafuso sextavado M6 (caixa)", 10, 999_999_990),
      // Names and codes as long as the demo shop's.
      named("TRA-YOG-ANTI-01", "Tapete de Yoga Antiderrapante", 12990, 1_250_000),
      named("TOA-BAN-EGIP-01", "Toalha de Banho Algodão Egípcio", 8990, 14),
      ...FILLERS.map((code, i) => named(code, `Camiseta básica algodão orgânico ${i + 1}`, 4990, 25)),
      named("ZZZ-LAMP", "Lâmpada LED bulbo 9 W", 2290, 0),
    ]);
    // A second person of the shop, who resolves orders in another window.
    await server.services.auth.createStaffUser({ shopId: shop.shopId, email: `ana.${process.pid}@shop.test`, name: "Ana Souza", password: "another horse battery staple" });
    anaToken = (
      await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: `ana.${process.pid}@shop.test`,
        p: "another horse battery staple",
      })
    ).login.token;

    orders.timeline = await place("Carla Histórico", [["AAA-CAF", 1], ["AAA-LUM", 1]]);
    orders.nothingAllocated = await place("Helena Nada", [["AAA-VEL", 1]]);
    orders.stale = await place("Sérgio Duas Janelas", [["AAA-VEL", 2]]);
    orders.resumeMe = await place("Wagner Lâmpada", [["ZZZ-LAMP", 2]]);
    orders.partlyServed = await place("Paula Parcial", [["ZZZ-LAMP", 1], ["AAA-LUM", 1]]);
    orders.heldElsewhere = await place("Otávio Outra Janela", [["AAA-LUM", 1]]);
    // The timeline order is cancelled with its refund to the customer: every kind of event data.
    const cancelled = await gqlData(server.graphqlUrl, CANCEL, { id: orders.timeline.id, to: "CUSTOMER", reason: "Fornecedor sem previsão" }, shop.token);
    expect(cancelled.cancelOrder.userErrors).toEqual([]);

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
    page = await context.newPage();
    await login(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const skuRow = (target: Page, code: string) => target.locator(`[data-testid="sku-row"][data-sku-code="${code}"]`);
  const queueRow = (target: Page, number: number) => target.locator(`[data-testid="queue-row"][data-order-number="${number}"]`);

  /** The element's box lies inside the viewport (not scrolled off above or below). */
  async function inViewport(target: Page, testId: string) {
    const box = await target.getByTestId(testId).boundingBox();
    const viewport = target.viewportSize()!;
    expect(box).not.toBeNull();
    return box!.y >= 0 && box!.y + box!.height <= viewport.height && box!.x >= 0 && box!.x + box!.width <= viewport.width;
  }

  it("shows the result of a restock where the merchant is, even on a row far down the list", async () => {
    await page.goto(`${server.url}/stock`);
    const lamp = skuRow(page, "ZZZ-LAMP");
    await lamp.waitFor();
    await lamp.getByTestId("restock-sku").scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(600);
    await lamp.getByTestId("restock-sku").click();
    await page.getByTestId("restock-quantity").fill("3");
    await page.locator('[data-testid="restock-preview"][data-ready]').waitFor();
    await expectNoAxeViolations(page, "stock page, restock dialog with its preview");
    await page.getByTestId("restock-confirm").click();
    await page.getByTestId("restock-success").waitFor();

    expect(await inViewport(page, "restock-success")).toBe(true);
    const resumed = page.locator(`[data-testid="restock-resumed-order"][data-order-number="${orders.resumeMe!.number}"]`);
    await expect(resumed.isVisible()).resolves.toBe(true);
    const box = (await resumed.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    await expect(lamp.getByTestId("sku-on-hand").textContent()).resolves.toBe("3");
    await page.screenshot({ path: path.join(SCREENSHOTS, "restock-result-in-view.png") });
    await expectNoAxeViolations(page, "stock page, restock result");
  });

  it("tells each event of the timeline in words, money in reais, never as JSON", async () => {
    await page.goto(`${server.url}/orders/${orders.timeline!.id}`);
    const timeline = page.getByTestId("order-timeline");
    await timeline.waitFor();
    for (const summary of await timeline.locator("details summary").all()) await summary.click();
    const details = timeline.getByTestId("order-event-details");
    expect(await details.count()).toBeGreaterThanOrEqual(4);
    const text = (await details.allTextContents()).join("\n");
    expect(text).not.toMatch(/[{}"]/);
    expect(text).not.toMatch(/24540|16460|1590\b/);

    const event = (type: string) => timeline.locator(`[data-testid="order-event"][data-event-type="${type}"] [data-testid="order-event-details"]`);
    // Placed: the total paid (R$ 64,90 + R$ 164,60 + R$ 15,90 of shipping) and the number of items.
    await expect(event("ORDER_PLACED").textContent()).resolves.toMatch(/R\$\s?245,40/);
    await expect(event("STOCK_SHORTAGE").textContent()).resolves.toMatch(/1\s*×\s*AAA-LUM/);
    const cancelled = (await event("ORDER_CANCELLED").textContent())!;
    expect(cancelled).toMatch(/AAA-CAF/);
    expect(cancelled).toMatch(/estoque/i);
    const refund = (await event("REFUND_CREATED").textContent())!;
    expect(refund).toMatch(/R\$\s?245,40/);
    expect(refund).toMatch(/R\$\s?15,90/);
    expect(refund).toContain("Para o cliente");
    expect(refund).toContain("Aguardando dados do cliente");
    await timeline.screenshot({ path: path.join(SCREENSHOTS, "timeline-in-words.png") });
    await expectNoAxeViolations(page, "order detail, cancelled, every timeline event open");

    // Data this build has no words for (say, from a newer server) still reads as words.
    await server.db.query(
      "INSERT INTO order_event (shop_id, order_id, type, actor_type, actor_id, actor_name, note, data, created_at, dispatched_at) VALUES (?, ?, 'ORDER_ON_HOLD', 'SYSTEM', NULL, NULL, NULL, ?, ?, ?)",
      [shop.shopId, Number(orders.timeline!.id), JSON.stringify({ carrierName: "Correios", tracking: { code: "BR123", parcels: 2 }, urgent: true, refundAmount: 990 }), sqlTimestamp(new Date()), sqlTimestamp(new Date())],
    );
    await page.reload();
    const unknown = (await timeline.locator('[data-event-type="ORDER_ON_HOLD"] [data-testid="order-event-details"]').textContent())!;
    expect(unknown).toContain("Carrier nameCorreios");
    expect(unknown).toContain("TrackingCode: BR123; Parcels: 2");
    expect(unknown).toContain("Urgentsim");
    expect(unknown).toMatch(/Refund amountR\$\s?9,90/);
    expect(unknown).not.toMatch(/[{}"]/);

    // The restock above served one lamp to an order that still waits for its other item: events
    // name skus by id, the timeline by code, with where the units came from.
    await page.goto(`${server.url}/orders/${orders.partlyServed!.id}`);
    const allocated = page.locator('[data-testid="order-event"][data-event-type="STOCK_ALLOCATED"] [data-testid="order-event-details"]');
    const served = (await allocated.textContent())!;
    expect(served).toContain("ZZZ-LAMP");
    expect(served).toContain("1 unidade");
    expect(served).toContain("Reposição de estoque");
    expect(served).not.toMatch(/[{}"]/);
  });

  it("does not offer 'Enviar o disponível' when nothing is allocated, and the API agrees", async () => {
    const api = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { allowedResolutions } }`, { id: orders.nothingAllocated!.id }, shop.token);
    expect(api.order.allowedResolutions).toEqual(["WAIT_FOR_RESTOCK", "CANCEL", "SUBSTITUTE"]);

    await page.goto(`${server.url}/orders-without-stock`);
    await queueRow(page, orders.nothingAllocated!.number).waitFor();
    await expectNoAxeViolations(page, "the 'Pedidos sem estoque' queue");
    await queueRow(page, orders.nothingAllocated!.number).getByTestId("resolve-order").click();
    await page.getByTestId("resolution-CANCEL").waitFor();
    await expectNoAxeViolations(page, "queue, Resolver dialog open, nothing chosen");
    expect(await page.getByTestId("resolution-WAIT_FOR_RESTOCK").count()).toBe(1);
    expect(await page.getByTestId("resolution-SHIP_AVAILABLE").count()).toBe(0);
    await page.keyboard.press("Escape");
  });

  it("says who resolved the order meanwhile when a stale dialog is confirmed, and shows it as it is now", async () => {
    await page.goto(`${server.url}/orders-without-stock`);
    await queueRow(page, orders.stale!.number).getByTestId("resolve-order").click();
    await page.getByTestId("resolution-CANCEL").click();
    await page.locator('[data-testid="resolve-preview"][aria-busy="false"]').waitFor();
    await page.getByTestId("resolve-refund-total").waitFor();
    await page.getByTestId("refund-to-MERCHANT").check();
    await page.getByTestId("resolve-reason").fill("Sem previsão do fornecedor");
    await expectNoAxeViolations(page, "queue, Resolver dialog, cancellation with its preview");

    // Meanwhile Ana cancels it in her own window.
    const byAna = await gqlData(server.graphqlUrl, CANCEL, { id: orders.stale!.id, to: "CUSTOMER", reason: "Cliente desistiu" }, anaToken);
    expect(byAna.cancelOrder.userErrors).toEqual([]);

    const confirm = page.getByTestId("resolve-confirm");
    if (await confirm.isEnabled()) await confirm.click();
    const stale = page.getByTestId("resolve-stale");
    await stale.waitFor();
    const said = (await stale.textContent())!;
    expect(said).toMatch(/cancelado por Ana Souza/);
    expect(said).toMatch(/\d{1,2}:\d{2}/);
    // The order as it is now, without the outdated preview, and nothing left to confirm.
    await expect(page.getByTestId("resolve-current-status").textContent()).resolves.toContain("Cancelado");
    expect(await page.getByTestId("resolve-preview").count()).toBe(0);
    expect(await page.getByTestId("resolve-refund-total").count()).toBe(0);
    const confirmNow = page.getByTestId("resolve-confirm");
    expect((await confirmNow.count()) === 0 || (await confirmNow.isDisabled())).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "resolve-dialog-stale.png") });
    await expectNoAxeViolations(page, "queue, Resolver dialog gone stale");
    // Nothing changed twice: one cancellation, one refund, by Ana.
    const now = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status refunds { destination } } }`, { id: orders.stale!.id }, shop.token);
    expect(now.order).toEqual({ status: "CANCELLED", refunds: [{ destination: "CUSTOMER" }] });
    await page.keyboard.press("Escape");
  });

  it("on the order page, turns an open dialog into what happened as soon as the order changes elsewhere", async () => {
    await page.goto(`${server.url}/orders/${orders.heldElsewhere!.id}`);
    await page.getByTestId("resolve-order").click();
    await page.getByTestId("resolution-WAIT_FOR_RESTOCK").click();
    await page.getByTestId("resolve-refund-total").waitFor();
    // Ana puts it on hold in her window; this page follows the order live.
    const held = await gqlData(server.graphqlUrl, HOLD, { id: orders.heldElsewhere!.id, note: null }, anaToken);
    expect(held.holdOrderForRestock.userErrors).toEqual([]);
    const stale = page.getByTestId("resolve-stale");
    await stale.waitFor({ timeout: 10000 });
    await expect(stale.textContent()).resolves.toMatch(/colocado em espera por reposição por Ana Souza/);
    await expect(page.getByTestId("resolve-current-status").textContent()).resolves.toContain("Em espera por reposição");
    // On hold with nothing reserved, only cancelling is left; nothing is chosen yet.
    expect(await page.getByTestId("resolution-WAIT_FOR_RESTOCK").count()).toBe(0);
    expect(await page.getByTestId("resolution-CANCEL").count()).toBe(1);
    expect(await page.getByTestId("resolve-preview").count()).toBe(0);
    await expect(page.getByTestId("resolve-confirm").isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "resolve-dialog-changed-live.png") });
    await expectNoAxeViolations(page, "order detail, Resolver dialog changed live");
    await page.keyboard.press("Escape");
  });

  it("names the limit for a restock or an adjustment too large, before sending anything", async () => {
    const sent: string[] = [];
    const listen = (request: { postData(): string | null }) => {
      const body = request.postData() ?? "";
      if (/restock|adjustStock/i.test(body)) sent.push(body);
    };
    page.on("request", listen);
    try {
      await page.goto(`${server.url}/stock`);
      const row = skuRow(page, "AAA-VEL");
      await row.getByTestId("restock-sku").click();
      await page.getByTestId("restock-quantity").fill("99999999999");
      // Named under the field as it is typed, once, and still after trying to confirm.
      await expect(page.getByTestId("restock-quantity-error").textContent()).resolves.toMatch(/1\.000\.000 unidades/);
      await page.getByTestId("restock-confirm").click();
      await expect(page.getByTestId("restock-quantity-error").textContent()).resolves.toMatch(/1\.000\.000 unidades/);
      expect(await page.getByTestId("restock-dialog").getByText(/vai até 1\.000\.000 unidades/).count()).toBe(1);
      expect(await page.getByTestId("restock-error").count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "restock-limit.png") });
      await expectNoAxeViolations(page, "stock page, restock dialog naming the limit");
      await page.keyboard.press("Escape");

      await row.getByTestId("adjust-stock").click();
      await page.getByTestId("adjust-delta").fill("99999999999");
      await page.getByTestId("adjust-reason").fill("Contagem");
      await page.getByTestId("adjust-submit").click();
      await expect(page.getByTestId("adjust-delta-error").textContent()).resolves.toMatch(/1\.000\.000/);
      await expectNoAxeViolations(page, "stock page, adjust dialog naming the limit");
      await page.keyboard.press("Escape");

      // On hand has a ceiling too: 999.999.990 + 100 would pass 1.000.000.000.
      await skuRow(page, "CAP-001").getByTestId("restock-sku").click();
      await page.getByTestId("restock-quantity").fill("100");
      await page.getByTestId("restock-confirm").click();
      await expect(page.getByTestId("restock-quantity-error").textContent()).resolves.toMatch(/1\.000\.000\.000/);
      await page.keyboard.press("Escape");
      expect(sent.filter((body) => /mutation/.test(body) || /99999999999/.test(body))).toEqual([]);
    } finally {
      page.off("request", listen);
    }
  });

  describe("in Polish", () => {
    let polish: BrowserContext;
    beforeAll(async () => {
      polish = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "pl-PL" });
      await polish.addInitScript(() => localStorage.setItem("ruptura.locale", "pl"));
    });
    afterAll(() => polish?.close());

    it("fits the stock table in 1440 px", async () => {
      const desk = await polish.newPage();
      await login(desk);
      await desk.goto(`${server.url}/stock`);
      await skuRow(desk, "AAA-VEL").waitFor();
      await expect(desk.getByTestId("skus-table").locator("th").first().textContent()).resolves.toBe("Kod");
      await desk.screenshot({ path: path.join(SCREENSHOTS, "stock-pl-1440.png") });
      await expectNoAxeViolations(desk, "stock page in Polish");
      const fit = await desk.getByTestId("skus-table").evaluate((table) => {
        const container = table.parentElement!;
        return { scroll: container.scrollWidth, client: container.clientWidth, page: document.documentElement.scrollWidth, viewport: window.innerWidth };
      });
      expect(fit.scroll).toBeLessThanOrEqual(fit.client);
      expect(fit.page).toBeLessThanOrEqual(fit.viewport);
      await desk.close();
    });

    it("shows the stock card labels whole on a phone", async () => {
      const phone = await polish.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await login(phone);
      await phone.goto(`${server.url}/stock`);
      await skuRow(phone, "AAA-CAF").waitFor();
      await skuRow(phone, "AAA-CAF").screenshot({ path: path.join(SCREENSHOTS, "stock-pl-phone-card.png") });
      await phone.screenshot({ path: path.join(SCREENSHOTS, "stock-pl-phone.png") });
      // A low-stock, an out-of-stock (wider badge) and a long-code card.
      for (const code of ["AAA-CAF", "AAA-LUM", "TRA-YOG-ANTI-01"]) {
        const row = skuRow(phone, code);
        const labels = row.getByTestId("cell-label");
        expect(await labels.count()).toBe(3);
        for (const label of await labels.all()) {
          await expect(label.isVisible()).resolves.toBe(true);
          const clipped = await label.evaluate((el) => {
            const box = el.getBoundingClientRect();
            const cell = el.parentElement!.getBoundingClientRect();
            return el.scrollWidth > el.clientWidth || box.left < cell.left - 0.5 || box.right > cell.right + 0.5;
          });
          expect(clipped).toBe(false);
        }
        // Every cell stays inside the card's padding.
        const outside = await row.evaluate((tr) => {
          const card = tr.getBoundingClientRect();
          const padding = parseFloat(getComputedStyle(tr).paddingRight);
          return Array.from(tr.children).filter((cell) => cell.getBoundingClientRect().right > card.right - padding + 0.5).map((cell) => cell.className);
        });
        expect(outside).toEqual([]);
      }
      const fit = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(fit.page).toBeLessThanOrEqual(fit.viewport);

      await expectNoAxeViolations(phone, "stock page on a phone, in Polish");
      await skuRow(phone, "AAA-VEL").getByTestId("restock-sku").click();
      await phone.getByTestId("restock-quantity").fill("2");
      await phone.locator('[data-testid="restock-preview"][data-ready]').waitFor();
      await expectNoAxeViolations(phone, "restock dialog on a phone, in Polish");
      await phone.keyboard.press("Escape");
      await skuRow(phone, "AAA-VEL").getByTestId("adjust-stock").click();
      await phone.getByTestId("adjust-delta").waitFor();
      await expectNoAxeViolations(phone, "adjust dialog on a phone, in Polish");
      await phone.keyboard.press("Escape");

      // The queue, the Resolver dialog and an order, on the same phone.
      await phone.goto(`${server.url}/orders-without-stock`);
      await queueRow(phone, orders.nothingAllocated!.number).waitFor();
      await expectNoAxeViolations(phone, "the queue on a phone, in Polish");
      await queueRow(phone, orders.nothingAllocated!.number).getByTestId("resolve-order").click();
      await phone.getByTestId("resolution-CANCEL").click();
      await phone.getByTestId("resolve-refund-total").waitFor();
      await phone.screenshot({ path: path.join(SCREENSHOTS, "resolve-dialog-pl-phone.png") });
      await expectNoAxeViolations(phone, "Resolver dialog on a phone, in Polish");
      await phone.keyboard.press("Escape");
      await phone.goto(`${server.url}/orders/${orders.timeline!.id}`);
      await phone.getByTestId("order-timeline").waitFor();
      await expectNoAxeViolations(phone, "order detail on a phone, in Polish");
      await phone.close();
    });
  });
});
