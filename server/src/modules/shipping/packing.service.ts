import { Database } from "../../infra/db/database";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { cleanFreeText } from "../../infra/text";
import { Order, OrderStatus } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { OrderLine } from "../orders/order-line.entity";
import { OrderService } from "../orders/order.service";
import { MAX_LINE_QUANTITY } from "../orders/place-order.validation";
import { ResolutionService } from "../orders/resolution.service";
import { StockService } from "../stock/stock.service";

/** The longest note a packer may leave with a short line. */
export const PACKING_NOTE_MAX = 500;

export interface ShortAtPacking {
  order: Order;
  lines: OrderLine[];
}

/** The refusal for a line id that is not the caller's shop's (or does not exist at all). */
const lineNotFound = () => userError("orderLineId", UserErrorCode.NOT_FOUND, "No order line with this id in your shop.");

/**
 * The packing floor: units a READY order holds in stock turn out not to be on the shelf. Stock that
 * was counted wrong is a stockout too: the phantom units leave stock and the order goes back to
 * "Orders without stock", where it waits for a restock (FIFO, like every waiting order) or is
 * resolved the usual ways.
 */
export class PackingService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly stock: StockService,
    private readonly resolutions: ResolutionService,
  ) {}

  /**
   * `quantity` allocated, unshipped units of a line are missing. In one transaction: they leave
   * stock (an ADJUSTMENT: on hand and allocated both drop, so what is available does not change and
   * the level still equals its ledger), the line's allocated becomes short, the order goes from READY
   * (partly shipped or not) back to AWAITING_STOCK with a SHORT_AT_PACKING event (timeline, live
   * updates, the customer's stock delay e-mail). Any refusal changes nothing.
   */
  async reportShortAtPacking(caller: Caller, orderLineId: number | null, quantity: number, note?: string | null): Promise<ShortAtPacking> {
    const text = (note && cleanFreeText(note)) || null;
    const errors: UserError[] = [];
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      errors.push(userError("quantity", UserErrorCode.OUT_OF_RANGE, `quantity must be a whole number from 1 to what the line has allocated and not yet shipped.`));
    }
    if (text && text.length > PACKING_NOTE_MAX) errors.push(userError("note", UserErrorCode.OUT_OF_RANGE, `At most ${PACKING_NOTE_MAX} characters.`));
    if (errors.length) throw new UserInputError(errors);
    // A line never moves to another order: which order it belongs to can be read before the lock.
    const found = orderLineId === null ? undefined : (await this.orders.linesByIds(caller.shopId, [orderLineId])).get(orderLineId);
    if (!found) throw new UserInputError([lineNotFound()]);

    return this.db.transaction(async (tx) => {
      // The sku's stock level first, then the order, like every stock change (no deadlock cycles).
      const { order, lines } = await this.resolutions.lockOrder(tx, caller.shopId, found.orderId, true);
      const line = lines.find((l) => l.id === found.id);
      if (!line) throw new UserInputError([lineNotFound()]);
      if (order.status !== OrderStatus.READY) {
        throw new UserInputError([
          userError(
            "orderLineId",
            UserErrorCode.INVALID_TRANSITION,
            `Order #${order.number} is ${order.status}: only a READY order is being packed, so only its lines can be found short.`,
          ),
        ]);
      }
      const left = line.allocated - line.shipped;
      if (quantity > left || !(await this.orders.markLineShort(tx, caller.shopId, order.id, line.id, quantity))) {
        throw new UserInputError([
          userError("quantity", UserErrorCode.EXCEEDS_UNSHIPPED, `${line.skuCode} has ${left} unit(s) allocated and not yet shipped; ${quantity} reported missing.`),
        ]);
      }
      Object.assign(line, { allocated: line.allocated - quantity, short: line.short + quantity });
      await this.stock.writeOffAllocated(tx, caller.shopId, caller.actor, [{ skuId: line.skuId, quantity, orderLineId: line.id }], `Order #${order.number}: missing when packing`);

      const now = new Date();
      if (!(await this.orders.reopenForStock(tx, caller.shopId, order.id, now))) throw new Error(`Order ${order.id} was READY under its lock and is not now`);
      Object.assign(order, { status: OrderStatus.AWAITING_STOCK, resolvedBy: null, updatedAt: now });
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        { orderId: order.id, type: OrderEventType.SHORT_AT_PACKING, note: text, data: { orderLineId: line.id, missing: [{ skuCode: line.skuCode, quantity }] } },
      ]);
      return { order, lines };
    });
  }
}
