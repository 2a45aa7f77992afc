import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * One sku on an order. Invariants: allocated + short + cancelled = quantity, shipped <= allocated.
 * `short` is what the order is still waiting for.
 */
@Entity("order_line")
@Index("IDX_order_line_order_id_counters", ["orderId", "cancelled", "short", "unitPrice", "skuId"])
@Index("IDX_order_line_shop_id_short", ["shopId", "short", "unitPrice", "orderId"])
@Index("IDX_order_line_sku_id_order_id", ["skuId", "orderId"])
@Index("IDX_order_line_shop_id_sku_id_is_short", ["shopId", "skuId", "isShort", "orderId"])
export class OrderLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  /** Code and name as they were when the order was placed. */
  @Column({ type: "varchar", length: 64 })
  skuCode!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "integer" })
  quantity!: number;

  @Column({ type: "integer" })
  unitPrice!: number;

  @Column({ type: "integer", default: 0 })
  allocated!: number;

  @Column({ type: "integer", default: 0 })
  short!: number;

  /**
   * 1 while the line is short (short > 0), else 0: computed by the database, never written. Its index
   * gives a sku's short lines oldest order first (the queue filtered by a sku).
   */
  @Column({ type: "integer", generatedType: "VIRTUAL", asExpression: "short > 0", insert: false, update: false, select: false })
  isShort!: number;

  @Column({ type: "integer", default: 0 })
  cancelled!: number;

  @Column({ type: "integer", default: 0 })
  shipped!: number;

  /** On a substitute (substituteLine): the short line whose units it replaced. */
  @Column({ type: "integer", nullable: true })
  replacesLineId!: number | null;
}
