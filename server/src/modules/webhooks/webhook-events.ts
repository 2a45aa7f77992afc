import { registerEnumType } from "type-graphql";
import { OrderEventType } from "../orders/order-event.entity";

/** The events a webhook endpoint can subscribe to (issue 15). Each value's name on the wire is `type` in the body. */
export enum WebhookEventType {
  ORDER_PLACED = "ORDER_PLACED",
  ORDER_AWAITING_STOCK = "ORDER_AWAITING_STOCK",
  ORDER_ON_HOLD = "ORDER_ON_HOLD",
  ORDER_RESUMED = "ORDER_RESUMED",
  ORDER_PARTIALLY_CANCELLED = "ORDER_PARTIALLY_CANCELLED",
  ORDER_SUBSTITUTED = "ORDER_SUBSTITUTED",
  ORDER_CANCELLED = "ORDER_CANCELLED",
  ORDER_SHIPPED = "ORDER_SHIPPED",
  ORDER_DELIVERED = "ORDER_DELIVERED",
  STOCK_OUT_OF_STOCK = "STOCK_OUT_OF_STOCK",
  STOCK_BACK_IN_STOCK = "STOCK_BACK_IN_STOCK",
  REFUND_REQUESTED = "REFUND_REQUESTED",
  REFUND_READY_FOR_PAYOUT = "REFUND_READY_FOR_PAYOUT",
  REFUND_PAID = "REFUND_PAID",
  CLAIM_OPENED = "CLAIM_OPENED",
  RETURN_RECEIVED = "RETURN_RECEIVED",
}

/** "ORDER_AWAITING_STOCK" -> "order.awaiting_stock": the first underscore is the dot. */
export const wireName = (type: WebhookEventType): string => type.toLowerCase().replace("_", ".");

export const WEBHOOK_EVENT_TYPES = Object.values(WebhookEventType) as WebhookEventType[];
const BY_WIRE_NAME = new Map(WEBHOOK_EVENT_TYPES.map((t) => [wireName(t), t]));
export const fromWireName = (name: string): WebhookEventType | undefined => BY_WIRE_NAME.get(name);

/** The type of the event sendTestWebhook sends (to one endpoint, whatever it subscribed to). */
export const TEST_EVENT = "webhook.test";

/** What each event's `data` is. */
export type Subject = "order" | "refund" | "claim" | "return" | "sku";

export const SUBJECT: Record<WebhookEventType, Subject> = {
  ORDER_PLACED: "order",
  ORDER_AWAITING_STOCK: "order",
  ORDER_ON_HOLD: "order",
  ORDER_RESUMED: "order",
  ORDER_PARTIALLY_CANCELLED: "order",
  ORDER_SUBSTITUTED: "order",
  ORDER_CANCELLED: "order",
  ORDER_SHIPPED: "order",
  ORDER_DELIVERED: "order",
  STOCK_OUT_OF_STOCK: "sku",
  STOCK_BACK_IN_STOCK: "sku",
  REFUND_REQUESTED: "refund",
  REFUND_READY_FOR_PAYOUT: "refund",
  REFUND_PAID: "refund",
  CLAIM_OPENED: "claim",
  RETURN_RECEIVED: "return",
};

const DESCRIPTIONS: Record<WebhookEventType, string> = {
  ORDER_PLACED: "order.placed: an order was taken in (placeOrder). data: the Order.",
  ORDER_AWAITING_STOCK: "order.awaiting_stock: an order is short of stock (at intake, or units found missing when packing). data: the Order.",
  ORDER_ON_HOLD: "order.on_hold: a waiting order was put on hold for restock. data: the Order.",
  ORDER_RESUMED: "order.resumed: stock arrived and a waiting order is READY again. data: the Order.",
  ORDER_PARTIALLY_CANCELLED: "order.partially_cancelled: the available items ship and the short ones were cancelled (shipAvailableItems). data: the Order.",
  ORDER_SUBSTITUTED: "order.substituted: a short line was replaced by an equivalent sku. data: the Order.",
  ORDER_CANCELLED: "order.cancelled: the order was cancelled. data: the Order.",
  ORDER_SHIPPED: "order.shipped: a parcel left with a carrier (one event per shipment). data: the Order.",
  ORDER_DELIVERED: "order.delivered: the customer received the order. data: the Order.",
  STOCK_OUT_OF_STOCK: "stock.out_of_stock: a sku's available units went from above zero to zero (or below). data: the Sku.",
  STOCK_BACK_IN_STOCK: "stock.back_in_stock: a sku's available units went from zero to above zero. data: the Sku.",
  REFUND_REQUESTED: "refund.requested: a refund was created (to the customer or the merchant). data: the Refund.",
  REFUND_READY_FOR_PAYOUT: "refund.ready_for_payout: a refund has its payout details and waits to be paid. data: the Refund.",
  REFUND_PAID: "refund.paid: a refund was marked paid. data: the Refund.",
  CLAIM_OPENED: "claim.opened: a claim for units missing from a delivery was opened. data: the Claim.",
  RETURN_RECEIVED: "return.received: a return's goods arrived back. data: the Return.",
};

registerEnumType(WebhookEventType, {
  name: "WebhookEventType",
  description:
    'An event a webhook endpoint can subscribe to. In the delivered body, `type` is the dotted lower-case name (the first underscore is the dot: ORDER_AWAITING_STOCK is "order.awaiting_stock").',
  valuesConfig: Object.fromEntries(WEBHOOK_EVENT_TYPES.map((t) => [t, { description: DESCRIPTIONS[t] }])),
});

/** The webhook events an order event makes (`data` is the order event's own data). */
export function webhookTypesOf(type: OrderEventType, data: Record<string, unknown> | null): WebhookEventType[] {
  switch (type) {
    case OrderEventType.ORDER_PLACED:
      return [WebhookEventType.ORDER_PLACED];
    case OrderEventType.STOCK_SHORTAGE:
    case OrderEventType.SHORT_AT_PACKING:
      return [WebhookEventType.ORDER_AWAITING_STOCK];
    case OrderEventType.ORDER_ON_HOLD:
      return [WebhookEventType.ORDER_ON_HOLD];
    case OrderEventType.ORDER_RESUMED:
      return [WebhookEventType.ORDER_RESUMED];
    case OrderEventType.ITEMS_CANCELLED:
      return [WebhookEventType.ORDER_PARTIALLY_CANCELLED];
    case OrderEventType.LINE_SUBSTITUTED:
      return [WebhookEventType.ORDER_SUBSTITUTED];
    case OrderEventType.ORDER_CANCELLED:
      return [WebhookEventType.ORDER_CANCELLED];
    case OrderEventType.SHIPMENT_SENT:
      return [WebhookEventType.ORDER_SHIPPED];
    case OrderEventType.ORDER_DELIVERED:
      return [WebhookEventType.ORDER_DELIVERED];
    case OrderEventType.CLAIM_OPENED:
      return [WebhookEventType.CLAIM_OPENED];
    case OrderEventType.RETURN_RECEIVED:
      return [WebhookEventType.RETURN_RECEIVED];
    case OrderEventType.REFUND_CREATED:
      // A refund to the merchant's own account needs no details from anyone: it is ready at once.
      return data?.status === "READY_FOR_PAYOUT" ? [WebhookEventType.REFUND_REQUESTED, WebhookEventType.REFUND_READY_FOR_PAYOUT] : [WebhookEventType.REFUND_REQUESTED];
    case OrderEventType.REFUND_DETAILS_RECEIVED:
      return [WebhookEventType.REFUND_READY_FOR_PAYOUT];
    case OrderEventType.REFUND_PAID:
      return [WebhookEventType.REFUND_PAID];
    default:
      return [];
  }
}

/** The id of the event's subject: the order, or the refund, claim or return named in the event's data. */
export function subjectIdOf(type: WebhookEventType, orderId: number, data: Record<string, unknown> | null): number | null {
  switch (SUBJECT[type]) {
    case "order":
      return orderId;
    case "refund":
      return data?.refundId != null ? Number(data.refundId) : null;
    case "claim":
      return data?.claimId != null ? Number(data.claimId) : null;
    case "return":
      return data?.returnId != null ? Number(data.returnId) : null;
    default:
      return null;
  }
}
