import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** Refunds and their lines (issue 3: the stockout desk's resolutions). */
export class Refunds1763990000000 implements MigrationInterface {
  name = "Refunds1763990000000";

  async up(q: QueryRunner): Promise<void> {
    const id = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" as const };
    const int = (name: string) => ({ name, type: "integer" });
    const time = (name: string) => ({ name, type: "datetime", precision: 3 });
    await q.createTable(
      new Table({
        name: "refund",
        columns: [
          id,
          int("shop_id"),
          int("order_id"),
          { name: "destination", type: "varchar", length: "16" },
          { name: "status", type: "varchar", length: "32" },
          int("amount"),
          int("shipping_amount"),
          { name: "currency", type: "varchar", length: "3" },
          { name: "reason", type: "varchar", length: "500", isNullable: true },
          time("created_at"),
          time("updated_at"),
        ],
        indices: [
          new TableIndex({ name: "IDX_refund_order_id", columnNames: ["order_id"] }),
          new TableIndex({ name: "IDX_refund_shop_id_status_id", columnNames: ["shop_id", "status", "id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "refund_line",
        columns: [id, int("shop_id"), int("refund_id"), int("order_line_id"), int("quantity"), int("amount")],
        indices: [new TableIndex({ name: "IDX_refund_line_refund_id", columnNames: ["refund_id"] })],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("refund_line", true);
    await q.dropTable("refund", true);
  }
}
