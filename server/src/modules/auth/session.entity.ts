import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** A logged-in staff session. Only the SHA-256 of the bearer token is stored. */
@Entity("staff_session")
@Index("IDX_staff_session_token_hash", ["tokenHash"], { unique: true })
@Index("IDX_staff_session_staff_user_id", ["staffUserId"])
export class Session {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column({ type: "integer" })
  staffUserId!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column(timestamp())
  expiresAt!: Date;

  @Column(timestamp())
  createdAt!: Date;

  /** The User-Agent it logged in with, to tell the user's devices apart. */
  @Column({ type: "varchar", length: 255, nullable: true })
  userAgent!: string | null;

  /** When it was last used (updated at most once a minute). */
  @Column(timestamp({ nullable: true }))
  lastSeenAt!: Date | null;
}
