import { Tx } from "../../infra/db/database";
import { placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Actor } from "../../infra/graphql/context";
import { OrderEventType } from "./order-event.entity";

export interface NewOrderEvent {
  orderId: number;
  type: OrderEventType;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Appends events to orders' timelines inside the caller's transaction, in one statement.
 * These rows are also the outbox: they are dispatched after commit.
 */
export async function recordOrderEvents(tx: Tx, shopId: number, actor: Actor, events: NewOrderEvent[]): Promise<void> {
  if (events.length === 0) return;
  const now = sqlTimestamp(new Date());
  const row = `(${placeholders(9)})`;
  await tx.run(
    `INSERT INTO order_event (shop_id, order_id, type, actor_type, actor_id, actor_name, note, data, created_at)
     VALUES ${events.map(() => row).join(", ")}`,
    events.flatMap((e) => [
      shopId,
      e.orderId,
      e.type,
      actor.type,
      actor.id,
      actor.name,
      e.note ?? null,
      e.data ? JSON.stringify(e.data) : null,
      now,
    ]),
  );
}
