import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** A sellable item. Its stock lives in StockLevel. */
@Entity("sku")
@Index("IDX_sku_shop_id_code", ["shopId", "code"], { unique: true })
@Index("IDX_sku_shop_id_name", ["shopId", "name"])
export class Sku {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 64 })
  code!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  /** Unit price in minor units of the shop's currency. */
  @Column({ type: "integer" })
  price!: number;

  @Column(timestamp())
  createdAt!: Date;
}
