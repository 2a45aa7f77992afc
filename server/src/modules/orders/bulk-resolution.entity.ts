import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * A bulk resolution (issue: jobs shared by every instance): written by the instance that runs it,
 * the row's counters after each order, read by any instance (bulkResolution, bulkResolutionProgress).
 * `updated_at` is the running instance's heartbeat: a RUNNING row not touched for
 * BULK_JOB_STALE_MS reads as INTERRUPTED (its instance stopped; the job is not resumed).
 */
@Entity("bulk_resolution")
@Index("IDX_bulk_resolution_shop_id_created_at", ["shopId", "createdAt"])
export class BulkResolutionRow {
  /** A UUID (the job's GraphQL id). */
  @PrimaryColumn({ type: "varchar", length: 36 })
  id!: string;

  @Column({ type: "integer" })
  shopId!: number;

  /** RUNNING or FINISHED (INTERRUPTED is derived from a stale updated_at, never stored). */
  @Column({ type: "varchar", length: 16 })
  status!: string;

  @Column({ type: "varchar", length: 32 })
  resolution!: string;

  @Column({ type: "integer" })
  total!: number;

  @Column({ type: "integer" })
  doneCount!: number;

  @Column({ type: "integer" })
  refusedCount!: number;

  /** The staff user who started it (null for an API key). */
  @Column({ type: "integer", nullable: true })
  createdBy!: number | null;

  @Column(timestamp())
  createdAt!: Date;

  /** Heartbeat: the running instance touches it after each order and every few seconds. */
  @Column(timestamp())
  updatedAt!: Date;

  @Column(timestamp({ nullable: true }))
  finishedAt!: Date | null;
}

/** One processed order of a bulk resolution, in processing order (seq): resolved (code null) or refused with its reason. */
@Entity("bulk_resolution_order")
@Index("IDX_bulk_resolution_order_job_id_seq", ["jobId", "seq"], { unique: true })
export class BulkResolutionOrderRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 36 })
  jobId!: string;

  @Column({ type: "integer" })
  seq!: number;

  @Column({ type: "integer" })
  orderId!: number;

  /** The order's number; null for an id that is no order of the shop. */
  @Column({ type: "integer", nullable: true })
  number!: number | null;

  /** The refusal's userError code; null when resolved. */
  @Column({ type: "varchar", length: 64, nullable: true })
  code!: string | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  message!: string | null;
}
