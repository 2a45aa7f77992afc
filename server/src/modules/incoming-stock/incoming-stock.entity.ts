import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum IncomingStockStatus {
  /** Expected: counts towards the waiting orders' expected dates (what is left of it, when partly received). */
  OPEN = "OPEN",
  /** Every unit expected (or more) arrived through receiveIncomingStock. */
  RECEIVED = "RECEIVED",
  /** The merchant called it off; it no longer counts. */
  CANCELLED = "CANCELLED",
}

/**
 * A delivery a shop expects from a supplier ("entrada prevista"): `quantity` units of a sku on
 * `expectedOn`. Several may be open per sku. Receiving it adds the units to stock (a RESTOCK in the
 * ledger) and serves waiting orders; a partial receipt leaves the rest expected.
 */
@Entity("incoming_stock")
@Index("IDX_incoming_stock_shop_id_sku_id_status", ["shopId", "skuId", "status"])
export class IncomingStock {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  /** Units expected in all (received ones included). */
  @Column({ type: "integer" })
  quantity!: number;

  /** Units received so far; may pass `quantity` when the supplier sent more. */
  @Column({ type: "integer", default: 0 })
  receivedQuantity!: number;

  /** A calendar date, `YYYY-MM-DD` (text: no time zone ever moves it). */
  @Column({ type: "varchar", length: 10 })
  expectedOn!: string;

  @Column({ type: "varchar", length: 100, nullable: true })
  supplierReference!: string | null;

  @Column({ type: "varchar", length: 16 })
  status!: IncomingStockStatus;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp())
  updatedAt!: Date;

  get remainingQuantity(): number {
    return Math.max(0, this.quantity - this.receivedQuantity);
  }
}
