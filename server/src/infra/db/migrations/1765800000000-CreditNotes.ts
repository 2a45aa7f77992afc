import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/**
 * Credit notes (issue 14): numbered per shop, immutable, with their lines, and the per-shop
 * counter their numbers come from (created with a shop's first credit note).
 */
export class CreditNotes1765800000000 implements MigrationInterface {
  name = "CreditNotes1765800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "credit_note",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "number", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "source_type", type: "varchar", length: "16" },
          { name: "source_id", type: "integer", isNullable: true },
          { name: "reason", type: "varchar", length: "500" },
          { name: "currency", type: "varchar", length: "3" },
          { name: "total", type: "integer" },
          { name: "issued_at", type: "datetime", precision: 3 },
          { name: "actor_type", type: "varchar", length: "16" },
          { name: "actor_id", type: "integer", isNullable: true },
          { name: "actor_name", type: "varchar", length: "200", isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_credit_note_shop_id_number", columnNames: ["shop_id", "number"], isUnique: true }),
          new TableIndex({ name: "IDX_credit_note_shop_id_order_id", columnNames: ["shop_id", "order_id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "credit_note_line",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "credit_note_id", type: "integer" },
          { name: "description", type: "varchar", length: "200" },
          { name: "sku_code", type: "varchar", length: "64", isNullable: true },
          { name: "quantity", type: "integer" },
          { name: "unit_amount", type: "integer" },
          { name: "amount", type: "integer" },
        ],
        indices: [new TableIndex({ name: "IDX_credit_note_line_credit_note_id", columnNames: ["credit_note_id"] })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "credit_note_sequence",
        columns: [
          { name: "shop_id", type: "integer", isPrimary: true },
          { name: "last_number", type: "integer", default: 0 },
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("credit_note_sequence", true);
    await q.dropTable("credit_note_line", true);
    await q.dropTable("credit_note", true);
  }
}
