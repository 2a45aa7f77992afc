import { Statement } from "../../infra/db/database";
import { Dialect, SqlExpression } from "../../infra/db/dialect";
import { quarterOf, rebuildReportFacts } from "../../infra/db/migrations/1767510000000-ReportFacts";
import { OrderEventType } from "./order-event.entity";
import { orderStatusCountsRebuild } from "./order-counts";

/**
 * The report's facts (order-facts.entity.ts), kept by the statements that write order events
 * (orderEventsStatements): what each stockout cost and how long it waited, which resolutions each
 * order had, and the orders placed, hit and cancelled per quarter hour. Two ways to the same rows:
 * - `reportFactsStatements`: what a batch of new events changes, in the events' own transaction.
 *   They read only the rows the transaction changed itself (its orders, their lines), never the
 *   event log. On MySQL reading an order's lines also locks the gap after them: for the newest
 *   order (a short order at intake) another intake's lines wait for its commit, which travels in
 *   the same round trip.
 * - `reportFactsRebuild`: the facts of a shop (or every shop) from its events, orders and lines;
 *   the backfill of migration 1767510000000, the bench's bulk seeder, and the tests' check that both
 *   ways agree.
 */

const RESOLUTIONS = [OrderEventType.ORDER_ON_HOLD, OrderEventType.ITEMS_CANCELLED, OrderEventType.ORDER_CANCELLED, OrderEventType.LINE_SUBSTITUTED];
const CANCELLATIONS = [OrderEventType.ORDER_CANCELLED, OrderEventType.ITEMS_CANCELLED];
/** Events after which an order's lines may have other short or cancelled units. */
const LINE_CHANGES = [
  OrderEventType.STOCK_SHORTAGE,
  OrderEventType.STOCK_ALLOCATED,
  OrderEventType.ORDER_RESUMED,
  OrderEventType.ITEMS_CANCELLED,
  OrderEventType.ORDER_CANCELLED,
  OrderEventType.LINE_SUBSTITUTED,
  OrderEventType.SHORT_AT_PACKING,
];
const FACT_EVENTS = [OrderEventType.STOCK_SHORTAGE, OrderEventType.ORDER_RESUMED, ...RESOLUTIONS];

/** `INSERT ... SELECT` that updates the row it finds instead: `set` maps a column to its new value from the row's (`old`) and the insert's (`next`). */
function upsert(dialect: Dialect, insert: string, key: string[], set: Record<string, (old: string, next: string) => string>): string {
  const columns = Object.entries(set);
  return dialect === "sqlite"
    ? `${insert} ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${columns.map(([c, f]) => `${c} = ${f(c, `excluded.${c}`)}`).join(", ")}`
    : `${insert} ON DUPLICATE KEY UPDATE ${columns.map(([c, f]) => `${c} = ${f(c, `VALUES(${c})`)}`).join(", ")}`;
}

interface FactEvent {
  orderId: number | SqlExpression;
  type: OrderEventType;
}

/** `IN (...)` of order ids, some of which may be a SQL variable of a MySQL batch. */
function idList(ids: Array<number | SqlExpression>, params: unknown[]): string {
  return ids
    .map((id) => {
      if (id instanceof SqlExpression) return id.sql;
      params.push(id);
      return "?";
    })
    .join(", ");
}

/**
 * The statements that bring the facts up to date with these new events of one shop (all written at
 * `now`, a `sqlTimestamp`), to run in the same transaction right after the events, once the orders'
 * lines are in their new state. None when no event concerns them.
 */
export function reportFactsStatements(dialect: Dialect, shopId: number, events: FactEvent[], now: string, actorType: string): Statement[] {
  const byOrder = new Map<string, { id: number | SqlExpression; types: Set<OrderEventType> }>();
  for (const e of events) {
    const key = e.orderId instanceof SqlExpression ? e.orderId.sql : String(e.orderId);
    const entry = byOrder.get(key) ?? { id: e.orderId, types: new Set<OrderEventType>() };
    entry.types.add(e.type);
    byOrder.set(key, entry);
  }
  const orders = [...byOrder.values()];
  const has = (types: Set<OrderEventType>, among: readonly OrderEventType[]) => among.some((t) => types.has(t));
  const statements: Statement[] = [];

  // One row per order: its first shortage, resolution and resumption, and what its cancellations cost.
  const shapes = new Map<string, { short: boolean; resolved: boolean; resumed: boolean; cancel: boolean; ids: Array<number | SqlExpression> }>();
  for (const o of orders) {
    if (!has(o.types, FACT_EVENTS)) continue;
    const shape = { short: o.types.has(OrderEventType.STOCK_SHORTAGE), resolved: has(o.types, RESOLUTIONS), resumed: o.types.has(OrderEventType.ORDER_RESUMED), cancel: has(o.types, CANCELLATIONS) };
    const key = JSON.stringify(shape);
    const entry = shapes.get(key) ?? { ...shape, ids: [] };
    entry.ids.push(o.id);
    shapes.set(key, entry);
  }
  for (const s of shapes.values()) {
    const params: unknown[] = [s.short ? now : null, s.resolved ? now : null, s.resumed ? now : null, shopId];
    const ids = idList(s.ids, params);
    const cancelledValue = s.cancel ? "(SELECT COALESCE(SUM(l.cancelled * l.unit_price), 0) FROM order_line l WHERE l.order_id = o.id)" : "0";
    const first = (old: string, next: string) => `COALESCE(${old}, ${next})`;
    statements.push({
      sql: upsert(
        dialect,
        `INSERT INTO order_stockout (order_id, shop_id, placed_at, kind, short_at, resolved_at, resumed_at, cancelled_value)
         SELECT o.id, o.shop_id, o.placed_at, o.kind, ?, ?, ?, ${cancelledValue} FROM orders o WHERE o.shop_id = ? AND o.id IN (${ids})`,
        ["order_id"],
        { short_at: first, resolved_at: first, resumed_at: first, ...(s.cancel ? { cancelled_value: (_old: string, next: string) => next } : {}) },
      ),
      params,
    });
  }

  // The lines of its stockout, when they may have changed (SALE orders that hit one only).
  const lineOrders = orders.filter((o) => has(o.types, LINE_CHANGES)).map((o) => o.id);
  if (lineOrders.length) {
    const params: unknown[] = [shopId];
    const ids = idList(lineOrders, params);
    statements.push({
      sql: upsert(
        dialect,
        `INSERT INTO order_stockout_line (order_line_id, shop_id, order_id, sku_id, placed_at, units)
         SELECT l.id, l.shop_id, l.order_id, l.sku_id, f.placed_at, l.short + l.cancelled
         FROM order_stockout f JOIN order_line l ON l.order_id = f.order_id
         WHERE f.shop_id = ? AND f.order_id IN (${ids}) AND f.short_at IS NOT NULL AND f.kind = 'SALE'`,
        ["order_line_id"],
        { units: (_old, next) => next },
      ),
      params,
    });
  }

  // The quarter hour's counts: placed, hit by a stockout, cancelled (SALE orders only).
  const counts = new Map<string, { placed: number; short: number; cancelled: number; ids: Array<number | SqlExpression> }>();
  for (const o of orders) {
    const shape = {
      placed: o.types.has(OrderEventType.ORDER_PLACED) ? 1 : 0,
      short: o.types.has(OrderEventType.STOCK_SHORTAGE) ? 1 : 0,
      cancelled: o.types.has(OrderEventType.ORDER_CANCELLED) ? 1 : 0,
    };
    if (!shape.placed && !shape.short && !shape.cancelled) continue;
    const key = JSON.stringify(shape);
    const entry = counts.get(key) ?? { ...shape, ids: [] };
    entry.ids.push(o.id);
    counts.set(key, entry);
  }
  for (const c of counts.values()) {
    const params: unknown[] = [shopId];
    const ids = idList(c.ids, params);
    const quarter = quarterOf(dialect, "o.placed_at");
    const add = (old: string, next: string) => `${old} + ${next}`;
    statements.push({
      sql: upsert(
        dialect,
        `INSERT INTO order_quarter_count (shop_id, quarter_start, placed, stockouts, cancelled)
         SELECT o.shop_id, ${quarter}, COUNT(*) * ${c.placed}, COUNT(*) * ${c.short}, COUNT(*) * ${c.cancelled}
         FROM orders o WHERE o.shop_id = ? AND o.id IN (${ids}) AND o.kind = 'SALE' GROUP BY o.shop_id, ${quarter}`,
        ["shop_id", "quarter_start"],
        { placed: add, stockouts: add, cancelled: add },
      ),
      params,
    });
  }
  // The resolutions taken, once per order, kind and side (the first one's time).
  const side = actorType === "CUSTOMER" ? "CUSTOMER" : "MERCHANT";
  const resolved = orders.flatMap((o) => RESOLUTIONS.filter((t) => o.types.has(t)).map((type) => ({ id: o.id, type })));
  if (resolved.length) {
    const params: unknown[] = [];
    const rows = resolved.map((r) => {
      const id = idList([r.id], params);
      params.push(r.type, side, shopId, now);
      return `(${id}, ?, ?, ?, ?)`;
    });
    const insert = `INSERT INTO order_resolution (order_id, type, side, shop_id, created_at) VALUES ${rows.join(", ")}`;
    statements.push({
      sql: dialect === "sqlite" ? `${insert} ON CONFLICT (order_id, type, side) DO NOTHING` : `${insert} ON DUPLICATE KEY UPDATE created_at = created_at`,
      params,
    });
  }
  return statements;
}

/**
 * The facts of one shop (or of every shop: `shopId` null) made again from its order events, orders
 * and lines: what `reportFactsStatements` keeps, from scratch. The backfill of the migration that
 * created them; a later change of what the facts hold is a new migration with its own rebuild, and
 * this points to it. The order counts by status (order-counts.ts) are made again with them, so code
 * that writes orders by raw SQL has one call to make.
 */
export const reportFactsRebuild = (dialect: Dialect, shopId: number | null): Statement[] => [...rebuildReportFacts(dialect, shopId), ...orderStatusCountsRebuild(dialect, shopId)];
