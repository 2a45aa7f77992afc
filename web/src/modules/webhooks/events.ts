import type { WebhookEventType } from "../../generated/graphql";

/** Every event an endpoint can receive, in the schema's order, with its name on the wire ("order.placed"). */
export const WEBHOOK_EVENTS: Array<{ type: WebhookEventType; name: string }> = (
  [
    "ORDER_PLACED",
    "ORDER_AWAITING_STOCK",
    "ORDER_ON_HOLD",
    "ORDER_RESUMED",
    "ORDER_PARTIALLY_CANCELLED",
    "ORDER_SUBSTITUTED",
    "ORDER_CANCELLED",
    "ORDER_SHIPPED",
    "ORDER_DELIVERED",
    "STOCK_OUT_OF_STOCK",
    "STOCK_BACK_IN_STOCK",
    "REFUND_REQUESTED",
    "REFUND_READY_FOR_PAYOUT",
    "REFUND_PAID",
    "CLAIM_OPENED",
    "RETURN_RECEIVED",
  ] as WebhookEventType[]
).map((type) => ({ type, name: type.toLowerCase().replace("_", ".") }));

export const eventName = (type: WebhookEventType) => type.toLowerCase().replace("_", ".");
