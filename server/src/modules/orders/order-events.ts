import { Database, Statement, Tx } from "../../infra/db/database";
import { markDispatched, OutboxSource } from "../../infra/outbox/outbox";
import { SqlExpression, insertStatement, sqlTimestamp } from "../../infra/db/dialect";
import { Actor } from "../../infra/graphql/context";
import { OrderEventType } from "./order-event.entity";

export interface NewOrderEvent {
  /** The order's id, or (inside a MySQL batch) the SQL variable that holds it. */
  orderId: number | SqlExpression;
  type: OrderEventType;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

const COLUMNS = ["shop_id", "order_id", "type", "actor_type", "actor_id", "actor_name", "note", "data", "created_at"];

/** The INSERT that appends these events to their orders' timelines. */
export function orderEventsStatement(shopId: number, actor: Actor, events: NewOrderEvent[]): Statement {
  const now = sqlTimestamp(new Date());
  return insertStatement(
    "order_event",
    COLUMNS,
    events.map((e) => [shopId, e.orderId, e.type, actor.type, actor.id, actor.name, e.note ?? null, e.data ? JSON.stringify(e.data) : null, now]),
  );
}

/**
 * Appends events to orders' timelines inside the caller's transaction, in one statement.
 * These rows are also the outbox: they are dispatched after commit.
 */
export async function recordOrderEvents(tx: Tx, shopId: number, actor: Actor, events: NewOrderEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { sql, params } = orderEventsStatement(shopId, actor, events);
  await tx.run(sql, params);
}

/** Topic of the per-shop notification that an order changed; its payload is OrderChanged. */
export const ORDER_UPDATED = "ORDER_UPDATED";

export interface OrderChanged {
  orderId: number;
  eventId: number;
  type: OrderEventType;
}

/** Order events are the outbox of order changes: each one, once committed, says its order changed. */
export function orderEventsSource(db: Database): OutboxSource {
  return {
    name: "order_event",
    async pending(limit) {
      const rows = await db.committedQuery<{ id: number; shop_id: number; order_id: number; type: OrderEventType }>(
        "SELECT id, shop_id, order_id, type FROM order_event WHERE dispatched_at IS NULL ORDER BY id LIMIT ?",
        [limit],
      );
      return rows.map((r) => {
        const payload: OrderChanged = { orderId: Number(r.order_id), eventId: Number(r.id), type: r.type };
        return { id: Number(r.id), shopId: Number(r.shop_id), topic: ORDER_UPDATED, payload: { ...payload } };
      });
    },
    markDispatched: (ids) => markDispatched(db, "order_event", ids),
  };
}
