import { Database, Read, Statement, Tx } from "../../infra/db/database";
import { markDispatched, markDispatchedStatement, OutboxMessage, OutboxSource, readCommitted } from "../../infra/outbox/outbox";
import { Dialect, SqlExpression, insertStatement, sqlTimestamp } from "../../infra/db/dialect";
import { Actor } from "../../infra/graphql/context";
import { OrderEventType } from "./order-event.entity";
import { reportFactsStatements } from "./order-facts";

export interface NewOrderEvent {
  /** The order's id, or (inside a MySQL batch) the SQL variable that holds it. */
  orderId: number | SqlExpression;
  type: OrderEventType;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

const COLUMNS = ["shop_id", "order_id", "type", "actor_type", "actor_id", "actor_name", "note", "data", "created_at"];

/**
 * The statements that append these events to their orders' timelines: their INSERT, then the
 * report's facts they change (order-facts.ts), which read the orders' lines as they are now, so
 * they come after every change of the transaction to those lines. The one way order events are
 * written.
 */
export function orderEventsStatements(dialect: Dialect, shopId: number, actor: Actor, events: NewOrderEvent[]): Statement[] {
  const now = sqlTimestamp(new Date());
  return [
    insertStatement(
      "order_event",
      COLUMNS,
      events.map((e) => [shopId, e.orderId, e.type, actor.type, actor.id, actor.name, e.note ?? null, e.data ? JSON.stringify(e.data) : null, now]),
    ),
    ...reportFactsStatements(dialect, shopId, events, now, actor.type),
  ];
}

/**
 * Appends events to orders' timelines inside the caller's transaction (one statement, and the
 * report's facts they change). These rows are also the outbox: they are dispatched after commit.
 */
export async function recordOrderEvents(tx: Tx, shopId: number, actor: Actor, events: NewOrderEvent[]): Promise<void> {
  if (events.length === 0) return;
  const statements = orderEventsStatements(tx.dialect, shopId, actor, events);
  // On MySQL in one round trip, as one statement was.
  if (tx.dialect === "mysql" && statements.length > 1) await tx.batch(statements);
  else for (const { sql, params } of statements) await tx.run(sql, params);
}

/**
 * Topic of the notification that an order changed; its payload is OrderChanged. Published on the
 * shop's topic (every order) and on the order's own topic (keyedTopic), so a subscription to one
 * order never queues the rest of the shop's traffic.
 */
export const ORDER_UPDATED = "ORDER_UPDATED";

/** Topic of the light signal: one per shop per delivered batch of order events; payload OrdersChanged. */
export const ORDERS_CHANGED = "ORDERS_CHANGED";

export interface OrderChanged {
  orderId: number;
  eventId: number;
  type: OrderEventType;
}

/** Most order ids an OrdersChanged keeps once merged (a subscriber's waiting pushes become one). */
export const ORDER_IDS_KEPT = 100;

/** Which orders changed in a batch of events, and the cursor after it (the batch's last event id). */
export interface OrdersChanged {
  cursor: number;
  /** The changed orders, each once (all of them in a batch; the first ORDER_IDS_KEPT once merged). */
  orderIds: number[];
  /** How many orders changed (in merged pushes, an order changed in two of them counts twice). */
  orderCount: number;
  eventCount: number;
}

/** Two signals as one, for a subscriber that has not read the first yet. */
export function mergeChanges(waiting: OrdersChanged, next: OrdersChanged): OrdersChanged {
  return {
    cursor: Math.max(waiting.cursor, next.cursor),
    orderIds: waiting.orderIds.length >= ORDER_IDS_KEPT ? waiting.orderIds.slice(0, ORDER_IDS_KEPT) : [...new Set([...waiting.orderIds, ...next.orderIds])].slice(0, ORDER_IDS_KEPT),
    orderCount: waiting.orderCount + next.orderCount,
    eventCount: waiting.eventCount + next.eventCount,
  };
}

type EventRow = { id: number; shop_id: number; order_id: number; type: OrderEventType };

const toChange = (r: EventRow): OrderChanged => ({ orderId: Number(r.order_id), eventId: Number(r.id), type: r.type });

/** The changed orders of some events (each once, in the order of its first event), with their cursor. */
export function summarizeChanges(changes: OrderChanged[]): OrdersChanged {
  const orderIds = [...new Set(changes.map((c) => c.orderId))];
  return {
    cursor: changes.reduce((max, c) => Math.max(max, c.eventId), 0),
    orderIds,
    orderCount: orderIds.length,
    eventCount: changes.length,
  };
}

/** Order events are the outbox of order changes: each one, once committed, says its order changed. */
export function orderEventsSource(db: Database): OutboxSource {
  const pendingAfterRead = (limit: number, afterId: number): Read<OutboxMessage[]> => ({
    sql: "SELECT id, shop_id, order_id, type FROM order_event WHERE dispatched_at IS NULL AND id > ? ORDER BY id LIMIT ?",
    params: [afterId, limit],
    map: (rows) =>
      (rows as unknown as EventRow[]).map((r) => ({ id: Number(r.id), shopId: Number(r.shop_id), topic: ORDER_UPDATED, key: Number(r.order_id), payload: { ...toChange(r) } })),
  });
  const pendingRead = (limit: number) => pendingAfterRead(limit, 0);
  return {
    name: "order_event",
    // Subscriptions resume from an event id: it must never pass an event still to come.
    heldInIdOrder: true,
    pending: (limit) => readCommitted(db, pendingRead(limit)),
    pendingRead,
    pendingAfterRead,
    markDispatched: (ids) => markDispatched(db, "order_event", ids),
    markStatement: (ids) => markDispatchedStatement("order_event", ids),
    summarize(messages) {
      const byShop = new Map<number, OrderChanged[]>();
      for (const m of messages) {
        const changes = byShop.get(m.shopId) ?? [];
        changes.push(m.payload as unknown as OrderChanged);
        byShop.set(m.shopId, changes);
      }
      return [...byShop].map(([shopId, changes]) => {
        const summary = summarizeChanges(changes);
        return { id: summary.cursor, shopId, topic: ORDERS_CHANGED, payload: { ...summary } };
      });
    },
  };
}

/** The committed order events a resuming subscription replays: the shop's, or one order's. */
export class OrderEventLog {
  constructor(private readonly db: Database) {}

  /** Up to `limit` events after the event `after` (and up to the event `until`), oldest first. */
  async after(shopId: number, after: number, orderId: number | null, limit: number, until = Number.MAX_SAFE_INTEGER): Promise<OrderChanged[]> {
    const rows = await this.db.committedQuery<EventRow>(
      `SELECT id, shop_id, order_id, type FROM order_event WHERE shop_id = ?${orderId === null ? "" : " AND order_id = ?"} AND id > ? AND id <= ? ORDER BY id LIMIT ?`,
      orderId === null ? [shopId, after, until, limit] : [shopId, orderId, after, until, limit],
    );
    return rows.map(toChange);
  }

  /** Whether more than `n` events follow the event `after` (read without counting them all). */
  async moreThan(shopId: number, after: number, orderId: number | null, n: number): Promise<boolean> {
    const rows = await this.db.committedQuery<{ id: number }>(
      `SELECT id FROM order_event WHERE shop_id = ?${orderId === null ? "" : " AND order_id = ?"} AND id > ? ORDER BY id LIMIT 1 OFFSET ?`,
      orderId === null ? [shopId, after, n] : [shopId, orderId, after, n],
    );
    return rows.length > 0;
  }

  /** The id of the shop's latest committed event (0 when it has none). */
  async latest(shopId: number): Promise<number> {
    const [row] = await this.db.committedQuery<{ id: number | null }>("SELECT MAX(id) AS id FROM order_event WHERE shop_id = ?", [shopId]);
    return Number(row?.id ?? 0);
  }
}
