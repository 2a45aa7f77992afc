import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/**
 * Returns and exchanges (issue 14): a return as a document of its own pointing at a delivered
 * order, with its lines (sku and quantities, for return rates per sku). The RETURN stock movement
 * needs no change: stock_movement.kind is a varchar.
 */
export class Returns1766100000000 implements MigrationInterface {
  name = "Returns1766100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "order_return",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "status", type: "varchar", length: "16" },
          { name: "note", type: "varchar", length: "1000", isNullable: true },
          { name: "instructions", type: "varchar", length: "2000", isNullable: true },
          { name: "refusal_message", type: "varchar", length: "1000", isNullable: true },
          { name: "settlement", type: "varchar", length: "16", isNullable: true },
          { name: "refund_id", type: "integer", isNullable: true },
          { name: "credit_note_id", type: "integer", isNullable: true },
          { name: "exchange_order_id", type: "integer", isNullable: true },
          { name: "claim_id", type: "integer", isNullable: true },
          { name: "requested_by_type", type: "varchar", length: "16" },
          { name: "requested_by_id", type: "integer", isNullable: true },
          { name: "requested_by_name", type: "varchar", length: "200", isNullable: true },
          { name: "requested_at", type: "datetime", precision: 3 },
          { name: "decided_at", type: "datetime", precision: 3, isNullable: true },
          { name: "received_at", type: "datetime", precision: 3, isNullable: true },
          { name: "closed_at", type: "datetime", precision: 3, isNullable: true },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_order_return_shop_id_order_id", columnNames: ["shop_id", "order_id"] }),
          new TableIndex({ name: "IDX_order_return_shop_id_status_id", columnNames: ["shop_id", "status", "id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "order_return_line",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "return_id", type: "integer" },
          { name: "order_line_id", type: "integer" },
          { name: "sku_id", type: "integer" },
          { name: "quantity", type: "integer" },
          { name: "reason", type: "varchar", length: "16" },
          { name: "quantity_good", type: "integer", isNullable: true },
          { name: "quantity_damaged", type: "integer", isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_order_return_line_return_id", columnNames: ["return_id"] }),
          new TableIndex({ name: "IDX_order_return_line_order_line_id", columnNames: ["order_line_id"] }),
          new TableIndex({ name: "IDX_order_return_line_shop_id_sku_id", columnNames: ["shop_id", "sku_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("order_return_line", true);
    await q.dropTable("order_return", true);
  }
}
