/**
 * An order's events in the merchant's words: who did it, and what each event's data means
 * (money in the shop's currency, quantities per sku, where a refund goes). Used by the timeline
 * and by the Resolver dialog when the order changed under it.
 */
import type { TFunction } from "i18next";
import { CARRIER_NAMES, carrierLabel } from "./carriers";
import type { Carrier, OrderDetailFieldsFragment } from "../../generated/graphql";

export type OrderEventItem = OrderDetailFieldsFragment["events"][number];
type Actor = OrderEventItem["actor"];

/** What the texts need to know about the order the events belong to. */
export type EventContext = {
  t: TFunction;
  format: { money: (money: { amount: number; currency: string }) => string; number: (value: number) => string; dateTime: (iso: string) => string };
  /** The order's currency: amounts in event data are integers in its minor units. */
  currency: string;
  /** Sku codes by sku id, from the order's lines (events name skus by id). */
  skuCodes: ReadonlyMap<string, string>;
};

export function eventContext(order: Pick<OrderDetailFieldsFragment, "currency" | "lines">, t: TFunction, format: EventContext["format"]): EventContext {
  return { t, format, currency: order.currency, skuCodes: new Map(order.lines.map((line) => [line.sku.id, line.skuCode])) };
}

/**
 * Who did it, as the merchant reads it: a staff member by name, "Sistema" (e.g. a restock that
 * resumed the order), an integration or the customer with their name. An actor type this build
 * doesn't know shows its code.
 */
export function actorText(actor: Actor, t: TFunction): string {
  switch (actor.type) {
    case "STAFF":
      return actor.name || t("actorType.STAFF");
    case "SYSTEM":
      return t("actorType.SYSTEM");
    case "API_KEY":
      return actor.name ? t("order.actorApiKey", { name: actor.name }) : t("actorType.API_KEY");
    case "CUSTOMER":
      return actor.name ? t("order.actorCustomer", { name: actor.name }) : t("actorType.CUSTOMER");
    default: {
      // A newer server's actor type: its code, then the name.
      const type: string = actor.type;
      return actor.name ? `${type} · ${actor.name}` : type;
    }
  }
}

/** One line of an event's details: "Total: R$ 164,60". */
export type EventFact = { key: string; label: string; value: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(data: string): Json {
  try {
    return JSON.parse(data) as Json;
  } catch {
    return data; // not JSON: the text as it is
  }
}

const isRecord = (value: Json): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);

/** "refundId" -> "Refund id": a key this build has no words for, still readable. */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Quantity of a sku in event data: { skuCode, quantity | short | units }. */
function skuQuantity(value: Json, ctx: EventContext): string | null {
  if (!isRecord(value)) return null;
  const code = typeof value.skuCode === "string" ? value.skuCode : typeof value.skuId === "number" || typeof value.skuId === "string" ? skuCode(value.skuId, ctx) : null;
  const quantity = [value.quantity, value.short, value.units].find((q): q is number => typeof q === "number");
  return code !== null && quantity !== undefined ? ctx.t("order.refunds.line", { quantity, code }) : null;
}

function skuCode(id: string | number, ctx: EventContext): string {
  return ctx.skuCodes.get(String(id)) ?? ctx.t("eventData.unknownSku", { id: String(id) });
}

const MONEY_KEY = /(amount|total|price)$/i;

const money = (amount: number, ctx: EventContext) => ctx.format.money({ amount, currency: ctx.currency });

/** Any value, in words: numbers formatted, lists joined, objects as "key: value". Never JSON. */
function genericValue(value: Json, ctx: EventContext): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return ctx.t(value ? "eventData.yes" : "eventData.no");
  if (typeof value === "number") return ctx.format.number(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => genericValue(item, ctx)).join(", ");
  const asSku = skuQuantity(value, ctx);
  if (asSku) return asSku;
  return Object.entries(value)
    .map(([key, item]) => `${humanize(key)}: ${genericValue(item, ctx)}`)
    .join("; ");
}

/** A list of sku quantities ("1 × CAF-500, 2 × LUM-LED"), or null if `value` is not one. */
function skuList(value: Json, ctx: EventContext): string | null {
  if (!Array.isArray(value)) return null;
  const items = value.map((item) => skuQuantity(item, ctx));
  return items.every((item): item is string => item !== null) ? items.join(", ") : null;
}

/**
 * An event's data as facts in words. Known keys get their words (money, skus, refund destination
 * and status, the cause of an allocation); internal ids are left out; unknown keys still read as
 * "Some key: value".
 */
export function eventFacts(event: Pick<OrderEventItem, "type" | "data">, ctx: EventContext): EventFact[] {
  if (!event.data) return [];
  const data = parse(event.data);
  const { t } = ctx;
  if (!isRecord(data)) return [{ key: "data", label: t("eventData.details"), value: genericValue(data, ctx) }];
  const facts: EventFact[] = [];
  const add = (key: string, label: string, value: string) => facts.push({ key, label, value });
  const cancelling = event.type === "ITEMS_CANCELLED" || event.type === "ORDER_CANCELLED";

  for (const [key, value] of Object.entries(data)) {
    switch (key) {
      case "number": // a parcel's number (SHIPMENT_SENT); elsewhere the order's own, in the page title already
        if (event.type === "SHIPMENT_SENT") add(key, t("eventData.parcel"), genericValue(value, ctx));
        else if (event.type === "CLAIM_OPENED" || event.type === "CLAIM_RESOLVED") add(key, t("eventData.claim"), genericValue(value, ctx));
        else if (event.type === "FOLLOW_UP_ORDER_PLACED") add(key, t("eventData.followUpOrder"), `#${genericValue(value, ctx)}`);
        continue;
      // Claims and follow-up orders (CLAIM_OPENED, CLAIM_RESOLVED, FOLLOW_UP_ORDER_PLACED, CREDIT_NOTE_ISSUED): ids stay out.
      case "claimId":
      case "creditNoteId":
      case "orderId":
      case "originOrderId":
      case "followUpOrderId":
      case "returnId":
      case "source":
        continue;
      case "displayNumber":
        add(key, t("eventData.creditNote"), genericValue(value, ctx));
        continue;
      case "originNumber":
        add(key, t("eventData.originOrder"), `#${genericValue(value, ctx)}`);
        continue;
      case "followUpOrderNumber":
        if (value !== null) add(key, t("eventData.reshipment"), `#${genericValue(value, ctx)}`);
        continue;
      case "openedBy":
      case "resolvedBy":
        add(key, t(`eventData.${key}`), typeof value === "string" ? t(`claims.side.${value}`, { defaultValue: humanize(value) }) : genericValue(value, ctx));
        continue;
      case "outcome":
        if (typeof value === "string") add(key, t("eventData.outcome"), t(`claims.outcome.${value}`, { defaultValue: humanize(value) }));
        continue;
      case "reshipmentCancelled":
        add(key, t("eventData.reshipmentCancelled"), isRecord(value) && typeof value.number === "number" ? `#${value.number}` : genericValue(value, ctx));
        continue;
      // Shipments (SHIPMENT_SENT): the carrier by name, the code; the link is on the shipments card.
      case "carrier":
        add(key, t("eventData.carrier"), typeof value === "string" && (value === "OTHER" || value in CARRIER_NAMES) ? carrierLabel(value as Carrier, t) : genericValue(value, ctx));
        continue;
      case "trackingCode":
        add(key, t("eventData.trackingCode"), genericValue(value, ctx));
        continue;
      case "trackingUrl":
      case "shipmentId":
      case "shipmentIds":
        continue;
      case "orderLineId": // internal ids of lines (a substitution's): the skus say which
      case "newOrderLineId":
      case "refundId": // an internal id: the refund itself is listed beside the timeline
      case "couponId": // likewise: the coupon is listed beside the timeline
        continue;
      // Coupons (COUPON_ISSUED, COUPON_APPLIED): value is a percent or an amount, by kind.
      case "code":
        add(key, t("eventData.code"), genericValue(value, ctx));
        continue;
      case "kind":
        if (value === "SALE") continue;
        add(
          key,
          t("eventData.kind"),
          value === "PERCENT" || value === "FIXED_AMOUNT" ? t(`coupons.kind.${value}`) : value === "RESHIPMENT" || value === "EXCHANGE" ? t(`claims.followUp.${value}`) : genericValue(value, ctx),
        );
        continue;
      case "value":
        if (typeof value === "number") add(key, t("eventData.value"), data.kind === "PERCENT" ? `${ctx.format.number(value)}%` : money(value, ctx));
        else add(key, t("eventData.value"), genericValue(value, ctx));
        continue;
      case "discount":
        add(key, t("eventData.discount"), typeof value === "number" ? money(value, ctx) : genericValue(value, ctx));
        continue;
      case "expiresAt": // a coupon's or a refund link's expiry
        add(key, t("eventData.expiresAt"), typeof value === "string" ? ctx.format.dateTime(value) : genericValue(value, ctx));
        continue;
      case "total":
      case "amount":
        if (value === null) continue;
        if (typeof value === "number") add(key, t(`eventData.${key}`), money(value, ctx));
        else add(key, t(`eventData.${key}`), genericValue(value, ctx));
        continue;
      case "shippingAmount":
        if (value === 0) continue;
        add(key, t("eventData.shippingAmount"), typeof value === "number" ? money(value, ctx) : genericValue(value, ctx));
        continue;
      case "lines":
        if (typeof value === "number") add(key, t("eventData.items"), t("orders.items", { count: value }));
        else add(key, t(cancelling ? "eventData.cancelled" : event.type === "SHIPMENT_SENT" ? "eventData.shippedLines" : "eventData.items"), skuList(value, ctx) ?? genericValue(value, ctx));
        continue;
      case "missing":
      case "released":
        add(key, t(`eventData.${key}`), skuList(value, ctx) ?? genericValue(value, ctx));
        continue;
      case "skuId":
        add(key, t("eventData.sku"), typeof value === "number" || typeof value === "string" ? skuCode(value, ctx) : genericValue(value, ctx));
        continue;
      case "units":
        add(key, t("eventData.units"), typeof value === "number" ? t("eventData.unitCount", { count: value }) : genericValue(value, ctx));
        continue;
      case "cause":
        add(key, t("eventData.cause"), typeof value === "string" ? t(`eventData.causes.${value}`, { defaultValue: humanize(value) }) : genericValue(value, ctx));
        continue;
      // A merchant's priority (PRIORITY_SET, PRIORITY_CLEARED): the note already says the reason,
      // and the first mark's time is the event's own unless only the reason changed.
      case "reason":
        if (event.type.startsWith("PRIORITY_")) continue;
        add(key, t("eventData.reason"), genericValue(value, ctx));
        continue;
      case "since":
        continue;
      case "previousReason":
        if (value === null || value === "") continue;
        add(key, t("eventData.previousReason"), genericValue(value, ctx));
        continue;
      case "payoutDetails": // where a refund goes, masked by the server
      case "reopened":
      case "unlocked":
        add(key, t(`eventData.${key}`), genericValue(value, ctx));
        continue;
      case "destination":
        add(key, t("eventData.destination"), typeof value === "string" ? t(`refundDestination.${value}`, { defaultValue: humanize(value) }) : genericValue(value, ctx));
        continue;
      case "payoutReference": // REFUND_PAID: the merchant's reference for the transfer, when given
        if (value === null || value === "") continue;
        add(key, t("eventData.payoutReference"), genericValue(value, ctx));
        continue;
      // Substitutions (LINE_SUBSTITUTED, SUBSTITUTES_OFFERED).
      case "from":
      case "to":
        add(key, t(`eventData.${key}`), isRecord(value) && typeof value.skuCode === "string" ? value.skuCode : genericValue(value, ctx));
        continue;
      case "skuCode":
        add(key, t("eventData.skuCode"), genericValue(value, ctx));
        continue;
      case "quantity":
        add(key, t("eventData.quantity"), typeof value === "number" ? t("eventData.unitCount", { count: value }) : genericValue(value, ctx));
        continue;
      case "unitPrice":
      case "substitutePrice":
      case "priceDifference":
      case "refunded":
      case "absorbed":
        if (typeof value === "number" && value === 0 && (key === "refunded" || key === "absorbed")) continue;
        add(key, t(`eventData.${key}`), typeof value === "number" ? money(value, ctx) : genericValue(value, ctx));
        continue;
      case "skus":
        add(
          key,
          t("eventData.skus"),
          Array.isArray(value)
            ? value
                .map((item) =>
                  isRecord(item) && typeof item.skuCode === "string"
                    ? typeof item.unitPrice === "number"
                      ? `${item.skuCode} (${money(item.unitPrice, ctx)})`
                      : item.skuCode
                    : genericValue(item, ctx),
                )
                .join(", ")
            : genericValue(value, ctx),
        );
        continue;
      case "status": {
        const catalogue = event.type.startsWith("REFUND_") ? "refundStatus" : event.type.startsWith("CLAIM_") ? "claims.status" : "orderStatus";
        add(key, t("eventData.status"), typeof value === "string" ? t(`${catalogue}.${value}`, { defaultValue: humanize(value) }) : genericValue(value, ctx));
        continue;
      }
      default:
        // Money in event data is always an integer of minor units; a new amount reads as money too.
        if (MONEY_KEY.test(key) && typeof value === "number" && Number.isInteger(value)) add(key, humanize(key), money(value, ctx));
        else add(key, humanize(key), genericValue(value, ctx));
    }
  }
  return facts;
}

/** Events after which an order is no longer what a Resolver dialog opened on. */
const CHANGES = new Set(["ORDER_CANCELLED", "ORDER_ON_HOLD", "ITEMS_CANCELLED", "ORDER_RESUMED", "STOCK_ALLOCATED", "LINE_SUBSTITUTED", "SHIPMENT_SENT", "ORDER_DELIVERED", "SHORT_AT_PACKING"]);

/** The latest event that changed what can be done with the order (who cancelled it, and when). */
export function latestChange(events: readonly OrderEventItem[]): OrderEventItem | null {
  for (let i = events.length - 1; i >= 0; i--) if (CHANGES.has(events[i]!.type)) return events[i]!;
  return null;
}
