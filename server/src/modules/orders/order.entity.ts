import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

export enum OrderStatus {
  READY = "READY",
  AWAITING_STOCK = "AWAITING_STOCK",
  ON_HOLD_FOR_RESTOCK = "ON_HOLD_FOR_RESTOCK",
  SHIPPED = "SHIPPED",
  DELIVERED = "DELIVERED",
  CANCELLED = "CANCELLED",
}

/** The statuses that put an order in the "Orders without stock" queue. */
export const WITHOUT_STOCK_STATUSES = [OrderStatus.AWAITING_STOCK, OrderStatus.ON_HOLD_FOR_RESTOCK];

/**
 * What an order is: a sale, or a follow-up of another order that charges nothing again (its lines
 * are at price 0): a RESHIPMENT of units missing from a delivery (a claim), or an EXCHANGE (a return).
 */
export enum OrderKind {
  SALE = "SALE",
  RESHIPMENT = "RESHIPMENT",
  EXCHANGE = "EXCHANGE",
}

export enum OrderSource {
  STOREFRONT = "STOREFRONT",
  MARKETPLACE = "MARKETPLACE",
  API = "API",
}

@Entity("orders")
@Index("IDX_orders_shop_id_number", ["shopId", "number"], { unique: true })
@Index("IDX_orders_shop_id_idempotency_key", ["shopId", "idempotencyKey"], { unique: true })
// (shop_id, id) plus placed_at and kind: the report checks the orders its events name from the index alone.
@Index("IDX_orders_shop_id_id", ["shopId", "id", "placedAt", "kind"])
@Index("IDX_orders_shop_id_status_id", ["shopId", "status", "id"])
@Index("IDX_orders_shop_id_external_reference", ["shopId", "externalReference"])
@Index("IDX_orders_shop_id_customer_id_id", ["shopId", "customerId", "id"])
@Index("IDX_orders_shop_id_origin_order_id", ["shopId", "originOrderId"])
@Index("IDX_orders_shop_id_placed_at", ["shopId", "placedAt", "kind", "status"])
@Index("IDX_orders_shop_id_priority_at_id", ["shopId", "priorityAt", "id"])
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** Human-readable, sequential per shop. */
  @Column({ type: "integer" })
  number!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @Column({ type: "varchar", length: 24 })
  status!: OrderStatus;

  @Column({ type: "varchar", length: 16 })
  source!: OrderSource;

  /** SALE, or a follow-up order (RESHIPMENT, EXCHANGE) of `originOrderId`. */
  @Column({ type: "varchar", length: 16, default: OrderKind.SALE })
  kind!: OrderKind;

  /** The order a follow-up order follows up (null for a SALE). */
  @Column({ type: "integer", nullable: true })
  originOrderId!: number | null;

  @Column({ type: "varchar", length: 3 })
  currency!: string;

  /** Money in minor units. total = subtotal + shipping - discount. */
  @Column({ type: "integer" })
  subtotal!: number;

  @Column({ type: "integer" })
  shipping!: number;

  @Column({ type: "integer" })
  discount!: number;

  @Column({ type: "integer" })
  total!: number;

  @Column({ type: "varchar", length: 100, nullable: true })
  externalReference!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the placeOrder input, to tell a retry from a reused key. */
  @Column({ type: "varchar", length: 64, nullable: true })
  idempotencyHash!: string | null;

  /** Who resolved the order first, the shop (MERCHANT) or the customer on their order page (CUSTOMER): the other is then refused. */
  @Column({ type: "varchar", length: 16, nullable: true })
  resolvedBy!: "MERCHANT" | "CUSTOMER" | null;

  /** Where the order goes (all null when placeOrder had no shippingAddress). Country: ISO 3166 alpha-2. */
  @Column({ type: "varchar", length: 200, nullable: true })
  shipToName!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  shipToStreet!: string | null;

  @Column({ type: "varchar", length: 20, nullable: true })
  shipToNumber!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  shipToComplement!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  shipToDistrict!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  shipToCity!: string | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  shipToRegion!: string | null;

  @Column({ type: "varchar", length: 16, nullable: true })
  shipToPostalCode!: string | null;

  @Column({ type: "varchar", length: 2, nullable: true })
  shipToCountry!: string | null;

  /**
   * When the merchant marked the order priority (setOrderPriority), null when it is not: the
   * restock engine serves priority orders first among those waiting for a sku, by this time.
   */
  @Column(timestamp({ nullable: true }))
  priorityAt!: Date | null;

  /** Why the order is priority (a VIP customer, a marketplace deadline...); null when it is not. */
  @Column({ type: "varchar", length: 200, nullable: true })
  priorityReason!: string | null;

  @Column(timestamp())
  placedAt!: Date;

  @Column(timestamp())
  updatedAt!: Date;
}
