import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum RefundDestination {
  /** The customer completes the refund on the public form (CPF + bank or PIX details). */
  CUSTOMER = "CUSTOMER",
  /** Paid to the merchant's own bank account on file, who settles with the customer. */
  MERCHANT = "MERCHANT",
}

export enum RefundStatus {
  AWAITING_CUSTOMER_DETAILS = "AWAITING_CUSTOMER_DETAILS",
  READY_FOR_PAYOUT = "READY_FOR_PAYOUT",
  PAID = "PAID",
  /** The customer's link ran out before they answered (computed from linkExpiresAt); re-issuing reopens it. */
  EXPIRED = "EXPIRED",
  /** Five wrong CPFs were typed on the link; re-issuing unlocks it. */
  LOCKED = "LOCKED",
}

/** Money owed back for units removed from an order (and its shipping, on a full cancellation). */
@Entity("refund")
@Index("IDX_refund_order_id", ["orderId"])
@Index("IDX_refund_shop_id_status_id", ["shopId", "status", "id"])
// Covering the report's refund figures: per destination and status by creation, and payouts (amount, creation).
@Index("IDX_refund_shop_id_destination_status_created_at", ["shopId", "destination", "status", "createdAt", "amount"])
@Index("IDX_refund_shop_id_status_paid_at", ["shopId", "status", "paidAt", "amount", "createdAt"])
@Index("IDX_refund_link_token_hash", ["linkTokenHash"], { unique: true })
export class Refund {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "varchar", length: 16 })
  destination!: RefundDestination;

  @Column({ type: "varchar", length: 32 })
  status!: RefundStatus;

  /** Total of the refund in minor units: its lines plus shippingAmount. */
  @Column({ type: "integer" })
  amount!: number;

  @Column({ type: "integer" })
  shippingAmount!: number;

  @Column({ type: "varchar", length: 3 })
  currency!: string;

  @Column({ type: "varchar", length: 500, nullable: true })
  reason!: string | null;

  /** When the money was sent (status PAID). */
  @Column(timestamp({ nullable: true }))
  paidAt!: Date | null;

  /** The merchant's (or a payment provider's) reference for the transfer, e.g. a PIX end-to-end id. */
  @Column({ type: "varchar", length: 200, nullable: true })
  payoutReference!: string | null;
  /** SHA-256 of the customer's link token; the token itself is never stored. */
  @Column({ type: "varchar", length: 64, nullable: true })
  linkTokenHash!: string | null;

  @Column(timestamp({ nullable: true }))
  linkExpiresAt!: Date | null;

  /** Wrong CPFs typed on the current link (it locks at MAX_CPF_ATTEMPTS). */
  @Column({ type: "integer", default: 0 })
  cpfAttempts!: number;

  /** Where the money goes (PIX key or bank account), encrypted with DataCipher (see modules/payments). */
  @Column({ type: "text", nullable: true })
  payoutDetails!: string | null;

  /** The same, masked for the merchant's views. */
  @Column({ type: "varchar", length: 200, nullable: true })
  payoutDetailsMasked!: string | null;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp())
  updatedAt!: Date;
}

/** The part of a refund that pays back units of one order line. */
@Entity("refund_line")
@Index("IDX_refund_line_refund_id", ["refundId"])
export class RefundLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  refundId!: number;

  @Column({ type: "integer" })
  orderLineId!: number;

  @Column({ type: "integer" })
  quantity!: number;

  @Column({ type: "integer" })
  amount!: number;
}
