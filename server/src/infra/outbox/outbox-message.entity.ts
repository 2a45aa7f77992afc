import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../db/columns";

/**
 * A notification written in the same transaction as the change it announces, for changes that
 * have no order event of their own (a sku's stock level). Order events are their own outbox.
 */
@Entity("outbox_message")
@Index("IDX_outbox_message_dispatched_at_id", ["dispatchedAt", "id"])
export class OutboxMessageRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 64 })
  topic!: string;

  /** JSON. */
  @Column({ type: "text" })
  payload!: string;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp({ nullable: true }))
  dispatchedAt!: Date | null;
}
