import fs from "node:fs";
import path from "node:path";
import { formatCpf, generateCnpj, generateCpf } from "@brazilian-utils/brazilian-utils";
import { Browser, BrowserContext, Page, Route } from "playwright-core";
import { accessibilityCheckFor } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, WEB_DIST } from "../helpers/browser";
import { databaseKinds } from "../helpers/databases";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const DAY = 24 * 3600_000;
const CANCEL_WITH_LINK = `mutation($id: ID!, $to: RefundDestination!, $reason: String!) { cancelOrder(orderId: $id, refundTo: $to, reason: $reason) { refundLink refund { id } userErrors { code } } }`;
const SUBMIT = `mutation($input: SubmitRefundDetailsInput!) { submitRefundDetails(input: $input) { refundRequest { status } userErrors { field code message } } }`;
const ORDER_REFUNDS = `query($id: ID!) { order(id: $id) { refunds { id status payoutDetails } } }`;
const MARK_PAID = `mutation($id: ID!, $ref: String) { markRefundPaid(refundId: $id, payoutReference: $ref) { refund { status } userErrors { code } } }`;
/** Generous limits: these tests open links and send forms far more often than a customer would. */
const ROOMY_LIMITS = { requestsPerAddress: 100_000, requestsPerLink: 100_000, windowSeconds: 60, blockSeconds: 60 };

/** A bank account whose check digit passes (from @brazilian-utils' own examples). */
const BANK = { code: "001", name: "Banco do Brasil S.A.", branch: "1584", account: "002101696", masked: "00210169-6" };

/** A CPF other than `cpf`. */
function otherCpf(cpf: string): string {
  for (;;) {
    const candidate = generateCpf();
    if (candidate !== cpf) return candidate;
  }
}

describe.each(databaseKinds())("the customer's refund form on a phone (%s)", (kind) => {
  const expectNoAxeViolations = accessibilityCheckFor(kind);
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;
  let clockOffset = 0;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "refund.html"))) throw new Error(`No built refund page at ${WEB_DIST}: run "npm run build:web"`);
    server = await startTestServer(kind, { webDist: WEB_DIST, config: { clock: () => new Date(Date.now() + clockOffset), refundLinkLimits: ROOMY_LIMITS } });
    shop = await createShop(server, { "CAF-500": [6490, 500], "FIL-100": [1990, 500] }, "Café do Porto");
    browser = await launchBrowser();
  });

  afterEach(async () => {
    clockOffset = 0;
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** An order of 2 CAF-500 and 1 FIL-100 (R$ 149,70 + R$ 15,00 shipping) cancelled with a refund to the customer. */
  const refundToCustomer = async (who: Record<string, unknown> = customer()) => {
    const placed = await gqlData(
      server.graphqlUrl,
      PLACE_ORDER,
      { input: { customer: who, lines: [{ skuCode: "CAF-500", quantity: 2 }, { skuCode: "FIL-100", quantity: 1 }], shipping: 1500 } },
      shop.token,
    );
    const order = placed.placeOrder.order as { id: string; number: number };
    const { cancelOrder } = await gqlData(server.graphqlUrl, CANCEL_WITH_LINK, { id: order.id, to: "CUSTOMER", reason: "sem estoque" }, shop.token);
    expect(cancelOrder.userErrors).toEqual([]);
    const link = cancelOrder.refundLink as string;
    return { orderId: order.id, number: order.number, refundId: cancelOrder.refund.id as string, token: link.slice(link.lastIndexOf("/") + 1), cpf: who.cpf as string };
  };

  /** A phone-sized page (390x844, touch) in a fresh browser context with the given language. */
  const phone = async (locale = "pt-BR"): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale });
    contexts.push(context);
    return context.newPage();
  };

  /** Opens /refund/<token> and waits until it shows something other than "loading". */
  const open = async (page: Page, token: string) => {
    await page.goto(`${server.url}/refund/${token}`);
    await page.locator('[data-testid="refund-page"]:not([data-state="loading"])').waitFor();
    return page.getByTestId("refund-page").getAttribute("data-state");
  };

  const refundsOf = async (orderId: string) => (await gqlData(server.graphqlUrl, ORDER_REFUNDS, { id: orderId }, shop.token)).order.refunds;
  const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

  /** Nothing wider than the phone, and every control at least 44px tall (a thumb's target). */
  async function expectPhoneLayout(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("button, select, input:not([type=radio]), label.choice"))
        .filter((element) => element.offsetParent !== null && element.getBoundingClientRect().height < 44)
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
  }

  it("takes a PIX key: a wrong CPF is refused on its field, the right one is received, and the merchant sees READY_FOR_PAYOUT", async () => {
    const r = await refundToCustomer();
    const page = await phone();
    expect(await open(page, r.token)).toBe("form");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pt-BR");
    expect(await page.title()).toBe(`Reembolso do pedido #${r.number}`);
    expect(await text(page, "refund-shop")).toContain("Café do Porto");
    expect(await text(page, "refund-order-number")).toBe(`#${r.number}`);
    expect((await text(page, "refund-amount")).replace(/\s/g, " ")).toBe("R$ 164,70");
    expect(await page.getByTestId("refund-line").allInnerTexts()).toEqual([expect.stringMatching(/2 ×\s+Item CAF-500\s+R\$\s129,80/), expect.stringMatching(/1 ×\s+Item FIL-100\s+R\$\s19,90/)]);
    expect(await text(page, "refund-expires")).toMatch(/\d{4}/);
    await expectPhoneLayout(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "refund form");

    // The masks: the CPF as 000.000.000-00, the phone key as (00) 00000-0000.
    const wrong = otherCpf(r.cpf);
    await page.getByTestId("refund-cpf").pressSequentially(wrong);
    expect(await page.getByTestId("refund-cpf").inputValue()).toBe(formatCpf(wrong));
    await page.getByTestId("refund-pix-type").selectOption("PHONE");
    await page.getByTestId("refund-pix-key").pressSequentially("11987654321");
    expect(await page.getByTestId("refund-pix-key").inputValue()).toBe("(11) 98765-4321");

    // Sending: the button is disabled until the answer comes (the answer is held back until checked).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/graphql", async (route: Route) => {
      if (route.request().postData()?.includes("SubmitRefundDetails")) await held;
      await route.continue();
    });
    await page.getByTestId("refund-submit").tap();
    await page.locator('[data-testid="refund-submit"]:disabled').waitFor();
    expect(await text(page, "refund-submit")).toBe("Enviando…");
    release();
    await page.getByTestId("refund-cpf-error").waitFor();
    await page.unroute("**/graphql");

    // A wrong CPF: an error on its field, in Portuguese, with the attempts left; nothing typed is lost.
    expect(await text(page, "refund-cpf-error")).toBe("Este não é o CPF de quem fez o pedido. Restam 4 tentativas.");
    const cpfInput = page.getByTestId("refund-cpf");
    expect(await cpfInput.getAttribute("aria-invalid")).toBe("true");
    const errorId = await page.getByTestId("refund-cpf-error").getAttribute("id");
    expect((await cpfInput.getAttribute("aria-describedby"))!.split(" ")).toContain(errorId);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("refund-cpf");
    expect(await cpfInput.inputValue()).toBe(formatCpf(wrong));
    expect(await page.getByTestId("refund-pix-key").inputValue()).toBe("(11) 98765-4321");
    expect(await page.getByTestId("refund-submit").isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-cpf-error-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "refund form with a field error");

    // The right CPF: the confirmation.
    await cpfInput.fill(r.cpf);
    expect(await cpfInput.inputValue()).toBe(formatCpf(r.cpf));
    expect(await page.getByTestId("refund-cpf-error").count()).toBe(0); // editing the field clears its error
    await page.getByTestId("refund-submit").tap();
    await page.locator('[data-testid="refund-page"][data-state="done"]').waitFor();
    expect(await text(page, "refund-title")).toBe("Recebemos seus dados");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("refund-title");
    expect(await text(page, "refund-status-body")).toMatch(/Café do Porto .* vai enviar R\$\s164,70 para a sua chave PIX\./);
    await expectPhoneLayout(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-done-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "refund confirmation");

    // The merchant's side: ready for payout, to the phone key (masked).
    expect(await refundsOf(r.orderId)).toEqual([{ id: r.refundId, status: "READY_FOR_PAYOUT", payoutDetails: "PIX PHONE ****-4321" }]);

    // Opened again: "we have your details"; once the merchant has paid: "paid".
    expect(await open(page, r.token)).toBe("used");
    expect(await text(page, "refund-title")).toBe("Já recebemos seus dados");
    await expectNoAxeViolations(page, "refund link already used");
    const paid = (await gqlData(server.graphqlUrl, MARK_PAID, { id: r.refundId, ref: "E2E-PIX-1" }, shop.token)).markRefundPaid;
    expect(paid).toEqual({ refund: { status: "PAID" }, userErrors: [] });
    expect(await open(page, r.token)).toBe("paid");
    expect(await text(page, "refund-title")).toBe("Reembolso pago");
    await expectNoAxeViolations(page, "refund paid");
  });

  it("takes a bank account with the bank found by name, in English from the switch", async () => {
    const r = await refundToCustomer();
    const page = await phone();
    expect(await open(page, r.token)).toBe("form");
    await page.getByTestId("refund-language-en").tap();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.getByTestId("refund-language-en").getAttribute("aria-pressed")).toBe("true");
    expect(await text(page, "refund-title")).toBe("Get your refund");
    expect((await text(page, "refund-amount")).replace(/\s/g, " ")).toBe("R$164.70");

    await page.getByTestId("refund-cpf").fill(r.cpf);
    await page.getByTestId("refund-destination-BANK").tap();
    // The bank: by code with the keyboard (arrow, Enter), then by name with a tap.
    const bank = page.getByTestId("refund-bank");
    await bank.tap();
    await bank.pressSequentially("237");
    await page.locator('[data-testid="refund-bank-option"][data-code="237"]').waitFor();
    await bank.press("ArrowDown");
    expect(await bank.getAttribute("aria-activedescendant")).toBe(await page.locator('[data-testid="refund-bank-option"][data-code="237"]').getAttribute("id"));
    await bank.press("Enter");
    expect(await bank.getAttribute("data-bank-code")).toBe("237");
    expect(await page.locator('[data-testid="refund-page"]').getAttribute("data-state")).toBe("form"); // Enter chose, did not send
    await bank.fill("");
    expect(await bank.getAttribute("data-bank-code")).toBeNull();
    await bank.pressSequentially("brasil");
    await page.locator(`[data-testid="refund-bank-option"][data-code="${BANK.code}"]`).waitFor();
    expect(await bank.getAttribute("aria-expanded")).toBe("true");
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-bank-search-${kind}.png`) });
    await expectNoAxeViolations(page, "refund form, bank list open");
    await page.locator(`[data-testid="refund-bank-option"][data-code="${BANK.code}"]`).tap();
    expect(await bank.inputValue()).toBe(`${BANK.code} · ${BANK.name}`);
    expect(await bank.getAttribute("data-bank-code")).toBe(BANK.code);
    expect(await bank.getAttribute("aria-expanded")).toBe("false");

    await page.getByTestId("refund-branch").fill(BANK.branch);
    // A wrong check digit first: refused on the account field, in English.
    await page.getByTestId("refund-account").pressSequentially("002101697");
    expect(await page.getByTestId("refund-account").inputValue()).toBe("00210169-7");
    await page.getByTestId("refund-holder-name").fill("Joana Pereira Lima");
    const cnpj = generateCnpj();
    await page.getByTestId("refund-holder-document").pressSequentially(cnpj);
    expect(await page.getByTestId("refund-holder-document").inputValue()).toBe(`${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`);
    await page.getByTestId("refund-submit").tap();
    await page.getByTestId("refund-account-error").waitFor();
    expect(await text(page, "refund-account-error")).toBe("The account or its check digit does not match this bank.");
    expect(await page.getByTestId("refund-account").getAttribute("aria-invalid")).toBe("true");
    expect(await bank.inputValue()).toBe(`${BANK.code} · ${BANK.name}`);
    expect(await page.getByTestId("refund-holder-name").inputValue()).toBe("Joana Pereira Lima");
    await expectPhoneLayout(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-bank-error-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "refund form, bank account error (en)");

    await page.getByTestId("refund-account").fill(BANK.account);
    expect(await page.getByTestId("refund-account").inputValue()).toBe(BANK.masked);
    await page.getByTestId("refund-submit").tap();
    await page.locator('[data-testid="refund-page"][data-state="done"]').waitFor();
    expect(await text(page, "refund-title")).toBe("We have your details");
    expect(await text(page, "refund-status-body")).toContain(`to your bank account (${BANK.name})`);
    await expectNoAxeViolations(page, "refund confirmation (en)");
    expect(await refundsOf(r.orderId)).toEqual([{ id: r.refundId, status: "READY_FOR_PAYOUT", payoutDetails: `${BANK.code} CHECKING ****-6` }]);
  });

  it("shows its own page for a link that expired, locked itself, or never existed", async () => {
    const page = await phone();

    const locked = await refundToCustomer();
    for (let i = 0; i < 5; i++) await gqlData(server.graphqlUrl, SUBMIT, { input: { token: locked.token, cpf: otherCpf(locked.cpf), pix: { keyType: "EMAIL", key: "a@example.com" } } });
    expect(await open(page, locked.token)).toBe("locked");
    expect(await text(page, "refund-title")).toBe("Este link foi bloqueado");
    expect(await text(page, "refund-status-body")).toContain("Fale com a loja");
    expect(await text(page, "refund-order-number")).toBe(`#${locked.number}`);
    await expectPhoneLayout(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-locked-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "locked refund link");

    const expired = await refundToCustomer();
    clockOffset = 15 * DAY;
    expect(await open(page, expired.token)).toBe("expired");
    expect(await text(page, "refund-title")).toBe("Este link expirou");
    await expectNoAxeViolations(page, "expired refund link");
    clockOffset = 0;

    const tampered = expired.token.slice(0, -1) + (expired.token.endsWith("A") ? "B" : "A");
    expect(await open(page, tampered)).toBe("not-found");
    expect(await text(page, "refund-title")).toBe("Link não encontrado");
    expect(await page.title()).toBe("Reembolso");
    await expectNoAxeViolations(page, "unknown refund link");
    await page.goto(`${server.url}/refund/`);
    await page.locator('[data-testid="refund-page"][data-state="not-found"]').waitFor();

    // A link that expires while the form is open: sending says so instead of a field error.
    const lapsing = await refundToCustomer();
    expect(await open(page, lapsing.token)).toBe("form");
    clockOffset = 15 * DAY;
    await page.getByTestId("refund-cpf").fill(lapsing.cpf);
    await page.getByTestId("refund-pix-type").selectOption("EMAIL");
    await page.getByTestId("refund-pix-key").fill("cliente@example.com");
    await page.getByTestId("refund-submit").tap();
    await page.locator('[data-testid="refund-page"][data-state="expired"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("refund-title");
  });

  it("speaks Polish to a Polish browser, the refund's own language over the browser's, and keeps the visitor's choice", async () => {
    const page = await phone("pl-PL");
    expect(await open(page, "not-a-real-token")).toBe("not-found");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pl");
    expect(await text(page, "refund-title")).toBe("Nie znaleziono linku");
    expect(await page.getByTestId("refund-language-pl").getAttribute("aria-pressed")).toBe("true");
    await expectNoAxeViolations(page, "unknown refund link (pl)");

    // The customer's language (en, on the order) wins over the browser's.
    const english = await refundToCustomer(customer({ locale: "en" }));
    expect(await open(page, english.token)).toBe("form");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await text(page, "refund-title")).toBe("Get your refund");

    // The switch wins over both, and lasts through a reload.
    await page.getByTestId("refund-language-pl").tap();
    expect(await text(page, "refund-title")).toBe("Odbierz zwrot pieniędzy");
    await page.reload();
    await page.locator('[data-testid="refund-page"][data-state="form"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("pl");
    await page.getByTestId("refund-cpf").fill(otherCpf(english.cpf));
    await page.getByTestId("refund-pix-key").fill(english.cpf);
    await page.getByTestId("refund-submit").tap();
    await page.getByTestId("refund-cpf-error").waitFor();
    expect(await text(page, "refund-cpf-error")).toBe("To nie jest CPF osoby, która złożyła zamówienie. Zostały 4 próby.");
    await page.screenshot({ path: path.join(SCREENSHOTS, `refund-form-pl-${kind}.png`), fullPage: true });
    await expectNoAxeViolations(page, "refund form with a field error (pl)");
  });

  it("says how long to wait when the link is throttled, keeping what was typed", async () => {
    const tight = await startTestServer(kind, { webDist: WEB_DIST, config: { refundLinkLimits: { requestsPerAddress: 100, requestsPerLink: 2, windowSeconds: 900, blockSeconds: 900 } } });
    try {
      const tightShop = await createShop(tight, { "CAF-500": [6490, 10] });
      const who = customer();
      const placed = await gqlData(tight.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines: [{ skuCode: "CAF-500", quantity: 1 }] } }, tightShop.token);
      const { cancelOrder } = await gqlData(tight.graphqlUrl, CANCEL_WITH_LINK, { id: placed.placeOrder.order.id, to: "CUSTOMER", reason: "sem estoque" }, tightShop.token);
      const token = (cancelOrder.refundLink as string).split("/refund/")[1]!;
      const page = await phone();
      await page.goto(`${tight.url}/refund/${token}`); // 1st request of the link
      await page.locator('[data-testid="refund-page"][data-state="form"]').waitFor();
      const wrong = otherCpf(who.cpf);
      await page.getByTestId("refund-cpf").fill(wrong);
      await page.getByTestId("refund-pix-key").fill(who.cpf);
      await page.getByTestId("refund-submit").tap(); // 2nd: a wrong CPF
      await page.getByTestId("refund-cpf-error").waitFor();
      await page.getByTestId("refund-submit").tap(); // 3rd: throttled
      await page.getByTestId("refund-form-error").getByText(/^Muitas tentativas\. Aguarde \d+ minutos e tente de novo\.$/).waitFor();
      expect(await page.getByTestId("refund-cpf").inputValue()).toBe(formatCpf(wrong));
      await expectNoAxeViolations(page, "refund form, throttled");

      await page.reload(); // the page itself is throttled too
      await page.locator('[data-testid="refund-page"][data-state="throttled"]').waitFor();
      expect(await text(page, "refund-status-body")).toMatch(/^Muitas tentativas\. Aguarde \d+ minutos e tente de novo\.$/);
      await page.getByTestId("refund-retry").waitFor();
      await expectNoAxeViolations(page, "refund page, throttled");
    } finally {
      await tight.stop();
    }
  });
});
