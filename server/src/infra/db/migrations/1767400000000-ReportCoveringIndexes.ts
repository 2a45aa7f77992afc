import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

/**
 * The report over a shop of a million orders from index entries alone (issue 16, point 3).
 * - orders (shop_id, id) becomes (shop_id, id, placed_at, kind): the orders a set of events names
 *   (stockouts, cancellations) are checked against the range from this index instead of each
 *   order's row. Its name stays (order.service.ts reads the queue through it by name); intake keeps
 *   the same number of indexes, and placed_at and kind never change after placement.
 * - order_event (shop_id, type, created_at, order_id) gains actor_type: resolutions by side counted
 *   without reading the events' rows.
 */
export class ReportCoveringIndexes1767400000000 implements MigrationInterface {
  name = "ReportCoveringIndexes1767400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex("orders", "IDX_orders_shop_id_id");
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_id", columnNames: ["shop_id", "id", "placed_at", "kind"] }));
    await q.createIndex(
      "order_event",
      new TableIndex({ name: "IDX_order_event_shop_id_type_created_at_actor", columnNames: ["shop_id", "type", "created_at", "order_id", "actor_type"] }),
    );
    await q.dropIndex("order_event", "IDX_order_event_shop_id_type_created_at");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex("order_event", new TableIndex({ name: "IDX_order_event_shop_id_type_created_at", columnNames: ["shop_id", "type", "created_at", "order_id"] }));
    await q.dropIndex("order_event", "IDX_order_event_shop_id_type_created_at_actor");
    await q.dropIndex("orders", "IDX_orders_shop_id_id");
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_id", columnNames: ["shop_id", "id"] }));
  }
}
