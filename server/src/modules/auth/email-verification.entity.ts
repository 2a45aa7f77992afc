import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** A link that proves a staff user owns their e-mail address: only the SHA-256 of its token is stored; used once. */
@Entity("email_verification")
@Index("IDX_email_verification_token_hash", ["tokenHash"], { unique: true })
@Index("IDX_email_verification_staff_user_id", ["staffUserId"])
export class EmailVerification {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  staffUserId!: number;

  /** The address the link was sent to: verifying proves this one, not a later change. */
  @Column({ type: "varchar", length: 254 })
  email!: string;

  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column(timestamp())
  expiresAt!: Date;

  @Column(timestamp({ nullable: true }))
  usedAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}
