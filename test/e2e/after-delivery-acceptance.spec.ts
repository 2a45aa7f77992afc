import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { accessibilityCheckFor } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { databaseKinds } from "../helpers/databases";
import { createShop, customer, HEALTHY, PLACE_ORDER, ShopFixture, stockInvariants, stockOf } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const ADDRESS = { recipientName: "Ana Lima", street: "Avenida Paulista", number: "1000", complement: "ap. 12", district: "Bela Vista", city: "São Paulo", region: "SP", postalCode: "01310100" };

/** code -> [price, on hand at the start] */
const CATALOGUE: Record<string, [number, number]> = {
  "CAF-500": [6490, 10],
  "MOE-200": [3990, 10],
  "FIL-100": [1990, 2],
  "CAM-P": [8990, 5],
  "CAM-M": [8990, 3],
};

type PlacedOrder = { id: string; number: number; total: { amount: number } };

/**
 * Issue 14's acceptance, through the web app as a merchant and a customer (on a phone) live it:
 * an order shipped in two parcels with tracking and delivered; one incomplete delivery each way —
 * RESHIP (the reshipment waits for stock and is served by a restock before a newer ordinary order),
 * KEEP_AND_SETTLE (a refund and the numbered credit note, opened and read), WITHDRAW (the goods come
 * back, received as a return, everything paid refunded) — and one return with an exchange. At the
 * end stock, refunds and credit notes are read back over GraphQL and straight in SQL.
 *
 * The browser walk runs on SQLite and, when TEST_MYSQL_URL is set, on MariaDB too.
 */
describe.each(databaseKinds())("after delivery, end to end in a real browser (%s)", (kind) => {
  const expectNoAxeViolations = accessibilityCheckFor(kind);
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  /** o1: two parcels, RESHIP · o2: KEEP_AND_SETTLE · o3: WITHDRAW · o4: return with exchange · waiting: an ordinary order placed after the reshipment. */
  const orders: Record<"o1" | "o2" | "o3" | "o4" | "waiting" | "reshipment" | "exchange", PlacedOrder | { id: string; number: number }> = {} as never;

  const call = (query: string, variables: Record<string, unknown> = {}) => gqlData(server.graphqlUrl, query, variables, shop.token);
  const place = async (name: string, lines: Array<{ skuCode: string; quantity: number }>, shipping = 1590): Promise<PlacedOrder> => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer({ name }), lines, shipping, shippingAddress: { ...ADDRESS, recipientName: name } } });
    expect(placed.placeOrder.userErrors).toEqual([]);
    return placed.placeOrder.order;
  };
  const stock = (code: string) => stockOf(server, shop, code);
  const orderStatus = async (id: string) => (await call(`query($id: ID!) { order(id: $id) { status } }`, { id })).order.status as string;
  const phoneFor = async (orderId: string): Promise<Page> => {
    const link = (await call(`query($id: ID!) { order(id: $id) { customerPageLink } }`, { id: orderId })).order.customerPageLink as string;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "pt-BR" });
    await phone.goto(link);
    await phone.getByTestId("order-page").waitFor();
    return phone;
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `acceptance14-${kind}-${name}.png`), fullPage: true });

  /** From the order page: one parcel with everything left, then "delivered". */
  async function shipAllAndDeliver(orderId: string, trackingCode: string) {
    await page.goto(`${server.url}/orders/${orderId}`);
    await page.getByTestId("ship-order").click();
    const dialog = page.getByTestId("ship-dialog");
    await dialog.getByTestId("ship-lines").waitFor();
    await dialog.getByTestId("ship-carrier").selectOption("LOGGI");
    await dialog.getByTestId("ship-tracking-code").fill(trackingCode);
    await dialog.getByTestId("ship-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="SHIPPED"]').first().waitFor();
    await page.getByTestId("mark-delivered").click();
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="DELIVERED"]').first().waitFor();
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer(kind, { webDist: WEB_DIST, publicUrlIsServer: true });
    shop = await createShop(server, CATALOGUE, "Empório Aceite");
    // The storefront's orders, as an integration places them.
    orders.o1 = await place("Ana Lima", [
      { skuCode: "CAF-500", quantity: 2 },
      { skuCode: "MOE-200", quantity: 1 },
      { skuCode: "FIL-100", quantity: 2 },
    ]);
    orders.o2 = await place("Bruno Reis", [{ skuCode: "CAF-500", quantity: 2 }]);
    orders.o3 = await place("Carla Dias", [{ skuCode: "MOE-200", quantity: 2 }]);
    orders.o4 = await place("Bia Costa", [{ skuCode: "CAM-P", quantity: 1 }], 1500);
    for (const o of ["o1", "o2", "o3", "o4"] as const) expect(await orderStatus(orders[o].id)).toBe("READY");
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("ships an order in two parcels with tracking and marks it delivered; the customer follows both parcels", async () => {
    const o1 = orders.o1;
    await page.goto(`${server.url}/orders/${o1.id}`);
    await page.getByTestId("order-number").waitFor();
    await page.getByTestId("ship-order").click();
    const dialog = page.getByTestId("ship-dialog");
    await dialog.getByTestId("ship-lines").waitFor();
    expect(await dialog.getByTestId("ship-quantity").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["2", "1", "2"]);
    await expectNoAxeViolations(page, "ship dialog, three lines");
    // Parcel 1: the coffee, with the Correios.
    await dialog.locator('[data-sku="MOE-200"]').getByTestId("ship-quantity").fill("0");
    await dialog.locator('[data-sku="FIL-100"]').getByTestId("ship-quantity").fill("0");
    await dialog.getByTestId("ship-tracking-code").fill("QB123456789BR");
    await dialog.getByTestId("ship-confirm").click();
    await page.getByTestId("shipping-notice").waitFor();
    await expect(page.getByTestId("status-badge").first().getAttribute("data-status")).resolves.toBe("READY");
    expect(await stock("CAF-500")).toEqual({ onHand: 8, allocated: 2 }); // o2's two still reserved
    // Parcel 2: the rest, with Jadlog.
    await page.getByTestId("ship-order").click();
    await dialog.getByTestId("ship-lines").waitFor();
    expect(await dialog.getByTestId("ship-line").count()).toBe(2);
    await dialog.getByTestId("ship-carrier").selectOption("JADLOG");
    await dialog.getByTestId("ship-tracking-code").fill("JD-44710");
    await dialog.getByTestId("ship-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="SHIPPED"]').first().waitFor();
    const rows = page.getByTestId("shipment-row");
    expect(await rows.count()).toBe(2);
    await expect(rows.nth(0).getByTestId("shipment-tracking-link").getAttribute("href")).resolves.toBe("https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR");
    await expect(rows.nth(1).getByTestId("shipment-tracking-link").getAttribute("href")).resolves.toBe("https://www.jadlog.com.br/jadlog/tracking?cte=JD-44710");
    await expectNoAxeViolations(page, "order shipped in two parcels");
    expect(await stock("FIL-100")).toEqual({ onHand: 0, allocated: 0 });

    await page.getByTestId("mark-delivered").click();
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").waitFor();
    await expectNoAxeViolations(page, "mark delivered dialog");
    await page.getByTestId("deliver-dialog").getByTestId("deliver-confirm").click();
    await page.locator('[data-testid="status-badge"][data-status="DELIVERED"]').first().waitFor();
    await page.getByTestId("report-missing").waitFor();
    await shot("o1-delivered");
    await expectNoAxeViolations(page, "order delivered, claims card");

    const phone = await phoneFor(o1.id);
    try {
      await phone.getByTestId("order-shipment").first().waitFor();
      expect(await phone.getByTestId("order-tracking-link").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual([
        "https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR",
        "https://www.jadlog.com.br/jadlog/tracking?cte=JD-44710",
      ]);
      await expectNoAxeViolations(phone, "customer's page with two parcels");
    } finally {
      await phone.close();
    }

    // The other three orders go out in one parcel each.
    await shipAllAndDeliver(orders.o2.id, "LGI-2002");
    await shipAllAndDeliver(orders.o3.id, "LGI-3003");
    await shipAllAndDeliver(orders.o4.id, "LGI-4004");
  }, 120_000);

  it("RESHIP: the customer reports a missing filter, the reshipment waits for stock and a restock serves it before a newer order", async () => {
    const o1 = orders.o1;
    const phone = await phoneFor(o1.id);
    try {
      await phone.getByTestId("order-claim-open").click();
      await phone.getByTestId("order-claim-form").waitFor();
      await expectNoAxeViolations(phone, "customer's missing items form");
      await phone.getByRole("spinbutton", { name: "Item FIL-100" }).fill("1");
      await phone.getByTestId("order-claim-note").fill("Veio só um filtro.");
      await phone.getByTestId("order-claim-submit").click();
      await phone.getByTestId("order-claim-done").waitFor();
      await expect(phone.getByTestId("order-claim").first().getAttribute("data-status")).resolves.toBe("OPEN");
      await expectNoAxeViolations(phone, "customer's page with an open claim");
    } finally {
      await phone.close();
    }

    // The merchant chooses to reship; there is no FIL-100 left, so the reshipment will wait.
    await page.goto(`${server.url}/orders/${o1.id}`);
    const card = page.getByTestId("order-claims");
    await card.getByTestId("resolve-claim").click();
    const dialog = page.getByTestId("claim-dialog");
    await dialog.getByTestId("claim-outcome-RESHIP").click();
    await expect(dialog.getByTestId("claim-preview").textContent()).resolves.toContain("aguarda reposição");
    await expectNoAxeViolations(page, "claim dialog: reship without stock");
    await dialog.getByTestId("claim-confirm").click();
    await card.getByTestId("claim-done").waitFor();
    const reshipLink = card.getByTestId("claim-reshipment");
    await reshipLink.waitFor();
    const reship = (await call(`query($id: ID!) { order(id: $id) { claims { followUpOrder { id number status kind } } } }`, { id: o1.id })).order.claims[0].followUpOrder;
    expect(reship).toMatchObject({ status: "AWAITING_STOCK", kind: "RESHIPMENT" });
    orders.reshipment = reship;
    await expectNoAxeViolations(page, "order with a reshipment claim");

    // The customer's page says the reshipment waits for stock.
    const waiting = await phoneFor(o1.id);
    try {
      await expect(waiting.getByTestId("order-claim-reshipment").textContent()).resolves.toBe(`Reenvio (pedido #${reship.number}): aguardando estoque; sai assim que chegar.`);
      await expectNoAxeViolations(waiting, "customer's page with a reshipment waiting for stock");
    } finally {
      await waiting.close();
    }

    // A storefront order for the same filter arrives after it: newer, it waits behind.
    orders.waiting = await place("Davi Melo", [{ skuCode: "FIL-100", quantity: 1 }]);
    expect(await orderStatus(orders.waiting.id)).toBe("AWAITING_STOCK");
    await page.goto(`${server.url}/orders-without-stock`);
    await page.locator(`[data-testid="queue-row"][data-order-number="${orders.waiting.number}"]`).waitFor();
    expect(await page.getByTestId("queue-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-order-number"))))).toEqual([
      reship.number,
      orders.waiting.number,
    ]);
    await expectNoAxeViolations(page, "queue: the reshipment and a newer order");

    // One filter arrives: the oldest waiting order, the reshipment, gets it.
    await page.goto(`${server.url}/stock`);
    await page.locator('[data-testid="sku-row"][data-sku-code="FIL-100"]').getByTestId("restock-sku").click();
    await page.getByTestId("restock-quantity").fill("1");
    await page.locator('[data-testid="restock-preview"][data-ready]').waitFor();
    await expectNoAxeViolations(page, "restock dialog");
    await page.getByTestId("restock-confirm").click();
    await page.getByTestId("restock-success").waitFor();
    expect(await page.getByTestId("restock-resumed-order").evaluateAll((links) => links.map((a) => Number(a.getAttribute("data-order-number"))))).toEqual([reship.number]);
    await expectNoAxeViolations(page, "restock done, the reshipment resumed");
    expect(await orderStatus(reship.id)).toBe("READY");
    expect(await orderStatus(orders.waiting.id)).toBe("AWAITING_STOCK");
    expect(await stock("FIL-100")).toEqual({ onHand: 1, allocated: 1 });

    // The reshipment goes out and arrives like any order; it says which order it follows up.
    await shipAllAndDeliver(reship.id, "LGI-1001");
    await expect(page.getByTestId("order-follow-up").textContent()).resolves.toContain(`pedido #${o1.number}`);
    await expectNoAxeViolations(page, "reshipment delivered");
    await page.goto(`${server.url}/orders-without-stock`);
    await page.locator(`[data-testid="queue-row"][data-order-number="${orders.waiting.number}"]`).waitFor();
    expect(await page.getByTestId("queue-row").count()).toBe(1);

    // The customer sees their claim resolved with a reshipment.
    const after = await phoneFor(o1.id);
    try {
      await after.locator('[data-testid="order-claim"][data-status="RESOLVED"]').waitFor();
      // ... and follows the reshipment's parcel from the same page.
      await expect(after.getByTestId("order-claim-reshipment").getAttribute("data-status")).resolves.toBe("DELIVERED");
      await expect(after.getByTestId("order-claim-reshipment").textContent()).resolves.toBe(`Reenvio (pedido #${reship.number}): entregue.`);
      await expect(after.getByTestId("order-claim-reshipment-tracking").getAttribute("href")).resolves.toBe("https://www.loggi.com/rastreador/LGI-1001");
      await after.screenshot({ path: path.join(SCREENSHOTS, `acceptance14-${kind}-reshipped-phone.png`), fullPage: true });
      await expectNoAxeViolations(after, "customer's page with the claim reshipped");
    } finally {
      await after.close();
    }
  }, 120_000);

  it("KEEP_AND_SETTLE: the merchant reports a missing coffee, refunds it and the credit note NC-000001 says so", async () => {
    const o2 = orders.o2;
    await page.goto(`${server.url}/orders/${o2.id}`);
    const card = page.getByTestId("order-claims");
    await card.getByTestId("report-missing").click();
    const dialog = page.getByTestId("claim-dialog");
    await dialog.getByTestId("claim-quantity").first().fill("1");
    await dialog.getByTestId("claim-note").fill("Cliente ligou: faltou um café.");
    await expectNoAxeViolations(page, "claim dialog: missing units");
    await dialog.getByTestId("claim-next").click();
    await dialog.getByTestId("claim-outcome-KEEP_AND_SETTLE").click();
    await expect(dialog.getByTestId("claim-settle-amount").textContent()).resolves.toMatch(/64,90/);
    await dialog.getByTestId("claim-refund-to-CUSTOMER").click();
    await expectNoAxeViolations(page, "claim dialog: keep and settle");
    await dialog.getByTestId("claim-confirm").click();
    await card.getByTestId("claim-done").waitFor();
    await card.getByTestId("claim-refund-link").waitFor();
    await expect(card.getByTestId("order-claim").first().getAttribute("data-status")).resolves.toBe("RESOLVED");
    const noteLink = card.getByTestId("claim-credit-note");
    await expect(noteLink.textContent()).resolves.toContain("NC-000001");
    await page.getByTestId("order-credit-notes").waitFor();
    await expectNoAxeViolations(page, "order with a settled claim");

    await noteLink.click();
    await page.waitForURL((url) => url.pathname.startsWith("/credit-notes/"));
    const note = page.getByTestId("credit-note");
    await note.getByTestId("credit-note-lines").waitFor();
    expect(await note.getByTestId("credit-note-title").textContent()).toBe("Nota de crédito NC-000001");
    expect(await note.getByTestId("credit-note-order").textContent()).toBe(`#${o2.number}`);
    expect(await note.getByTestId("credit-note-customer").textContent()).toBe("Bruno Reis");
    expect(await note.getByTestId("credit-note-source").textContent()).toMatch(/^Reclamação #\d+$/);
    expect(await note.getByTestId("credit-note-line").count()).toBe(1);
    expect((await note.getByTestId("credit-note-line").first().textContent())?.replace(/\s/g, " ")).toContain("R$ 64,90");
    expect((await note.getByTestId("credit-note-total").textContent())?.replace(/\s/g, " ")).toBe("R$ 64,90");
    await shot("credit-note-1");
    await expectNoAxeViolations(page, "credit note NC-000001");
    expect(await orderStatus(o2.id)).toBe("DELIVERED");
  }, 60_000);

  it("WITHDRAW: the customer withdraws on their page; the goods come back as a return and everything paid is refunded", async () => {
    const o3 = orders.o3;
    const phone = await phoneFor(o3.id);
    try {
      await phone.getByTestId("order-claim-open").click();
      await phone.getByTestId("order-claim-quantity").first().fill("1");
      await phone.getByTestId("order-claim-submit").click();
      await phone.getByTestId("order-claim-done").waitFor();
      await phone.getByTestId("order-claim-WITHDRAW").click();
      await phone.locator('[data-testid="order-claim"][data-status="RESOLVED"]').waitFor();
      await phone.screenshot({ path: path.join(SCREENSHOTS, `acceptance14-${kind}-withdrawal-phone.png`), fullPage: true });
      await expectNoAxeViolations(phone, "customer's page after withdrawing");
    } finally {
      await phone.close();
    }
    const claim = (await call(`query($id: ID!) { order(id: $id) { claims { status outcome orderReturn { id status } } } }`, { id: o3.id })).order.claims[0];
    expect(claim).toMatchObject({ status: "RESOLVED", outcome: "WITHDRAW", orderReturn: { status: "APPROVED" } });

    // The returned unit arrives: received from Devoluções e reclamações, refunded in full.
    const moeBefore = await stock("MOE-200");
    await page.goto(`${server.url}/after-sales?tab=returns`);
    const row = page.locator(`[data-testid="return-row"][data-return-id="${claim.orderReturn.id}"]`);
    await expect(row.getAttribute("data-status")).resolves.toBe("APPROVED");
    await expectNoAxeViolations(page, "returns tab with the withdrawal's return");
    await row.getByTestId("return-receive").click();
    const receive = page.getByTestId("receive-return-dialog");
    await receive.getByTestId("receive-return-lines").waitFor();
    expect(await receive.getByTestId("receive-settle-EXCHANGE").isDisabled()).toBe(true);
    await receive.getByTestId("preview-refund").waitFor();
    // 2 × R$ 39,90 + R$ 15,90 shipping: everything paid.
    await expect(receive.getByTestId("preview-refund").textContent()).resolves.toMatch(/95,70/);
    await expect(receive.getByTestId("preview-stock-back").textContent()).resolves.toContain("MOE-200");
    await expectNoAxeViolations(page, "receive dialog: a withdrawal");
    await receive.getByTestId("receive-return-confirm").click();
    await page.getByTestId("returns-notice").waitFor();
    await page.locator(`[data-testid="return-row"][data-return-id="${claim.orderReturn.id}"][data-status="RECEIVED"]`).waitFor();
    await expectNoAxeViolations(page, "returns tab after the withdrawal's receipt");
    expect(await stock("MOE-200")).toEqual({ onHand: moeBefore.onHand + 1, allocated: moeBefore.allocated });

    // The order lists the credit note of the withdrawal, the next number.
    await page.goto(`${server.url}/orders/${o3.id}`);
    const notes = page.getByTestId("order-credit-notes");
    await notes.getByTestId("order-credit-note").first().waitFor();
    expect((await notes.textContent())?.replace(/\s/g, " ")).toContain("R$ 95,70");
    await notes.getByRole("link", { name: "NC-000002" }).waitFor();
    // The claim says its return came back and links the credit note.
    const claimCard = page.getByTestId("order-claims");
    await expect(claimCard.getByTestId("claim-outcome").textContent()).resolves.toContain(`Devolução #${claim.orderReturn.id} recebida`);
    await expectNoAxeViolations(page, "order with a withdrawal received");
    await claimCard.getByTestId("claim-return-credit-note").click();
    await page.waitForURL((url) => url.pathname.startsWith("/credit-notes/"));
    await page.getByTestId("credit-note-lines").waitFor();
    expect(await page.getByTestId("credit-note-title").textContent()).toBe("Nota de crédito NC-000002");
    expect((await page.getByTestId("credit-note-total").textContent())?.replace(/\s/g, " ")).toBe("R$ 95,70");
    // Two units and the shipping, and why, in the shop's language.
    expect(await page.getByTestId("credit-note-line").count()).toBe(2);
    expect(await page.getByTestId("credit-note-source").textContent()).toBe(`Devolução #${claim.orderReturn.id}`);
    expect(await page.getByTestId("credit-note-reason").textContent()).toContain(`Desistência da compra: devolução #${claim.orderReturn.id} do pedido #${o3.number} recebida`);
    await shot("credit-note-2");
    await expectNoAxeViolations(page, "credit note NC-000002 of the withdrawal");
  }, 60_000);

  it("a return with an exchange: asked for on the customer's page, approved and received from the desk", async () => {
    const o4 = orders.o4;
    const phone = await phoneFor(o4.id);
    try {
      await phone.getByTestId("order-return-open").click();
      await phone.getByTestId("order-return-form").waitFor();
      await expectNoAxeViolations(phone, "customer's return form");
      await phone.getByTestId("order-return-quantity").selectOption("1");
      await phone.getByTestId("order-return-reason-WRONG_ITEM").check();
      await phone.getByTestId("order-return-note").fill("Pedi P, queria M.");
      await phone.getByTestId("order-return-submit").click();
      await phone.getByTestId("order-return-sent").waitFor();
      await expectNoAxeViolations(phone, "customer's page with a return asked for");
    } finally {
      await phone.close();
    }
    const ret = (await call(`query($id: ID!) { order(id: $id) { returns { id status } } }`, { id: o4.id })).order.returns[0];
    expect(ret.status).toBe("REQUESTED");

    await page.goto(`${server.url}/after-sales?tab=returns`);
    const row = page.locator(`[data-testid="return-row"][data-return-id="${ret.id}"]`);
    await row.getByTestId("return-approve").click();
    const decide = page.getByTestId("decide-return-dialog");
    await decide.getByTestId("decide-return-text").fill("Envie pelos Correios com o código de postagem 55555.");
    await expectNoAxeViolations(page, "approve return dialog");
    await decide.getByTestId("decide-return-confirm").click();
    await page.locator(`[data-testid="return-row"][data-return-id="${ret.id}"][data-status="APPROVED"]`).waitFor();

    await row.getByTestId("return-receive").click();
    const receive = page.getByTestId("receive-return-dialog");
    await receive.getByTestId("receive-return-lines").waitFor();
    await receive.getByTestId("receive-settle-EXCHANGE").check();
    await receive.getByTestId("exchange-sku").fill("CAM-M");
    await receive.getByTestId("preview-exchange").waitFor();
    await expect(receive.getByTestId("preview-exchange").getAttribute("data-in-stock")).resolves.toBe("true");
    await expect(receive.getByTestId("preview-stock-back").textContent()).resolves.toContain("CAM-P: 1 un. voltam ao estoque");
    await expectNoAxeViolations(page, "receive dialog: an exchange");
    await receive.getByTestId("receive-return-confirm").click();
    await page.getByTestId("returns-notice").waitFor();
    await page.locator(`[data-testid="return-row"][data-return-id="${ret.id}"][data-status="RECEIVED"]`).waitFor();
    await expect(row.textContent()).resolves.toContain("Pedido de troca #");
    const exchange = (await call(`query($id: ID!) { order(id: $id) { returns { exchangeOrder { id number status kind } } } }`, { id: o4.id })).order.returns[0].exchangeOrder;
    expect(exchange).toMatchObject({ status: "READY", kind: "EXCHANGE" });
    orders.exchange = exchange;
    await page.goto(`${server.url}/orders/${exchange.id}`);
    await expect(page.getByTestId("order-follow-up").textContent()).resolves.toContain(`pedido #${o4.number}`);
    await expectNoAxeViolations(page, "the exchange order");
  }, 60_000);

  it("lists the three claims and two returns, all closed out, in Devoluções e reclamações, and the two refunds", async () => {
    await page.goto(`${server.url}/after-sales`);
    await page.getByTestId("claim-row").first().waitFor();
    const claims = await page.getByTestId("claim-row").evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute("data-order-number")), r.getAttribute("data-status")]));
    expect(claims.sort()).toEqual([orders.o1, orders.o2, orders.o3].map((o) => [o.number, "RESOLVED"]).sort());
    await page.getByTestId("claim-status-filter").locator('[data-status="OPEN"]').click();
    await page.waitForURL((url) => url.searchParams.getAll("status").includes("OPEN"));
    await page.getByTestId("claim-row").first().waitFor({ state: "detached" });
    await expectNoAxeViolations(page, "claims tab: no open claim left");
    await page.goto(`${server.url}/after-sales?tab=returns`);
    await page.getByTestId("return-row").first().waitFor();
    expect(await page.getByTestId("return-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")))).toEqual(["RECEIVED", "RECEIVED"]);

    // The two refunds wait for the customers' details (their links went out), one per settled order.
    await page.goto(`${server.url}/refunds`);
    await page.getByTestId("refund-row").first().waitFor();
    const refunds = page.getByTestId("refund-row");
    expect((await refunds.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-order-number"))))).sort()).toEqual([orders.o2.number, orders.o3.number].sort());
    const text = (await refunds.allTextContents()).map((t) => t.replace(/\s/g, " ")).join(" | ");
    expect(text).toContain("R$ 64,90");
    expect(text).toContain("R$ 95,70");
    await expectNoAxeViolations(page, "refunds after the claims and returns");
  }, 60_000);

  it("leaves stock, refunds and credit notes right: over GraphQL and in SQL", async () => {
    // On hand by hand: start − shipped + restocked + returned in good condition.
    const expected: Record<string, { onHand: number; allocated: number }> = {
      "CAF-500": { onHand: 10 - 2 - 2, allocated: 0 }, // o1 and o2 shipped; the settled coffee never existed
      "MOE-200": { onHand: 10 - 1 - 2 + 1, allocated: 0 }, // o1, o3 shipped; o3's delivered unit came back
      "FIL-100": { onHand: 2 - 2 + 1 - 1, allocated: 0 }, // o1 shipped 2, restock 1, reshipment shipped 1; the newer order still waits
      "CAM-P": { onHand: 5 - 1 + 1, allocated: 0 }, // o4 shipped, returned
      "CAM-M": { onHand: 3, allocated: 1 }, // the exchange reserves one
    };
    for (const [code, level] of Object.entries(expected)) expect({ code, ...(await stock(code)) }).toEqual({ code, ...level });
    const levels = await server.db.query<{ sku_id: number; on_hand: number; allocated: number }>("SELECT sku_id, on_hand, allocated FROM stock_level WHERE shop_id = ?", [shop.shopId]);
    for (const [code, level] of Object.entries(expected)) {
      const row = levels.find((l) => Number(l.sku_id) === shop.skus[code]);
      expect({ code, onHand: Number(row?.on_hand), allocated: Number(row?.allocated) }).toEqual({ code, ...level });
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    expect(await orderStatus(orders.waiting.id)).toBe("AWAITING_STOCK");
    // The ledger says why: SALE when goods left (both parcels, the reshipment), RETURN when they came back in good condition.
    const ledger = await server.db.query<{ sku_id: number; kind: string; on_hand: number }>(
      "SELECT sku_id, kind, SUM(on_hand_delta) AS on_hand FROM stock_movement WHERE shop_id = ? AND kind IN ('SALE', 'RETURN') GROUP BY sku_id, kind",
      [shop.shopId],
    );
    const codeOf = Object.fromEntries(Object.entries(shop.skus).map(([code, id]) => [id, code]));
    expect(Object.fromEntries(ledger.map((m) => [`${codeOf[Number(m.sku_id)]} ${m.kind}`, Number(m.on_hand)]))).toEqual({
      "CAF-500 SALE": -4,
      "MOE-200 SALE": -3,
      "MOE-200 RETURN": 1,
      "FIL-100 SALE": -3,
      "CAM-P SALE": -1,
      "CAM-P RETURN": 1,
    });

    // Refunds per order: exactly what was settled, never above what was paid.
    const paid = { o1: 0, o2: 6490, o3: 2 * 3990 + 1590, o4: 0 };
    for (const [key, refunded] of Object.entries(paid) as Array<[keyof typeof paid, number]>) {
      const o = (await call(`query($id: ID!) { order(id: $id) { status total { amount } refundedTotal { amount } refunds { amount { amount } } creditNotes { displayNumber total { amount } } } }`, { id: orders[key].id })).order;
      expect({ key, status: o.status, refunded: o.refundedTotal.amount }).toEqual({ key, status: "DELIVERED", refunded });
      expect(o.refundedTotal.amount).toBeLessThanOrEqual(o.total.amount);
      expect(o.refunds.reduce((sum: number, r: { amount: { amount: number } }) => sum + r.amount.amount, 0)).toBe(refunded);
      expect(o.creditNotes.reduce((sum: number, n: { total: { amount: number } }) => sum + n.total.amount, 0)).toBe(refunded);
    }
    expect(paid.o3).toBe((orders.o3 as PlacedOrder).total.amount);
    const overRefunded = await server.db.query(
      `SELECT o.id FROM orders o JOIN (SELECT order_id, SUM(amount) AS refunded FROM refund WHERE shop_id = ? GROUP BY order_id) r ON r.order_id = o.id
        WHERE o.shop_id = ? AND r.refunded > o.total`,
      [shop.shopId, shop.shopId],
    );
    expect(overRefunded).toEqual([]);
    const refundSums = await server.db.query<{ order_id: number; refunded: number }>("SELECT order_id, SUM(amount) AS refunded FROM refund WHERE shop_id = ? GROUP BY order_id ORDER BY order_id", [shop.shopId]);
    expect(refundSums.map((r) => [Number(r.order_id), Number(r.refunded)])).toEqual([
      [Number(orders.o2.id), 6490],
      [Number(orders.o3.id), 9570],
    ]);
    // Follow-up orders charge nothing.
    for (const key of ["reshipment", "exchange"] as const) {
      const o = (await call(`query($id: ID!) { order(id: $id) { total { amount } refundedTotal { amount } } }`, { id: orders[key].id })).order;
      expect(o).toEqual({ total: { amount: 0 }, refundedTotal: { amount: 0 } });
    }

    // Credit notes: NC-000001, NC-000002, one per settlement, totals equal to the refunds.
    const notes = await server.db.query<{ number: number; order_id: number; total: number }>("SELECT number, order_id, total FROM credit_note WHERE shop_id = ? ORDER BY number", [shop.shopId]);
    expect(notes.map((n) => [Number(n.number), Number(n.order_id), Number(n.total)])).toEqual([
      [1, Number(orders.o2.id), 6490],
      [2, Number(orders.o3.id), 9570],
    ]);
    const shown = await Promise.all(
      [orders.o2, orders.o3].map(async (o) => (await call(`query($id: ID!) { order(id: $id) { creditNotes { displayNumber } } }`, { id: o.id })).order.creditNotes[0].displayNumber),
    );
    expect(shown).toEqual(["NC-000001", "NC-000002"]);
  }, 60_000);
});
