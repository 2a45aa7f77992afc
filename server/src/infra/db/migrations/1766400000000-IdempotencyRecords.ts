import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** Idempotency keys of mutations (issue 15): per shop, operation and key, the request's hash and its response. */
export class IdempotencyRecords1766400000000 implements MigrationInterface {
  name = "IdempotencyRecords1766400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "idempotency_record",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "operation", type: "varchar", length: "64" },
          { name: "idempotency_key", type: "varchar", length: "100" },
          { name: "request_hash", type: "varchar", length: "64" },
          { name: "response", type: "text", isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "committed_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_idempotency_record_shop_operation_key", columnNames: ["shop_id", "operation", "idempotency_key"], isUnique: true }),
          new TableIndex({ name: "IDX_idempotency_record_created_at", columnNames: ["created_at"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("idempotency_record", true);
  }
}
