import fs from "node:fs";
import path from "node:path";
import { Browser, Page } from "playwright-core";
import { CreditNoteSourceType } from "../../server/src/modules/credit-notes/credit-note.entity";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signedInPage, WEB_DIST } from "../helpers/browser";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** 02:30 UTC is still the evening before in São Paulo, the BRL shop's default time zone. */
const ISSUED_AT = new Date("2026-11-27T02:30:00Z");

describe("a credit note in the browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let page: Page;
  let order: { id: string; number: number };
  let plainOrder: { id: string };
  let creditNoteId: number;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer("sqlite", { webDist: WEB_DIST, config: { clock: () => ISSUED_AT } });
    shop = await createShop(server, { "CAF-500": [6490, 10], "LUM-LED": [17990, 10] }, "Café & Luz");
    const place = async (name: string) =>
      (
        await gqlData(
          server.graphqlUrl,
          PLACE_ORDER,
          { input: { customer: customer({ name }), lines: [{ skuCode: "CAF-500", quantity: 2 }, { skuCode: "LUM-LED", quantity: 1 }], shipping: 1590 } },
          shop.token,
        )
      ).placeOrder.order;
    order = await place("Beatriz Nogueira");
    plainOrder = await place("Carlos Sem Nota");
    const issued = await server.db.transaction((tx) =>
      server.services.creditNotes.issue(tx, {
        shopId: shop.shopId,
        orderId: Number(order.id),
        source: { type: CreditNoteSourceType.CLAIM, id: 17 },
        reason: "Entrega incompleta: um pacote de café não chegou; a cliente ficou com o restante.",
        lines: [
          { description: "Café 500 g", skuCode: "CAF-500", quantity: 1, unitAmount: 6490 },
          { description: "Frete proporcional", quantity: 1, unitAmount: 530 },
        ],
        actor: { type: "STAFF", id: 1, name: "Ana Lima" },
      }),
    );
    creditNoteId = issued.note.id;
    browser = await launchBrowser();
    page = await signedInPage(browser, server.url, shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("is listed on its order's page, and only there", async () => {
    await page.goto(`${server.url}/orders/${plainOrder.id}`);
    await page.getByTestId("order-lines").waitFor();
    await page.getByTestId("order-messages").waitFor();
    expect(await page.getByTestId("order-credit-notes").count()).toBe(0);

    await page.goto(`${server.url}/orders/${order.id}`);
    const card = page.getByTestId("order-credit-notes");
    await card.waitFor();
    expect(await card.getByRole("heading").textContent()).toBe("Notas de crédito");
    expect(await card.getByTestId("order-credit-note").count()).toBe(1);
    expect((await card.textContent())?.replace(/\s/g, " ")).toContain("R$ 70,20");
    await expectNoAxeViolations(page, "order with a credit note");
    await card.getByRole("link", { name: "NC-000001" }).click();
    await page.waitForURL(`${server.url}/credit-notes/${creditNoteId}`);
  });

  it("shows the document: shop, order, customer, lines, total in the shop's currency, reason, date in the shop's zone", async () => {
    await page.getByTestId("credit-note").waitFor();
    expect(await page.getByTestId("credit-note-title").textContent()).toBe("Nota de crédito NC-000001");
    expect(await page.getByTestId("credit-note-shop").textContent()).toMatch(/^Café & Luz \d+$/);
    expect(await page.getByTestId("credit-note-order").textContent()).toBe(`#${order.number}`);
    expect(await page.getByTestId("credit-note-customer").textContent()).toBe("Beatriz Nogueira");
    expect(await page.getByTestId("credit-note-source").textContent()).toBe("Reclamação #17");
    expect(await page.getByTestId("credit-note-issued-at").textContent()).toContain("26 de novembro de 2026");
    const lines = page.getByTestId("credit-note-line");
    expect(await lines.count()).toBe(2);
    expect((await lines.nth(0).textContent())?.replace(/\s/g, " ")).toContain("R$ 64,90");
    expect((await page.getByTestId("credit-note-total").textContent())?.replace(/\s/g, " ")).toBe("R$ 70,20");
    expect(await page.getByTestId("credit-note-reason").textContent()).toContain("um pacote de café não chegou");
    expect(await page.title()).toBe("Nota de crédito NC-000001");
    await page.screenshot({ path: path.join(SCREENSHOTS, "credit-note.png"), fullPage: true });
    await expectNoAxeViolations(page, "credit note");
  });

  it("prints: the button opens the print dialog, and on paper there is no navigation, black on white", async () => {
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByRole("button", { name: "Imprimir" }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    expect(await page.getByRole("navigation").isVisible()).toBe(true);
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.getByRole("navigation").isVisible()).toBe(false);
      expect(await page.getByTestId("shop-name").isVisible()).toBe(false); // the desk's header
      expect(await page.getByTestId("credit-note-print").isVisible()).toBe(false);
      expect(await page.getByTestId("credit-note-lines").isVisible()).toBe(true);
      const colours = await page.evaluate(() => {
        const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
        return {
          title: style("[data-testid=credit-note-title]").color,
          total: style("[data-testid=credit-note-total]").color,
          header: style("[data-testid=credit-note-lines] th").color,
          sheet: style(".credit-note__sheet").backgroundColor,
          body: style("body").backgroundColor,
        };
      });
      expect(colours).toEqual({ title: "rgb(0, 0, 0)", total: "rgb(0, 0, 0)", header: "rgb(0, 0, 0)", sheet: "rgb(255, 255, 255)", body: "rgb(255, 255, 255)" });
      await page.screenshot({ path: path.join(SCREENSHOTS, "credit-note-print.png"), fullPage: true });
      // Chromium's own print to PDF, on A4 as the stylesheet asks: one page for a short note.
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
    // Other desk pages keep their navigation on paper (the rules apply to the credit note only).
    await page.goto(`${server.url}/orders`);
    await page.getByRole("navigation").waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
  });

  it("says so when the credit note is not the shop's or does not exist", async () => {
    await page.goto(`${server.url}/credit-notes/999999`);
    await page.getByTestId("credit-note-not-found").waitFor();
    await expectNoAxeViolations(page, "credit note not found");
  });
});
