import { Statement, Tx } from "../../infra/db/database";
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
