import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * Shipments (issue 14): the order's shipping address (nullable columns on orders: intake writes
 * them in the order's own INSERT), and shipments as documents of their own, each with its lines.
 */
export class Shipments1765700000000 implements MigrationInterface {
  name = "Shipments1765700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("orders", [
      new TableColumn({ name: "ship_to_name", type: "varchar", length: "200", isNullable: true }),
      new TableColumn({ name: "ship_to_street", type: "varchar", length: "200", isNullable: true }),
      new TableColumn({ name: "ship_to_number", type: "varchar", length: "20", isNullable: true }),
      new TableColumn({ name: "ship_to_complement", type: "varchar", length: "100", isNullable: true }),
      new TableColumn({ name: "ship_to_district", type: "varchar", length: "100", isNullable: true }),
      new TableColumn({ name: "ship_to_city", type: "varchar", length: "100", isNullable: true }),
      new TableColumn({ name: "ship_to_region", type: "varchar", length: "100", isNullable: true }),
      new TableColumn({ name: "ship_to_postal_code", type: "varchar", length: "16", isNullable: true }),
      new TableColumn({ name: "ship_to_country", type: "varchar", length: "2", isNullable: true }),
    ]);
    await q.createTable(
      new Table({
        name: "shipment",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "number", type: "integer" },
          { name: "carrier", type: "varchar", length: "16" },
          { name: "tracking_code", type: "varchar", length: "64" },
          { name: "tracking_url", type: "varchar", length: "500", isNullable: true },
          { name: "shipped_at", type: "datetime", precision: 3 },
          { name: "delivered_at", type: "datetime", precision: 3, isNullable: true },
          { name: "actor_type", type: "varchar", length: "16" },
          { name: "actor_id", type: "integer", isNullable: true },
          { name: "actor_name", type: "varchar", length: "200", isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_shipment_order_id_number", columnNames: ["order_id", "number"], isUnique: true }),
          new TableIndex({ name: "IDX_shipment_shop_id_id", columnNames: ["shop_id", "id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "shipment_line",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "shipment_id", type: "integer" },
          { name: "order_line_id", type: "integer" },
          { name: "quantity", type: "integer" },
        ],
        indices: [
          new TableIndex({ name: "IDX_shipment_line_shipment_id", columnNames: ["shipment_id"] }),
          new TableIndex({ name: "IDX_shipment_line_order_line_id", columnNames: ["order_line_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("shipment_line", true);
    await q.dropTable("shipment", true);
    for (const column of ["name", "street", "number", "complement", "district", "city", "region", "postal_code", "country"]) {
      await q.dropColumn("orders", `ship_to_${column}`);
    }
  }
}
