import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * What the report needs to know of one order's stockout, kept with the order events that say it
 * (order-facts.ts): one row per order with a STOCK_SHORTAGE, resolution (ORDER_ON_HOLD,
 * ITEMS_CANCELLED, ORDER_CANCELLED, LINE_SUBSTITUTED) or ORDER_RESUMED event. Written in the same
 * transaction as those events; rebuilt from them by `reportFactsRebuild`.
 */
@Entity("order_stockout")
@Index("IDX_order_stockout_shop_id_short_at", ["shopId", "shortAt", "resolvedAt", "resumedAt"])
@Index("IDX_order_stockout_shop_id_placed_at", ["shopId", "placedAt", "kind", "cancelledValue"])
export class OrderStockout {
  @PrimaryColumn({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** The order's placement and kind (never change after placement). */
  @Column(timestamp())
  placedAt!: Date;

  @Column({ type: "varchar", length: 16 })
  kind!: string;

  /** Its first STOCK_SHORTAGE event. */
  @Column(timestamp({ nullable: true }))
  shortAt!: Date | null;

  /** Its first resolution event (any of the four). */
  @Column(timestamp({ nullable: true }))
  resolvedAt!: Date | null;

  /** Its first ORDER_RESUMED event. */
  @Column(timestamp({ nullable: true }))
  resumedAt!: Date | null;

  /** Minor units: the value of its lines' cancelled units, as of its last ORDER_CANCELLED or ITEMS_CANCELLED (0 without one). */
  @Column({ type: "integer", default: 0 })
  cancelledValue!: number;
}

/**
 * The lines of a SALE order that hit a stockout, with their units short or cancelled (short +
 * cancelled) as of the order's last event that changed them: the report's skus most hurt read
 * these instead of every order line.
 */
@Entity("order_stockout_line")
@Index("IDX_order_stockout_line_shop_id_placed_at", ["shopId", "placedAt", "skuId", "orderId", "units"])
export class OrderStockoutLine {
  @PrimaryColumn({ type: "integer" })
  orderLineId!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  @Column(timestamp())
  placedAt!: Date;

  @Column({ type: "integer" })
  units!: number;
}

/**
 * SALE orders placed, hit by a stockout and cancelled, per shop per quarter hour of placement (UTC):
 * every time zone's midnight falls on a quarter hour, so the report's days in the shop's zone add
 * these up instead of counting orders.
 */
@Entity("order_quarter_count")
export class OrderQuarterCount {
  @PrimaryColumn({ type: "integer" })
  shopId!: number;

  /** The quarter hour's start, UTC. */
  @PrimaryColumn({ type: "datetime", precision: 3 })
  quarterStart!: Date;

  @Column({ type: "integer", default: 0 })
  placed!: number;

  @Column({ type: "integer", default: 0 })
  stockouts!: number;

  @Column({ type: "integer", default: 0 })
  cancelled!: number;
}

/**
 * Which resolutions each order had, by which side (CUSTOMER, or MERCHANT for staff, API keys and the
 * system), and when first: the report's resolutions taken count these instead of distinct orders
 * among the events.
 */
@Entity("order_resolution")
@Index("IDX_order_resolution_shop_id_type_side_created_at", ["shopId", "type", "side", "createdAt"])
export class OrderResolution {
  @PrimaryColumn({ type: "integer" })
  orderId!: number;

  /** The event: ORDER_ON_HOLD, ITEMS_CANCELLED, ORDER_CANCELLED or LINE_SUBSTITUTED. */
  @PrimaryColumn({ type: "varchar", length: 32 })
  type!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  side!: string;

  @Column({ type: "integer" })
  shopId!: number;

  @Column(timestamp())
  createdAt!: Date;
}

/**
 * How many of a shop's orders are in a status: the sum of its buckets' `n` (order-counts.ts). Each
 * transaction that inserts an order or changes its status adds +1 to the new status and -1 to the
 * old one in a bucket of its choice, so concurrent writers rarely meet on a row; a bucket alone
 * may be negative.
 */
@Entity("order_status_count")
export class OrderStatusCount {
  @PrimaryColumn({ type: "integer" })
  shopId!: number;

  @PrimaryColumn({ type: "varchar", length: 24 })
  status!: string;

  @PrimaryColumn({ type: "integer" })
  bucket!: number;

  @Column({ type: "integer", default: 0 })
  n!: number;
}

export const orderFactEntities = [OrderStockout, OrderStockoutLine, OrderQuarterCount, OrderResolution, OrderStatusCount];
