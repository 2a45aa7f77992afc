import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** The outbox for notifications that are not order events (issue 3: live updates). */
export class Outbox1764000000000 implements MigrationInterface {
  name = "Outbox1764000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "outbox_message",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "topic", type: "varchar", length: "64" },
          { name: "payload", type: "text" },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "dispatched_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [new TableIndex({ name: "IDX_outbox_message_dispatched_at_id", columnNames: ["dispatched_at", "id"] })],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("outbox_message", true);
  }
}
