import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

/**
 * Indexes for the report (issue 16), nothing else: orders by placement day (covering the daily
 * counts), order events by type and time (stockouts, resolutions, cancellations in a range) and
 * refunds by creation and payment time, short order lines (revenue at risk).
 */
export class ReportIndexes1766500000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_placed_at", columnNames: ["shop_id", "placed_at", "kind", "status"] }));
    await q.createIndex("order_event", new TableIndex({ name: "IDX_order_event_shop_id_type_created_at", columnNames: ["shop_id", "type", "created_at", "order_id"] }));
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_created_at", columnNames: ["shop_id", "created_at"] }));
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_status_paid_at", columnNames: ["shop_id", "status", "paid_at"] }));
    // Revenue at risk: the short lines alone, covered (a shop's 1M orders' lines never read).
    await q.createIndex("order_line", new TableIndex({ name: "IDX_order_line_shop_id_short", columnNames: ["shop_id", "short", "unit_price", "order_id"] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("order_line", "IDX_order_line_shop_id_short");
    await q.dropIndex("refund", "IDX_refund_shop_id_status_paid_at");
    await q.dropIndex("refund", "IDX_refund_shop_id_created_at");
    await q.dropIndex("order_event", "IDX_order_event_shop_id_type_created_at");
    await q.dropIndex("orders", "IDX_orders_shop_id_placed_at");
  }
}
