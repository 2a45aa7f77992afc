import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { StaffRole } from "./roles";

/** An invitation to a shop's team, by e-mail. Only the SHA-256 of its token is stored; used once. */
@Entity("staff_invitation")
@Index("IDX_staff_invitation_token_hash", ["tokenHash"], { unique: true })
@Index("IDX_staff_invitation_shop_id_email", ["shopId", "email"])
export class StaffInvitation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** Lower-cased. */
  @Column({ type: "varchar", length: 254 })
  email!: string;

  @Column({ type: "varchar", length: 16 })
  role!: StaffRole;

  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column({ type: "integer" })
  invitedBy!: number;

  @Column(timestamp())
  expiresAt!: Date;

  @Column(timestamp({ nullable: true }))
  acceptedAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}
