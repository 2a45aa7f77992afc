import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** A "forgot password" link: only the SHA-256 of its token is stored; used once, 30 minutes. */
@Entity("password_reset")
@Index("IDX_password_reset_token_hash", ["tokenHash"], { unique: true })
@Index("IDX_password_reset_staff_user_id", ["staffUserId"])
export class PasswordReset {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  staffUserId!: number;

  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column(timestamp())
  expiresAt!: Date;

  @Column(timestamp({ nullable: true }))
  usedAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}
