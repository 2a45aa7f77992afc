import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * How much of a sku the shop holds (`onHand`) and how much of that is promised to orders
 * (`allocated`). Invariant: 0 <= allocated <= onHand. Changed only together with a StockMovement.
 */
@Entity("stock_level")
@Index("IDX_stock_level_sku_id", ["skuId"], { unique: true })
@Index("IDX_stock_level_shop_id_sku_id", ["shopId", "skuId"])
export class StockLevel {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  @Column({ type: "integer", default: 0 })
  onHand!: number;

  @Column({ type: "integer", default: 0 })
  allocated!: number;

  @Column(timestamp())
  updatedAt!: Date;

  get available(): number {
    return this.onHand - this.allocated;
  }
}
