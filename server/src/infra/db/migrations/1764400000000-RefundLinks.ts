import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";

/**
 * Refunds to the customer (issue 11): the public link (only its SHA-256 hash, and when it expires),
 * the wrong CPFs counted against it, and the payout destination (encrypted, plus a masked copy
 * for the merchant's views).
 */
export class RefundLinks1764400000000 implements MigrationInterface {
  name = "RefundLinks1764400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("refund", [
      new TableColumn({ name: "link_token_hash", type: "varchar", length: "64", isNullable: true }),
      new TableColumn({ name: "link_expires_at", type: "datetime", precision: 3, isNullable: true }),
      new TableColumn({ name: "cpf_attempts", type: "integer", default: 0 }),
      new TableColumn({ name: "payout_details", type: "text", isNullable: true }),
      new TableColumn({ name: "payout_details_masked", type: "varchar", length: "200", isNullable: true }),
    ]);
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_link_token_hash", columnNames: ["link_token_hash"], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("refund", "IDX_refund_link_token_hash");
    for (const column of ["payout_details_masked", "payout_details", "cpf_attempts", "link_expires_at", "link_token_hash"]) await q.dropColumn("refund", column);
  }
}
