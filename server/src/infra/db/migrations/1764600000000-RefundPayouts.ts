import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

/** Payouts (issue 11): when a refund was paid and the merchant's reference for the transfer. */
export class RefundPayouts1764600000000 implements MigrationInterface {
  name = "RefundPayouts1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("refund", [
      new TableColumn({ name: "paid_at", type: "datetime", precision: 3, isNullable: true }),
      new TableColumn({ name: "payout_reference", type: "varchar", length: "200", isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("refund", "payout_reference");
    await q.dropColumn("refund", "paid_at");
  }
}
