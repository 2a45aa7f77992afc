import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum CouponKind {
  /** `value` percent of the new order's subtotal, rounded to the minor unit. */
  PERCENT = "PERCENT",
  /** `value` minor units off the new order's subtotal, at most the subtotal. */
  FIXED_AMOUNT = "FIXED_AMOUNT",
}

/**
 * A single-use discount the merchant gives a customer who was let down (an order cancelled or
 * shipped incomplete). Bound to the shop and to the order it apologises for; `usedByOrderId` is
 * set, once, by the intake of the order that redeems it.
 */
@Entity("coupon")
@Index("IDX_coupon_code", ["code"], { unique: true })
@Index("IDX_coupon_shop_id_issued_for_order_id", ["shopId", "issuedForOrderId"])
@Index("IDX_coupon_shop_id_used_by_order_id", ["shopId", "usedByOrderId"])
export class Coupon {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 32 })
  code!: string;

  @Column({ type: "varchar", length: 16 })
  kind!: CouponKind;

  /** Percent (1-100) or minor units, by kind. */
  @Column({ type: "integer" })
  value!: number;

  @Column({ type: "varchar", length: 3 })
  currency!: string;

  @Column({ type: "integer" })
  issuedForOrderId!: number;

  @Column(timestamp())
  expiresAt!: Date;

  @Column({ type: "integer", nullable: true })
  usedByOrderId!: number | null;

  /** The discount it gave the order that used it, in minor units. */
  @Column({ type: "integer", nullable: true })
  discountApplied!: number | null;

  @Column(timestamp({ nullable: true }))
  usedAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}
