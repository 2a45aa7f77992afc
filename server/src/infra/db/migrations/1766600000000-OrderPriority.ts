import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";

/**
 * A merchant's priority over FIFO (issue 17, point 7): an order waiting for stock may be marked
 * priority (when, and why); the restock engine serves priority orders first among those waiting
 * for a sku. The index finds a shop's priority orders (few) in mark order, so the engine reads
 * them apart from the FIFO part, which stays on order_line (sku_id, order_id).
 */
export class OrderPriority1766600000000 implements MigrationInterface {
  name = "OrderPriority1766600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("orders", new TableColumn({ name: "priority_at", type: "datetime", precision: 3, isNullable: true }));
    await q.addColumn("orders", new TableColumn({ name: "priority_reason", type: "varchar", length: "200", isNullable: true }));
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_priority_at_id", columnNames: ["shop_id", "priority_at", "id"] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("orders", "IDX_orders_shop_id_priority_at_id");
    await q.dropColumn("orders", "priority_reason");
    await q.dropColumn("orders", "priority_at");
  }
}
