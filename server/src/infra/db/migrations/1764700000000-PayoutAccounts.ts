import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** The merchant's payout account (issue 11): where refunds "ao lojista" are paid, encrypted. */
export class PayoutAccounts1764700000000 implements MigrationInterface {
  name = "PayoutAccounts1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "shop_payout_account",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "details", type: "text" },
          { name: "kind", type: "varchar", length: "16" },
          { name: "details_masked", type: "varchar", length: "200" },
          { name: "updated_by_staff_id", type: "integer", isNullable: true },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
        indices: [new TableIndex({ name: "IDX_shop_payout_account_shop_id", columnNames: ["shop_id"], isUnique: true })],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("shop_payout_account", true);
  }
}
