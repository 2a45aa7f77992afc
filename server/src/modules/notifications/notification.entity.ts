import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { CustomerMessageStatus, MessageKind, MessageSourceType } from "./message-kind";

/**
 * One e-mail to a customer, planned from one committed change and sent by the sender with retries.
 * The unique source (source_type, source_id, kind) means a change redelivered after a crash is
 * never planned twice; the row's id gives the stable Message-ID every attempt carries.
 */
@Entity("customer_message")
@Index("IDX_customer_message_source", ["sourceType", "sourceId", "kind"], { unique: true })
@Index("IDX_customer_message_status_next_attempt_at", ["status", "nextAttemptAt"])
@Index("IDX_customer_message_shop_id_id", ["shopId", "id"])
@Index("IDX_customer_message_shop_id_order_id", ["shopId", "orderId"])
export class CustomerMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  /** The order's number, for lists. */
  @Column({ type: "integer" })
  orderNumber!: number;

  @Column({ type: "varchar", length: 32 })
  kind!: MessageKind;

  @Column({ type: "varchar", length: 16 })
  sourceType!: MessageSourceType;

  @Column({ type: "integer" })
  sourceId!: number;

  @Column({ type: "varchar", length: 16 })
  status!: CustomerMessageStatus;

  /** The address it goes to (personal data: shown masked, never logged). */
  @Column({ type: "varchar", length: 320 })
  recipient!: string;

  /** The language it is written in: the customer's, else the shop's. */
  @Column({ type: "varchar", length: 10 })
  locale!: string;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  /** When the sender may take it (again); while one sender holds it, a lease a little ahead. */
  @Column(timestamp())
  nextAttemptAt!: Date;

  /** The server instance that claimed it to send (its lease ends at nextAttemptAt); null before the first claim. */
  @Column({ type: "varchar", length: 128, nullable: true })
  leaseOwner!: string | null;

  /** Why the last attempt failed, without personal data. */
  @Column({ type: "varchar", length: 300, nullable: true })
  lastError!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  subject!: string | null;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp({ nullable: true }))
  sentAt!: Date | null;
}

/** A kind of message a shop turned off (all are on until a row says otherwise). */
@Entity("notification_disabled")
@Index("IDX_notification_disabled_shop_id_kind", ["shopId", "kind"], { unique: true })
export class NotificationDisabled {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 32 })
  kind!: MessageKind;

  @Column(timestamp())
  createdAt!: Date;
}

/** How far the notifications planner has read a log (order_event): its own delivery record. */
@Entity("notification_cursor")
@Index("IDX_notification_cursor_name", ["name"], { unique: true })
export class NotificationCursor {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 64 })
  name!: string;

  @Column({ type: "integer" })
  lastId!: number;
}

/**
 * The notifications' own copy of a refund link, taken from the REFUND_LINK_ISSUED outbox message:
 * the token stays encrypted (context `refund-link:<refundId>`), for the cancellation e-mails and
 * the reminder two days before the link expires. Only the newest link of a refund is kept.
 */
@Entity("refund_link_copy")
@Index("IDX_refund_link_copy_outbox_message_id", ["outboxMessageId"], { unique: true })
@Index("IDX_refund_link_copy_refund_id", ["refundId"])
@Index("IDX_refund_link_copy_remind_at", ["remindAt"])
export class RefundLinkCopy {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  refundId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  outboxMessageId!: number;

  /** The token, encrypted as the outbox message carried it. */
  @Column({ type: "text" })
  token!: string;

  @Column(timestamp())
  expiresAt!: Date;

  /** When the reminder is due; null once it was looked at (or when the link is too short for one). */
  @Column(timestamp({ nullable: true }))
  remindAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}

export const notificationEntities = [CustomerMessage, NotificationDisabled, NotificationCursor, RefundLinkCopy];
