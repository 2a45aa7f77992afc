import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum StockMovementKind {
  ALLOCATION = "ALLOCATION",
  RELEASE = "RELEASE",
  ADJUSTMENT = "ADJUSTMENT",
  RESTOCK = "RESTOCK",
  SALE = "SALE",
  /** Good units a customer sent back (a return received): on hand grows, tied to the order line they came from. */
  RETURN = "RETURN",
}

/**
 * The stock ledger: one row per change of a StockLevel, written in the same transaction.
 * A level always equals the sum of its movements' deltas.
 */
@Entity("stock_movement")
@Index("IDX_stock_movement_sku_id_id", ["skuId", "id"])
@Index("IDX_stock_movement_shop_id_id", ["shopId", "id"])
export class StockMovement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  @Column({ type: "varchar", length: 16 })
  kind!: StockMovementKind;

  /** Units moved, always positive; the deltas say which counter moved which way. */
  @Column({ type: "integer" })
  quantity!: number;

  @Column({ type: "integer" })
  onHandDelta!: number;

  @Column({ type: "integer" })
  allocatedDelta!: number;

  @Column({ type: "integer", nullable: true })
  orderLineId!: number | null;

  @Column({ type: "varchar", length: 16 })
  actorType!: string;

  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  /** Who made the change, by name, as it was then (null for rows written before names were kept). */
  @Column({ type: "varchar", length: 200, nullable: true })
  actorName!: string | null;

  @Column({ type: "varchar", length: 255, nullable: true })
  reason!: string | null;

  @Column(timestamp())
  createdAt!: Date;
}
