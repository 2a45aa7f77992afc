import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * Where the shop's own refunds are paid ("Reembolso ao lojista"): one PIX key or bank account per
 * shop, encrypted. Each refund to the merchant keeps its own encrypted copy, so changing the
 * account later never redirects a refund already made.
 */
@Entity("shop_payout_account")
@Index("IDX_shop_payout_account_shop_id", ["shopId"], { unique: true })
export class ShopPayoutAccount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** The PIX key or bank account, encrypted with DataCipher (context `shop:<id>:payout-account`). */
  @Column({ type: "text" })
  details!: string;

  /** PIX or BANK_ACCOUNT. */
  @Column({ type: "varchar", length: 16 })
  kind!: "PIX" | "BANK_ACCOUNT";

  /** The same, masked for views. */
  @Column({ type: "varchar", length: 200 })
  detailsMasked!: string;

  /** The staff user who last set it. */
  @Column({ type: "integer", nullable: true })
  updatedByStaffId!: number | null;

  @Column(timestamp())
  updatedAt!: Date;
}
