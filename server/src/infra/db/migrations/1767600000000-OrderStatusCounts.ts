import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { Statement } from "../database";
import { Dialect } from "../dialect";

/**
 * Order counts by status kept with the changes (issue 17, point 5): order_status_count holds, per
 * shop, status and bucket, how many orders entered that status minus how many left it, written in
 * the transaction that inserts an order or changes its status (modules/orders/order-counts.ts). A
 * shop's orders in a status are the sum of its buckets (16 at most), so the orders page and the
 * queue count a million orders from a few rows instead of walking an index. Buckets spread the
 * writes of concurrent transactions over several rows; a bucket alone means nothing (it may be
 * negative). Backfilled from orders by `rebuildOrderStatusCounts` below.
 */
export class OrderStatusCounts1767600000000 implements MigrationInterface {
  name = "OrderStatusCounts1767600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "order_status_count",
        columns: [
          { name: "shop_id", type: "integer", isPrimary: true },
          { name: "status", type: "varchar", length: "24", isPrimary: true },
          { name: "bucket", type: "integer", isPrimary: true },
          { name: "n", type: "integer", default: 0 },
        ],
      }),
      true,
    );
    const dialect: Dialect = q.connection.driver.options.type === "better-sqlite3" ? "sqlite" : "mysql";
    for (const { sql, params } of rebuildOrderStatusCounts(dialect, null)) await q.query(sql, params);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("order_status_count");
  }
}

/**
 * The counts of one shop (or of every shop: `shopId` null) made again from its orders: one row per
 * status in bucket 0. Run where nothing changes the shop's orders meanwhile (a migration, a seed).
 */
export function rebuildOrderStatusCounts(_dialect: Dialect, shopId: number | null): Statement[] {
  const p = shopId === null ? [] : [shopId];
  return [
    { sql: `DELETE FROM order_status_count${shopId === null ? "" : " WHERE shop_id = ?"}`, params: p },
    {
      sql: `INSERT INTO order_status_count (shop_id, status, bucket, n)
        SELECT shop_id, status, 0, COUNT(*) FROM orders${shopId === null ? "" : " WHERE shop_id = ?"} GROUP BY shop_id, status`,
      params: p,
    },
  ];
}
