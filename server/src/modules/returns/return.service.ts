import { groupBy } from "../../infra/collections";
import { Database, Tx } from "../../infra/db/database";
import { insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Actor, Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { decodeCursor, Page, toPage } from "../../infra/graphql/pagination";
import { cleanFreeText, cleanLine } from "../../infra/text";
import { CatalogService } from "../catalog/sku.service";
import { Order, OrderStatus } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { OrderLine } from "../orders/order-line.entity";
import { OrderService } from "../orders/order.service";
import { MAX_LINE_QUANTITY, MAX_LINES } from "../orders/place-order.validation";
import { ResolutionService } from "../orders/resolution.service";
import { OfferResult, WaitingOrders } from "../orders/waiting-orders";
import { RefundDestination } from "../refunds/refund.entity";
import { refundAmounts } from "../refunds/refund-amounts";
import { RefundService } from "../refunds/refund.service";
import { RestockService } from "../restock/restock.service";
import { ShippingService } from "../shipping/shipment.service";
import { StockService } from "../stock/stock.service";
import { OrderReturn, OrderReturnLine, ReturnReason, ReturnSettlement, ReturnStatus } from "./return.entity";

export const MAX_RETURN_NOTE = 1000;
export const MAX_RETURN_INSTRUCTIONS = 2000;
export const MAX_REFUSAL_MESSAGE = 1000;

/** The legal window for a regret return, in days from delivery: CDC art. 49 in Brazil, the EU's 14 days elsewhere. */
export function regretWindow(currency: string): { days: number; law: string } {
  return currency === "BRL" ? { days: 7, law: "CDC art. 49" } : { days: 14, law: "EU Directive 2011/83, art. 9" };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A return with its lines (in line order), each with the order line's code and name. */
export interface ReturnView {
  ret: OrderReturn;
  lines: Array<OrderReturnLine & { skuCode: string; name: string; unitPrice: number }>;
}

/** A requested line, as the API gives it. */
export interface ReturnLineRequest {
  orderLineId: string;
  quantity: number;
  reason: ReturnReason;
}

export interface RequestReturnInput {
  lines: ReturnLineRequest[];
  note?: string | null;
}

export interface ReceiveReturnInput {
  /** Per return line, what arrived; a line left out arrived with nothing. */
  lines: Array<{ returnLineId: string; quantityGood: number; quantityDamaged: number }>;
  settle: ReturnSettlement;
  /** EXCHANGE: what is sent instead (nothing charged). */
  exchange?: Array<{ skuCode: string; quantity: number }> | null;
  /** REFUND: who receives the money (CUSTOMER by default, through their refund link). */
  refundTo?: RefundDestination | null;
}

/** What receiving a return did. */
export interface ReturnReceived {
  view: ReturnView;
  offer: OfferResult;
  /** The customer's refund link (a REFUND to the customer): given this once. */
  refundLink: string | null;
}

/** Money back after delivery and follow-up orders (the claims module's, merged in): how a received return is settled. */
export interface ReturnSettlements {
  /** Refunds these units (what was paid for them, never more than is left) and issues the credit note, in `tx`. */
  refundUnits(
    tx: Tx,
    input: {
      shopId: number;
      orderId: number;
      lines: Array<{ orderLineId: number; quantity: number }>;
      includeShipping: boolean;
      reason: string;
      source: { type: "RETURN"; id: number };
      refundTo: RefundDestination;
      actor: Actor;
    },
  ): Promise<{ refundId: number | null; creditNoteId: number | null; amount: number; refundLink: string | null }>;
  /** What refundUnits would refund now (the same computation), for the receipt's preview. */
  previewRefund(input: { shopId: number; orderId: number; lines: Array<{ orderLineId: number; quantity: number }>; includeShipping: boolean }): Promise<number>;
  /** Places the exchange order (kind EXCHANGE, price 0), reserving its skus atomically or waiting FIFO, in `tx`. */
  placeExchange(tx: Tx, input: { shopId: number; originOrderId: number; lines: Array<{ skuId: number; quantity: number }>; actor: Actor; note: string }): Promise<{ orderId: number }>;
}

/** Units of an order's lines reported missing by incomplete-delivery claims (never delivered, so not returnable). */
export interface ClaimedUnits {
  claimedByLine(tx: Tx | Database, shopId: number, orderId: number): Promise<Map<number, number>>;
}

export interface ReturnServiceOptions {
  now?: () => Date;
  settlements?: ReturnSettlements | null;
  claimed?: ClaimedUnits | null;
}

/** One order line as a return sees it: delivered units, already returned or claimed, and what can still come back. */
export interface ReturnableLine {
  line: OrderLine;
  delivered: number;
  returned: number;
  claimed: number;
  returnable: number;
}

export interface Returnable {
  order: Order;
  lines: ReturnableLine[];
  deliveredAt: Date | null;
  regretWindowDays: number;
  /** Until when REGRET is accepted; null when the order is not delivered. */
  regretUntil: Date | null;
}

/** What receiving a return as given would do now. Changes nothing. */
export interface ReceiptPreview {
  backToStock: Array<{ skuId: number; skuCode: string; name: string; quantity: number; waitingOrdersServed: number; waitingOrdersResumed: number; unitsToWaitingOrders: number }>;
  damaged: Array<{ skuCode: string; name: string; quantity: number }>;
  refundAmount: number;
  includesShipping: boolean;
  exchange: Array<{ skuId: number; skuCode: string; name: string; quantity: number; availableNow: number; inStock: boolean }>;
  currency: string;
}

const isReason = (value: unknown): value is ReturnReason => Object.values(ReturnReason).includes(value as ReturnReason);
const forUpdate = (tx: Tx) => (tx.dialect === "mysql" ? " FOR UPDATE" : "");

/**
 * Returns and exchanges of delivered orders. A return is a document of its own (the order stays
 * DELIVERED): REQUESTED -> APPROVED | REFUSED -> RECEIVED -> CLOSED. Receiving it puts good units
 * back in stock (a RETURN movement, offered at once to waiting orders, oldest first) and settles it:
 * a refund with a credit note, or an exchange order. Every change is one transaction with the
 * order's timeline; a refusal changes nothing.
 */
export class ReturnService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly resolutions: ResolutionService,
    private readonly shipping: ShippingService,
    private readonly restocks: RestockService,
    private readonly stock: StockService,
    private readonly waiting: WaitingOrders,
    private readonly catalog: CatalogService,
    private readonly refunds: RefundService,
    private options: ReturnServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Wires the settlement (refunds and follow-up orders) and the claimed units, which live in the claims module. */
  connect(options: Pick<ReturnServiceOptions, "settlements" | "claimed">): void {
    this.options = { ...this.options, ...options };
  }

  /**
   * A return request, by the shop or by the customer on their order page. Only a DELIVERED order
   * takes one; each line at most what was delivered and is not yet returned or claimed missing;
   * REGRET only within the legal window from delivery.
   */
  async requestReturn(caller: Caller, orderId: number, input: RequestReturnInput): Promise<ReturnView> {
    const valid = validateRequest(input);
    return this.db.transaction(async (tx) => {
      const { order, lines } = await this.resolutions.lockOrder(tx, caller.shopId, orderId, false);
      if (order.status !== OrderStatus.DELIVERED) throw new UserInputError([notDelivered(order)]);
      const returnable = await this.returnableIn(tx, order, lines);
      const errors: UserError[] = [];
      for (const [i, line] of valid.lines.entries()) {
        const at = returnable.lines.find((r) => r.line.id === line.orderLineId);
        if (!at) {
          errors.push(userError(`input.lines.${i}.orderLineId`, UserErrorCode.NOT_FOUND, `Order #${order.number} has no such line.`));
          continue;
        }
        if (line.quantity > at.returnable) {
          errors.push(
            userError(
              `input.lines.${i}.quantity`,
              UserErrorCode.EXCEEDS_RETURNABLE,
              `${at.line.skuCode}: ${at.delivered} unit(s) delivered, ${at.returned} already in returns, ${at.claimed} claimed missing; at most ${at.returnable} can be returned, ${line.quantity} asked.`,
            ),
          );
        }
        if (line.reason === ReturnReason.REGRET && returnable.regretUntil && this.now().getTime() > returnable.regretUntil.getTime()) {
          const { days, law } = regretWindow(order.currency);
          errors.push(
            userError(
              `input.lines.${i}.reason`,
              UserErrorCode.RETURN_WINDOW_CLOSED,
              `A return for regret is accepted within ${days} days of delivery (${law}): order #${order.number} was delivered on ${isoDay(returnable.deliveredAt!)}, the window closed on ${isoDay(returnable.regretUntil)}. A damaged or wrong item can still be returned.`,
            ),
          );
        }
      }
      if (errors.length) throw new UserInputError(errors);

      const now = this.now();
      const ret = await this.insertReturn(tx, caller.shopId, order.id, caller.actor, {
        status: ReturnStatus.REQUESTED,
        note: valid.note,
        instructions: null,
        claimId: null,
        now,
        lines: valid.lines.map((l) => {
          const line = lines.find((x) => x.id === l.orderLineId)!;
          return { line, quantity: l.quantity, reason: l.reason };
        }),
      });
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.RETURN_REQUESTED,
          note: valid.note,
          data: { returnId: ret.ret.id, lines: ret.lines.map((l) => ({ orderLineId: l.orderLineId, skuCode: l.skuCode, quantity: l.quantity, reason: l.reason })) },
        },
      ]);
      return ret;
    });
  }

  /**
   * For a claim's WITHDRAW, inside the claim's transaction (which holds the order's lock): a return of
   * every delivered unit not yet returned or claimed missing, approved at once, reason WITHDRAWAL. When
   * it is received, everything paid on the order is refunded, shipping included.
   */
  async openForWithdrawal(
    tx: Tx,
    input: { shopId: number; orderId: number; claimId: number; actor: Actor; instructions?: string | null; note?: string | null },
  ): Promise<ReturnView> {
    const order = await this.orders.findOrderIn(tx, input.shopId, input.orderId);
    if (!order) throw new UserInputError([userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.")]);
    if (order.status !== OrderStatus.DELIVERED) throw new UserInputError([notDelivered(order)]);
    const lines = await tx.manager.find(OrderLine, { where: { orderId: order.id, shopId: input.shopId }, order: { id: "ASC" } });
    const returnable = await this.returnableIn(tx, order, lines);
    const back = returnable.lines.filter((r) => r.returnable > 0);
    if (back.length === 0) {
      throw new UserInputError([userError("orderId", UserErrorCode.EXCEEDS_RETURNABLE, `Order #${order.number} has no delivered unit left to send back.`)]);
    }
    const now = this.now();
    const instructions = (input.instructions && cleanFreeText(input.instructions).slice(0, MAX_RETURN_INSTRUCTIONS)) || null;
    const ret = await this.insertReturn(tx, input.shopId, order.id, input.actor, {
      status: ReturnStatus.APPROVED,
      note: (input.note && cleanFreeText(input.note).slice(0, MAX_RETURN_NOTE)) || null,
      instructions,
      claimId: input.claimId,
      now,
      lines: back.map((r) => ({ line: r.line, quantity: r.returnable, reason: ReturnReason.WITHDRAWAL })),
    });
    await recordOrderEvents(tx, input.shopId, input.actor, [
      {
        orderId: order.id,
        type: OrderEventType.RETURN_REQUESTED,
        data: { returnId: ret.ret.id, claimId: input.claimId, lines: ret.lines.map((l) => ({ orderLineId: l.orderLineId, skuCode: l.skuCode, quantity: l.quantity, reason: l.reason })) },
      },
      { orderId: order.id, type: OrderEventType.RETURN_APPROVED, data: { returnId: ret.ret.id, instructions, withdrawal: true } },
    ]);
    return ret;
  }

  /** REQUESTED -> APPROVED, with the instructions for sending the goods back. */
  async approveReturn(caller: Caller, returnId: number, instructions: string): Promise<ReturnView> {
    const text = cleanFreeText(instructions ?? "");
    if (!text) throw new UserInputError([userError("instructions", UserErrorCode.REQUIRED, "Tell the customer how to send the goods back.")]);
    if (text.length > MAX_RETURN_INSTRUCTIONS) throw new UserInputError([userError("instructions", UserErrorCode.OUT_OF_RANGE, `At most ${MAX_RETURN_INSTRUCTIONS} characters.`)]);
    return this.decide(caller, returnId, ReturnStatus.APPROVED, { instructions: text }, OrderEventType.RETURN_APPROVED, { instructions: text });
  }

  /** REQUESTED -> REFUSED, with the shop's message; nothing else changes. */
  async refuseReturn(caller: Caller, returnId: number, message: string): Promise<ReturnView> {
    const text = cleanFreeText(message ?? "");
    if (!text) throw new UserInputError([userError("message", UserErrorCode.REQUIRED, "Tell the customer why the return is refused.")]);
    if (text.length > MAX_REFUSAL_MESSAGE) throw new UserInputError([userError("message", UserErrorCode.OUT_OF_RANGE, `At most ${MAX_REFUSAL_MESSAGE} characters.`)]);
    return this.decide(caller, returnId, ReturnStatus.REFUSED, { refusal_message: text }, OrderEventType.RETURN_REFUSED, { message: text });
  }

  /** RECEIVED -> CLOSED: the shop files a settled return. */
  async closeReturn(caller: Caller, returnId: number): Promise<ReturnView> {
    return this.db.transaction(async (tx) => {
      const ret = await this.lockReturn(tx, caller.shopId, returnId);
      if (ret.status !== ReturnStatus.RECEIVED) throw new UserInputError([invalidTransition(ret, "closed", "only a received return is closed")]);
      const now = this.now();
      await tx.run("UPDATE order_return SET status = ?, closed_at = ?, updated_at = ? WHERE id = ? AND status = ?", [ReturnStatus.CLOSED, sqlTimestamp(now), sqlTimestamp(now), ret.id, ReturnStatus.RECEIVED]);
      await recordOrderEvents(tx, caller.shopId, caller.actor, [{ orderId: ret.orderId, type: OrderEventType.RETURN_CLOSED, data: { returnId: ret.id } }]);
      return this.viewIn(tx, caller.shopId, ret.id);
    });
  }

  /**
   * APPROVED -> RECEIVED: what arrived, per line (good units back in stock with a RETURN movement and
   * offered at once to waiting orders, oldest first; damaged units recorded only), and the settlement:
   * a refund of the units received (with a credit note; a withdrawal refunds everything paid, shipping
   * included) or an exchange order for other units. One transaction.
   */
  async receiveReturn(caller: Caller, returnId: number, input: ReceiveReturnInput): Promise<ReturnReceived> {
    const found = await this.findReturnRow(caller.shopId, returnId);
    if (!found) throw new UserInputError([returnNotFound()]);
    const exchange = await this.validExchange(caller.shopId, input);
    const received = validateReceipt(input);
    const settlements = this.options.settlements;
    if (!settlements) throw new Error("Return settlements are not connected (ReturnService.connect)");

    return this.db.transaction(async (tx) => {
      // The order's row first: returns, claims and refunds of one order take turns on it. Stock levels are
      // locked later, by the exchange order (its number row, then its skus) and then by the units coming back.
      const { order, lines: orderLines } = await this.resolutions.lockOrder(tx, caller.shopId, found.orderId, false);
      const ret = await this.lockReturn(tx, caller.shopId, returnId);
      if (ret.status !== ReturnStatus.APPROVED) throw new UserInputError([invalidTransition(ret, "received", ret.status === ReturnStatus.REQUESTED ? "approve it first" : "only an approved return is received")]);
      const { lines } = toView(ret, await this.linesOf(tx, caller.shopId, [ret.id]), new Map(orderLines.map((l) => [l.id, l])));
      const withdrawal = ret.claimId !== null || lines.some((l) => l.reason === ReturnReason.WITHDRAWAL);
      if (withdrawal && input.settle !== ReturnSettlement.REFUND) {
        throw new UserInputError([userError("input.settle", UserErrorCode.INVALID_FORMAT, "A withdrawal from the contract is settled with a refund of everything paid.")]);
      }
      const byLine = matchReceipt(lines, received);
      const units = byLine.reduce((sum, r) => sum + r.good + r.damaged, 0);
      if (units === 0) throw new UserInputError([userError("input.lines", UserErrorCode.REQUIRED, "Say what arrived: at least one unit, good or damaged.")]);
      const exchanged = exchange.reduce((sum, e) => sum + e.quantity, 0);
      if (input.settle === ReturnSettlement.EXCHANGE && exchanged > units) {
        throw new UserInputError([userError("input.exchange", UserErrorCode.OUT_OF_RANGE, `An exchange sends at most as many units as came back (${units}); ${exchanged} asked.`)]);
      }

      const now = this.now();
      const texts = returnTexts(caller.shopLocale, ret.id, order.number);
      for (const r of byLine) {
        await tx.run("UPDATE order_return_line SET quantity_good = ?, quantity_damaged = ? WHERE id = ? AND shop_id = ?", [r.good, r.damaged, r.line.id, caller.shopId]);
      }
      const updated = await tx.run("UPDATE order_return SET status = ?, settlement = ?, received_at = ?, updated_at = ? WHERE id = ? AND status = ?", [
        ReturnStatus.RECEIVED,
        input.settle,
        sqlTimestamp(now),
        sqlTimestamp(now),
        ret.id,
        ReturnStatus.APPROVED,
      ]);
      if (updated.affected !== 1) throw new UserInputError([invalidTransition(ret, "received", "it changed meanwhile")]);

      let refundId: number | null = null;
      let creditNoteId: number | null = null;
      let exchangeOrderId: number | null = null;
      let refundLink: string | null = null;
      if (input.settle === ReturnSettlement.EXCHANGE) {
        // An ordinary intake: it reserves what is available now, else waits in the queue like any order
        // (and the units coming back below are then offered to the waiting orders, oldest first).
        exchangeOrderId = (
          await settlements.placeExchange(tx, {
            shopId: caller.shopId,
            originOrderId: order.id,
            lines: exchange.map((e) => ({ skuId: e.skuId, quantity: e.quantity })),
            actor: caller.actor,
            note: texts.exchange,
          })
        ).orderId;
        await tx.run("UPDATE order_return SET exchange_order_id = ? WHERE id = ?", [exchangeOrderId, ret.id]);
      }
      const offer = await this.restocks.returnWithin(
        tx,
        caller,
        byLine.map((r) => ({ skuId: r.line.skuId, quantity: r.good, orderLineId: r.line.orderLineId })),
        texts.stockBack,
      );
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.RETURN_RECEIVED,
          data: {
            returnId: ret.id,
            lines: byLine.map((r) => ({ orderLineId: r.line.orderLineId, skuCode: r.line.skuCode, good: r.good, damaged: r.damaged })),
            settlement: input.settle,
            exchangeOrderId,
          },
        },
      ]);
      if (input.settle === ReturnSettlement.REFUND) {
        // Last: the credit note holds the shop's counter until commit.
        const refundLines = withdrawal
          ? orderLines.filter((l) => l.shipped > 0).map((l) => ({ orderLineId: l.id, quantity: l.shipped }))
          : mergeByOrderLine(byLine.map((r) => ({ orderLineId: r.line.orderLineId, quantity: r.good + r.damaged })));
        const refunded = await settlements.refundUnits(tx, {
          shopId: caller.shopId,
          orderId: order.id,
          lines: refundLines,
          includeShipping: withdrawal,
          reason: withdrawal ? texts.withdrawalReceived : texts.received,
          source: { type: "RETURN", id: ret.id },
          refundTo: input.refundTo ?? RefundDestination.CUSTOMER,
          actor: caller.actor,
        });
        ({ refundId, creditNoteId, refundLink } = refunded);
        await tx.run("UPDATE order_return SET refund_id = ?, credit_note_id = ? WHERE id = ?", [refundId, creditNoteId, ret.id]);
      }
      return { view: await this.viewIn(tx, caller.shopId, ret.id), offer, refundLink };
    });
  }

  /** What receiving a return as given would do now: stock back and who gets it, damaged units, the refund or the exchange. Changes nothing. */
  async receiptPreview(shopId: number, returnId: number, input: ReceiveReturnInput): Promise<ReceiptPreview> {
    const view = await this.findReturn(shopId, returnId);
    if (!view) throw new UserInputError([returnNotFound()]);
    const exchange = await this.validExchange(shopId, input);
    const byLine = matchReceipt(view.lines, validateReceipt(input));
    const [order] = await this.orders.ordersByIds(shopId, [view.ret.orderId]);
    const withdrawal = view.ret.claimId !== null || view.lines.some((l) => l.reason === ReturnReason.WITHDRAWAL);

    const goodBySku = new Map<number, { skuCode: string; name: string; quantity: number }>();
    for (const r of byLine) {
      if (r.good <= 0) continue;
      const at = goodBySku.get(r.line.skuId) ?? { skuCode: r.line.skuCode, name: r.line.name, quantity: 0 };
      at.quantity += r.good;
      goodBySku.set(r.line.skuId, at);
    }
    const skuIds = [...new Set([...goodBySku.keys(), ...exchange.map((e) => e.skuId)])];
    const levels = await this.stock.levelsBySkuIds(shopId, skuIds);
    const backToStock: ReceiptPreview["backToStock"] = [];
    const leftAfterWaiting = new Map<number, number>();
    for (const skuId of skuIds) {
      const level = levels.get(skuId);
      const good = goodBySku.get(skuId)?.quantity ?? 0;
      const available = (level ? level.onHand - level.allocated : 0) + good;
      const offer = await this.waiting.previewOffer(shopId, skuId, Math.max(0, available));
      leftAfterWaiting.set(skuId, Math.max(0, available - offer.unitsAllocated));
      const sku = goodBySku.get(skuId);
      if (sku) {
        backToStock.push({ skuId, ...sku, waitingOrdersServed: offer.resumed + offer.partiallyServed, waitingOrdersResumed: offer.resumed, unitsToWaitingOrders: offer.unitsAllocated });
      }
    }

    let refundAmount = 0;
    if (input.settle === ReturnSettlement.REFUND && order) {
      const orderLines = (await this.orders.linesByOrderIds(shopId, [order.id])).get(order.id) ?? [];
      const units = withdrawal
        ? orderLines.filter((l) => l.shipped > 0).map((l) => ({ orderLineId: l.id, quantity: l.shipped }))
        : mergeByOrderLine(byLine.map((r) => ({ orderLineId: r.line.orderLineId, quantity: r.good + r.damaged })));
      if (units.length && this.options.settlements) {
        refundAmount = await this.options.settlements.previewRefund({ shopId, orderId: order.id, lines: units, includeShipping: withdrawal });
      } else if (units.length) {
        const refunded = await this.refunds.refundedTotal(this.db, shopId, order.id);
        const priced = units.map((u) => ({ ...u, unitPrice: orderLines.find((l) => l.id === u.orderLineId)?.unitPrice ?? 0 }));
        refundAmount = refundAmounts({ subtotal: order.subtotal, shipping: order.shipping, discount: order.discount, total: order.total, alreadyRefunded: refunded }, priced, withdrawal).amount;
      }
    }
    return {
      backToStock,
      damaged: byLine.filter((r) => r.damaged > 0).map((r) => ({ skuCode: r.line.skuCode, name: r.line.name, quantity: r.damaged })),
      refundAmount,
      includesShipping: input.settle === ReturnSettlement.REFUND && withdrawal,
      exchange:
        input.settle === ReturnSettlement.EXCHANGE
          ? exchange.map((e) => {
              const availableNow = leftAfterWaiting.get(e.skuId) ?? 0;
              return { skuId: e.skuId, skuCode: e.skuCode, name: e.name, quantity: e.quantity, availableNow, inStock: availableNow >= e.quantity };
            })
          : [],
      currency: order?.currency ?? "BRL",
    };
  }

  /** The lines of an order as a return sees them, and the regret window. Null for an unknown order. */
  async returnable(shopId: number, orderId: number): Promise<Returnable | null> {
    const [order] = await this.orders.ordersByIds(shopId, [orderId]);
    if (!order) return null;
    const lines = (await this.orders.linesByOrderIds(shopId, [orderId])).get(orderId) ?? [];
    return this.returnableIn(this.db, order, lines);
  }

  /** Returns of the shop, newest first, optionally of some statuses or one order. */
  async listReturns(shopId: number, args: { first: number; after?: string | null; statuses?: ReturnStatus[] | null; orderId?: number | null }): Promise<Page<ReturnView>> {
    const where = ["shop_id = ?"];
    const params: unknown[] = [shopId];
    if (args.statuses?.length) {
      where.push(`status IN (${placeholders(args.statuses.length)})`);
      params.push(...args.statuses);
    }
    if (args.orderId != null) {
      where.push("order_id = ?");
      params.push(args.orderId);
    }
    const filterSql = where.join(" AND ");
    const filterParams = [...params];
    const after = decodeCursor(args.after);
    if (after !== null) {
      where.push("id < ?");
      params.push(after);
    }
    const rows = await this.db.query<{ id: number }>(`SELECT id FROM order_return WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`, [...params, args.first + 1]);
    const ids = rows.map((r) => Number(r.id));
    const views = await this.viewsByIds(shopId, ids);
    return toPage(
      ids.map((id) => ({ id })),
      args.first,
      ({ id }) => views.get(id)!,
      async () => Number((await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM order_return WHERE ${filterSql}`, filterParams))[0]?.n ?? 0),
    );
  }

  async findReturn(shopId: number, returnId: number): Promise<ReturnView | null> {
    return (await this.viewsByIds(shopId, [returnId])).get(returnId) ?? null;
  }

  /** The returns of these orders, oldest first: three statements whatever their number. */
  async returnsByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, ReturnView[]>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db.query<{ id: number }>(`SELECT id FROM order_return WHERE shop_id = ? AND order_id IN (${placeholders(orderIds.length)}) ORDER BY id`, [shopId, ...orderIds]);
    const views = await this.viewsByIds(shopId, rows.map((r) => Number(r.id)));
    return groupBy([...views.values()].sort((a, b) => a.ret.id - b.ret.id), (v) => v.ret.orderId);
  }

  /** Units of each order line in returns that are not refused (received ones count what arrived). */
  async returnedByLine(source: Tx | Database, shopId: number, orderId: number): Promise<Map<number, number>> {
    const lock = source instanceof Database ? "" : forUpdate(source);
    const rows = await source.query<{ order_line_id: number; quantity: number; quantity_good: number | null; quantity_damaged: number | null; status: ReturnStatus }>(
      `SELECT l.order_line_id, l.quantity, l.quantity_good, l.quantity_damaged, r.status
         FROM order_return r JOIN order_return_line l ON l.return_id = r.id
        WHERE r.shop_id = ? AND r.order_id = ? AND r.status <> ?${lock}`,
      [shopId, orderId, ReturnStatus.REFUSED],
    );
    const byLine = new Map<number, number>();
    for (const r of rows) {
      const received = r.status === ReturnStatus.RECEIVED || r.status === ReturnStatus.CLOSED;
      const units = received ? Number(r.quantity_good ?? 0) + Number(r.quantity_damaged ?? 0) : Number(r.quantity);
      byLine.set(Number(r.order_line_id), (byLine.get(Number(r.order_line_id)) ?? 0) + units);
    }
    return byLine;
  }

  /** Units of these order lines in returns that are not refused (received ones count what arrived): for claims' own check. */
  async returnedUnitsByLine(source: Tx | Database, shopId: number, orderLineIds: readonly number[]): Promise<Map<number, number>> {
    if (orderLineIds.length === 0) return new Map();
    const rows = await source.query<{ order_id: number }>(
      `SELECT DISTINCT r.order_id FROM order_return r JOIN order_return_line l ON l.return_id = r.id WHERE l.shop_id = ? AND l.order_line_id IN (${placeholders(orderLineIds.length)})`,
      [shopId, ...orderLineIds],
    );
    const wanted = new Set(orderLineIds);
    const byLine = new Map<number, number>();
    for (const row of rows) {
      for (const [lineId, units] of await this.returnedByLine(source, shopId, Number(row.order_id))) if (wanted.has(lineId)) byLine.set(lineId, units);
    }
    return byLine;
  }

  private async returnableIn(source: Tx | Database, order: Order, lines: OrderLine[]): Promise<Returnable> {
    const [returned, claimed, shipments] = await Promise.all([
      this.returnedByLine(source, order.shopId, order.id),
      this.options.claimed ? this.options.claimed.claimedByLine(source, order.shopId, order.id) : Promise.resolve(new Map<number, number>()),
      this.shipping.shipmentsByOrderIds(order.shopId, [order.id], source),
    ]);
    const delivered = order.status === OrderStatus.DELIVERED;
    const stamps = (shipments.get(order.id) ?? []).flatMap((s) => (s.deliveredAt ? [s.deliveredAt.getTime()] : []));
    const deliveredAt = delivered ? new Date(stamps.length ? Math.max(...stamps) : order.updatedAt.getTime()) : null;
    const { days } = regretWindow(order.currency);
    return {
      order,
      deliveredAt,
      regretWindowDays: days,
      regretUntil: deliveredAt ? new Date(deliveredAt.getTime() + days * DAY_MS) : null,
      lines: lines.map((line) => {
        const r = returned.get(line.id) ?? 0;
        const c = claimed.get(line.id) ?? 0;
        const deliveredUnits = delivered ? line.shipped : 0;
        return { line, delivered: deliveredUnits, returned: r, claimed: c, returnable: Math.max(0, deliveredUnits - r - c) };
      }),
    };
  }

  private async decide(
    caller: Caller,
    returnId: number,
    to: ReturnStatus.APPROVED | ReturnStatus.REFUSED,
    set: { instructions?: string; refusal_message?: string },
    event: OrderEventType,
    data: Record<string, unknown>,
  ): Promise<ReturnView> {
    return this.db.transaction(async (tx) => {
      const ret = await this.lockReturn(tx, caller.shopId, returnId);
      if (ret.status !== ReturnStatus.REQUESTED) {
        throw new UserInputError([invalidTransition(ret, to === ReturnStatus.APPROVED ? "approved" : "refused", "only a requested return is approved or refused")]);
      }
      const now = sqlTimestamp(this.now());
      const [column, value] = Object.entries(set)[0]!;
      await tx.run(`UPDATE order_return SET status = ?, ${column} = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = ?`, [to, value, now, now, ret.id, ReturnStatus.REQUESTED]);
      await recordOrderEvents(tx, caller.shopId, caller.actor, [{ orderId: ret.orderId, type: event, data: { returnId: ret.id, ...data } }]);
      return this.viewIn(tx, caller.shopId, ret.id);
    });
  }

  private async insertReturn(
    tx: Tx,
    shopId: number,
    orderId: number,
    actor: Actor,
    r: { status: ReturnStatus; note: string | null; instructions: string | null; claimId: number | null; now: Date; lines: Array<{ line: OrderLine; quantity: number; reason: ReturnReason }> },
  ): Promise<ReturnView> {
    const now = sqlTimestamp(r.now);
    const decided = r.status === ReturnStatus.APPROVED ? now : null;
    const insert = insertStatement(
      "order_return",
      ["shop_id", "order_id", "status", "note", "instructions", "claim_id", "requested_by_type", "requested_by_id", "requested_by_name", "requested_at", "decided_at", "updated_at"],
      [[shopId, orderId, r.status, r.note, r.instructions, r.claimId, actor.type, actor.id, actor.name ? actor.name.slice(0, 200) : null, now, decided, now]],
    );
    const id = (await tx.run(insert.sql, insert.params)).firstInsertId;
    const lines = insertStatement(
      "order_return_line",
      ["shop_id", "return_id", "order_line_id", "sku_id", "quantity", "reason"],
      r.lines.map((l) => [shopId, id, l.line.id, l.line.skuId, l.quantity, l.reason]),
    );
    await tx.run(lines.sql, lines.params, r.lines.length);
    return this.viewIn(tx, shopId, id);
  }

  private async lockReturn(tx: Tx, shopId: number, returnId: number): Promise<OrderReturn> {
    const query = tx.manager.createQueryBuilder(OrderReturn, "r").where("r.id = :returnId AND r.shopId = :shopId", { returnId, shopId });
    if (tx.dialect === "mysql") query.setLock("pessimistic_write");
    const ret = await query.getOne();
    if (!ret) throw new UserInputError([returnNotFound()]);
    return ret;
  }

  private async findReturnRow(shopId: number, returnId: number): Promise<OrderReturn | null> {
    return this.db.manager.findOneBy(OrderReturn, { id: returnId, shopId });
  }

  private async linesOf(source: Tx | Database, shopId: number, returnIds: number[]): Promise<OrderReturnLine[]> {
    if (returnIds.length === 0) return [];
    return source.manager
      .createQueryBuilder(OrderReturnLine, "l")
      .where("l.shopId = :shopId AND l.returnId IN (:...returnIds)", { shopId, returnIds })
      .orderBy("l.id")
      .getMany();
  }

  private async viewIn(tx: Tx, shopId: number, returnId: number): Promise<ReturnView> {
    const ret = await tx.manager.findOneByOrFail(OrderReturn, { id: returnId, shopId });
    const lines = await this.linesOf(tx, shopId, [ret.id]);
    const orderLines = await tx.manager.find(OrderLine, { where: { orderId: ret.orderId, shopId }, order: { id: "ASC" } });
    return toView(ret, lines, new Map(orderLines.map((l) => [l.id, l])));
  }

  private async viewsByIds(shopId: number, ids: number[]): Promise<Map<number, ReturnView>> {
    if (ids.length === 0) return new Map();
    const rets = await this.db.manager.createQueryBuilder(OrderReturn, "r").where("r.shopId = :shopId AND r.id IN (:...ids)", { shopId, ids }).getMany();
    const lines = await this.linesOf(this.db, shopId, ids);
    const orderLines = await this.orders.linesByIds(shopId, [...new Set(lines.map((l) => l.orderLineId))]);
    const linesBy = groupBy(lines, (l) => l.returnId);
    return new Map(rets.map((r) => [r.id, toView(r, linesBy.get(r.id) ?? [], orderLines)]));
  }

  /** The exchange's skus, known and not archived (only for EXCHANGE; REFUND takes none). */
  private async validExchange(shopId: number, input: ReceiveReturnInput): Promise<Array<{ skuId: number; skuCode: string; name: string; quantity: number }>> {
    if (input.settle !== ReturnSettlement.EXCHANGE) {
      if (input.exchange?.length) throw new UserInputError([userError("input.exchange", UserErrorCode.INVALID_FORMAT, "Only an EXCHANGE settlement sends other units.")]);
      return [];
    }
    const errors: UserError[] = [];
    if (!input.exchange?.length) throw new UserInputError([userError("input.exchange", UserErrorCode.REQUIRED, "Say what is sent in exchange.")]);
    if (input.exchange.length > MAX_LINES) throw new UserInputError([userError("input.exchange", UserErrorCode.TOO_MANY_ITEMS, `At most ${MAX_LINES} lines.`)]);
    const codes = input.exchange.map((e) => cleanLine(e.skuCode ?? "") ?? "");
    const skus = await this.catalog.skusByCodes(shopId, codes.filter(Boolean));
    const seen = new Set<string>();
    const out = input.exchange.flatMap((e, i) => {
      const code = codes[i]!;
      const sku = skus.get(code);
      if (!Number.isInteger(e.quantity) || e.quantity < 1 || e.quantity > MAX_LINE_QUANTITY) {
        errors.push(userError(`input.exchange.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, `quantity must be between 1 and ${MAX_LINE_QUANTITY}.`));
      }
      if (!sku) {
        errors.push(userError(`input.exchange.${i}.skuCode`, UserErrorCode.UNKNOWN_SKU, `No sku with code "${code}" in your shop.`));
        return [];
      }
      if (sku.archived) errors.push(userError(`input.exchange.${i}.skuCode`, UserErrorCode.SKU_ARCHIVED, `The sku "${code}" is archived and takes no new orders.`));
      if (seen.has(code)) errors.push(userError(`input.exchange.${i}.skuCode`, UserErrorCode.DUPLICATE_SKU, `"${code}" appears twice: put all its units on one line.`));
      seen.add(code);
      return [{ skuId: sku.id, skuCode: sku.code, name: sku.name, quantity: e.quantity }];
    });
    if (errors.length) throw new UserInputError(errors);
    return out;
  }
}

function toView(ret: OrderReturn, lines: OrderReturnLine[], orderLines: Map<number, OrderLine>): ReturnView {
  return {
    ret,
    lines: lines.map((l) => {
      const line = orderLines.get(l.orderLineId);
      return Object.assign(l, { skuCode: line?.skuCode ?? "", name: line?.name ?? "", unitPrice: line?.unitPrice ?? 0 });
    }),
  };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const returnNotFound = () => userError("returnId", UserErrorCode.NOT_FOUND, "No return with this id in your shop.");

function notDelivered(order: Order): UserError {
  return userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: only a delivered order takes a return.`);
}

function invalidTransition(ret: OrderReturn, verb: string, why: string): UserError {
  return userError("returnId", UserErrorCode.INVALID_TRANSITION, `Return #${ret.id} is ${ret.status} and cannot be ${verb}: ${why}.`);
}

function mergeByOrderLine(units: Array<{ orderLineId: number; quantity: number }>): Array<{ orderLineId: number; quantity: number }> {
  const merged = new Map<number, number>();
  for (const u of units) if (u.quantity > 0) merged.set(u.orderLineId, (merged.get(u.orderLineId) ?? 0) + u.quantity);
  return [...merged].map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
}

interface ValidRequest {
  lines: Array<{ orderLineId: number; quantity: number; reason: ReturnReason }>;
  note: string | null;
}

/** Every rule of a request that needs no database; all refusals at once. */
function validateRequest(input: RequestReturnInput): ValidRequest {
  const errors: UserError[] = [];
  const note = (input.note && cleanFreeText(input.note)) || null;
  if (note && note.length > MAX_RETURN_NOTE) errors.push(userError("input.note", UserErrorCode.OUT_OF_RANGE, `At most ${MAX_RETURN_NOTE} characters.`));
  if (!input.lines?.length) errors.push(userError("input.lines", UserErrorCode.REQUIRED, "Say which items come back."));
  else if (input.lines.length > MAX_LINES) errors.push(userError("input.lines", UserErrorCode.TOO_MANY_ITEMS, `A return has at most ${MAX_LINES} lines.`));
  const seen = new Set<number>();
  const lines = (input.lines ?? []).map((line, i) => {
    const field = `input.lines.${i}`;
    const orderLineId = parseId(String(line.orderLineId)) ?? -1;
    if (orderLineId > 0 && seen.has(orderLineId)) errors.push(userError(`${field}.orderLineId`, UserErrorCode.INVALID_FORMAT, "This order line appears twice: put all its units on one line."));
    seen.add(orderLineId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      errors.push(userError(`${field}.quantity`, UserErrorCode.OUT_OF_RANGE, `quantity must be between 1 and ${MAX_LINE_QUANTITY}.`));
    }
    if (!isReason(line.reason) || line.reason === ReturnReason.WITHDRAWAL) {
      errors.push(userError(`${field}.reason`, UserErrorCode.INVALID_FORMAT, "The reason is DAMAGED, WRONG_ITEM, REGRET or OTHER (a withdrawal comes from an incomplete-delivery claim)."));
    }
    return { orderLineId, quantity: line.quantity, reason: line.reason };
  });
  if (errors.length) throw new UserInputError(errors);
  return { lines, note };
}

/** A receipt's lines checked for shape: ids, whole non-negative quantities, no line twice. */
function validateReceipt(input: ReceiveReturnInput): Array<{ returnLineId: number; good: number; damaged: number; field: string }> {
  const errors: UserError[] = [];
  if (!Object.values(ReturnSettlement).includes(input.settle)) errors.push(userError("input.settle", UserErrorCode.INVALID_FORMAT, "settle is REFUND or EXCHANGE."));
  if ((input.lines ?? []).length > MAX_LINES) errors.push(userError("input.lines", UserErrorCode.TOO_MANY_ITEMS, `At most ${MAX_LINES} lines.`));
  const seen = new Set<number>();
  const lines = (input.lines ?? []).map((l, i) => {
    const field = `input.lines.${i}`;
    const returnLineId = parseId(String(l.returnLineId)) ?? -1;
    if (returnLineId > 0 && seen.has(returnLineId)) errors.push(userError(`${field}.returnLineId`, UserErrorCode.INVALID_FORMAT, "This return line appears twice."));
    seen.add(returnLineId);
    for (const key of ["quantityGood", "quantityDamaged"] as const) {
      const q = l[key];
      if (!Number.isInteger(q) || q < 0 || q > MAX_LINE_QUANTITY) errors.push(userError(`${field}.${key}`, UserErrorCode.OUT_OF_RANGE, `${key} is a whole number from 0 to ${MAX_LINE_QUANTITY}.`));
    }
    return { returnLineId, good: l.quantityGood, damaged: l.quantityDamaged, field };
  });
  if (errors.length) throw new UserInputError(errors);
  return lines;
}

/** Each return line with what arrived of it (0 for lines not given); refuses unknown lines and more than the line's units. */
function matchReceipt<L extends OrderReturnLine>(lines: L[], received: ReturnType<typeof validateReceipt>): Array<{ line: L; good: number; damaged: number }> {
  const errors: UserError[] = [];
  for (const r of received) {
    const line = lines.find((l) => l.id === r.returnLineId);
    if (!line) errors.push(userError(`${r.field}.returnLineId`, UserErrorCode.NOT_FOUND, "This return has no such line."));
    else if (r.good + r.damaged > line.quantity) {
      errors.push(userError(`${r.field}.quantityGood`, UserErrorCode.EXCEEDS_RETURNABLE, `The line was for ${line.quantity} unit(s); ${r.good + r.damaged} received.`));
    }
  }
  if (errors.length) throw new UserInputError(errors);
  return lines.map((line) => {
    const r = received.find((x) => x.returnLineId === line.id);
    return { line, good: r?.good ?? 0, damaged: r?.damaged ?? 0 };
  });
}

/**
 * The words receiving a return writes on what the customer and the shop read (the refund's and the
 * credit note's reason, the exchange order's note, the stock movement's note), in the shop's language.
 */
export function returnTexts(locale: string, returnId: number, order: number) {
  if (locale.startsWith("pt")) {
    return {
      received: `Devolução #${returnId} do pedido #${order} recebida`,
      withdrawalReceived: `Desistência da compra: devolução #${returnId} do pedido #${order} recebida; tudo o que foi pago é reembolsado`,
      exchange: `Troca da devolução #${returnId} do pedido #${order}`,
      stockBack: `Devolução #${returnId} do pedido #${order}`,
    };
  }
  if (locale.startsWith("pl")) {
    return {
      received: `Zwrot #${returnId} zamówienia #${order} przyjęty`,
      withdrawalReceived: `Odstąpienie od umowy: zwrot #${returnId} zamówienia #${order} przyjęty; cała zapłacona kwota jest zwracana`,
      exchange: `Wymiana w ramach zwrotu #${returnId} zamówienia #${order}`,
      stockBack: `Zwrot #${returnId} zamówienia #${order}`,
    };
  }
  return {
    received: `Return #${returnId} of order #${order} received`,
    withdrawalReceived: `Withdrawal from the contract: return #${returnId} of order #${order} received; everything paid is refunded`,
    exchange: `Exchange for return #${returnId} of order #${order}`,
    stockBack: `Return #${returnId} of order #${order}`,
  };
}
