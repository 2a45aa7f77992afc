import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum OrderEventType {
  ORDER_PLACED = "ORDER_PLACED",
  STOCK_SHORTAGE = "STOCK_SHORTAGE",
  ORDER_ON_HOLD = "ORDER_ON_HOLD",
  STOCK_ALLOCATED = "STOCK_ALLOCATED",
  ORDER_RESUMED = "ORDER_RESUMED",
  ITEMS_CANCELLED = "ITEMS_CANCELLED",
  ORDER_CANCELLED = "ORDER_CANCELLED",
  REFUND_CREATED = "REFUND_CREATED",
  COUPON_ISSUED = "COUPON_ISSUED",
  COUPON_APPLIED = "COUPON_APPLIED",
  REFUND_PAID = "REFUND_PAID",
  REFUND_LINK_ISSUED = "REFUND_LINK_ISSUED",
  REFUND_DETAILS_RECEIVED = "REFUND_DETAILS_RECEIVED",
  REFUND_LOCKED = "REFUND_LOCKED",
  SUBSTITUTES_OFFERED = "SUBSTITUTES_OFFERED",
  LINE_SUBSTITUTED = "LINE_SUBSTITUTED",
  /** A parcel left with a carrier (shipOrder); the last one makes the order SHIPPED. */
  SHIPMENT_SENT = "SHIPMENT_SENT",
  /** The customer received the order (markDelivered): DELIVERED, final. */
  ORDER_DELIVERED = "ORDER_DELIVERED",
  /** A follow-up order (a reshipment for a claim, an exchange for a return) was placed for this order; data: its orderId, number, kind, status, lines. */
  FOLLOW_UP_ORDER_PLACED = "FOLLOW_UP_ORDER_PLACED",
  /** A credit note was issued on the order after delivery; data: creditNoteId, number, total, source. */
  CREDIT_NOTE_ISSUED = "CREDIT_NOTE_ISSUED",
  /** A claim for units missing from the delivery was opened; data: claimId, number, lines, openedBy. */
  CLAIM_OPENED = "CLAIM_OPENED",
  /** A claim was resolved (data: outcome, and what it made: followUpOrderId, refundId, creditNoteId, returnId) or rejected. */
  CLAIM_RESOLVED = "CLAIM_RESOLVED",
  /** Returns (modules/returns): a document of its own; the DELIVERED order only records them. */
  RETURN_REQUESTED = "RETURN_REQUESTED",
  RETURN_APPROVED = "RETURN_APPROVED",
  RETURN_REFUSED = "RETURN_REFUSED",
  RETURN_RECEIVED = "RETURN_RECEIVED",
  RETURN_CLOSED = "RETURN_CLOSED",
  /** Allocated units of a line were found missing when packing (reportShortAtPacking): the order waits for stock again. */
  SHORT_AT_PACKING = "SHORT_AT_PACKING",
  /** An e-mail went to the customer (data: its kind and message id; never its body or address). */
  MESSAGE_SENT = "MESSAGE_SENT",
  /** The merchant marked the order priority (setOrderPriority); note and data.reason: why. */
  PRIORITY_SET = "PRIORITY_SET",
  /** The merchant unmarked the order: it is served FIFO again. */
  PRIORITY_CLEARED = "PRIORITY_CLEARED",
}

export enum ActorType {
  STAFF = "STAFF",
  API_KEY = "API_KEY",
  SYSTEM = "SYSTEM",
  CUSTOMER = "CUSTOMER",
}

/**
 * The order's timeline, written in the same transaction as the change it describes.
 * It doubles as the transactional outbox: `dispatchedAt` is null until the event was delivered.
 */
@Entity("order_event")
@Index("IDX_order_event_order_id_id", ["orderId", "id"])
@Index("IDX_order_event_shop_id_id", ["shopId", "id"])
@Index("IDX_order_event_dispatched_at_id", ["dispatchedAt", "id"])
@Index("IDX_order_event_shop_id_type_created_at_actor", ["shopId", "type", "createdAt", "orderId", "actorType"])
export class OrderEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "varchar", length: 32 })
  type!: OrderEventType;

  @Column({ type: "varchar", length: 16 })
  actorType!: ActorType;

  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  actorName!: string | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  note!: string | null;

  /** Event details as JSON text. */
  @Column({ type: "text", nullable: true })
  data!: string | null;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp({ nullable: true }))
  dispatchedAt!: Date | null;
}
