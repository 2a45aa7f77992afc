import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum ClaimStatus {
  OPEN = "OPEN",
  RESOLVED = "RESOLVED",
  REJECTED = "REJECTED",
}

export enum ClaimOutcome {
  /** The missing units go out again, in a follow-up order of kind RESHIPMENT (nothing charged). */
  RESHIP = "RESHIP",
  /** The customer keeps what arrived; the missing units are refunded, with a credit note. */
  KEEP_AND_SETTLE = "KEEP_AND_SETTLE",
  /** The customer withdraws from the contract: the delivered goods come back, everything is refunded on receipt. */
  WITHDRAW = "WITHDRAW",
}

/** Who opened or resolved a claim: the shop (staff, API) or the customer on their order page. */
export enum ClaimSide {
  MERCHANT = "MERCHANT",
  CUSTOMER = "CUSTOMER",
}

/**
 * An incomplete-delivery claim: units of a DELIVERED order that did not arrive. A document of its
 * own (the order stays DELIVERED), numbered per order, OPEN until it is RESOLVED with an outcome or
 * REJECTED with a message.
 */
@Entity("claim")
@Index("IDX_claim_order_id_number", ["orderId", "number"], { unique: true })
@Index("IDX_claim_shop_id_status_id", ["shopId", "status", "id"])
@Index("IDX_claim_shop_id_follow_up_order_id", ["shopId", "followUpOrderId"])
export class Claim {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  /** 1, 2, … within the order. */
  @Column({ type: "integer" })
  number!: number;

  @Column({ type: "varchar", length: 16 })
  status!: ClaimStatus;

  @Column({ type: "varchar", length: 24, nullable: true })
  outcome!: ClaimOutcome | null;

  /** What the one who opened it said. */
  @Column({ type: "varchar", length: 500, nullable: true })
  note!: string | null;

  /** The shop's message with a rejection (or a resolution). */
  @Column({ type: "varchar", length: 500, nullable: true })
  message!: string | null;

  @Column({ type: "varchar", length: 16 })
  openedBy!: ClaimSide;

  @Column({ type: "varchar", length: 200, nullable: true })
  openedByName!: string | null;

  @Column({ type: "varchar", length: 16, nullable: true })
  resolvedBy!: ClaimSide | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  resolvedByName!: string | null;

  /** RESHIP: the reshipment order. */
  @Column({ type: "integer", nullable: true })
  followUpOrderId!: number | null;

  /** KEEP_AND_SETTLE: the refund and the credit note. */
  @Column({ type: "integer", nullable: true })
  refundId!: number | null;

  @Column({ type: "integer", nullable: true })
  creditNoteId!: number | null;

  /** WITHDRAW: the return that brings the goods back. */
  @Column({ type: "integer", nullable: true })
  returnId!: number | null;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp({ nullable: true }))
  resolvedAt!: Date | null;
}

/** Units of one order line that did not arrive. Carries the sku, for claim rates per sku. */
@Entity("claim_line")
@Index("IDX_claim_line_claim_id", ["claimId"])
@Index("IDX_claim_line_order_line_id", ["orderLineId"])
@Index("IDX_claim_line_shop_id_sku_id", ["shopId", "skuId"])
export class ClaimLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  claimId!: number;

  @Column({ type: "integer" })
  orderLineId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  @Column({ type: "integer" })
  quantity!: number;
}

export const claimEntities = [Claim, ClaimLine];
