import { MessageKind } from "../message-kind";
import { MailLocale, MessageModel } from "./model";

/** Money in minor units, as the locale writes it. */
export function formatMoney(locale: MailLocale, amount: number, currency: string): string {
  const { format, digits } = moneyFormat(locale, currency);
  return format.format(amount / 10 ** digits);
}

/** Making an Intl formatter costs far more than using one: one per locale and currency, kept. */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormat(locale: MailLocale, currency: string): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale}|${currency}`;
  let entry = moneyFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(key, entry);
  }
  return entry;
}

/**
 * A day, as the locale writes it ("15 de dezembro de 2026"): a moment is the day it is in the shop's
 * time zone; a YYYY-MM-DD is that calendar day, whatever the zone.
 */
export function formatDate(locale: MailLocale, value: Date | string, timeZone: string): string {
  const date = typeof value === "string" ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: typeof value === "string" ? "UTC" : timeZone }).format(date);
}

export interface Strings {
  subject: Record<MessageKind, (m: MessageModel) => string>;
  heading: Record<MessageKind, (m: MessageModel) => string>;
  intro: Record<MessageKind, (m: MessageModel) => string>;
  greeting: (name: string) => string;
  items: string;
  quantity: string;
  subtotal: string;
  shipping: string;
  discount: string;
  total: string;
  missing: string;
  cancelled: string;
  expected: (date: string) => string;
  noExpectedDate: string;
  choose: string;
  /** STOCK_DELAY of an order part of which has already left: cancelling is no longer one of the choices. */
  chooseAfterShipping: string;
  chooseButton: string;
  chooseWithoutLink: string;
  refundAmount: (amount: string) => string;
  refundLink: (date: string) => string;
  refundLinkButton: string;
  refundByShop: string;
  refundNoLink: string;
  coupon: (code: string, value: string, date: string) => string;
  orderPage: string;
  carrier: (carrier: string, code: string) => string;
  trackButton: string;
  otherCarrier: string;
  inParcel: string;
  moreParcels: string;
  footer: (shop: string, n: number) => string;
  claimItems: string;
  /** What is done about a claim: its outcome, REJECTED, or SETTLED_INSTEAD (a cancelled reshipment). */
  claimOutcome: Record<"RESHIP" | "KEEP_AND_SETTLE" | "WITHDRAW" | "REJECTED" | "SETTLED_INSTEAD", string>;
  claimMessage: (message: string) => string;
  returnItems: string;
  returnInstructions: string;
  returnNoInstructions: string;
  returnExchange: string;
  returnNoRefund: string;
}

const PT: Strings = {
  subject: {
    ORDER_CONFIRMATION: (m) => `Pedido #${m.orderNumber} confirmado — ${m.shopName}`,
    STOCK_DELAY: (m) => (m.foundAtPacking ? `Pedido #${m.orderNumber}: faltou um item na separação` : `Pedido #${m.orderNumber}: alguns itens estão em falta`),
    ORDER_RESUMED: (m) => `Pedido #${m.orderNumber}: tudo disponível, seu pedido segue para envio`,
    PARTIAL_SHIPMENT: (m) => `Pedido #${m.orderNumber}: enviaremos o que está disponível`,
    ORDER_CANCELLED: (m) => `Pedido #${m.orderNumber} cancelado`,
    REFUND_LINK_REMINDER: (m) => `Lembrete: informe seus dados para o reembolso do pedido #${m.orderNumber}`,
    REFUND_PAID: (m) => `Reembolso do pedido #${m.orderNumber} pago`,
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? `Pedido #${m.orderNumber}: parte do seu pedido foi enviada` : `Pedido #${m.orderNumber} enviado`),
    ORDER_DELIVERED: (m) => `Pedido #${m.orderNumber} entregue`,
    CLAIM_RESOLVED: (m) => `Pedido #${m.orderNumber}: sua reclamação de itens faltantes`,
    RETURN_APPROVED: (m) => `Pedido #${m.orderNumber}: devolução aprovada`,
    RETURN_RECEIVED: (m) => `Pedido #${m.orderNumber}: recebemos sua devolução`,
  },
  heading: {
    ORDER_CONFIRMATION: () => "Recebemos seu pedido",
    STOCK_DELAY: (m) => (m.foundAtPacking ? "Faltou um item ao separarmos seu pedido" : "Alguns itens do seu pedido estão em falta"),
    ORDER_RESUMED: () => "Seu pedido voltou a andar",
    PARTIAL_SHIPMENT: () => "Parte do seu pedido foi cancelada",
    ORDER_CANCELLED: () => "Seu pedido foi cancelado",
    REFUND_LINK_REMINDER: () => "Seu link de reembolso expira em breve",
    REFUND_PAID: () => "Seu reembolso foi pago",
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? "Parte do seu pedido está a caminho" : "Seu pedido está a caminho"),
    ORDER_DELIVERED: () => "Seu pedido foi entregue",
    CLAIM_RESOLVED: (m) => (m.claim?.status === "REJECTED" ? "Sua reclamação foi analisada" : "Sua reclamação foi resolvida"),
    RETURN_APPROVED: () => "Sua devolução foi aprovada",
    RETURN_RECEIVED: () => "Recebemos sua devolução",
  },
  intro: {
    ORDER_CONFIRMATION: (m) => `Obrigado por comprar na ${m.shopName}. Seu pedido #${m.orderNumber} foi confirmado.`,
    STOCK_DELAY: (m) =>
      m.foundAtPacking
        ? `Ao separar seu pedido #${m.orderNumber} para envio, descobrimos que parte dele não estava no nosso estoque. Preferimos avisar antes de qualquer coisa.`
        : `Parte do seu pedido #${m.orderNumber} está sem estoque no momento. Preferimos avisar antes de qualquer coisa.`,
    ORDER_RESUMED: (m) => `Boa notícia: todos os itens do pedido #${m.orderNumber} estão disponíveis e ele segue para envio.`,
    PARTIAL_SHIPMENT: (m) => `Alguns itens do seu pedido #${m.orderNumber} não puderam ser atendidos e foram cancelados. O restante segue para envio.`,
    ORDER_CANCELLED: (m) => `Sentimos muito: seu pedido #${m.orderNumber} foi cancelado.`,
    REFUND_LINK_REMINDER: (m) => `Ainda falta informar seus dados para receber o reembolso do pedido #${m.orderNumber}.`,
    REFUND_PAID: (m) => `Enviamos o reembolso referente ao pedido #${m.orderNumber}.`,
    ORDER_SHIPPED: (m) => `Entregamos à transportadora ${m.shipment && m.shipment.number > 1 ? `o volume ${m.shipment.number} do` : "o"} seu pedido #${m.orderNumber}.`,
    ORDER_DELIVERED: (m) => `Seu pedido #${m.orderNumber} foi entregue. Obrigado por comprar na ${m.shopName}!`,
    CLAIM_RESOLVED: (m) => `Analisamos a reclamação ${m.claim?.number ?? ""} do seu pedido #${m.orderNumber} sobre itens que não chegaram.`,
    RETURN_APPROVED: (m) => `Aprovamos a devolução de itens do seu pedido #${m.orderNumber}. Veja como enviá-los.`,
    RETURN_RECEIVED: (m) => `Os itens que você devolveu do pedido #${m.orderNumber} chegaram.`,
  },
  greeting: (name) => `Olá, ${name}!`,
  items: "Itens",
  quantity: "Qtd.",
  subtotal: "Subtotal",
  shipping: "Frete",
  discount: "Desconto",
  total: "Total",
  missing: "Em falta",
  cancelled: "Cancelados",
  expected: (date) => `Previsão de chegada: ${date}.`,
  noExpectedDate: "Ainda não temos previsão de chegada.",
  choose: "Você pode escolher: esperar a reposição, receber agora o que está disponível e ser reembolsado pelo resto, ou cancelar com reembolso integral.",
  chooseAfterShipping: "Parte do pedido já foi enviada. Você pode escolher: esperar a reposição, ou receber o que está disponível e ser reembolsado pelo que falta.",
  chooseButton: "Escolher o que fazer",
  chooseWithoutLink: "Responda a este e-mail para nos dizer o que prefere.",
  refundAmount: (amount) => `Reembolso: ${amount}.`,
  refundLink: (date) => `Para receber o reembolso, informe seu CPF e uma chave PIX ou conta bancária até ${date}.`,
  refundLinkButton: "Informar dados para o reembolso",
  refundByShop: "A loja fará o reembolso diretamente a você.",
  refundNoLink: "A loja enviará o link para informar seus dados de reembolso.",
  coupon: (code, value, date) => `Como pedido de desculpas, use o cupom ${code} (${value}) na sua próxima compra, válido até ${date}.`,
  orderPage: "Acompanhar o pedido",
  carrier: (carrier, code) => `Transportadora: ${carrier}. Código de rastreio: ${code}.`,
  trackButton: "Rastrear a entrega",
  otherCarrier: "transportadora própria da loja",
  inParcel: "Neste volume",
  moreParcels: "O restante do pedido segue em outro volume; avisaremos quando for enviado.",
  footer: (shop, n) => `${shop} · Você recebe este e-mail por causa do seu pedido #${n}.`,
  claimItems: "Itens informados como faltantes",
  claimOutcome: {
    RESHIP: "Vamos reenviar os itens faltantes, sem custo. Você receberá o código de rastreio quando forem enviados.",
    KEEP_AND_SETTLE: "Você fica com o que chegou e devolvemos o valor pago pelos itens faltantes, com nota de crédito.",
    WITHDRAW: "Registramos a sua desistência da compra: devolva o que chegou e, ao recebermos, reembolsaremos tudo o que você pagou, frete incluído.",
    REJECTED: "Não pudemos aceitar a reclamação.",
    SETTLED_INSTEAD: "Não conseguimos reenviar os itens faltantes: devolvemos o valor pago por eles, com nota de crédito.",
  },
  claimMessage: (message) => `Mensagem da loja: ${message}`,
  returnItems: "Itens da devolução",
  returnInstructions: "Como enviar:",
  returnNoInstructions: "A loja vai lhe dizer como enviar os itens.",
  returnExchange: "Vamos enviar os itens da troca em um novo pedido, sem custo; você recebe o código de rastreio quando saírem.",
  returnNoRefund: "Não há valor a reembolsar por estes itens.",
};

const EN: Strings = {
  subject: {
    ORDER_CONFIRMATION: (m) => `Order #${m.orderNumber} confirmed — ${m.shopName}`,
    STOCK_DELAY: (m) => (m.foundAtPacking ? `Order #${m.orderNumber}: an item was missing when we packed it` : `Order #${m.orderNumber}: some items are out of stock`),
    ORDER_RESUMED: (m) => `Order #${m.orderNumber}: everything is in stock, your order is on its way`,
    PARTIAL_SHIPMENT: (m) => `Order #${m.orderNumber}: we are shipping what is available`,
    ORDER_CANCELLED: (m) => `Order #${m.orderNumber} cancelled`,
    REFUND_LINK_REMINDER: (m) => `Reminder: tell us where to send the refund for order #${m.orderNumber}`,
    REFUND_PAID: (m) => `Refund for order #${m.orderNumber} paid`,
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? `Order #${m.orderNumber}: part of your order has shipped` : `Order #${m.orderNumber} shipped`),
    ORDER_DELIVERED: (m) => `Order #${m.orderNumber} delivered`,
    CLAIM_RESOLVED: (m) => `Order #${m.orderNumber}: your claim about missing items`,
    RETURN_APPROVED: (m) => `Order #${m.orderNumber}: return approved`,
    RETURN_RECEIVED: (m) => `Order #${m.orderNumber}: we received your return`,
  },
  heading: {
    ORDER_CONFIRMATION: () => "We received your order",
    STOCK_DELAY: (m) => (m.foundAtPacking ? "An item was missing when we packed your order" : "Some items of your order are out of stock"),
    ORDER_RESUMED: () => "Your order is moving again",
    PARTIAL_SHIPMENT: () => "Part of your order was cancelled",
    ORDER_CANCELLED: () => "Your order was cancelled",
    REFUND_LINK_REMINDER: () => "Your refund link expires soon",
    REFUND_PAID: () => "Your refund was paid",
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? "Part of your order is on its way" : "Your order is on its way"),
    ORDER_DELIVERED: () => "Your order was delivered",
    CLAIM_RESOLVED: (m) => (m.claim?.status === "REJECTED" ? "Your claim was reviewed" : "Your claim was resolved"),
    RETURN_APPROVED: () => "Your return was approved",
    RETURN_RECEIVED: () => "We received your return",
  },
  intro: {
    ORDER_CONFIRMATION: (m) => `Thank you for shopping at ${m.shopName}. Your order #${m.orderNumber} is confirmed.`,
    STOCK_DELAY: (m) =>
      m.foundAtPacking
        ? `While packing your order #${m.orderNumber} we found that part of it was missing from our stock. We would rather tell you first.`
        : `Part of your order #${m.orderNumber} is out of stock right now. We would rather tell you first.`,
    ORDER_RESUMED: (m) => `Good news: every item of order #${m.orderNumber} is available and it is on its way to shipping.`,
    PARTIAL_SHIPMENT: (m) => `Some items of your order #${m.orderNumber} could not be supplied and were cancelled. The rest will be shipped.`,
    ORDER_CANCELLED: (m) => `We are sorry: your order #${m.orderNumber} was cancelled.`,
    REFUND_LINK_REMINDER: (m) => `We still need your details to send the refund for order #${m.orderNumber}.`,
    REFUND_PAID: (m) => `We have sent the refund for order #${m.orderNumber}.`,
    ORDER_SHIPPED: (m) => `We handed ${m.shipment && m.shipment.number > 1 ? `parcel ${m.shipment.number} of your order` : "your order"} #${m.orderNumber} to the carrier.`,
    ORDER_DELIVERED: (m) => `Your order #${m.orderNumber} was delivered. Thank you for shopping at ${m.shopName}!`,
    CLAIM_RESOLVED: (m) => `We reviewed claim ${m.claim?.number ?? ""} of your order #${m.orderNumber} about items that did not arrive.`,
    RETURN_APPROVED: (m) => `We approved the return of items of your order #${m.orderNumber}. Here is how to send them.`,
    RETURN_RECEIVED: (m) => `The items you returned from order #${m.orderNumber} arrived.`,
  },
  greeting: (name) => `Hello ${name},`,
  items: "Items",
  quantity: "Qty",
  subtotal: "Subtotal",
  shipping: "Shipping",
  discount: "Discount",
  total: "Total",
  missing: "Missing",
  cancelled: "Cancelled",
  expected: (date) => `Expected: ${date}.`,
  noExpectedDate: "We do not have a date for it yet.",
  choose: "You can choose: wait for the restock, receive what is available now and get the rest refunded, or cancel with a full refund.",
  chooseAfterShipping: "Part of the order has already been shipped. You can choose: wait for the restock, or receive what is available and get a refund for what is missing.",
  chooseButton: "Choose what happens",
  chooseWithoutLink: "Reply to this e-mail to tell us what you prefer.",
  refundAmount: (amount) => `Refund: ${amount}.`,
  refundLink: (date) => `To receive it, give us your CPF and a PIX key or bank account by ${date}.`,
  refundLinkButton: "Give refund details",
  refundByShop: "The shop will refund you directly.",
  refundNoLink: "The shop will send you the link to give your refund details.",
  coupon: (code, value, date) => `As an apology, use the coupon ${code} (${value}) on your next order, valid until ${date}.`,
  orderPage: "See your order",
  carrier: (carrier, code) => `Carrier: ${carrier}. Tracking code: ${code}.`,
  trackButton: "Track the parcel",
  otherCarrier: "the shop's own carrier",
  inParcel: "In this parcel",
  moreParcels: "The rest of the order follows in another parcel; we will let you know when it ships.",
  footer: (shop, n) => `${shop} · You receive this e-mail because of your order #${n}.`,
  claimItems: "Items reported missing",
  claimOutcome: {
    RESHIP: "We will send the missing items again, at no cost. You will get the tracking code when they ship.",
    KEEP_AND_SETTLE: "You keep what arrived and we refund what you paid for the missing items, with a credit note.",
    WITHDRAW: "Your withdrawal from the purchase is recorded: send back what arrived and, once we receive it, we refund everything you paid, shipping included.",
    REJECTED: "We could not accept the claim.",
    SETTLED_INSTEAD: "We could not send the missing items again: we refund what you paid for them, with a credit note.",
  },
  claimMessage: (message) => `Message from the shop: ${message}`,
  returnItems: "Items returned",
  returnInstructions: "How to send them:",
  returnNoInstructions: "The shop will tell you how to send the items.",
  returnExchange: "We will send the exchange items in a new order at no cost; you get the tracking code when they ship.",
  returnNoRefund: "There is nothing to refund for these items.",
};

const PL: Strings = {
  subject: {
    ORDER_CONFIRMATION: (m) => `Zamówienie #${m.orderNumber} potwierdzone — ${m.shopName}`,
    STOCK_DELAY: (m) => (m.foundAtPacking ? `Zamówienie #${m.orderNumber}: podczas pakowania zabrakło produktu` : `Zamówienie #${m.orderNumber}: części produktów brakuje`),
    ORDER_RESUMED: (m) => `Zamówienie #${m.orderNumber}: wszystko dostępne, zamówienie w drodze`,
    PARTIAL_SHIPMENT: (m) => `Zamówienie #${m.orderNumber}: wyślemy to, co jest dostępne`,
    ORDER_CANCELLED: (m) => `Zamówienie #${m.orderNumber} anulowane`,
    REFUND_LINK_REMINDER: (m) => `Przypomnienie: podaj dane do zwrotu za zamówienie #${m.orderNumber}`,
    REFUND_PAID: (m) => `Zwrot za zamówienie #${m.orderNumber} wypłacony`,
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? `Zamówienie #${m.orderNumber}: część zamówienia została wysłana` : `Zamówienie #${m.orderNumber} wysłane`),
    ORDER_DELIVERED: (m) => `Zamówienie #${m.orderNumber} dostarczone`,
    CLAIM_RESOLVED: (m) => `Zamówienie #${m.orderNumber}: Twoja reklamacja brakujących produktów`,
    RETURN_APPROVED: (m) => `Zamówienie #${m.orderNumber}: zwrot zaakceptowany`,
    RETURN_RECEIVED: (m) => `Zamówienie #${m.orderNumber}: otrzymaliśmy zwrot`,
  },
  heading: {
    ORDER_CONFIRMATION: () => "Otrzymaliśmy Twoje zamówienie",
    STOCK_DELAY: (m) => (m.foundAtPacking ? "Podczas pakowania zabrakło części zamówienia" : "Części produktów z Twojego zamówienia brakuje"),
    ORDER_RESUMED: () => "Twoje zamówienie znów jest w realizacji",
    PARTIAL_SHIPMENT: () => "Część zamówienia została anulowana",
    ORDER_CANCELLED: () => "Twoje zamówienie zostało anulowane",
    REFUND_LINK_REMINDER: () => "Twój link do zwrotu wkrótce wygaśnie",
    REFUND_PAID: () => "Zwrot został wypłacony",
    ORDER_SHIPPED: (m) => (m.shipment && !m.shipment.complete ? "Część zamówienia jest w drodze" : "Twoje zamówienie jest w drodze"),
    ORDER_DELIVERED: () => "Twoje zamówienie zostało dostarczone",
    CLAIM_RESOLVED: (m) => (m.claim?.status === "REJECTED" ? "Twoja reklamacja została rozpatrzona" : "Twoja reklamacja została uwzględniona"),
    RETURN_APPROVED: () => "Twój zwrot został zaakceptowany",
    RETURN_RECEIVED: () => "Otrzymaliśmy Twój zwrot",
  },
  intro: {
    ORDER_CONFIRMATION: (m) => `Dziękujemy za zakupy w ${m.shopName}. Twoje zamówienie #${m.orderNumber} zostało potwierdzone.`,
    STOCK_DELAY: (m) =>
      m.foundAtPacking
        ? `Podczas pakowania zamówienia #${m.orderNumber} okazało się, że części produktów brakuje w naszym magazynie. Wolimy dać znać od razu.`
        : `Część Twojego zamówienia #${m.orderNumber} jest chwilowo niedostępna. Wolimy dać znać od razu.`,
    ORDER_RESUMED: (m) => `Dobra wiadomość: wszystkie produkty z zamówienia #${m.orderNumber} są dostępne i zamówienie zostanie wysłane.`,
    PARTIAL_SHIPMENT: (m) => `Części produktów z zamówienia #${m.orderNumber} nie udało się zrealizować i zostały anulowane. Resztę wyślemy.`,
    ORDER_CANCELLED: (m) => `Przykro nam: Twoje zamówienie #${m.orderNumber} zostało anulowane.`,
    REFUND_LINK_REMINDER: (m) => `Nadal potrzebujemy Twoich danych, aby wysłać zwrot za zamówienie #${m.orderNumber}.`,
    REFUND_PAID: (m) => `Wysłaliśmy zwrot za zamówienie #${m.orderNumber}.`,
    ORDER_SHIPPED: (m) => `Przekazaliśmy przewoźnikowi ${m.shipment && m.shipment.number > 1 ? `paczkę ${m.shipment.number} z zamówienia` : "zamówienie"} #${m.orderNumber}.`,
    ORDER_DELIVERED: (m) => `Twoje zamówienie #${m.orderNumber} zostało dostarczone. Dziękujemy za zakupy w ${m.shopName}!`,
    CLAIM_RESOLVED: (m) => `Rozpatrzyliśmy reklamację ${m.claim?.number ?? ""} zamówienia #${m.orderNumber} dotyczącą produktów, które nie dotarły.`,
    RETURN_APPROVED: (m) => `Zaakceptowaliśmy zwrot produktów z zamówienia #${m.orderNumber}. Oto jak je odesłać.`,
    RETURN_RECEIVED: (m) => `Produkty zwrócone z zamówienia #${m.orderNumber} dotarły.`,
  },
  greeting: (name) => `Dzień dobry, ${name}!`,
  items: "Produkty",
  quantity: "Ilość",
  subtotal: "Suma częściowa",
  shipping: "Dostawa",
  discount: "Rabat",
  total: "Razem",
  missing: "Brakuje",
  cancelled: "Anulowane",
  expected: (date) => `Przewidywana dostawa: ${date}.`,
  noExpectedDate: "Nie znamy jeszcze terminu dostawy.",
  choose: "Możesz wybrać: poczekać na dostawę, otrzymać teraz to, co jest dostępne, i zwrot za resztę, albo anulować z pełnym zwrotem pieniędzy.",
  chooseAfterShipping: "Część zamówienia została już wysłana. Możesz wybrać: poczekać na dostawę albo otrzymać to, co jest dostępne, i zwrot za brakujące produkty.",
  chooseButton: "Wybierz, co dalej",
  chooseWithoutLink: "Odpowiedz na tę wiadomość i napisz, co wybierasz.",
  refundAmount: (amount) => `Zwrot: ${amount}.`,
  refundLink: (date) => `Aby go otrzymać, podaj swój CPF i klucz PIX lub numer konta do ${date}.`,
  refundLinkButton: "Podaj dane do zwrotu",
  refundByShop: "Sklep zwróci pieniądze bezpośrednio.",
  refundNoLink: "Sklep wyśle Ci link do podania danych do zwrotu.",
  coupon: (code, value, date) => `W ramach przeprosin użyj kuponu ${code} (${value}) przy kolejnym zamówieniu, ważnego do ${date}.`,
  orderPage: "Zobacz zamówienie",
  carrier: (carrier, code) => `Przewoźnik: ${carrier}. Numer przesyłki: ${code}.`,
  trackButton: "Śledź przesyłkę",
  otherCarrier: "przewoźnik sklepu",
  inParcel: "W tej paczce",
  moreParcels: "Reszta zamówienia przyjdzie w osobnej paczce; damy znać, gdy zostanie wysłana.",
  footer: (shop, n) => `${shop} · Otrzymujesz tę wiadomość w związku z zamówieniem #${n}.`,
  claimItems: "Zgłoszone brakujące produkty",
  claimOutcome: {
    RESHIP: "Wyślemy brakujące produkty ponownie, bez kosztów. Numer przesyłki otrzymasz po wysyłce.",
    KEEP_AND_SETTLE: "Zatrzymujesz to, co dotarło, a my zwracamy kwotę zapłaconą za brakujące produkty, z fakturą korygującą.",
    WITHDRAW: "Zapisaliśmy Twoje odstąpienie od umowy: odeślij to, co dotarło, a po odbiorze zwrócimy całą zapłaconą kwotę, z wysyłką.",
    REJECTED: "Nie mogliśmy uwzględnić reklamacji.",
    SETTLED_INSTEAD: "Nie udało się ponownie wysłać brakujących produktów: zwracamy zapłaconą za nie kwotę, z fakturą korygującą.",
  },
  claimMessage: (message) => `Wiadomość od sklepu: ${message}`,
  returnItems: "Zwracane produkty",
  returnInstructions: "Jak odesłać:",
  returnNoInstructions: "Sklep poda, jak odesłać produkty.",
  returnExchange: "Produkty na wymianę wyślemy w nowym zamówieniu bez opłat; numer przesyłki dostaniesz przy wysyłce.",
  returnNoRefund: "Za te produkty nie ma kwoty do zwrotu.",
};

export const STRINGS: Record<MailLocale, Strings> = { "pt-BR": PT, en: EN, pl: PL };
