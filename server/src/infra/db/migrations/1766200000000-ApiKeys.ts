import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** API keys for integrations (issue 15): the secret's SHA-256 only, scopes, last use, revocation. */
export class ApiKeys1766200000000 implements MigrationInterface {
  name = "ApiKeys1766200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "api_key",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "name", type: "varchar", length: "80" },
          { name: "scopes", type: "varchar", length: "255" },
          { name: "secret_hash", type: "varchar", length: "64" },
          { name: "prefix", type: "varchar", length: "16" },
          { name: "last_four", type: "varchar", length: "4" },
          { name: "created_by", type: "integer" },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "last_used_at", type: "datetime", precision: 3, isNullable: true },
          { name: "revoked_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_api_key_secret_hash", columnNames: ["secret_hash"], isUnique: true }),
          new TableIndex({ name: "IDX_api_key_shop_id", columnNames: ["shop_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("api_key", true);
  }
}
