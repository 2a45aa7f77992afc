import { Database } from "../../infra/db/database";
import { sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { cleanFreeText } from "../../infra/text";
import { Order, WITHOUT_STOCK_STATUSES } from "./order.entity";
import { OrderEventType } from "./order-event.entity";
import { recordOrderEvents } from "./order-events";
import { orderNotFound } from "./resolution.service";

/** The longest reason for a priority. */
export const PRIORITY_REASON_MAX = 200;

/**
 * A merchant's priority over FIFO (issue 17): an order waiting for stock (AWAITING_STOCK or
 * ON_HOLD_FOR_RESTOCK) may be marked priority, with a reason (a VIP customer, a marketplace
 * deadline), and unmarked. The restock engine (WaitingOrders) serves priority orders first among
 * those waiting for a sku, by when they were marked; the rest stay FIFO.
 *
 * It sets a value: marking an order already marked with the same reason, or unmarking one that is
 * not marked, changes nothing and writes no event. Marking again with another reason keeps its
 * place (the first mark's time) and records the new reason. The order keeps its mark after it
 * leaves the queue (it says how it was served); only waiting orders may be marked or unmarked.
 */
export class PriorityService {
  constructor(private readonly db: Database) {}

  async setPriority(caller: Caller, orderId: number, priority: boolean, reason: string | null | undefined): Promise<Order> {
    const why = (reason && cleanFreeText(reason)) || null;
    const errors: UserError[] = [];
    if (priority && !why) errors.push(userError("reason", UserErrorCode.REQUIRED, "Say why the order is priority (e.g. a VIP customer, a marketplace deadline)."));
    if (why && why.length > PRIORITY_REASON_MAX) errors.push(userError("reason", UserErrorCode.OUT_OF_RANGE, `reason is at most ${PRIORITY_REASON_MAX} characters.`));
    if (errors.length) throw new UserInputError(errors);

    return this.db.transaction(async (tx) => {
      // Only the order's row is locked: no stock changes, so no stock level lock (a restock holds
      // its levels and then the waiting orders' rows; this never waits for a level).
      const query = tx.manager.createQueryBuilder(Order, "o").where("o.id = :orderId AND o.shopId = :shopId", { orderId, shopId: caller.shopId });
      if (tx.dialect === "mysql") query.setLock("pessimistic_write");
      const order = await query.getOne();
      if (!order) throw new UserInputError([orderNotFound()]);
      if (!WITHOUT_STOCK_STATUSES.includes(order.status)) {
        throw new UserInputError([
          userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: only an order waiting for stock can be marked or unmarked priority.`),
        ]);
      }
      const marked = order.priorityAt !== null && order.priorityAt !== undefined;
      if (priority ? marked && order.priorityReason === why : !marked) return order;

      const now = new Date();
      const priorityAt = priority ? (marked ? order.priorityAt! : now) : null;
      const priorityReason = priority ? why : null;
      await tx.run("UPDATE orders SET priority_at = ?, priority_reason = ?, updated_at = ? WHERE id = ? AND shop_id = ?", [
        priorityAt && sqlTimestamp(priorityAt),
        priorityReason,
        sqlTimestamp(now),
        order.id,
        caller.shopId,
      ]);
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        priority
          ? { orderId: order.id, type: OrderEventType.PRIORITY_SET, note: why, data: { reason: why, since: priorityAt!.toISOString(), ...(marked ? { previousReason: order.priorityReason } : {}) } }
          : { orderId: order.id, type: OrderEventType.PRIORITY_CLEARED, note: why, data: { previousReason: order.priorityReason } },
      ]);
      return Object.assign(order, { priorityAt, priorityReason, updatedAt: now });
    });
  }
}
