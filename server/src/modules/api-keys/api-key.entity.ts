import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * An integration's key to the API (issue 15). Only the SHA-256 of its secret is stored; the secret
 * is shown once, when the key is created. Revoked keys stay listed (revokedAt), never reactivated.
 */
@Entity("api_key")
@Index("IDX_api_key_secret_hash", ["secretHash"], { unique: true })
@Index("IDX_api_key_shop_id", ["shopId"])
export class ApiKey {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** What the merchant calls it ("Loja VTEX", "ERP"): the actor's name on timelines and stock history. */
  @Column({ type: "varchar", length: 80 })
  name!: string;

  /** Its scopes, ApiScope values separated by commas ("ORDERS_READ,ORDERS_WRITE"). */
  @Column({ type: "varchar", length: 255 })
  scopes!: string;

  /** SHA-256 (hex) of the whole secret. */
  @Column({ type: "varchar", length: 64 })
  secretHash!: string;

  /** The secret's fixed prefix ("rpt_live_") and its last four characters, to recognise it in the list. */
  @Column({ type: "varchar", length: 16 })
  prefix!: string;

  @Column({ type: "varchar", length: 4 })
  lastFour!: string;

  /** The staff user who created it. */
  @Column({ type: "integer" })
  createdBy!: number;

  @Column(timestamp())
  createdAt!: Date;

  /** When it was last used (written at most once a minute). */
  @Column(timestamp({ nullable: true }))
  lastUsedAt!: Date | null;

  @Column(timestamp({ nullable: true }))
  revokedAt!: Date | null;
}
