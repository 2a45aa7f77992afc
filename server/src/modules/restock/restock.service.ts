import { Database, Tx } from "../../infra/db/database";
import { Caller } from "../../infra/graphql/context";
import { cleanFreeText } from "../../infra/text";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { OfferResult, WaitingOrders } from "../orders/waiting-orders";
import { MAX_ADJUSTMENT, MAX_ON_HAND, skuNotFound, stockLimitExceeded, StockService } from "../stock/stock.service";
import { StockMovementKind } from "../stock/stock-movement.entity";

const REASON_MAX = 255;

/** A restocked quantity is a whole number of units from 1 to MAX_ADJUSTMENT. */
function quantityErrors(quantity: number): UserError[] {
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_ADJUSTMENT
    ? []
    : [userError("quantity", UserErrorCode.OUT_OF_RANGE, `quantity must be a whole number from 1 to ${MAX_ADJUSTMENT}.`)];
}

/**
 * Stock coming in or going out by the merchant's hand: restocks and adjustments. Whatever adds
 * stock offers it at once, in the same transaction, to the orders waiting for it.
 */
export class RestockService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
    private readonly waiting: WaitingOrders,
  ) {}

  /** Goods received: onHand grows by `quantity` and waiting orders are served, oldest first. */
  async restock(caller: Caller, skuId: number, quantity: number, note: string | null): Promise<OfferResult> {
    const reason = (note && cleanFreeText(note)) || null;
    const errors: UserError[] = quantityErrors(quantity);
    if (reason && reason.length > REASON_MAX) errors.push(userError("note", UserErrorCode.OUT_OF_RANGE, `note is at most ${REASON_MAX} characters.`));
    if (errors.length) throw new UserInputError(errors);
    return this.changeStock(caller, skuId, quantity, StockMovementKind.RESTOCK, reason, "quantity");
  }

  /** A correction of onHand (an inventory count, damage, a found box); a positive one serves waiting orders. */
  async adjustStock(caller: Caller, skuId: number, delta: number, reason: string): Promise<OfferResult> {
    const why = cleanFreeText(reason);
    const errors: UserError[] = [];
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_ADJUSTMENT) {
      errors.push(userError("delta", UserErrorCode.OUT_OF_RANGE, `delta must be a non-zero whole number between -${MAX_ADJUSTMENT} and ${MAX_ADJUSTMENT}.`));
    }
    if (!why) errors.push(userError("reason", UserErrorCode.REQUIRED, "Say why the stock changes (e.g. 'inventory count')."));
    else if (why.length > REASON_MAX) errors.push(userError("reason", UserErrorCode.OUT_OF_RANGE, `reason is at most ${REASON_MAX} characters.`));
    if (errors.length) throw new UserInputError(errors);
    return this.changeStock(caller, skuId, delta, StockMovementKind.ADJUSTMENT, why, "delta");
  }

  /**
   * A restock inside the caller's transaction, for goods received through another module (an
   * incoming delivery): the same ledger row, the same FIFO offer to waiting orders and the same
   * events as `restock`. The caller validated `quantity` (1 to MAX_ADJUSTMENT) and `reason`;
   * refusals (NOT_FOUND, STOCK_LIMIT_EXCEEDED on `field`) are thrown as UserInputError, which
   * rolls the caller's transaction back.
   */
  async restockWithin(tx: Tx, caller: Caller, skuId: number, quantity: number, reason: string | null, field = "quantity"): Promise<OfferResult> {
    const invalid = quantityErrors(quantity).map((e) => ({ ...e, field }));
    if (invalid.length) throw new UserInputError(invalid);
    return this.changeStockWithin(tx, caller, skuId, quantity, StockMovementKind.RESTOCK, reason, field);
  }

  /**
   * Good units a customer sent back (a return received), inside the caller's transaction: per
   * order line a RETURN movement (on hand grows, tied to the line the units came from), then the
   * same FIFO offer to waiting orders as a restock, oldest first, caused by RETURN. Levels change
   * in sku id order; the caller may hold their locks already (lockLevels is re-entrant).
   */
  async returnWithin(tx: Tx, caller: Caller, items: Array<{ skuId: number; quantity: number; orderLineId: number }>, reason: string): Promise<OfferResult> {
    const units = items.filter((i) => i.quantity > 0).sort((a, b) => a.skuId - b.skuId || a.orderLineId - b.orderLineId);
    if (units.length === 0) return { resumedOrderIds: [], partiallyServedOrderIds: [], unitsAllocated: new Map() };
    await this.stock.lockLevels(tx, caller.shopId, units.map((u) => u.skuId));
    for (const [i, unit] of units.entries()) {
      await this.stock.changeOnHand(tx, caller.shopId, caller.actor, {
        skuId: unit.skuId,
        delta: unit.quantity,
        kind: StockMovementKind.RETURN,
        reason,
        field: `lines.${i}.quantityGood`,
        orderLineId: unit.orderLineId,
      });
    }
    return this.waiting.offer(tx, caller.shopId, [...new Set(units.map((u) => u.skuId))], StockMovementKind.RETURN);
  }

  /** What restocking `quantity` units would do now. Changes nothing. */
  async preview(shopId: number, skuId: number, quantity: number) {
    const invalid = quantityErrors(quantity);
    if (invalid.length) throw new UserInputError(invalid);
    const level = (await this.stock.levelsBySkuIds(shopId, [skuId])).get(skuId);
    if (!level) throw new UserInputError([skuNotFound()]);
    if (level.onHand + quantity > MAX_ON_HAND) throw new UserInputError([stockLimitExceeded("quantity", level.onHand, quantity)]);
    const available = level.onHand + quantity - level.allocated;
    const offer = await this.waiting.previewOffer(shopId, skuId, available);
    return { ...offer, unitsLeftAvailable: available - offer.unitsAllocated };
  }

  private async changeStock(
    caller: Caller,
    skuId: number,
    delta: number,
    kind: StockMovementKind.RESTOCK | StockMovementKind.ADJUSTMENT,
    reason: string | null,
    field: "quantity" | "delta",
  ): Promise<OfferResult> {
    return this.db.transaction((tx) => this.changeStockWithin(tx, caller, skuId, delta, kind, reason, field));
  }

  private async changeStockWithin(
    tx: Tx,
    caller: Caller,
    skuId: number,
    delta: number,
    kind: StockMovementKind.RESTOCK | StockMovementKind.ADJUSTMENT,
    reason: string | null,
    field: string,
  ): Promise<OfferResult> {
    // changeOnHand's conditional UPDATE locks the level (and says NOT_FOUND for another shop's sku).
    await this.stock.changeOnHand(tx, caller.shopId, caller.actor, { skuId, delta, kind, reason, field });
    if (delta < 0) return { resumedOrderIds: [], partiallyServedOrderIds: [], unitsAllocated: new Map() };
    return this.waiting.offer(tx, caller.shopId, [skuId], kind);
  }
}
