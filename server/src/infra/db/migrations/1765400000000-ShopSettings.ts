import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * A shop of one's own (issue 13): each shop has a time zone (dates on the desk and in e-mail
 * follow it) and its own refund link validity. Sign-up verifies the owner's e-mail by a link
 * (the token hashed, used once); everyone there before counts as verified (seeded, or they came
 * in through an e-mailed invitation).
 */
export class ShopSettings1765400000000 implements MigrationInterface {
  name = "ShopSettings1765400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("shop", new TableColumn({ name: "time_zone", type: "varchar", length: "64", default: "'UTC'" }));
    await q.query("UPDATE shop SET time_zone = 'America/Sao_Paulo' WHERE currency = 'BRL'");
    await q.query("UPDATE shop SET time_zone = 'Europe/Warsaw' WHERE currency = 'PLN'");
    await q.addColumn("shop", new TableColumn({ name: "refund_link_days", type: "integer", default: 14 }));
    await q.addColumn("staff_user", new TableColumn({ name: "email_verified_at", type: "datetime", precision: 3, isNullable: true }));
    await q.query("UPDATE staff_user SET email_verified_at = created_at");
    await q.createTable(
      new Table({
        name: "email_verification",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "staff_user_id", type: "integer" },
          { name: "email", type: "varchar", length: "254" },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "expires_at", type: "datetime", precision: 3 },
          { name: "used_at", type: "datetime", precision: 3, isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_email_verification_token_hash", columnNames: ["token_hash"], isUnique: true }),
          new TableIndex({ name: "IDX_email_verification_staff_user_id", columnNames: ["staff_user_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("email_verification", true);
    await q.dropColumn("staff_user", "email_verified_at");
    await q.dropColumn("shop", "refund_link_days");
    await q.dropColumn("shop", "time_zone");
  }
}
