import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { parseMail, ReceivedMail, startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const DAY = 24 * 3600_000;
const MESSAGES = `query($id: ID!) { order(id: $id) { id number messages { id kind status recipientMasked locale subject attempts lastError sentAt } events { type data } } }`;
const CANCEL = `mutation($id: ID!, $to: RefundDestination!, $coupon: ApologyCouponInput) {
  cancelOrder(orderId: $id, refundTo: $to, reason: "sem estoque", apologyCoupon: $coupon) { refundLink refund { id } apologyCoupon { code } userErrors { code } } }`;
const SHIP = `mutation($id: ID!, $to: RefundDestination!) { shipAvailableItems(orderId: $id, refundTo: $to) { refund { id status } userErrors { code } } }`;
const PAID = `mutation($id: ID!) { markRefundPaid(refundId: $id, payoutReference: "E2E-1") { refund { status } userErrors { code } } }`;
const SETTINGS = `{ notificationSettings { kind enabled } }`;
const SET = `mutation($kind: MessageKind!, $enabled: Boolean!) { setNotificationEnabled(kind: $kind, enabled: $enabled) { settings { kind enabled } userErrors { code } } }`;
const PREVIEW = `query($id: ID!, $kind: MessageKind!, $locale: String) { messagePreview(orderId: $id, kind: $kind, locale: $locale) { subject html text } }`;
const LIST = `query($first: Int!, $after: String, $filter: CustomerMessageFilter) {
  customerMessages(first: $first, after: $after, filter: $filter) { nodes { id kind status orderNumber recipientMasked } pageInfo { endCursor hasNextPage } totalCount } }`;

/** The message for an order (by its number in the subject) of a kind, told by its subject. */
const about = (mails: ReceivedMail[], orderNumber: number) => mails.filter((m) => m.subject.includes(`#${orderNumber}`));

describe.each(databaseKinds())("customer e-mail over SMTP on %s", (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let shop: ShopFixture;
  let clockOffset = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, {
      mail: { smtpUrl: smtp.url },
      config: { clock: () => new Date(Date.now() + clockOffset), mailRetry: { baseMs: 100, maxMs: 400, maxAttempts: 20 }, mailFrom: "pedidos@loja.test" },
    });
    shop = await createShop(server, { PLENTY: [1000, 100_000], SCARCE: [2500, 1] }, "Loja da Ana");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const place = async (locale: string, lines: Array<[string, number]>, who = customer({ locale })) => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: who, lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 500 } }, shop.token);
    expect(placed.placeOrder.userErrors).toEqual([]);
    return { id: placed.placeOrder.order.id as string, number: placed.placeOrder.order.number as number, email: who.email as string };
  };
  const flush = () => server.mail!.flush();

  it("confirms an order and tells of the delay, in the customer's language, HTML and text, with the shop's name", async () => {
    const before = smtp.received.length;
    const pt = await place("pt-BR", [["PLENTY", 1], ["SCARCE", 2]]);
    const en = await place("en", [["PLENTY", 1], ["SCARCE", 1]]);
    const pl = await place("pl", [["PLENTY", 1], ["SCARCE", 1]]);
    await flush();
    const mails = (await smtp.waitFor(before + 6)).slice(before);
    expect(mails).toHaveLength(6);

    const [ptConfirm, ptDelay] = about(mails, pt.number);
    expect(ptConfirm!.subject).toMatch(new RegExp(`^Pedido #${pt.number} confirmado — Loja da Ana`));
    expect(ptConfirm!.to).toEqual([pt.email]);
    expect(ptConfirm!.raw).toMatch(/^From: "?Loja da Ana \d+"? <pedidos@loja\.test>/m);
    expect(ptConfirm!.messageId).toMatch(/^<ruptura-message-\d+\.\d+@loja\.test>$/);
    expect(ptConfirm!.language).toBe("pt-BR");
    expect(ptConfirm!.html).toContain('lang="pt-BR"');
    expect(ptConfirm!.html).toMatch(/R\$\s10,00/);
    expect(ptConfirm!.text).toContain("Olá, Maria!");
    expect(ptConfirm!.text).toMatch(/Total: R\$\s65,00/);
    expect(ptConfirm!.text).toContain("Recebemos seu pedido");
    expect(ptConfirm!.text).toMatch(/2 × Item SCARCE — R\$\s50,00/);
    expect(ptDelay!.subject).toBe(`Pedido #${pt.number}: alguns itens estão em falta`);
    expect(ptDelay!.text).toContain("Item SCARCE");
    expect(ptDelay!.text).toContain("Ainda não temos previsão de chegada.");
    expect(ptDelay!.html).toContain("Em falta");

    const [enConfirm, enDelay] = about(mails, en.number);
    expect(enConfirm!.subject).toMatch(new RegExp(`^Order #${en.number} confirmed — Loja da Ana`));
    expect(enConfirm!.text).toContain("Hello Maria,");
    expect(enConfirm!.text).toContain("R$35.00");
    expect(enDelay!.subject).toBe(`Order #${en.number}: some items are out of stock`);
    expect(enDelay!.text).toContain("1 × Item SCARCE");
    expect(enDelay!.text).toContain("We do not have a date for it yet.");

    const [plConfirm, plDelay] = about(mails, pl.number);
    expect(plConfirm!.subject).toMatch(new RegExp(`^Zamówienie #${pl.number} potwierdzone — Loja da Ana`));
    expect(plConfirm!.text).toContain("Dzień dobry, Maria!");
    expect(plConfirm!.text).toMatch(/35,00\sR\$/);
    expect(plDelay!.subject).toBe(`Zamówienie #${pl.number}: części produktów brakuje`);
    expect(plDelay!.text).toContain("Nie znamy jeszcze terminu dostawy.");

    // On the order: both messages, sent, masked; the timeline has MESSAGE_SENT with the kind only.
    const { order } = await gqlData(server.graphqlUrl, MESSAGES, { id: pt.id }, shop.token);
    expect(order.messages.map((m: { kind: string; status: string }) => [m.kind, m.status])).toEqual([
      ["ORDER_CONFIRMATION", "SENT"],
      ["STOCK_DELAY", "SENT"],
    ]);
    expect(order.messages[0].recipientMasked).toMatch(/^mar\*\*\*@\*\*\*\.com$/);
    expect(order.messages[0]).toMatchObject({ locale: "pt-BR", attempts: 1, lastError: null, subject: ptConfirm!.subject });
    const sent = order.events.filter((e: { type: string }) => e.type === "MESSAGE_SENT");
    expect(sent.map((e: { data: string }) => JSON.parse(e.data).kind)).toEqual(["ORDER_CONFIRMATION", "STOCK_DELAY"]);
    expect(JSON.stringify(sent)).not.toContain("@");

    // Restock: the oldest waiting order (pt, short of one unit) resumes and hears of it.
    const countBefore = smtp.received.length;
    const restock = await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.SCARCE), quantity: 1 }, shop.token);
    expect(restock.restock.ordersResumed.map((o: { number: number }) => o.number)).toEqual([pt.number]);
    await flush();
    const resumed = (await smtp.waitFor(countBefore + 1)).slice(countBefore);
    expect(resumed.map((m) => m.subject)).toEqual([`Pedido #${pt.number}: tudo disponível, seu pedido segue para envio`]);
    expect(resumed[0]!.text).toContain("2 × Item SCARCE");
  });

  it("cancellation carries the refund link and the apology coupon; a partial shipment to the merchant says the shop refunds", async () => {
    const a = await place("pt-BR", [["PLENTY", 2]]);
    const b = await place("en", [["PLENTY", 1], ["SCARCE", 3]]);
    await flush();
    const before = smtp.received.length;
    const cancel = await gqlData(server.graphqlUrl, CANCEL, { id: a.id, to: "CUSTOMER", coupon: { kind: "PERCENT", value: 10 } }, shop.token);
    expect(cancel.cancelOrder.userErrors).toEqual([]);
    const ship = await gqlData(server.graphqlUrl, SHIP, { id: b.id, to: "MERCHANT" }, shop.token);
    expect(ship.shipAvailableItems.userErrors).toEqual([]);
    await flush();
    const mails = (await smtp.waitFor(before + 2)).slice(before);

    const [cancelled] = about(mails, a.number);
    expect(cancelled!.subject).toBe(`Pedido #${a.number} cancelado`);
    expect(cancelled!.text).toContain(cancel.cancelOrder.refundLink);
    expect(cancelled!.html).toContain(`href="${cancel.cancelOrder.refundLink}"`);
    expect(cancelled!.text).toMatch(/Reembolso: R\$\s25,00/);
    expect(cancelled!.text).toContain(cancel.cancelOrder.apologyCoupon.code);
    expect(cancelled!.text).toContain("2 × Item PLENTY");

    const [partial] = about(mails, b.number);
    expect(partial!.subject).toBe(`Order #${b.number}: we are shipping what is available`);
    expect(partial!.text).toContain("3 × Item SCARCE");
    expect(partial!.text).toContain("Refund: R$75.00.");
    expect(partial!.text).toContain("The shop will refund you directly.");
    expect(partial!.text).not.toContain("/refund/");

    // The merchant pays B's refund: the customer hears of it.
    const paidBefore = smtp.received.length;
    const paid = await gqlData(server.graphqlUrl, PAID, { id: ship.shipAvailableItems.refund.id }, shop.token);
    expect(paid.markRefundPaid.userErrors).toEqual([]);
    await flush();
    const [paidMail] = (await smtp.waitFor(paidBefore + 1)).slice(paidBefore);
    expect(paidMail!.subject).toBe(`Refund for order #${b.number} paid`);
    expect(paidMail!.text).toContain("R$75.00");

    // Two days before A's link expires (REFUND_LINK_DAYS = 14), a reminder with the same link.
    const reminderBefore = smtp.received.length;
    clockOffset = 12 * DAY + 60_000;
    await flush();
    await flush();
    const reminders = (await smtp.waitFor(reminderBefore + 1)).slice(reminderBefore);
    expect(reminders.map((m) => m.subject)).toEqual([`Lembrete: informe seus dados para o reembolso do pedido #${a.number}`]);
    expect(reminders[0]!.text).toContain(cancel.cancelOrder.refundLink);
    await flush();
    expect(smtp.received.length).toBe(reminderBefore + 1);
  });

  it("retries with backoff while the SMTP server refuses, then sends once; the error keeps no address", async () => {
    smtp.refuseNext(1000);
    const before = smtp.received.length;
    const order = await place("en", [["PLENTY", 1]]);
    let message: { status: string; attempts: number; lastError: string | null } | undefined;
    for (let i = 0; i < 200 && !(message && message.attempts >= 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
      message = (await gqlData(server.graphqlUrl, MESSAGES, { id: order.id }, shop.token)).order.messages[0];
    }
    expect(message).toMatchObject({ status: "PENDING" });
    expect(message!.attempts).toBeGreaterThanOrEqual(2);
    expect(message!.lastError).toContain("451");
    expect(message!.lastError).not.toContain("@");
    smtp.refuseNext(0);
    await smtp.waitFor(before + 1);
    await flush();
    const { order: after } = await gqlData(server.graphqlUrl, MESSAGES, { id: order.id }, shop.token);
    expect(after.messages[0]).toMatchObject({ status: "SENT", lastError: null });
    expect(after.messages[0].attempts).toBeGreaterThanOrEqual(3);
    expect(about(smtp.received, order.number)).toHaveLength(1);
  });

  it("a kind turned off is skipped, not sent; the merchant lists messages and previews any kind with a real order", async () => {
    const settings = await gqlData(server.graphqlUrl, SETTINGS, {}, shop.token);
    expect(settings.notificationSettings).toHaveLength(12);
    expect(settings.notificationSettings.every((s: { enabled: boolean }) => s.enabled)).toBe(true);
    const off = await gqlData(server.graphqlUrl, SET, { kind: "ORDER_CONFIRMATION", enabled: false }, shop.token);
    expect(off.setNotificationEnabled.userErrors).toEqual([]);
    expect(off.setNotificationEnabled.settings.find((s: { kind: string }) => s.kind === "ORDER_CONFIRMATION").enabled).toBe(false);

    const before = smtp.received.length;
    const order = await place("pt-BR", [["PLENTY", 1]]);
    await flush();
    await flush();
    expect(about(smtp.received.slice(before), order.number)).toEqual([]);
    const { order: skipped } = await gqlData(server.graphqlUrl, MESSAGES, { id: order.id }, shop.token);
    expect(skipped.messages.map((m: { kind: string; status: string }) => [m.kind, m.status])).toEqual([["ORDER_CONFIRMATION", "SKIPPED"]]);
    await gqlData(server.graphqlUrl, SET, { kind: "ORDER_CONFIRMATION", enabled: true }, shop.token);

    const preview = await gqlData(server.graphqlUrl, PREVIEW, { id: order.id, kind: "STOCK_DELAY", locale: "pl" }, shop.token);
    expect(preview.messagePreview.subject).toBe(`Zamówienie #${order.number}: części produktów brakuje`);
    expect(preview.messagePreview.html).toContain('lang="pl"');
    expect(preview.messagePreview.text).toContain("Loja da Ana");
    const defaultLocale = await gqlData(server.graphqlUrl, PREVIEW, { id: order.id, kind: "ORDER_CANCELLED" }, shop.token);
    expect(defaultLocale.messagePreview.subject).toBe(`Pedido #${order.number} cancelado`);
    const other = await createShop(server, {}, "Outra");
    expect((await gqlData(server.graphqlUrl, PREVIEW, { id: order.id, kind: "STOCK_DELAY" }, other.token)).messagePreview).toBeNull();
    expect((await gqlData(server.graphqlUrl, LIST, { first: 10 }, other.token)).customerMessages.totalCount).toBe(0);

    const first = await gqlData(server.graphqlUrl, LIST, { first: 2, filter: { status: ["SENT"] } }, shop.token);
    expect(first.customerMessages.nodes).toHaveLength(2);
    expect(first.customerMessages.pageInfo.hasNextPage).toBe(true);
    const second = await gqlData(server.graphqlUrl, LIST, { first: 2, after: first.customerMessages.pageInfo.endCursor, filter: { status: ["SENT"] } }, shop.token);
    expect(Number(second.customerMessages.nodes[0].id)).toBeLessThan(Number(first.customerMessages.nodes[1].id));
    const skippedList = await gqlData(server.graphqlUrl, LIST, { first: 10, filter: { status: ["SKIPPED"] } }, shop.token);
    expect(skippedList.customerMessages.nodes.map((n: { orderNumber: number }) => n.orderNumber)).toEqual([order.number]);
    expect(JSON.stringify(skippedList)).not.toMatch(/maria\.[a-z0-9]+@example/);
  });
});

describe.each(databaseKinds())("customer e-mail over a restart on %s", (kind) => {
  it("sends every message exactly once: sent before the stop are not repeated, pending ones go after the start, a replayed log plans nothing twice", async () => {
    const smtp = await startSmtpServer();
    const config = { mailRetry: { baseMs: 100, maxMs: 300, maxAttempts: 1000 } };
    let server = await startTestServer(kind, { mail: { smtpUrl: smtp.url }, config });
    try {
      const shop = await createShop(server, { PLENTY: [1000, 100_000] }, "Loja");
      const place = async () =>
        (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "PLENTY", quantity: 1 }], shipping: 0 } }, shop.token)).placeOrder.order;
      const a = await place();
      await smtp.waitFor(1);
      // The mail server goes away: the next messages fail and stay pending.
      smtp.refuseNext(1_000_000);
      const b = await place();
      const c = await place();
      for (let i = 0; i < 100; i++) {
        const [row] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM customer_message WHERE attempts > 0 AND status = 'PENDING'");
        if (Number(row?.n) === 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await server.stop({ keepDatabase: true });
      const [pending] = await (async () => {
        const reopened = await startTestServer(kind, { testDb: server.testDb, config, dispatch: false });
        const rows = await reopened.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM customer_message WHERE status = 'PENDING'");
        // As if the planner had crashed before saving its read position: the whole log again.
        await reopened.db.query("UPDATE notification_cursor SET last_id = 0");
        await reopened.stop({ keepDatabase: true });
        return rows;
      })();
      expect(Number(pending?.n)).toBe(2);

      smtp.refuseNext(0);
      server = await startTestServer(kind, { testDb: server.testDb, mail: { smtpUrl: smtp.url }, config });
      await smtp.waitFor(3);
      await server.mail!.flush();
      await server.mail!.flush();
      const ids = smtp.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(smtp.received).toHaveLength(3);
      for (const o of [a, b, c]) expect(about(smtp.received, o.number)).toHaveLength(1);
      const rows = await server.db.query<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM customer_message GROUP BY status");
      expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([["SENT", 3]]);
      const [events] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE type = 'MESSAGE_SENT'");
      expect(Number(events?.n)).toBe(3);
    } finally {
      await server.stop();
      await smtp.close();
    }
  });
});

describe("customer e-mail without SMTP", () => {
  it("writes each message as an .eml file under the mail directory", async () => {
    const dir = path.join(os.tmpdir(), `ruptura-mail-${process.pid}-${Date.now()}`, "mail");
    const server = await startTestServer("sqlite", { mail: { mailDir: dir } });
    try {
      expect(fs.existsSync(dir)).toBe(true);
      const shop = await createShop(server, { PLENTY: [1000, 10] }, "Loja");
      const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ locale: "en" }), lines: [{ skuCode: "PLENTY", quantity: 1 }], shipping: 0 } }, shop.token);
      await server.mail!.flush();
      const files = fs.readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*_ruptura-message-\d+\.\d+_localhost\.eml$/);
      const mail = parseMail(fs.readFileSync(path.join(dir, files[0]!), "utf8"));
      expect(mail.subject).toMatch(new RegExp(`^Order #${placed.placeOrder.order.number} confirmed — Loja \\d+$`));
      expect(mail.html).toContain("<html");
      expect(mail.text).toContain("Item PLENTY");
      const { order } = await gqlData(server.graphqlUrl, MESSAGES, { id: placed.placeOrder.order.id }, shop.token);
      expect(order.messages.map((m: { status: string }) => m.status)).toEqual(["SENT"]);
    } finally {
      await server.stop();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("uses the order page link and the expected restock date when their providers give them", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-mail-providers-"));
    const asked: Array<[number, number[]]> = [];
    const server = await startTestServer("sqlite", {
      mail: { mailDir: dir },
      config: {
        orderPageLinks: { orderPageLink: async (_shopId, orderId) => `https://loja.test/order/token-${orderId}` },
        restockDates: {
          expectedRestockDates: async (shopId, orderIds) => {
            asked.push([shopId, orderIds]);
            return new Map(orderIds.map((id) => [id, "2026-12-15"]));
          },
        },
      },
    });
    try {
      const shop = await createShop(server, { SCARCE: [1000, 0] }, "Loja");
      const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ locale: "pt-BR" }), lines: [{ skuCode: "SCARCE", quantity: 1 }], shipping: 0 } }, shop.token);
      const orderId = Number(placed.placeOrder.order.id);
      await server.mail!.flush();
      const mails = fs.readdirSync(dir).map((f) => parseMail(fs.readFileSync(path.join(dir, f), "utf8")));
      const delay = mails.find((m) => m.subject.includes("em falta"))!;
      expect(delay.text).toContain("Previsão de chegada: 15 de dezembro de 2026.");
      expect(delay.html).toContain(`href="https://loja.test/order/token-${orderId}"`);
      expect(asked).toEqual([[shop.shopId, [orderId]]]);
      const confirmation = mails.find((m) => m.subject.includes("confirmado"))!;
      expect(confirmation.text).toContain(`Acompanhar o pedido https://loja.test/order/token-${orderId}`);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
