import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** The tenant: one merchant. Every other row belongs to exactly one shop. */
@Entity("shop")
export class Shop {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 120 })
  name!: string;

  /** ISO 4217 code; all of the shop's money is in this currency. */
  @Column({ type: "varchar", length: 3 })
  currency!: string;

  /** BCP 47 tag: pt-BR, en, pl. */
  @Column({ type: "varchar", length: 10 })
  locale!: string;

  /** Whether customers may choose the resolution of their order without stock on their order page (CDC art. 35); on for BRL shops. */
  @Column({ type: "boolean", default: false })
  customersMayChoose!: boolean;

  /** IANA time zone (America/Sao_Paulo): dates on the desk and in the shop's e-mail are this zone's. */
  @Column({ type: "varchar", length: 64, default: "UTC" })
  timeZone!: string;

  /** How many days a refund link sent to a customer stays valid. */
  @Column({ type: "integer", default: 14 })
  refundLinkDays!: number;

  @Column(timestamp())
  createdAt!: Date;
}

/** Per-shop order numbers; a row of its own so numbering never locks the shop row. */
@Entity("order_number_sequence")
@Index("IDX_order_number_sequence_shop_id", ["shopId"], { unique: true })
export class OrderNumberSequence {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer", default: 0 })
  lastNumber!: number;
}
