import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * The customer's order page (issue 12): one link per order (token hashed for lookup, encrypted for
 * the messages that carry it), who resolved the order first (the merchant or the customer: the other
 * is then refused), and the shop setting that lets customers choose (on for BRL shops).
 */
export class OrderPage1765100000000 implements MigrationInterface {
  name = "OrderPage1765100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "order_page_link",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "token_sealed", type: "text" },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          new TableIndex({ name: "IDX_order_page_link_order_id", columnNames: ["order_id"], isUnique: true }),
          new TableIndex({ name: "IDX_order_page_link_token_hash", columnNames: ["token_hash"], isUnique: true }),
        ],
      }),
      true,
    );
    await q.addColumn("orders", new TableColumn({ name: "resolved_by", type: "varchar", length: "16", isNullable: true }));
    await q.addColumn("shop", new TableColumn({ name: "customers_may_choose", type: "boolean", default: 0 }));
    await q.query("UPDATE shop SET customers_may_choose = 1 WHERE currency = 'BRL'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("shop", "customers_may_choose");
    await q.dropColumn("orders", "resolved_by");
    await q.dropTable("order_page_link", true);
  }
}
