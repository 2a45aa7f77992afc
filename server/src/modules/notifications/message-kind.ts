/** The e-mails a customer may receive, each from one kind of committed change. */
export enum MessageKind {
  /** ORDER_PLACED: the order and its items. */
  ORDER_CONFIRMATION = "ORDER_CONFIRMATION",
  /** STOCK_SHORTAGE at intake, or SHORT_AT_PACKING (units found missing when packing): what is missing, the expected date when known, the link to choose. */
  STOCK_DELAY = "STOCK_DELAY",
  /** ORDER_RESUMED: everything is in stock again. */
  ORDER_RESUMED = "ORDER_RESUMED",
  /** ITEMS_CANCELLED: what was cancelled, the refund, the refund link when the customer fills it in. */
  PARTIAL_SHIPMENT = "PARTIAL_SHIPMENT",
  /** ORDER_CANCELLED: the refund link or note, the apology coupon when given. */
  ORDER_CANCELLED = "ORDER_CANCELLED",
  /** Two days before a refund link expires, while the customer has not answered it. */
  REFUND_LINK_REMINDER = "REFUND_LINK_REMINDER",
  /** REFUND_PAID: the money was sent. */
  REFUND_PAID = "REFUND_PAID",
  /** SHIPMENT_SENT: a parcel left: its carrier, tracking link and what is in it. */
  ORDER_SHIPPED = "ORDER_SHIPPED",
  /** ORDER_DELIVERED: the order was delivered. */
  ORDER_DELIVERED = "ORDER_DELIVERED",
  /** CLAIM_RESOLVED: what is done about the missing items (reshipped, refunded, withdrawal) or why the claim was rejected. */
  CLAIM_RESOLVED = "CLAIM_RESOLVED",
  /** RETURN_APPROVED: the return was approved; how to send the items back. */
  RETURN_APPROVED = "RETURN_APPROVED",
  /** RETURN_RECEIVED: the returned items arrived; the refund (and its link) or the exchange. */
  RETURN_RECEIVED = "RETURN_RECEIVED",
}

export const MESSAGE_KINDS = Object.values(MessageKind);

export enum CustomerMessageStatus {
  /** Waiting to be sent (again, after a failure, at nextAttemptAt). */
  PENDING = "PENDING",
  SENT = "SENT",
  /** Every attempt failed; nothing more is tried. */
  FAILED = "FAILED",
  /** Not sent: the shop turned this kind of message off, or the customer has no address. */
  SKIPPED = "SKIPPED",
}

/** Where a message was planned from: a committed order event, or an outbox_message row (refund links). */
export type MessageSourceType = "order_event" | "outbox_message";
