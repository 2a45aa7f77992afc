import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../db/columns";

/**
 * Who reads one outbox log for one consumer now (the subscriptions' dispatcher, the e-mail and
 * webhook planners), so that with several server instances one reads it at a time, in id order.
 * Also where that reader stands in the log's id order (see OutboxSource.heldInIdOrder), so the
 * next holder, on any instance, goes on from there.
 */
@Entity("outbox_lease")
@Index("IDX_outbox_lease_name", ["name"], { unique: true })
export class OutboxLeaseRow {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The consumer and log: "order_event", "notifications:outbox_message", "webhooks:stock_movement"... */
  @Column({ type: "varchar", length: 64 })
  name!: string;

  /** The instance holding it (INSTANCE_ID), null when free. */
  @Column({ type: "varchar", length: 128, nullable: true })
  owner!: string | null;

  /** Until when; past it, any instance may take it. */
  @Column(timestamp({ nullable: true }))
  leaseUntil!: Date | null;

  /** The last id delivered in id order (null: nothing known yet). */
  @Column({ type: "integer", nullable: true })
  lastId!: number | null;

  /** Since when a gap after lastId has been waited for. */
  @Column(timestamp({ nullable: true }))
  gapSince!: Date | null;
}
