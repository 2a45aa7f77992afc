import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../db/columns";

/**
 * One idempotent mutation call (issue 15): per shop, operation and key, the hash of its input and,
 * once answered, the response it got (JSON; secrets shown once are not kept). Kept 24 hours.
 */
@Entity("idempotency_record")
@Index("IDX_idempotency_record_shop_operation_key", ["shopId", "operation", "idempotencyKey"], { unique: true })
@Index("IDX_idempotency_record_created_at", ["createdAt"])
export class IdempotencyRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 64 })
  operation!: string;

  @Column({ type: "varchar", length: 100 })
  idempotencyKey!: string;

  /** SHA-256 (hex) of the operation's arguments, the key left out. */
  @Column({ type: "varchar", length: 64 })
  requestHash!: string;

  /** The response's JSON; null while the call runs. */
  @Column({ type: "text", nullable: true })
  response!: string | null;

  @Column(timestamp())
  createdAt!: Date;

  /**
   * Set by the first transaction of the call, in that transaction: a record without it and without
   * a response is a call whose change never committed (the server stopped): freed after 10 minutes.
   */
  @Column(timestamp({ nullable: true }))
  committedAt!: Date | null;
}
