import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { ActorType } from "../orders/order-event.entity";

/** What a credit note settles: an incomplete-delivery claim, a return, or something else the shop states. */
export enum CreditNoteSourceType {
  CLAIM = "CLAIM",
  RETURN = "RETURN",
  OTHER = "OTHER",
}

/**
 * A credit note: money the shop owes back on an order, numbered per shop, as a document of its own
 * (the order itself never changes once DELIVERED). Immutable once issued: no code updates or deletes
 * these rows (CreditNoteService has no such method, the API none).
 */
@Entity("credit_note")
@Index("IDX_credit_note_shop_id_number", ["shopId", "number"], { unique: true })
@Index("IDX_credit_note_shop_id_order_id", ["shopId", "orderId"])
export class CreditNote {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** Sequential per shop from 1, without gaps (see CreditNoteService.issue); shown as NC-000123. */
  @Column({ type: "integer" })
  number!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "varchar", length: 16 })
  sourceType!: CreditNoteSourceType;

  /** The claim's or return's id; null for OTHER. */
  @Column({ type: "integer", nullable: true })
  sourceId!: number | null;

  @Column({ type: "varchar", length: 500 })
  reason!: string;

  @Column({ type: "varchar", length: 3 })
  currency!: string;

  /** Minor units: the sum of the lines' amounts. */
  @Column({ type: "integer" })
  total!: number;

  @Column(timestamp())
  issuedAt!: Date;

  @Column({ type: "varchar", length: 16 })
  actorType!: ActorType;

  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  actorName!: string | null;
}

/** One credited item of a credit note. */
@Entity("credit_note_line")
@Index("IDX_credit_note_line_credit_note_id", ["creditNoteId"])
export class CreditNoteLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  creditNoteId!: number;

  @Column({ type: "varchar", length: 200 })
  description!: string;

  @Column({ type: "varchar", length: 64, nullable: true })
  skuCode!: string | null;

  @Column({ type: "integer" })
  quantity!: number;

  /** Minor units per unit. */
  @Column({ type: "integer" })
  unitAmount!: number;

  /** Minor units for the line: quantity × unitAmount, or less (a share of the order's discount). */
  @Column({ type: "integer" })
  amount!: number;
}

/**
 * The last credit note number of each shop. Taken inside the issuing transaction (unlike order
 * numbers): see CreditNoteService.issue.
 */
@Entity("credit_note_sequence")
export class CreditNoteSequence {
  @PrimaryColumn({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer", default: 0 })
  lastNumber!: number;
}
