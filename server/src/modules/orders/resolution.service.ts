import { Database, Tx } from "../../infra/db/database";
import { sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { cleanFreeText } from "../../infra/text";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { Coupon } from "../coupons/coupon.entity";
import { ApologyCouponRequest, apologyCouponErrors, CouponService } from "../coupons/coupon.service";
import { Refund, RefundDestination } from "../refunds/refund.entity";
import { RefundService } from "../refunds/refund.service";
import { RefundLinkService } from "../refunds/refund-link.service";
import { PayoutAccountService } from "../shops/payout-account.service";
import { StockService } from "../stock/stock.service";
import { Order, OrderKind, WITHOUT_STOCK_STATUSES } from "./order.entity";
import { OrderEventType } from "./order-event.entity";
import { NewOrderEvent, recordOrderEvents } from "./order-events";
import { recordStatusMoves } from "./order-counts";
import { OrderLine } from "./order-line.entity";
import { planResolution, Resolution, ResolutionPlan } from "./resolution";
import { WaitingOrders } from "./waiting-orders";

export interface ResolveOptions {
  /** Where the refund goes (SHIP_AVAILABLE and CANCEL). */
  refundTo?: RefundDestination;
  /** Optional for WAIT_FOR_RESTOCK and SHIP_AVAILABLE; the reason, required, for CANCEL. */
  note?: string | null;
  /** An apology coupon to issue with the resolution (SHIP_AVAILABLE and CANCEL). */
  apologyCoupon?: ApologyCouponRequest | null;
}

export interface Resolved {
  order: Order;
  lines: OrderLine[];
  refund: Refund | null;
  /** The apology coupon issued with the resolution, if one was asked for. */
  coupon: Coupon | null;
  /** The customer's refund link, when the refund goes to the customer: returned this once, never stored. */
  refundLink: string | null;
  /** Orders that resumed because a cancellation released stock. */
  resumedOrderIds: number[];
}

const NOTE_MAX = 500;

/** Units of a follow-up order (a reshipment, an exchange) removed by a resolution: whoever made the order settles them. */
export interface FollowUpCancellation {
  order: Order;
  cancelled: Array<{ skuId: number; quantity: number }>;
  refundTo: RefundDestination | undefined;
  actor: Caller["actor"];
}

/** Settles a follow-up order's removed units in the resolution's transaction; may answer the customer's refund link. */
export type FollowUpCancelledListener = (tx: Tx, cancellation: FollowUpCancellation) => Promise<{ refundLink: string | null } | void>;

/**
 * The merchant's decisions on orders without stock: wait for restock, ship what is available, or
 * cancel. Each is one transaction that changes the order, its lines, stock, refunds and timeline
 * together, or nothing at all.
 */
export class ResolutionService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
    private readonly refunds: RefundService,
    private readonly waiting: WaitingOrders,
    private readonly coupons: CouponService,
    private readonly refundLinks: RefundLinkService,
    private readonly payoutAccounts: PayoutAccountService,
  ) {}

  private readonly followUpListeners: FollowUpCancelledListener[] = [];

  /**
   * A follow-up order's price is 0, so cancelling its units refunds nothing by itself: the claim or
   * return that made it settles them (a cancelled reshipment becomes a settlement of the missing units).
   */
  onFollowUpCancelled(listener: FollowUpCancelledListener): void {
    this.followUpListeners.push(listener);
  }

  /** What a resolution would do now, or why it is not allowed. Changes nothing. */
  async preview(shopId: number, orderId: number, resolution: Resolution): Promise<{ plan: ResolutionPlan | null; userErrors: UserError[] }> {
    const order = await this.db.manager.findOneBy(Order, { id: orderId, shopId });
    if (!order) return { plan: null, userErrors: [orderNotFound()] };
    if (order.resolvedBy === "CUSTOMER") return { plan: null, userErrors: [customerChose(order)] };
    const lines = await this.db.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } });
    const refunded = await this.refunds.refundedTotal(this.db, shopId, orderId);
    try {
      return { plan: planResolution(resolution, order, lines, refunded), userErrors: [] };
    } catch (error) {
      if (error instanceof UserInputError) return { plan: null, userErrors: error.errors };
      throw error;
    }
  }

  async resolve(caller: Caller, orderId: number, resolution: Resolution, options: ResolveOptions): Promise<Resolved> {
    const note = this.checkOptions(resolution, options);

    return this.db.transaction(async (tx) => {
      const { order, lines } = await this.lockOrder(tx, caller.shopId, orderId, resolution !== Resolution.WAIT_FOR_RESTOCK);
      const side = resolvingSide(caller, order);
      const plan = planResolution(resolution, order, lines, await this.refunds.refundedTotal(tx, caller.shopId, orderId));
      const refunding = plan.refund !== null && plan.refund.amount > 0;
      const payoutDetails = refunding ? await this.refundDestinationReady(tx, caller.shopId, order, options.refundTo!) : null;
      const now = new Date();

      for (const { line, cancel, release } of plan.lines.filter((p) => p.cancel > 0)) {
        await tx.run("UPDATE order_line SET cancelled = cancelled + ?, short = short - ?, allocated = allocated - ? WHERE id = ?", [
          cancel,
          cancel - release,
          release,
          line.id,
        ]);
        Object.assign(line, { cancelled: line.cancelled + cancel, short: line.short - (cancel - release), allocated: line.allocated - release });
      }
      const releases = plan.lines.filter((p) => p.release > 0).map((p) => ({ skuId: p.line.skuId, quantity: p.release, orderLineId: p.line.id }));
      if (releases.length) await this.stock.release(tx, caller.shopId, caller.actor, releases, `Order #${order.number} cancelled`);

      await tx.run("UPDATE orders SET status = ?, resolved_by = ?, updated_at = ? WHERE id = ?", [plan.resultingStatus, side, sqlTimestamp(now), order.id]);
      const move = { from: order.status, to: plan.resultingStatus };
      Object.assign(order, { status: plan.resultingStatus, resolvedBy: side, updatedAt: now });

      const refund =
        refunding
          ? await this.refunds.createRefund(tx, caller.shopId, {
              orderId: order.id,
              currency: order.currency,
              destination: options.refundTo!,
              reason: note,
              amounts: plan.refund!,
              payoutDetails,
            })
          : null;
      const coupon = options.apologyCoupon ? await this.coupons.issue(tx, caller.shopId, order, options.apologyCoupon, now) : null;
      await recordOrderEvents(tx, caller.shopId, caller.actor, timelineEvents(order, plan, note, refund, coupon));
      await recordStatusMoves(tx, caller.shopId, order.id, [move]);
      let refundLink =
        refund?.destination === RefundDestination.CUSTOMER ? await this.refundLinks.issueLink(tx, caller.shopId, caller.actor, { id: refund.id, orderId: order.id }) : null;
      const cancelledUnits = plan.lines.filter((p) => p.cancel > 0).map((p) => ({ skuId: p.line.skuId, quantity: p.cancel }));
      if (order.kind !== OrderKind.SALE && cancelledUnits.length) {
        for (const listener of this.followUpListeners) {
          const settled = await listener(tx, { order, cancelled: cancelledUnits, refundTo: options.refundTo, actor: caller.actor });
          refundLink = refundLink ?? settled?.refundLink ?? null;
        }
      }

      // Released units go at once to the orders waiting for them.
      const offered = releases.length
        ? await this.waiting.offer(
            tx,
            caller.shopId,
            releases.map((r) => r.skuId),
            "CANCELLATION",
          )
        : null;
      return { order, lines, refund, coupon, refundLink, resumedOrderIds: offered?.resumedOrderIds ?? [] };
    });
  }

  /**
   * What a resolution's options must be, whatever the order (a cancellation's reason, the refund's
   * destination, the coupon): refused with every error at once; answers the cleaned note.
   */
  checkOptions(resolution: Resolution, options: ResolveOptions): string | null {
    const note = (options.note && cleanFreeText(options.note)) || null;
    const errors: UserError[] = [];
    if (resolution === Resolution.CANCEL && !note) errors.push(userError("reason", UserErrorCode.REQUIRED, "Say why the order is cancelled."));
    if (note && note.length > NOTE_MAX) errors.push(userError(resolution === Resolution.CANCEL ? "reason" : "note", UserErrorCode.OUT_OF_RANGE, `At most ${NOTE_MAX} characters.`));
    if (resolution !== Resolution.WAIT_FOR_RESTOCK && !options.refundTo) errors.push(userError("refundTo", UserErrorCode.REQUIRED, "Say who receives the refund."));
    if (options.apologyCoupon) {
      if (resolution === Resolution.WAIT_FOR_RESTOCK) errors.push(userError("apologyCoupon", UserErrorCode.INVALID_FORMAT, "An apology coupon comes with a cancellation or a partial shipment."));
      else errors.push(...apologyCouponErrors("apologyCoupon", options.apologyCoupon));
    }
    if (errors.length) throw new UserInputError(errors);
    return note;
  }

  /**
   * Refuses a refund that could never be paid, before anything changes: to the merchant without a
   * payout account on file, or to a customer without a CPF (the refund link is confirmed with it).
   * Answers the merchant's account, which a refund to the merchant keeps a copy of.
   */
  async refundDestinationReady(tx: Tx, shopId: number, order: Order, destination: RefundDestination) {
    if (destination === RefundDestination.MERCHANT) {
      const account = await this.payoutAccounts.detailsFor(tx, shopId);
      if (!account) {
        throw new UserInputError([
          userError("refundTo", UserErrorCode.PAYOUT_ACCOUNT_MISSING, "Your shop has no payout account on file: add one (setPayoutAccount), or refund to the customer."),
        ]);
      }
      return account;
    }
    const [customer] = await tx.query<{ cpf: string | null }>("SELECT cpf FROM customer WHERE id = ? AND shop_id = ?", [order.customerId, shopId]);
    if (!customer?.cpf) {
      throw new UserInputError([
        userError(
          "refundTo",
          UserErrorCode.CUSTOMER_CPF_MISSING,
          "This order's customer has no CPF on file, and the refund link is confirmed with it: refund to your own account (MERCHANT) and settle with the customer.",
        ),
      ]);
    }
    return null;
  }

  /**
   * Locks an order for a change. When its lines' stock may change, the stock levels of its skus are
   * locked first, in sku order, like every other stock change, so no two transactions wait on
   * each other in a cycle. `extraSkuIds` (a substitute) are locked with them, in the same order.
   */
  async lockOrder(tx: Tx, shopId: number, orderId: number, withStock: boolean, extraSkuIds: number[] = []): Promise<{ order: Order; lines: OrderLine[] }> {
    if (withStock) {
      const skus = await tx.query<{ sku_id: number }>("SELECT sku_id FROM order_line WHERE shop_id = ? AND order_id = ?", [shopId, orderId]);
      await this.stock.lockLevels(tx, shopId, [...skus.map((s) => Number(s.sku_id)), ...extraSkuIds]);
    }
    const orderQuery = tx.manager.createQueryBuilder(Order, "o").where("o.id = :orderId AND o.shopId = :shopId", { orderId, shopId });
    if (tx.dialect === "mysql") orderQuery.setLock("pessimistic_write");
    const order = await orderQuery.getOne();
    if (!order) throw new UserInputError([orderNotFound()]);
    const linesQuery = tx.manager.createQueryBuilder(OrderLine, "l").where("l.orderId = :orderId", { orderId }).orderBy("l.id");
    if (tx.dialect === "mysql" && withStock) linesQuery.setLock("pessimistic_write");
    return { order, lines: await linesQuery.getMany() };
  }
}

/**
 * Who is resolving, the shop or the customer, checked under the order's lock: whoever resolved first
 * keeps the decision (CDC art. 35 gives it to the customer when they choose), so the other side is
 * refused. The customer chooses only while the order waits for stock.
 */
export function resolvingSide(caller: Caller, order: Order): "MERCHANT" | "CUSTOMER" {
  if (caller.actor.type !== "CUSTOMER") {
    if (order.resolvedBy === "CUSTOMER") throw new UserInputError([customerChose(order)]);
    return "MERCHANT";
  }
  if (order.resolvedBy === "MERCHANT") {
    throw new UserInputError([userError("choice", UserErrorCode.MERCHANT_RESOLVED, `The shop already resolved order #${order.number}.`)]);
  }
  if (!WITHOUT_STOCK_STATUSES.includes(order.status)) {
    throw new UserInputError([userError("choice", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: there is nothing to choose.`)]);
  }
  return "CUSTOMER";
}

const customerChose = (order: Order) =>
  userError("orderId", UserErrorCode.CUSTOMER_CHOSE, `The customer already chose what happens to order #${order.number} on their order page.`);

/** The refusal for an order id that is not the caller's shop's (or does not exist at all). */
export const orderNotFound = () => userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.");

function timelineEvents(order: Order, plan: ResolutionPlan, note: string | null, refund: Refund | null, coupon: Coupon | null): NewOrderEvent[] {
  const cancelled = plan.lines.filter((p) => p.cancel > 0).map((p) => ({ skuCode: p.line.skuCode, quantity: p.cancel }));
  const events: NewOrderEvent[] = [];
  switch (plan.resolution) {
    case Resolution.WAIT_FOR_RESTOCK:
      events.push({ orderId: order.id, type: OrderEventType.ORDER_ON_HOLD, note });
      break;
    case Resolution.SHIP_AVAILABLE:
      events.push({ orderId: order.id, type: OrderEventType.ITEMS_CANCELLED, note, data: { lines: cancelled } });
      break;
    case Resolution.CANCEL:
      events.push({
        orderId: order.id,
        type: OrderEventType.ORDER_CANCELLED,
        note,
        data: { lines: cancelled, released: plan.lines.filter((p) => p.release > 0).map((p) => ({ skuCode: p.line.skuCode, quantity: p.release })) },
      });
      break;
  }
  if (refund) {
    events.push({
      orderId: order.id,
      type: OrderEventType.REFUND_CREATED,
      data: { refundId: refund.id, amount: refund.amount, shippingAmount: refund.shippingAmount, destination: refund.destination, status: refund.status },
    });
  }
  if (coupon) {
    events.push({
      orderId: order.id,
      type: OrderEventType.COUPON_ISSUED,
      data: { couponId: coupon.id, code: coupon.code, kind: coupon.kind, value: coupon.value, expiresAt: coupon.expiresAt.toISOString() },
    });
  }
  return events;
}
