import { Database, Tx } from "../../infra/db/database";
import { insertStatement, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { CatalogService } from "../catalog/sku.service";
import { Refund, RefundDestination } from "../refunds/refund.entity";
import { RefundService } from "../refunds/refund.service";
import { RefundLinkService } from "../refunds/refund-link.service";
import { StockService } from "../stock/stock.service";
import { Order, OrderStatus } from "./order.entity";
import { OrderEventType } from "./order-event.entity";
import { NewOrderEvent, recordOrderEvents } from "./order-events";
import { recordStatusMoves } from "./order-counts";
import { OrderLine } from "./order-line.entity";
import { ResolutionService, resolvingSide } from "./resolution.service";
import { SubstituteOffer } from "./substitute-offer.entity";
import { checkOffer, planSubstitution, SubstituteSku, SubstitutionPlan } from "./substitution";

export interface SubstituteOptions {
  /** Where the price difference goes when the substitute is cheaper (required then). */
  refundTo?: RefundDestination | null;
}

export interface Substituted {
  order: Order;
  lines: OrderLine[];
  /** The new line, fully reserved, that replaces the short units. */
  newLine: OrderLine;
  plan: SubstitutionPlan;
  refund: Refund | null;
  /** The customer's refund link, when the difference goes to the customer: returned this once, never stored. */
  refundLink: string | null;
}

export interface SubstitutionPreview {
  plan: SubstitutionPlan | null;
  /** The substitute's available units now (0 when unknown). */
  available: number;
  userErrors: UserError[];
}

const lineNotFound = () => userError("orderLineId", UserErrorCode.NOT_FOUND, "No order line with this id in your shop.");

/**
 * Equivalent products, the fourth resolution: the merchant offers substitutes for a short line
 * (the customer accepts one later), or substitutes at once. A substitution is one transaction: the
 * stock levels of the order's skus and of the substitute are locked in sku id order, then the
 * order; the line's short units are cancelled, a new line reserves the substitute (all of it, or
 * nothing changes), the difference is refunded when cheaper, and the order resumes when nothing
 * else is short.
 */
export class SubstitutionService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
    private readonly catalog: CatalogService,
    private readonly refunds: RefundService,
    private readonly refundLinks: RefundLinkService,
    private readonly resolutions: ResolutionService,
  ) {}

  /** What substituting `skuId` for the short units of a line would do now, or why not. Changes nothing. */
  async preview(caller: Caller, orderLineId: number, skuId: number): Promise<SubstitutionPreview> {
    const line = await this.db.manager.findOneBy(OrderLine, { id: orderLineId, shopId: caller.shopId });
    if (!line) return { plan: null, available: 0, userErrors: [lineNotFound()] };
    const order = await this.db.manager.findOneByOrFail(Order, { id: line.orderId, shopId: caller.shopId });
    const lines = await this.db.manager.find(OrderLine, { where: { orderId: order.id, shopId: caller.shopId }, order: { id: "ASC" } });
    const sku = (await this.skus(caller, [skuId])).get(skuId) ?? null;
    const level = sku ? (await this.stock.levelsBySkuIds(caller.shopId, [skuId])).get(skuId) : undefined;
    const available = level ? level.onHand - level.allocated : 0;
    const refunded = await this.refunds.refundedTotal(this.db, caller.shopId, order.id);
    try {
      return { plan: planSubstitution(order, lines, lines.find((l) => l.id === line.id)!, sku, available, refunded), available, userErrors: [] };
    } catch (error) {
      if (error instanceof UserInputError) return { plan: null, available, userErrors: error.errors };
      throw error;
    }
  }

  /**
   * Offers these skus (the shop's, not the line's own) for a short line of an order that waits for
   * stock, for the customer to accept. They add to the line's earlier offers (a sku offered again
   * changes nothing), at most MAX_SUBSTITUTE_OFFERS in all. Writes SUBSTITUTES_OFFERED with the
   * skus newly offered.
   */
  async offer(caller: Caller, orderLineId: number, skuIds: number[]): Promise<{ order: Order; line: OrderLine; added: number[] }> {
    const ids = [...new Set(skuIds)];
    const skus = await this.skus(caller, ids);
    return this.db.transaction(async (tx) => {
      const { order, lines, line } = await this.lockLine(tx, caller, orderLineId, false);
      // An offer invites the customer to choose: pointless once they have (CUSTOMER_CHOSE).
      resolvingSide(caller, order);
      const existing = await tx.query<{ sku_id: number }>("SELECT sku_id FROM substitute_offer WHERE shop_id = ? AND order_line_id = ?", [caller.shopId, line.id]);
      const already = existing.map((r) => Number(r.sku_id));
      checkOffer(order, lines, line, ids, skus, already);
      const added = ids.filter((id) => !already.includes(id));
      if (added.length === 0) return { order, line, added };
      const now = new Date();
      const insert = insertStatement(
        "substitute_offer",
        ["shop_id", "order_id", "order_line_id", "sku_id", "created_at"],
        added.map((skuId) => [caller.shopId, order.id, line.id, skuId, sqlTimestamp(now)]),
      );
      await tx.run(insert.sql, insert.params, added.length);
      // Offering hands the choice to the customer, even on an order the shop had already put on hold.
      await tx.run("UPDATE orders SET resolved_by = NULL, updated_at = ? WHERE id = ?", [sqlTimestamp(now), order.id]);
      order.updatedAt = now;
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.SUBSTITUTES_OFFERED,
          data: {
            orderLineId: line.id,
            skuCode: line.skuCode,
            skus: added.map((id) => ({ skuId: id, skuCode: skus.get(id)!.code, unitPrice: skus.get(id)!.price })),
          },
        },
      ]);
      return { order, line, added };
    });
  }

  /** The merchant substitutes at once (the customer agreed, e.g. by phone). */
  substitute(caller: Caller, orderLineId: number, skuId: number, options: SubstituteOptions): Promise<Substituted> {
    return this.run(caller, orderLineId, skuId, options, false);
  }

  /**
   * The customer (or anyone acting for them: `caller.actor` may be CUSTOMER) accepts a substitute
   * the merchant offered for this line: the same substitution, refused with SUBSTITUTE_NOT_OFFERED
   * for a sku that was not offered for the line. With a CUSTOMER actor the difference of a cheaper
   * substitute goes to the customer unless `refundTo` says otherwise.
   */
  acceptOffer(caller: Caller, orderLineId: number, skuId: number, options: SubstituteOptions = {}): Promise<Substituted> {
    const refundTo = options.refundTo ?? (caller.actor.type === "CUSTOMER" ? RefundDestination.CUSTOMER : null);
    return this.run(caller, orderLineId, skuId, { refundTo }, true);
  }

  /** The offers of these lines, oldest first, by line. */
  async offersByLineIds(shopId: number, lineIds: readonly number[]): Promise<Map<number, SubstituteOffer[]>> {
    const byLine = new Map<number, SubstituteOffer[]>();
    if (lineIds.length === 0) return byLine;
    const offers = await this.db.manager
      .createQueryBuilder(SubstituteOffer, "s")
      .where("s.shopId = :shopId AND s.orderLineId IN (:...lineIds)", { shopId, lineIds })
      .orderBy("s.id")
      .getMany();
    for (const offer of offers) byLine.set(offer.orderLineId, [...(byLine.get(offer.orderLineId) ?? []), offer]);
    return byLine;
  }

  private async run(caller: Caller, orderLineId: number, skuId: number, options: SubstituteOptions, mustBeOffered: boolean): Promise<Substituted> {
    const sku = (await this.skus(caller, [skuId])).get(skuId) ?? null;
    return this.db.transaction(async (tx) => {
      const { order, lines, line } = await this.lockLine(tx, caller, orderLineId, true, sku ? [sku.id] : []);
      const side = resolvingSide(caller, order);
      if (mustBeOffered && sku) {
        const offered = await tx.query("SELECT id FROM substitute_offer WHERE shop_id = ? AND order_line_id = ? AND sku_id = ?", [caller.shopId, line.id, sku.id]);
        if (offered.length === 0) {
          throw new UserInputError([userError("skuId", UserErrorCode.SUBSTITUTE_NOT_OFFERED, "This sku was not offered as a substitute for this line.")]);
        }
      }
      const level = sku ? (await this.stock.lockLevels(tx, caller.shopId, [sku.id])).get(sku.id) : undefined;
      const available = level ? level.onHand - level.allocated : 0;
      const plan = planSubstitution(order, lines, line, sku, available, await this.refunds.refundedTotal(tx, caller.shopId, order.id));
      if (plan.refund && !options.refundTo) {
        throw new UserInputError([userError("refundTo", UserErrorCode.REQUIRED, "The substitute is cheaper: say who receives the difference.")]);
      }
      const payoutDetails = plan.refund ? await this.resolutions.refundDestinationReady(tx, caller.shopId, order, options.refundTo!) : null;
      const now = new Date();
      const reason = `Order #${order.number}: ${line.skuCode} substituted by ${plan.sku.code}`;

      // The short units leave the old line (cancelled, never allocated: no stock moves there)...
      const cancelled = await tx.run("UPDATE order_line SET cancelled = cancelled + ?, short = short - ? WHERE id = ? AND short = ?", [
        plan.quantity,
        plan.quantity,
        line.id,
        plan.quantity,
      ]);
      if (cancelled.affected !== 1) throw new Error(`Order line ${line.id} changed under its lock`);
      Object.assign(line, { cancelled: line.cancelled + plan.quantity, short: 0 });

      // ...and a new line takes them, reserved in full (the level is locked and was checked).
      const insert = insertStatement(
        "order_line",
        ["shop_id", "order_id", "sku_id", "sku_code", "name", "quantity", "unit_price", "allocated", "short", "cancelled", "shipped", "replaces_line_id"],
        [[caller.shopId, order.id, plan.sku.id, plan.sku.code, plan.sku.name, plan.quantity, plan.unitPrice, plan.quantity, 0, 0, 0, line.id]],
      );
      const newLine = Object.assign(new OrderLine(), {
        id: (await tx.run(insert.sql, insert.params)).firstInsertId,
        shopId: caller.shopId,
        orderId: order.id,
        skuId: plan.sku.id,
        skuCode: plan.sku.code,
        name: plan.sku.name,
        quantity: plan.quantity,
        unitPrice: plan.unitPrice,
        allocated: plan.quantity,
        short: 0,
        cancelled: 0,
        shipped: 0,
        replacesLineId: line.id,
      });
      await this.stock.allocateToLines(tx, caller.shopId, caller.actor, plan.sku.id, [{ orderLineId: newLine.id, quantity: plan.quantity }], reason);
      lines.push(newLine);

      await tx.run("UPDATE orders SET status = ?, resolved_by = ?, updated_at = ? WHERE id = ?", [plan.resultingStatus, side, sqlTimestamp(now), order.id]);
      const resumed = plan.resultingStatus === OrderStatus.READY && order.status !== OrderStatus.READY;
      const move = { from: order.status, to: plan.resultingStatus };
      Object.assign(order, { status: plan.resultingStatus, resolvedBy: side, updatedAt: now });

      const refund = plan.refund
        ? await this.refunds.createRefund(tx, caller.shopId, {
            orderId: order.id,
            currency: order.currency,
            destination: options.refundTo!,
            reason,
            amounts: plan.refund,
            payoutDetails,
          })
        : null;
      const events: NewOrderEvent[] = [
        {
          orderId: order.id,
          type: OrderEventType.LINE_SUBSTITUTED,
          data: {
            orderLineId: line.id,
            newOrderLineId: newLine.id,
            from: { skuId: line.skuId, skuCode: line.skuCode },
            to: { skuId: plan.sku.id, skuCode: plan.sku.code },
            quantity: plan.quantity,
            unitPrice: line.unitPrice,
            substitutePrice: plan.sku.price,
            priceDifference: plan.priceDifference,
            refunded: refund?.amount ?? 0,
            absorbed: plan.absorbed,
          },
        },
      ];
      if (refund) {
        events.push({
          orderId: order.id,
          type: OrderEventType.REFUND_CREATED,
          data: { refundId: refund.id, amount: refund.amount, shippingAmount: refund.shippingAmount, destination: refund.destination, status: refund.status },
        });
      }
      // The same event as a restock resumption: whoever follows resumptions (the queue, e-mail) sees this one too.
      if (resumed) events.push({ orderId: order.id, type: OrderEventType.ORDER_RESUMED, data: { cause: "SUBSTITUTION" } });
      await recordOrderEvents(tx, caller.shopId, caller.actor, events);
      await recordStatusMoves(tx, caller.shopId, order.id, [move]);
      const refundLink =
        refund?.destination === RefundDestination.CUSTOMER ? await this.refundLinks.issueLink(tx, caller.shopId, caller.actor, { id: refund.id, orderId: order.id }) : null;
      return { order, lines, newLine, plan, refund, refundLink };
    });
  }

  /** Locks the line's order (with its stock levels, and the substitute's, when `withStock`) and finds the line. */
  private async lockLine(tx: Tx, caller: Caller, orderLineId: number, withStock: boolean, extraSkuIds: number[] = []) {
    const [row] = await tx.query<{ order_id: number }>("SELECT order_id FROM order_line WHERE id = ? AND shop_id = ?", [orderLineId, caller.shopId]);
    if (!row) throw new UserInputError([lineNotFound()]);
    const { order, lines } = await this.resolutions.lockOrder(tx, caller.shopId, Number(row.order_id), withStock, extraSkuIds);
    return { order, lines, line: lines.find((l) => l.id === orderLineId)! };
  }

  /** The caller's shop's skus among these ids, as substitutes. */
  private async skus(caller: Caller, ids: number[]): Promise<Map<number, SubstituteSku>> {
    const nodes = await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, ids);
    return new Map([...nodes].map(([id, node]) => [id, { id, code: node.code, name: node.name, price: node.price.amount }]));
  }
}
