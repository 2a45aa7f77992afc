import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";
import { Statement } from "../database";
import { Dialect } from "../dialect";

/**
 * The report over a shop of a million orders from facts kept with the events (issue 16, point 3):
 * - order_stockout: per order with a stockout, resolution or resumption event, its placement and
 *   kind, first shortage, first resolution, first resumption, and the value of its cancelled units;
 * - order_stockout_line: the lines of a SALE order's stockout with their units short or cancelled;
 * - order_quarter_count: SALE orders placed, hit by a stockout and cancelled per shop per UTC
 *   quarter hour (every zone's midnight falls on one);
 * - order_resolution: which resolutions (event type, side) each order had, and when first;
 * - refund's report indexes cover the figures they serve.
 * Backfilled from order_event, orders and order_line by `rebuildReportFacts` below.
 */
export class ReportFacts1767510000000 implements MigrationInterface {
  name = "ReportFacts1767510000000";

  async up(q: QueryRunner): Promise<void> {
    const time = (name: string, nullable = false) => ({ name, type: "datetime", precision: 3, isNullable: nullable });
    await q.createTable(
      new Table({
        name: "order_stockout",
        columns: [
          { name: "order_id", type: "integer", isPrimary: true },
          { name: "shop_id", type: "integer" },
          time("placed_at"),
          { name: "kind", type: "varchar", length: "16" },
          time("short_at", true),
          time("resolved_at", true),
          time("resumed_at", true),
          { name: "cancelled_value", type: "integer", default: 0 },
        ],
        indices: [
          new TableIndex({ name: "IDX_order_stockout_shop_id_short_at", columnNames: ["shop_id", "short_at", "resolved_at", "resumed_at"] }),
          new TableIndex({ name: "IDX_order_stockout_shop_id_placed_at", columnNames: ["shop_id", "placed_at", "kind", "cancelled_value"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "order_stockout_line",
        columns: [
          { name: "order_line_id", type: "integer", isPrimary: true },
          { name: "shop_id", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "sku_id", type: "integer" },
          time("placed_at"),
          { name: "units", type: "integer" },
        ],
        indices: [new TableIndex({ name: "IDX_order_stockout_line_shop_id_placed_at", columnNames: ["shop_id", "placed_at", "sku_id", "order_id", "units"] })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "order_quarter_count",
        columns: [
          { name: "shop_id", type: "integer", isPrimary: true },
          { ...time("quarter_start"), isPrimary: true },
          { name: "placed", type: "integer", default: 0 },
          { name: "stockouts", type: "integer", default: 0 },
          { name: "cancelled", type: "integer", default: 0 },
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "order_resolution",
        columns: [
          { name: "order_id", type: "integer", isPrimary: true },
          { name: "type", type: "varchar", length: "32", isPrimary: true },
          { name: "side", type: "varchar", length: "16", isPrimary: true },
          { name: "shop_id", type: "integer" },
          time("created_at"),
        ],
        indices: [new TableIndex({ name: "IDX_order_resolution_shop_id_type_side_created_at", columnNames: ["shop_id", "type", "side", "created_at"] })],
      }),
      true,
    );
    await q.dropIndex("refund", "IDX_refund_shop_id_created_at");
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_destination_status_created_at", columnNames: ["shop_id", "destination", "status", "created_at", "amount"] }));
    await q.dropIndex("refund", "IDX_refund_shop_id_status_paid_at");
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_status_paid_at", columnNames: ["shop_id", "status", "paid_at", "amount", "created_at"] }));

    const dialect: Dialect = q.connection.driver.options.type === "better-sqlite3" ? "sqlite" : "mysql";
    for (const { sql, params } of rebuildReportFacts(dialect, null)) await q.query(sql, params);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("refund", "IDX_refund_shop_id_status_paid_at");
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_status_paid_at", columnNames: ["shop_id", "status", "paid_at"] }));
    await q.dropIndex("refund", "IDX_refund_shop_id_destination_status_created_at");
    await q.createIndex("refund", new TableIndex({ name: "IDX_refund_shop_id_created_at", columnNames: ["shop_id", "created_at"] }));
    await q.dropTable("order_resolution");
    await q.dropTable("order_quarter_count");
    await q.dropTable("order_stockout_line");
    await q.dropTable("order_stockout");
  }
}

/** The UTC quarter hour (as a timestamp both databases compare like the app's own) of a timestamp column. */
export function quarterOf(dialect: Dialect, column: string): string {
  return dialect === "sqlite"
    ? `(strftime('%Y-%m-%d %H:%M:%S', CAST(strftime('%s', ${column}) AS INTEGER) / 900 * 900, 'unixepoch') || '.000')`
    : `TIMESTAMPADD(SECOND, (TO_SECONDS(${column}) - 62167219200) DIV 900 * 900, TIMESTAMP'1970-01-01 00:00:00')`;
}


/**
 * The facts of one shop (or of every shop: `shopId` null) made again from its order events, orders
 * and lines: what modules/orders/order-facts.ts keeps with every new event, from scratch.
 * Cancelled orders are counted by their status, stockouts by their STOCK_SHORTAGE event. Also the
 * bench's bulk seeder's, and the tests' check that both ways agree.
 */
export function rebuildReportFacts(dialect: Dialect, shopId: number | null): Statement[] {
  const where = (alias: string) => (shopId === null ? "" : `${alias}shop_id = ? AND `);
  const p = shopId === null ? [] : [shopId];
  const quarter = quarterOf(dialect, "o.placed_at");
  return [
    { sql: `DELETE FROM order_stockout_line${shopId === null ? "" : " WHERE shop_id = ?"}`, params: p },
    { sql: `DELETE FROM order_stockout${shopId === null ? "" : " WHERE shop_id = ?"}`, params: p },
    { sql: `DELETE FROM order_quarter_count${shopId === null ? "" : " WHERE shop_id = ?"}`, params: p },
    { sql: `DELETE FROM order_resolution${shopId === null ? "" : " WHERE shop_id = ?"}`, params: p },
    {
      sql: `INSERT INTO order_resolution (order_id, type, side, shop_id, created_at)
        SELECT e.order_id, e.type, e.side, MIN(e.shop_id), MIN(e.created_at)
        FROM (
          SELECT order_id, type, CASE WHEN actor_type = 'CUSTOMER' THEN 'CUSTOMER' ELSE 'MERCHANT' END AS side, shop_id, created_at
          FROM order_event WHERE ${where("")}type IN ('ORDER_ON_HOLD', 'ITEMS_CANCELLED', 'ORDER_CANCELLED', 'LINE_SUBSTITUTED')
        ) e GROUP BY e.order_id, e.type, e.side`,
      params: p,
    },
    {
      sql: `INSERT INTO order_stockout (order_id, shop_id, placed_at, kind, short_at, resolved_at, resumed_at, cancelled_value)
        SELECT o.id, o.shop_id, o.placed_at, o.kind, e.short_at, e.resolved_at, e.resumed_at,
          CASE WHEN e.cancels > 0 THEN (SELECT COALESCE(SUM(l.cancelled * l.unit_price), 0) FROM order_line l WHERE l.order_id = o.id) ELSE 0 END
        FROM (
          SELECT order_id,
            MIN(CASE WHEN type = 'STOCK_SHORTAGE' THEN created_at END) AS short_at,
            MIN(CASE WHEN type IN ('ORDER_ON_HOLD', 'ITEMS_CANCELLED', 'ORDER_CANCELLED', 'LINE_SUBSTITUTED') THEN created_at END) AS resolved_at,
            MIN(CASE WHEN type = 'ORDER_RESUMED' THEN created_at END) AS resumed_at,
            SUM(CASE WHEN type IN ('ORDER_CANCELLED', 'ITEMS_CANCELLED') THEN 1 ELSE 0 END) AS cancels
          FROM order_event WHERE ${where("")}type IN ('STOCK_SHORTAGE', 'ORDER_RESUMED', 'ORDER_ON_HOLD', 'ITEMS_CANCELLED', 'ORDER_CANCELLED', 'LINE_SUBSTITUTED') GROUP BY order_id
        ) e JOIN orders o ON o.id = e.order_id`,
      params: p,
    },
    {
      sql: `INSERT INTO order_stockout_line (order_line_id, shop_id, order_id, sku_id, placed_at, units)
        SELECT l.id, l.shop_id, l.order_id, l.sku_id, f.placed_at, l.short + l.cancelled
        FROM order_stockout f JOIN order_line l ON l.order_id = f.order_id
        WHERE ${where("f.")}f.short_at IS NOT NULL AND f.kind = 'SALE'`,
      params: p,
    },
    {
      sql: `INSERT INTO order_quarter_count (shop_id, quarter_start, placed, stockouts, cancelled)
        SELECT o.shop_id, ${quarter}, COUNT(*),
          SUM(CASE WHEN f.short_at IS NOT NULL THEN 1 ELSE 0 END),
          SUM(CASE WHEN o.status = 'CANCELLED' THEN 1 ELSE 0 END)
        FROM orders o LEFT JOIN order_stockout f ON f.order_id = o.id
        WHERE ${where("o.")}o.kind = 'SALE' GROUP BY o.shop_id, ${quarter}`,
      params: p,
    },
  ];
}
