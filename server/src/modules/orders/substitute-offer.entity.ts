import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * An equivalent sku the merchant offered for a short order line (offerSubstitutes), for the
 * customer to accept. Offers add up (at most MAX_SUBSTITUTE_OFFERS per line); the one accepted is
 * the sku of the line that replaced it (OrderLine.replacesLineId).
 */
@Entity("substitute_offer")
@Index("IDX_substitute_offer_order_line_id_sku_id", ["orderLineId", "skuId"], { unique: true })
@Index("IDX_substitute_offer_shop_id_order_id", ["shopId", "orderId"])
export class SubstituteOffer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  /** The short line. */
  @Column({ type: "integer" })
  orderLineId!: number;

  /** The substitute offered. */
  @Column({ type: "integer" })
  skuId!: number;

  @Column(timestamp())
  createdAt!: Date;
}
