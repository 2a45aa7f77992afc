import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { StaffRole } from "./roles";

/** A person at the merchant who logs in to the dashboard. */
@Entity("staff_user")
@Index("IDX_staff_user_email", ["email"], { unique: true })
@Index("IDX_staff_user_shop_id", ["shopId"])
export class StaffUser {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** Lower-cased; unique across shops because login is by e-mail alone. */
  @Column({ type: "varchar", length: 254 })
  email!: string;

  @Column({ type: "varchar", length: 120 })
  name!: string;

  /** scrypt$N$r$p$salt$hash */
  @Column({ type: "varchar", length: 255 })
  passwordHash!: string;

  /** OWNER, MANAGER or OPERATOR (see roles.ts and the role map in access.ts). */
  @Column({ type: "varchar", length: 16, default: StaffRole.OWNER })
  role!: StaffRole;

  /** When the user proved they own `email` (a link from sign-up); null until then. Invited users prove it by accepting. */
  @Column(timestamp({ nullable: true }))
  emailVerifiedAt!: Date | null;

  @Column(timestamp())
  createdAt!: Date;
}
