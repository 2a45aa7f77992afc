import { Read, Statement, Tx } from "../../infra/db/database";
import { Dialect, placeholders } from "../../infra/db/dialect";
import { rebuildOrderStatusCounts } from "../../infra/db/migrations/1767600000000-OrderStatusCounts";
import { OrderStatus } from "./order.entity";

/**
 * How many orders a shop has in each status, kept with every change (order_status_count, migration
 * 1767600000000), so the orders page and the queue count a million orders from a few rows, exactly:
 * - `statusCountStatement`: what inserting orders or moving them between statuses changes, written
 *   in the same transaction as the change, after its events (the report's facts lock their rows
 *   first, in that order everywhere). Every place that writes `orders.status` calls it: intake and
 *   follow-ups (insertOrderRows), resolutions, substitutions, the restock engine's resumption, shipping
 *   (changeStatus) and packing (reopenForStock); `order-counts.test.ts` checks each against COUNT(*).
 * - `orderStatusCountsRebuild`: the counts of a shop from its orders, for code that writes orders in
 *   bulk by raw SQL (the bench seeders, test helpers); `reportFactsRebuild` runs it too.
 * The delta goes to one of STATUS_COUNT_BUCKETS rows per status, chosen by the order (its id or
 * number), so two transactions meet on a row one time in 16 and no row is a queue for intake.
 */
export const STATUS_COUNT_BUCKETS = 16;

/** Orders that entered `to` from `from` (null: a new order; to null: gone), `count` of them (1). */
export interface StatusMove {
  from: OrderStatus | null;
  to: OrderStatus | null;
  count?: number;
}

/** One statement for these moves of a shop's orders, in the bucket of `key` (an order's id or number); null when they cancel out. */
export function statusCountStatement(dialect: Dialect, shopId: number, key: number, moves: StatusMove[]): Statement | null {
  const delta = new Map<string, number>();
  for (const m of moves) {
    const n = m.count ?? 1;
    if (m.from === m.to || n === 0) continue;
    if (m.from) delta.set(m.from, (delta.get(m.from) ?? 0) - n);
    if (m.to) delta.set(m.to, (delta.get(m.to) ?? 0) + n);
  }
  // Rows in one order (status), so two statements never lock them in opposite orders.
  const rows = [...delta].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (rows.length === 0) return null;
  const bucket = Math.abs(Math.trunc(key)) % STATUS_COUNT_BUCKETS;
  const insert = `INSERT INTO order_status_count (shop_id, status, bucket, n) VALUES ${rows.map(() => "(?, ?, ?, ?)").join(", ")}`;
  return {
    sql: dialect === "sqlite" ? `${insert} ON CONFLICT (shop_id, status, bucket) DO UPDATE SET n = n + excluded.n` : `${insert} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
    params: rows.flatMap(([status, n]) => [shopId, status, bucket, n]),
  };
}

/** Writes these moves inside the caller's transaction (nothing when they cancel out). */
export async function recordStatusMoves(tx: Tx, shopId: number, key: number, moves: StatusMove[]): Promise<void> {
  const statement = statusCountStatement(tx.dialect, shopId, key, moves);
  if (statement) await tx.run(statement.sql, statement.params);
}

/** How many of the shop's orders are in these statuses (all of them: null), exactly. */
export function statusCountRead(shopId: number, statuses: readonly OrderStatus[] | null): Read<number> {
  return {
    sql: `SELECT COALESCE(SUM(n), 0) AS n FROM order_status_count WHERE shop_id = ?${statuses ? ` AND status IN (${placeholders(statuses.length)})` : ""}`,
    params: [shopId, ...(statuses ?? [])],
    map: (rows) => Number(rows[0]?.n ?? 0),
  };
}

/** The counts of one shop (or of every shop: null) made again from its orders. */
export const orderStatusCountsRebuild: (dialect: Dialect, shopId: number | null) => Statement[] = rebuildOrderStatusCounts;
