import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * After delivery (issue 14): follow-up orders (orders.kind: SALE, RESHIPMENT or EXCHANGE, and the
 * order they follow up) and incomplete-delivery claims as documents of their own, with their lines.
 */
export class Claims1766000000000 implements MigrationInterface {
  name = "Claims1766000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("orders", [
      new TableColumn({ name: "kind", type: "varchar", length: "16", default: "'SALE'" }),
      new TableColumn({ name: "origin_order_id", type: "integer", isNullable: true }),
    ]);
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_origin_order_id", columnNames: ["shop_id", "origin_order_id"] }));
    await q.createTable(
      new Table({
        name: "claim",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "number", type: "integer" },
          { name: "status", type: "varchar", length: "16" },
          { name: "outcome", type: "varchar", length: "24", isNullable: true },
          { name: "note", type: "varchar", length: "500", isNullable: true },
          { name: "message", type: "varchar", length: "500", isNullable: true },
          { name: "opened_by", type: "varchar", length: "16" },
          { name: "opened_by_name", type: "varchar", length: "200", isNullable: true },
          { name: "resolved_by", type: "varchar", length: "16", isNullable: true },
          { name: "resolved_by_name", type: "varchar", length: "200", isNullable: true },
          { name: "follow_up_order_id", type: "integer", isNullable: true },
          { name: "refund_id", type: "integer", isNullable: true },
          { name: "credit_note_id", type: "integer", isNullable: true },
          { name: "return_id", type: "integer", isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "resolved_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_claim_order_id_number", columnNames: ["order_id", "number"], isUnique: true }),
          new TableIndex({ name: "IDX_claim_shop_id_status_id", columnNames: ["shop_id", "status", "id"] }),
          new TableIndex({ name: "IDX_claim_shop_id_follow_up_order_id", columnNames: ["shop_id", "follow_up_order_id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "claim_line",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "claim_id", type: "integer" },
          { name: "order_line_id", type: "integer" },
          { name: "sku_id", type: "integer" },
          { name: "quantity", type: "integer" },
        ],
        indices: [
          new TableIndex({ name: "IDX_claim_line_claim_id", columnNames: ["claim_id"] }),
          new TableIndex({ name: "IDX_claim_line_order_line_id", columnNames: ["order_line_id"] }),
          new TableIndex({ name: "IDX_claim_line_shop_id_sku_id", columnNames: ["shop_id", "sku_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("claim_line", true);
    await q.dropTable("claim", true);
    await q.dropIndex("orders", "IDX_orders_shop_id_origin_order_id");
    await q.dropColumn("orders", "origin_order_id");
    await q.dropColumn("orders", "kind");
  }
}
