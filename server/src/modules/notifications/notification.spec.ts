import { describeMailError } from "../../infra/mail/mailer";
import { MESSAGE_KINDS, MessageKind } from "./message-kind";
import { DEFAULT_RETRY, retryDelayMs } from "./notification.service";
import { plainTextByReactEmail, renderMessage } from "./templates/customer-email";
import { MAIL_LOCALES, mailLocale, MessageModel } from "./templates/model";

const model = (kind: MessageKind, locale: MessageModel["locale"], extra: Partial<MessageModel> = {}): MessageModel => ({
  kind,
  locale,
  timeZone: "America/Sao_Paulo",
  shopName: "Loja <da> Ana",
  customerName: "Maria",
  orderNumber: 42,
  currency: "BRL",
  placedAt: new Date("2026-11-27T12:00:00Z"),
  items: [{ name: "Camiseta", quantity: 2, unitPrice: 4990 }],
  subtotal: 9980,
  shipping: 1590,
  discount: 0,
  total: 11570,
  missing: [{ name: "Camiseta", quantity: 1 }],
  cancelled: [{ name: "Caneca", quantity: 1 }],
  expectedDate: null,
  orderPageLink: null,
  refund: { amount: 4990, destination: "CUSTOMER", link: "https://loja.test/refund/abc", linkExpiresAt: new Date("2026-12-11T12:00:00Z") },
  coupon: { code: "DESCULPA-7KQ4-M2XP", kind: "PERCENT", value: 10, expiresAt: new Date("2026-12-27T12:00:00Z") },
  shipment: {
    number: 2,
    carrierName: "Correios",
    trackingCode: "AA123456789BR",
    trackingUrl: "https://rastreamento.correios.com.br/app/index.php?objetos=AA123456789BR",
    items: [{ name: "Camiseta", quantity: 2 }],
    complete: false,
  },
  ...extra,
});

describe("customer e-mail templates", () => {
  it.each(MAIL_LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [locale, kind] as const)))("render %s %s as HTML and text with the shop's name", async (locale, kind) => {
    const rendered = await renderMessage(model(kind, locale));
    expect(rendered.subject).toContain("#42");
    expect(rendered.html).toMatch(/^<!DOCTYPE html/);
    expect(rendered.html).toContain(`lang="${locale}"`);
    // The shop's name is text, escaped in HTML.
    expect(rendered.html).toContain("Loja &lt;da&gt; Ana");
    expect(rendered.html).not.toContain("<da>");
    expect(rendered.text).toContain("Loja <da> Ana");
    expect(rendered.text).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it.each(MAIL_LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [locale, kind] as const)))("write %s %s's text as React Email's toPlainText does, with its converter compiled once", async (locale, kind) => {
    const rendered = await renderMessage(model(kind, locale, { orderPageLink: "https://loja.test/order/t", expectedDate: "2026-12-15" }));
    expect(rendered.text.length).toBeGreaterThan(100);
    expect(rendered.text).toBe(plainTextByReactEmail(rendered.html));
  });

  it("formats money and dates for the locale, and shows what each kind needs", async () => {
    const pt = await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR", { expectedDate: "2026-12-15", orderPageLink: "https://loja.test/order/t" }));
    expect(pt.text).toContain("Previsão de chegada: 15 de dezembro de 2026.");
    expect(pt.text).toContain("https://loja.test/order/t");
    const en = await renderMessage(model(MessageKind.ORDER_CANCELLED, "en"));
    expect(en.text).toContain("Refund: R$49.90.");
    expect(en.text).toContain("by December 11, 2026");
    expect(en.text).toContain("DESCULPA-7KQ4-M2XP (10%)");
    expect(en.html).toContain('href="https://loja.test/refund/abc"');
    // A moment is the shop's day: 01:30 UTC on 11 December is still the 10th in São Paulo, not in Warsaw;
    // a calendar day (the expected date) is that day in any zone.
    const late = { refund: { amount: 4990, destination: "CUSTOMER" as const, link: "https://loja.test/refund/abc", linkExpiresAt: new Date("2026-12-11T01:30:00Z") } };
    expect((await renderMessage(model(MessageKind.ORDER_CANCELLED, "en", late))).text).toContain("by December 10, 2026");
    expect((await renderMessage(model(MessageKind.ORDER_CANCELLED, "en", { ...late, timeZone: "Europe/Warsaw" }))).text).toContain("by December 11, 2026");
    const tokyo = await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR", { expectedDate: "2026-12-15", timeZone: "Asia/Tokyo" }));
    expect(tokyo.text).toContain("Previsão de chegada: 15 de dezembro de 2026.");
    const pl = await renderMessage(model(MessageKind.ORDER_CONFIRMATION, "pl"));
    expect(pl.text).toMatch(/Razem: 115,70\sR\$/);
    const merchant = await renderMessage(model(MessageKind.PARTIAL_SHIPMENT, "pt-BR", { refund: { amount: 100, destination: "MERCHANT", link: null, linkExpiresAt: null }, coupon: null }));
    expect(merchant.text).toContain("A loja fará o reembolso diretamente a você.");
    expect(merchant.text).not.toContain("DESCULPA");
  });

  it("tells the carrier, the tracking link and what is in the parcel", async () => {
    const pt = await renderMessage(model(MessageKind.ORDER_SHIPPED, "pt-BR"));
    expect(pt.subject).toBe("Pedido #42: parte do seu pedido foi enviada");
    expect(pt.text).toContain("Transportadora: Correios. Código de rastreio: AA123456789BR.");
    expect(pt.text).toContain("volume 2");
    expect(pt.text).toContain("2 × Camiseta");
    expect(pt.html).toContain('href="https://rastreamento.correios.com.br/app/index.php?objetos=AA123456789BR"');
    const last = await renderMessage(model(MessageKind.ORDER_SHIPPED, "en", { shipment: { number: 1, carrierName: "DPD", trackingCode: "X1234", trackingUrl: null, items: [], complete: true } }));
    expect(last.subject).toBe("Order #42 shipped");
    expect(last.text).not.toContain("another parcel");
    const delivered = await renderMessage(model(MessageKind.ORDER_DELIVERED, "pl"));
    expect(delivered.subject).toBe("Zamówienie #42 dostarczone");
  });

  it("says when the missing items were found at packing, in every language", async () => {
    const found = { foundAtPacking: true, missing: [{ name: "Caneca", quantity: 2 }] };
    const pt = await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR", found));
    expect(pt.subject).toBe("Pedido #42: faltou um item na separação");
    expect(pt.text).toContain("Ao separar seu pedido #42 para envio, descobrimos que parte dele não estava no nosso estoque.");
    expect(pt.text).toContain("2 × Caneca");
    expect((await renderMessage(model(MessageKind.STOCK_DELAY, "en", found))).text).toContain("While packing your order #42 we found that part of it was missing from our stock.");
    expect((await renderMessage(model(MessageKind.STOCK_DELAY, "pl", found))).subject).toBe("Zamówienie #42: podczas pakowania zabrakło produktu");
    // At intake the message says nothing of packing.
    expect((await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR"))).text).not.toContain("separar");
  });

  it("offers cancelling only while nothing of the order has left", async () => {
    const whole = await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR", { foundAtPacking: true }));
    expect(whole.text).toContain("ou cancelar com reembolso integral");
    const partly = await renderMessage(model(MessageKind.STOCK_DELAY, "pt-BR", { foundAtPacking: true, partlyShipped: true }));
    expect(partly.text).toContain("Parte do pedido já foi enviada.");
    expect(partly.text).not.toContain("cancelar");
    expect((await renderMessage(model(MessageKind.STOCK_DELAY, "en", { partlyShipped: true }))).text).not.toContain("cancel");
    expect((await renderMessage(model(MessageKind.STOCK_DELAY, "pl", { partlyShipped: true }))).text).not.toContain("anulować");
  });

  it("picks the customer's language, else the shop's, else pt-BR", () => {
    expect(mailLocale("en", "pt-BR")).toBe("en");
    expect(mailLocale("pl-PL", "pt-BR")).toBe("pl");
    expect(mailLocale("de", "en")).toBe("en");
    expect(mailLocale(null, undefined)).toBe("pt-BR");
  });
});

describe("customer e-mail retries", () => {
  it("back off exponentially up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(DEFAULT_RETRY, n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(DEFAULT_RETRY, 20)).toBe(3600_000);
  });

  it("describe failures without addresses", () => {
    const error = Object.assign(new Error("Can't send mail"), { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 <ana.lima@example.com>: Recipient address rejected" });
    const text = describeMailError(error);
    expect(text).toContain("550");
    expect(text).not.toContain("ana.lima");
    expect(text).not.toContain("@");
  });
});
