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

  /** GTIN-8/12/13/14 (EAN, UPC) with a valid check digit, or null. */
  @Column({ type: "varchar", length: 14, nullable: true })
  barcode!: string | null;

  /** An http(s) URL of the product's picture, or null. */
  @Column({ type: "varchar", length: 500, nullable: true })
  imageUrl!: string | null;

  @Column(timestamp())
  createdAt!: Date;

  /** When the sku was archived (it takes no new orders); null while it is active. */
  @Column(timestamp({ nullable: true }))
  archivedAt!: Date | null;
}
