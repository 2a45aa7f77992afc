import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { ActorType } from "../orders/order-event.entity";

/**
 * Where a return stands. REQUESTED -> APPROVED (with instructions) | REFUSED (with a message, final)
 * -> RECEIVED (goods in, settled: refund or exchange) -> CLOSED (the shop filed it, final).
 */
export enum ReturnStatus {
  REQUESTED = "REQUESTED",
  APPROVED = "APPROVED",
  REFUSED = "REFUSED",
  RECEIVED = "RECEIVED",
  CLOSED = "CLOSED",
}

/** Why units come back. REGRET only within the legal window after delivery; WITHDRAWAL only from a claim. */
export enum ReturnReason {
  DAMAGED = "DAMAGED",
  WRONG_ITEM = "WRONG_ITEM",
  REGRET = "REGRET",
  OTHER = "OTHER",
  /** The customer withdrew from the contract after an incomplete delivery (a claim's WITHDRAW): everything paid is refunded. */
  WITHDRAWAL = "WITHDRAWAL",
}

/** How a received return is settled. */
export enum ReturnSettlement {
  /** The units received are refunded (with a credit note). */
  REFUND = "REFUND",
  /** Other units are sent instead: a follow-up order of kind EXCHANGE, nothing charged. */
  EXCHANGE = "EXCHANGE",
}

/**
 * A return: a document of its own pointing at a DELIVERED order (which never changes). Its lines
 * carry the sku and quantities, so return rates per sku can be read from them.
 */
@Entity("order_return")
@Index("IDX_order_return_shop_id_order_id", ["shopId", "orderId"])
@Index("IDX_order_return_shop_id_status_id", ["shopId", "status", "id"])
export class OrderReturn {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "varchar", length: 16 })
  status!: ReturnStatus;

  /** What the requester wrote. */
  @Column({ type: "varchar", length: 1000, nullable: true })
  note!: string | null;

  /** How to send the goods back (set when approved). */
  @Column({ type: "varchar", length: 2000, nullable: true })
  instructions!: string | null;

  /** Why the shop refused it (set when refused). */
  @Column({ type: "varchar", length: 1000, nullable: true })
  refusalMessage!: string | null;

  @Column({ type: "varchar", length: 16, nullable: true })
  settlement!: ReturnSettlement | null;

  /** The refund of a REFUND settlement. */
  @Column({ type: "integer", nullable: true })
  refundId!: number | null;

  /** The credit note of a REFUND settlement. */
  @Column({ type: "integer", nullable: true })
  creditNoteId!: number | null;

  /** The follow-up order of an EXCHANGE settlement. */
  @Column({ type: "integer", nullable: true })
  exchangeOrderId!: number | null;

  /** The incomplete-delivery claim whose WITHDRAW opened it (reason WITHDRAWAL). */
  @Column({ type: "integer", nullable: true })
  claimId!: number | null;

  @Column({ type: "varchar", length: 16 })
  requestedByType!: ActorType;

  @Column({ type: "integer", nullable: true })
  requestedById!: number | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  requestedByName!: string | null;

  @Column(timestamp())
  requestedAt!: Date;

  /** When it was approved or refused. */
  @Column(timestamp({ nullable: true }))
  decidedAt!: Date | null;

  @Column(timestamp({ nullable: true }))
  receivedAt!: Date | null;

  @Column(timestamp({ nullable: true }))
  closedAt!: Date | null;

  @Column(timestamp())
  updatedAt!: Date;
}

/** Units of one order line in a return; the received quantities are set on receipt. */
@Entity("order_return_line")
@Index("IDX_order_return_line_return_id", ["returnId"])
@Index("IDX_order_return_line_order_line_id", ["orderLineId"])
@Index("IDX_order_return_line_shop_id_sku_id", ["shopId", "skuId"])
export class OrderReturnLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  returnId!: number;

  @Column({ type: "integer" })
  orderLineId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  /** Units the customer sends back. */
  @Column({ type: "integer" })
  quantity!: number;

  @Column({ type: "varchar", length: 16 })
  reason!: ReturnReason;

  /** Units received in a sellable state (back in stock); null until received. */
  @Column({ type: "integer", nullable: true })
  quantityGood!: number | null;

  /** Units received damaged (recorded, not stocked); null until received. */
  @Column({ type: "integer", nullable: true })
  quantityDamaged!: number | null;
}

export const returnEntities = [OrderReturn, OrderReturnLine];
