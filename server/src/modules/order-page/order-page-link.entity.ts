import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * The customer's link to their order page (`<PUBLIC_URL>/order/<token>`), made the first time it is
 * needed. The token is found by its SHA-256 and kept encrypted (context `order:<id>:page-link`) so
 * every message about the order can carry the same link; it is never stored in plaintext.
 */
@Entity("order_page_link")
@Index("IDX_order_page_link_order_id", ["orderId"], { unique: true })
@Index("IDX_order_page_link_token_hash", ["tokenHash"], { unique: true })
export class OrderPageLink {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column({ type: "text" })
  tokenSealed!: string;

  @Column(timestamp())
  createdAt!: Date;
}
