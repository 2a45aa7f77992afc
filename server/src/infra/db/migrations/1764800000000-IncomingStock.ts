import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** Deliveries a shop expects per sku (issue 12): the waiting orders' expected restock dates come from them. */
export class IncomingStock1764800000000 implements MigrationInterface {
  name = "IncomingStock1764800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "incoming_stock",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "sku_id", type: "integer" },
          { name: "quantity", type: "integer" },
          { name: "received_quantity", type: "integer", default: 0 },
          { name: "expected_on", type: "varchar", length: "10" },
          { name: "supplier_reference", type: "varchar", length: "100", isNullable: true },
          { name: "status", type: "varchar", length: "16" },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
        indices: [new TableIndex({ name: "IDX_incoming_stock_shop_id_sku_id_status", columnNames: ["shop_id", "sku_id", "status"] })],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("incoming_stock", true);
  }
}
