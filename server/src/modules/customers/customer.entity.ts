import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/** The person who placed an order. One row per e-mail address per shop. */
@Entity("customer")
@Index("IDX_customer_shop_id_email", ["shopId", "email"], { unique: true })
@Index("IDX_customer_shop_id_name", ["shopId", "name"])
export class Customer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  /** Lower-cased. */
  @Column({ type: "varchar", length: 254 })
  email!: string;

  @Column({ type: "varchar", length: 32, nullable: true })
  phone!: string | null;

  /** Eleven digits, no punctuation. Shown to merchants only masked. */
  @Column({ type: "varchar", length: 11, nullable: true })
  cpf!: string | null;

  @Column({ type: "varchar", length: 10 })
  locale!: string;

  @Column(timestamp())
  createdAt!: Date;
}
