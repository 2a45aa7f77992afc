import { allValues } from "../../app/enum-values";
import type { CustomerMessageStatus, MessageKind } from "../../generated/graphql";

/** Every kind of customer e-mail, in the order an order's life meets them. */
export const MESSAGE_KINDS = allValues<MessageKind>()([
  "ORDER_CONFIRMATION",
  "STOCK_DELAY",
  "ORDER_RESUMED",
  "PARTIAL_SHIPMENT",
  "ORDER_CANCELLED",
  "REFUND_LINK_REMINDER",
  "REFUND_PAID",
  "ORDER_SHIPPED",
  "ORDER_DELIVERED",
  "CLAIM_RESOLVED",
  "RETURN_APPROVED",
  "RETURN_RECEIVED",
]);

export const MESSAGE_STATUSES = allValues<CustomerMessageStatus>()(["PENDING", "SENT", "FAILED", "SKIPPED"]);

/** The languages a message can be previewed in (the server writes these). */
export const MESSAGE_LOCALES = ["pt-BR", "en", "pl"] as const;
