import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * Equivalent products (issue 12): the substitutes offered for a short line, and on a line that
 * substitutes another, the line it replaced.
 */
export class Substitutes1764900000000 implements MigrationInterface {
  name = "Substitutes1764900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "substitute_offer",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "order_line_id", type: "integer" },
          { name: "sku_id", type: "integer" },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_substitute_offer_order_line_id_sku_id", columnNames: ["order_line_id", "sku_id"], isUnique: true }),
          new TableIndex({ name: "IDX_substitute_offer_shop_id_order_id", columnNames: ["shop_id", "order_id"] }),
        ],
      }),
      true,
    );
    await q.addColumn("order_line", new TableColumn({ name: "replaces_line_id", type: "integer", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("order_line", "replaces_line_id");
    await q.dropTable("substitute_offer", true);
  }
}
