import { groupBy } from "../../infra/collections";
import { Database, Tx } from "../../infra/db/database";
import { insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { Page, decodeCursor, toPage } from "../../infra/graphql/pagination";
import { cleanFreeText } from "../../infra/text";
import { CreditNoteSourceType } from "../credit-notes/credit-note.entity";
import { Order, OrderKind, OrderStatus } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { OrderLine } from "../orders/order-line.entity";
import { OrderService } from "../orders/order.service";
import { FollowUpCancellation } from "../orders/resolution.service";
import { AfterDeliveryRefunds, UnitsRefunded } from "../refunds/after-delivery-refunds";
import { RefundDestination } from "../refunds/refund.entity";
import { Claim, ClaimLine, ClaimOutcome, ClaimSide, ClaimStatus } from "./claim.entity";

/** The longest note or message a claim keeps. */
export const MAX_CLAIM_TEXT = 500;
/** The most lines one claim lists. */
export const MAX_CLAIM_LINES = 100;

/** A claim with its lines (each with the order line's sku code and name). */
export interface ClaimView {
  claim: Claim;
  lines: Array<ClaimLine & { skuCode: string; name: string }>;
}

export interface ClaimLineRequest {
  orderLineId: number;
  quantity: number;
}

export interface ResolveClaimOptions {
  /** KEEP_AND_SETTLE: who receives the refund (the customer's own choice always refunds them). */
  refundTo?: RefundDestination | null;
  /** A message for the customer, kept on the claim. */
  message?: string | null;
}

export interface ClaimResolved {
  view: ClaimView;
  /** KEEP_AND_SETTLE: what was refunded (amount 0 when nothing was left to refund). */
  settlement: UnitsRefunded | null;
  /** RESHIP: the reshipment order. */
  followUpOrder: Order | null;
  refundLink: string | null;
}

/** What each outcome would do now, for the claim dialogs; changes nothing. */
export interface ClaimPreview {
  currency: string;
  reship: Array<{ orderLineId: number; skuId: number; skuCode: string; name: string; quantity: number; available: number; inStock: boolean }>;
  settle: { amount: number; lines: Array<{ orderLineId: number; quantity: number; amount: number }> };
}

/** Claims whose units count as missing (a rejected claim's do not). */
const COUNTED = [ClaimStatus.OPEN, ClaimStatus.RESOLVED];

/** What claims need of returns (ReturnService): units already sent back, and the return a withdrawal opens. */
export interface ClaimReturns {
  /** Units of the order's lines in returns that were not refused (received ones: what arrived). */
  returnedByLine(source: Tx | Database, shopId: number, orderId: number): Promise<Map<number, number>>;
  /** WITHDRAW: a return of every delivered unit not already returned or claimed, approved at once (reason WITHDRAWAL), in `tx`. */
  openForWithdrawal(tx: Tx, input: { shopId: number; orderId: number; claimId: number; actor: Caller["actor"]; note?: string | null }): Promise<{ ret: { id: number } }>;
}

/**
 * Incomplete-delivery claims: units of a DELIVERED order that did not arrive. A claim is a
 * document of its own (the order stays DELIVERED): OPEN, then RESOLVED with an outcome (RESHIP:
 * a follow-up order of kind RESHIPMENT; KEEP_AND_SETTLE: refund of the missing units and a credit
 * note) or REJECTED with a message. The merchant and the customer (on their order page) may both
 * act; whoever acts first wins, the other is refused.
 */
export class ClaimService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly refunds: AfterDeliveryRefunds,
    private readonly returns: ClaimReturns | null = null,
  ) {}

  /**
   * Reports units missing from a delivered order: a new OPEN claim, numbered within the order, and
   * CLAIM_OPENED on the order's timeline. Refused (nothing written): an order not the shop's
   * (NOT_FOUND), not DELIVERED (INVALID_TRANSITION), a line not of the order (NOT_FOUND), more units
   * than were shipped and are not already claimed or returned (EXCEEDS_DELIVERED).
   */
  async reportMissingItems(caller: Caller, orderId: number, requested: ClaimLineRequest[], note?: string | null): Promise<ClaimView> {
    const valid = validateLines(requested);
    const text = cleanText(note, "note");
    return this.db.transaction(async (tx) => {
      const { order, lines } = await this.lockDelivered(tx, caller.shopId, orderId);
      const claimable = await this.claimableIn(tx, caller.shopId, lines);
      const byId = new Map(lines.map((l) => [l.id, l]));
      const errors: UserError[] = [];
      valid.forEach((r, i) => {
        const line = byId.get(r.orderLineId);
        if (!line) errors.push(userError(`lines.${i}.orderLineId`, UserErrorCode.NOT_FOUND, `Order #${order.number} has no such line.`));
        else if (r.quantity > (claimable.get(line.id) ?? 0)) {
          errors.push(
            userError(
              `lines.${i}.quantity`,
              UserErrorCode.EXCEEDS_DELIVERED,
              `Only ${claimable.get(line.id) ?? 0} unit(s) of ${line.skuCode} were delivered and are not already claimed or returned.`,
            ),
          );
        }
      });
      if (errors.length) throw new UserInputError(errors);

      const [row] = await tx.query<{ n: number | null }>("SELECT MAX(number) AS n FROM claim WHERE shop_id = ? AND order_id = ?", [caller.shopId, order.id]);
      const now = new Date();
      const side = sideOf(caller);
      const claim = Object.assign(new Claim(), {
        shopId: caller.shopId,
        orderId: order.id,
        number: Number(row?.n ?? 0) + 1,
        status: ClaimStatus.OPEN,
        outcome: null,
        note: text,
        message: null,
        openedBy: side,
        openedByName: caller.actor.name ? caller.actor.name.slice(0, 200) : null,
        resolvedBy: null,
        resolvedByName: null,
        followUpOrderId: null,
        refundId: null,
        creditNoteId: null,
        returnId: null,
        createdAt: now,
        resolvedAt: null,
      });
      const insert = insertStatement(
        "claim",
        ["shop_id", "order_id", "number", "status", "note", "opened_by", "opened_by_name", "created_at"],
        [[claim.shopId, claim.orderId, claim.number, claim.status, claim.note, claim.openedBy, claim.openedByName, sqlTimestamp(now)]],
      );
      claim.id = (await tx.run(insert.sql, insert.params)).firstInsertId;
      const claimLines = valid.map((r) => Object.assign(new ClaimLine(), { shopId: caller.shopId, claimId: claim.id, orderLineId: r.orderLineId, skuId: byId.get(r.orderLineId)!.skuId, quantity: r.quantity }));
      const insertLines = insertStatement(
        "claim_line",
        ["shop_id", "claim_id", "order_line_id", "sku_id", "quantity"],
        claimLines.map((l) => [l.shopId, l.claimId, l.orderLineId, l.skuId, l.quantity]),
      );
      const firstId = (await tx.run(insertLines.sql, insertLines.params, claimLines.length)).firstInsertId;
      claimLines.forEach((l, i) => (l.id = firstId + i));
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.CLAIM_OPENED,
          note: text,
          data: { claimId: claim.id, number: claim.number, openedBy: side, lines: claimLines.map((l) => ({ orderLineId: l.orderLineId, skuCode: byId.get(l.orderLineId)!.skuCode, quantity: l.quantity })) },
        },
      ]);
      return { claim, lines: claimLines.map((l) => ({ ...l, skuCode: byId.get(l.orderLineId)!.skuCode, name: byId.get(l.orderLineId)!.name })) };
    });
  }

  /**
   * Resolves an OPEN claim with an outcome, in one transaction: RESHIP places a follow-up order of
   * kind RESHIPMENT for the missing units (reserved now, or waiting in the stockout queue, FIFO);
   * KEEP_AND_SETTLE refunds the missing units (AfterDeliveryRefunds.refundUnits: refund + credit
   * note). Whoever acts first wins: the claim leaves OPEN in one conditional UPDATE, and the other
   * side is refused (CUSTOMER_CHOSE for the shop, MERCHANT_RESOLVED for the customer).
   */
  async resolveClaim(caller: Caller, claimId: number, outcome: ClaimOutcome, options: ResolveClaimOptions = {}): Promise<ClaimResolved> {
    const side = sideOf(caller);
    const message = cleanText(options.message, "message");
    const refundTo = side === ClaimSide.CUSTOMER ? RefundDestination.CUSTOMER : (options.refundTo ?? null);
    const errors: UserError[] = [];
    if (!Object.values(ClaimOutcome).includes(outcome)) errors.push(userError("outcome", UserErrorCode.INVALID_FORMAT, `The outcome is one of ${Object.values(ClaimOutcome).join(", ")}.`));
    if (outcome === ClaimOutcome.WITHDRAW && !this.returns) {
      errors.push(userError("outcome", UserErrorCode.INVALID_TRANSITION, "Withdrawal (WITHDRAW) is not available: reship the units or settle them."));
    }
    if (outcome === ClaimOutcome.KEEP_AND_SETTLE && !refundTo) errors.push(userError("refundTo", UserErrorCode.REQUIRED, "Say who receives the refund."));
    if (errors.length) throw new UserInputError(errors);

    return this.db.transaction(async (tx) => {
      const now = new Date();
      // The order first (claims and returns of one order take turns on its row), then the claim.
      const [owner] = await tx.query<{ order_id: number }>("SELECT order_id FROM claim WHERE id = ? AND shop_id = ?", [claimId, caller.shopId]);
      if (!owner) throw new UserInputError([claimNotFound()]);
      await this.lockDelivered(tx, caller.shopId, Number(owner.order_id));
      const taken = await tx.run(
        "UPDATE claim SET status = ?, outcome = ?, message = ?, resolved_by = ?, resolved_by_name = ?, resolved_at = ? WHERE id = ? AND shop_id = ? AND status = ?",
        [ClaimStatus.RESOLVED, outcome, message, side, caller.actor.name ? caller.actor.name.slice(0, 200) : null, sqlTimestamp(now), claimId, caller.shopId, ClaimStatus.OPEN],
      );
      const view = await this.viewIn(tx, caller.shopId, claimId);
      if (!view) throw new UserInputError([claimNotFound()]);
      if (taken.affected !== 1) throw new UserInputError([closed(view.claim, side)]);
      const order = (await this.orders.findOrderIn(tx, caller.shopId, view.claim.orderId))!;
      const texts = claimTexts(caller.shopLocale, view.claim.number, order.number);

      let followUpOrder: Order | null = null;
      let settlement: UnitsRefunded | null = null;
      let returnId: number | null = null;
      if (outcome === ClaimOutcome.RESHIP) {
        const placed = await this.orders.placeFollowUpOrder(tx, {
          shopId: caller.shopId,
          originOrderId: order.id,
          kind: OrderKind.RESHIPMENT,
          lines: view.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
          actor: caller.actor,
          note: texts.label,
        });
        followUpOrder = placed.order;
        await tx.run("UPDATE claim SET follow_up_order_id = ? WHERE id = ?", [followUpOrder.id, claimId]);
      } else if (outcome === ClaimOutcome.WITHDRAW) {
        // The delivered goods come back through a return (approved at once); receiving it refunds everything paid.
        const lines = await tx.manager.find(OrderLine, { where: { orderId: order.id, shopId: caller.shopId }, order: { id: "ASC" } });
        const claimable = await this.claimableIn(tx, caller.shopId, lines);
        if ([...claimable.values()].some((units) => units > 0)) {
          const opened = await this.returns!.openForWithdrawal(tx, { shopId: caller.shopId, orderId: order.id, claimId, actor: caller.actor, note: texts.withdrawal });
          returnId = opened.ret.id;
          await tx.run("UPDATE claim SET return_id = ? WHERE id = ?", [returnId, claimId]);
        } else {
          // Nothing arrived that could go back: the withdrawal refunds everything paid now, shipping included.
          if (!refundTo) throw new UserInputError([userError("refundTo", UserErrorCode.REQUIRED, "Nothing arrived to send back, so the withdrawal refunds everything now: say who receives the refund.")]);
          settlement = await this.refunds.refundUnits(tx, {
            shopId: caller.shopId,
            orderId: order.id,
            lines: lines.filter((l) => l.shipped > 0).map((l) => ({ orderLineId: l.id, quantity: l.shipped })),
            includeShipping: true,
            reason: texts.withdrawalNothingArrived,
            source: { type: CreditNoteSourceType.CLAIM, id: claimId },
            refundTo,
            actor: caller.actor,
          });
          await tx.run("UPDATE claim SET refund_id = ?, credit_note_id = ? WHERE id = ?", [settlement.refund?.id ?? null, settlement.creditNote?.note.id ?? null, claimId]);
        }
      } else {
        settlement = await this.refunds.refundUnits(tx, {
          shopId: caller.shopId,
          orderId: order.id,
          lines: view.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
          reason: texts.settled,
          source: { type: CreditNoteSourceType.CLAIM, id: claimId },
          refundTo: refundTo!,
          actor: caller.actor,
        });
        await tx.run("UPDATE claim SET refund_id = ?, credit_note_id = ? WHERE id = ?", [settlement.refund?.id ?? null, settlement.creditNote?.note.id ?? null, claimId]);
      }
      Object.assign(view.claim, {
        status: ClaimStatus.RESOLVED,
        outcome,
        message,
        resolvedBy: side,
        resolvedByName: caller.actor.name ? caller.actor.name.slice(0, 200) : null,
        resolvedAt: now,
        followUpOrderId: followUpOrder?.id ?? null,
        refundId: settlement?.refund?.id ?? null,
        creditNoteId: settlement?.creditNote?.note.id ?? null,
        returnId,
      });
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.CLAIM_RESOLVED,
          note: message,
          data: {
            claimId,
            number: view.claim.number,
            status: ClaimStatus.RESOLVED,
            outcome,
            resolvedBy: side,
            lines: view.lines.map((l) => ({ orderLineId: l.orderLineId, skuCode: l.skuCode, quantity: l.quantity })),
            followUpOrderId: followUpOrder?.id ?? null,
            followUpOrderNumber: followUpOrder?.number ?? null,
            refundId: view.claim.refundId,
            creditNoteId: view.claim.creditNoteId,
            returnId,
            amount: settlement?.amount ?? null,
          },
        },
      ]);
      return { view, settlement, followUpOrder, refundLink: settlement?.refundLink ?? null };
    });
  }

  /**
   * A reshipment's units were cancelled (cancelOrder or shipAvailableItems on the waiting
   * reshipment, by the shop or the customer): the claim that made it settles them instead, in the
   * same transaction: what was paid for those units of the origin order is refunded (refundUnits,
   * with its credit note, linked from the claim) and CLAIM_RESOLVED says so on the origin's timeline.
   * Not a reshipment of a claim: nothing to do.
   */
  async settleCancelledReshipment(tx: Tx, cancellation: FollowUpCancellation): Promise<{ refundLink: string | null } | void> {
    const { order } = cancellation;
    if (order.kind !== OrderKind.RESHIPMENT) return;
    const [row] = await tx.query<{ id: number }>("SELECT id FROM claim WHERE shop_id = ? AND follow_up_order_id = ?", [order.shopId, order.id]);
    if (!row) return;
    const view = (await this.viewIn(tx, order.shopId, Number(row.id)))!;
    const lines = view.lines.flatMap((l) => {
      const cancelled = cancellation.cancelled.filter((c) => c.skuId === l.skuId).reduce((sum, c) => sum + c.quantity, 0);
      return cancelled > 0 ? [{ orderLineId: l.orderLineId, skuCode: l.skuCode, quantity: Math.min(cancelled, l.quantity) }] : [];
    });
    if (lines.length === 0) return;
    const origin = (await this.orders.findOrderIn(tx, order.shopId, view.claim.orderId))!;
    const [shop] = await tx.query<{ locale: string }>("SELECT locale FROM shop WHERE id = ?", [order.shopId]);
    const texts = claimTexts(shop?.locale ?? "en", view.claim.number, origin.number);
    const settlement = await this.refunds.refundUnits(tx, {
      shopId: order.shopId,
      orderId: origin.id,
      lines: lines.map(({ orderLineId, quantity }) => ({ orderLineId, quantity })),
      reason: texts.reshipmentCancelled(order.number),
      source: { type: CreditNoteSourceType.CLAIM, id: view.claim.id },
      refundTo: cancellation.refundTo ?? RefundDestination.CUSTOMER,
      actor: cancellation.actor,
    });
    await tx.run("UPDATE claim SET refund_id = COALESCE(?, refund_id), credit_note_id = COALESCE(?, credit_note_id) WHERE id = ?", [
      settlement.refund?.id ?? null,
      settlement.creditNote?.note.id ?? null,
      view.claim.id,
    ]);
    await recordOrderEvents(tx, order.shopId, cancellation.actor, [
      {
        orderId: origin.id,
        type: OrderEventType.CLAIM_RESOLVED,
        data: {
          claimId: view.claim.id,
          number: view.claim.number,
          status: ClaimStatus.RESOLVED,
          outcome: view.claim.outcome,
          reshipmentCancelled: { orderId: order.id, number: order.number, lines },
          refundId: settlement.refund?.id ?? null,
          creditNoteId: settlement.creditNote?.note.id ?? null,
          amount: settlement.amount,
        },
      },
    ]);
    return { refundLink: settlement.refundLink };
  }

  /** The shop turns an OPEN claim down, with a message for the customer (required). The customer cannot reject. */
  async rejectClaim(caller: Caller, claimId: number, message: string): Promise<ClaimView> {
    const text = cleanText(message, "message");
    if (!text) throw new UserInputError([userError("message", UserErrorCode.REQUIRED, "Tell the customer why the claim is rejected.")]);
    if (sideOf(caller) === ClaimSide.CUSTOMER) throw new UserInputError([userError("claimId", UserErrorCode.INVALID_TRANSITION, "Only the shop rejects a claim.")]);
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const name = caller.actor.name ? caller.actor.name.slice(0, 200) : null;
      const taken = await tx.run(
        "UPDATE claim SET status = ?, message = ?, resolved_by = ?, resolved_by_name = ?, resolved_at = ? WHERE id = ? AND shop_id = ? AND status = ?",
        [ClaimStatus.REJECTED, text, ClaimSide.MERCHANT, name, sqlTimestamp(now), claimId, caller.shopId, ClaimStatus.OPEN],
      );
      const view = await this.viewIn(tx, caller.shopId, claimId);
      if (!view) throw new UserInputError([claimNotFound()]);
      if (taken.affected !== 1) throw new UserInputError([closed(view.claim, ClaimSide.MERCHANT)]);
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: view.claim.orderId,
          type: OrderEventType.CLAIM_RESOLVED,
          note: text,
          data: {
            claimId,
            number: view.claim.number,
            status: ClaimStatus.REJECTED,
            outcome: null,
            resolvedBy: ClaimSide.MERCHANT,
            lines: view.lines.map((l) => ({ orderLineId: l.orderLineId, skuCode: l.skuCode, quantity: l.quantity })),
          },
        },
      ]);
      return view;
    });
  }

  /**
   * What each outcome would do for these units of a delivered order now: the reshipment's lines
   * and whether each is in stock (available now), and the settlement's amount. The same refusals
   * as reportMissingItems, except that an OPEN claim's own units may be passed (`claimId`).
   */
  async preview(shopId: number, orderId: number, requested: ClaimLineRequest[], claimId: number | null = null): Promise<ClaimPreview> {
    const valid = validateLines(requested);
    return this.db.transaction(async (tx) => {
      const order = await this.orders.findOrderIn(tx, shopId, orderId);
      if (!order) throw new UserInputError([orderNotFound()]);
      if (order.status !== OrderStatus.DELIVERED) throw new UserInputError([notDelivered(order)]);
      const lines = await tx.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } });
      const claimable = await this.claimableIn(tx, shopId, lines, claimId);
      const byId = new Map(lines.map((l) => [l.id, l]));
      const errors: UserError[] = [];
      valid.forEach((r, i) => {
        const line = byId.get(r.orderLineId);
        if (!line) errors.push(userError(`lines.${i}.orderLineId`, UserErrorCode.NOT_FOUND, `Order #${order.number} has no such line.`));
        else if (r.quantity > (claimable.get(line.id) ?? 0)) errors.push(userError(`lines.${i}.quantity`, UserErrorCode.EXCEEDS_DELIVERED, `Only ${claimable.get(line.id) ?? 0} unit(s) of ${line.skuCode} can be claimed.`));
      });
      if (errors.length) throw new UserInputError(errors);
      const skuIds = [...new Set(valid.map((r) => byId.get(r.orderLineId)!.skuId))];
      const levels = await tx.query<{ sku_id: number; available: number }>(
        `SELECT sku_id, on_hand - allocated AS available FROM stock_level WHERE shop_id = ? AND sku_id IN (${placeholders(skuIds.length)})`,
        [shopId, ...skuIds],
      );
      const available = new Map(levels.map((l) => [Number(l.sku_id), Math.max(0, Number(l.available))]));
      const settle = await this.refunds.preview(tx, { shopId, orderId, lines: valid });
      return {
        currency: order.currency,
        reship: valid.map((r) => {
          const line = byId.get(r.orderLineId)!;
          const units = available.get(line.skuId) ?? 0;
          return { orderLineId: line.id, skuId: line.skuId, skuCode: line.skuCode, name: line.name, quantity: r.quantity, available: units, inStock: units >= r.quantity };
        }),
        settle: { amount: settle.amount, lines: settle.amounts.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity, amount: l.amount })) },
      };
    });
  }

  /**
   * Units per order line counted as missing: in OPEN or RESOLVED claims (rejected ones do not
   * count). For returns: returnable = shipped - claimed - returned.
   */
  async claimedUnitsByLine(source: Tx | Database, shopId: number, orderLineIds: readonly number[], exceptClaimId: number | null = null): Promise<Map<number, number>> {
    if (orderLineIds.length === 0) return new Map();
    const rows = await source.query<{ order_line_id: number; units: number | string }>(
      `SELECT cl.order_line_id, SUM(cl.quantity) AS units FROM claim_line cl JOIN claim c ON c.id = cl.claim_id
        WHERE cl.shop_id = ? AND cl.order_line_id IN (${placeholders(orderLineIds.length)}) AND c.status IN (${placeholders(COUNTED.length)})${exceptClaimId ? " AND c.id <> ?" : ""}
        GROUP BY cl.order_line_id`,
      [shopId, ...orderLineIds, ...COUNTED, ...(exceptClaimId ? [exceptClaimId] : [])],
    );
    return new Map(rows.map((r) => [Number(r.order_line_id), Number(r.units)]));
  }

  /** Units of an order's lines in OPEN or RESOLVED claims (for returns: not delivered, so not returnable). */
  async claimedByOrder(source: Tx | Database, shopId: number, orderId: number): Promise<Map<number, number>> {
    const rows = await source.query<{ order_line_id: number; units: number | string }>(
      `SELECT cl.order_line_id, SUM(cl.quantity) AS units FROM claim_line cl JOIN claim c ON c.id = cl.claim_id
        WHERE c.shop_id = ? AND c.order_id = ? AND c.status IN (${placeholders(COUNTED.length)}) GROUP BY cl.order_line_id`,
      [shopId, orderId, ...COUNTED],
    );
    return new Map(rows.map((r) => [Number(r.order_line_id), Number(r.units)]));
  }

  /** Per line of a delivered order, how many units may still be claimed missing: shipped - claimed - returned. */
  async claimableIn(source: Tx | Database, shopId: number, lines: OrderLine[], exceptClaimId: number | null = null): Promise<Map<number, number>> {
    const ids = lines.map((l) => l.id);
    const [claimed, returned] = await Promise.all([
      this.claimedUnitsByLine(source, shopId, ids, exceptClaimId),
      this.returns && lines.length ? this.returns.returnedByLine(source, shopId, lines[0]!.orderId) : Promise.resolve(new Map<number, number>()),
    ]);
    return new Map(lines.map((l) => [l.id, Math.max(0, l.shipped - (claimed.get(l.id) ?? 0) - (returned.get(l.id) ?? 0))]));
  }

  /**
   * What the customer's order page shows of claims: the order's claims, and on a DELIVERED order
   * the lines with how many units may still be claimed; and whether the customer may be refunded
   * (a settlement to them needs the CPF their refund link is confirmed with).
   */
  async forOrderPage(shopId: number, orderId: number): Promise<{ claims: ClaimView[]; claimable: Array<{ orderLineId: number; name: string; claimable: number }>; refundable: boolean }> {
    const order = await this.orders.findOrder(shopId, orderId);
    if (!order) return { claims: [], claimable: [], refundable: false };
    const claims = (await this.claimsByOrderIds(shopId, [orderId])).get(orderId) ?? [];
    if (order.status !== OrderStatus.DELIVERED) return { claims, claimable: [], refundable: false };
    const lines = await this.db.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } });
    const claimable = await this.claimableIn(this.db, shopId, lines);
    const [customer] = await this.db.query<{ cpf: string | null }>("SELECT cpf FROM customer WHERE id = ? AND shop_id = ?", [order.customerId, shopId]);
    return {
      claims,
      claimable: lines.filter((l) => l.shipped > 0).map((l) => ({ orderLineId: l.id, name: l.name, claimable: claimable.get(l.id) ?? 0 })),
      refundable: !!customer?.cpf,
    };
  }

  /** The delivered lines of a DELIVERED order and how many units of each may still be claimed (empty for any other order). */
  async claimableLines(shopId: number, orderId: number): Promise<Array<{ line: OrderLine; claimable: number }>> {
    const order = await this.orders.findOrder(shopId, orderId);
    if (!order || order.status !== OrderStatus.DELIVERED) return [];
    const lines = await this.db.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } });
    const claimable = await this.claimableIn(this.db, shopId, lines);
    return lines.filter((l) => l.shipped > 0).map((line) => ({ line, claimable: claimable.get(line.id) ?? 0 }));
  }

  async findClaim(shopId: number, claimId: number): Promise<ClaimView | null> {
    return this.viewIn(this.db, shopId, claimId);
  }

  /** The shop's claims, newest first, optionally only some statuses. */
  async listClaims(shopId: number, args: { first: number; after?: string | null; status?: ClaimStatus[] | null }): Promise<Page<ClaimView>> {
    const query = this.db.manager.createQueryBuilder(Claim, "c").where("c.shopId = :shopId", { shopId });
    if (args.status?.length) query.andWhere("c.status IN (:...statuses)", { statuses: args.status });
    const countQuery = query.clone();
    const after = decodeCursor(args.after);
    if (after !== null) query.andWhere("c.id < :after", { after });
    const rows = await query.orderBy("c.id", "DESC").limit(args.first + 1).getMany();
    const views = await this.withLines(this.db, shopId, rows.slice(0, args.first));
    const byId = new Map(views.map((v) => [v.claim.id, v]));
    return toPage(rows, args.first, (c) => byId.get(c.id) ?? { claim: c, lines: [] }, () => countQuery.getCount());
  }

  /** The claims of these orders, oldest first, with their lines: two queries. */
  async claimsByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, ClaimView[]>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db.manager
      .createQueryBuilder(Claim, "c")
      .where("c.shopId = :shopId AND c.orderId IN (:...orderIds)", { shopId, orderIds })
      .orderBy("c.id")
      .getMany();
    return groupBy(await this.withLines(this.db, shopId, rows), (v) => v.claim.orderId);
  }

  /**
   * A claim with its lines. In a transaction on MariaDB the claim is read with a locking read: a
   * plain read would answer the transaction's snapshot, which may predate the other side's commit
   * (then a refusal could not say who acted first).
   */
  private async viewIn(source: Tx | Database, shopId: number, claimId: number): Promise<ClaimView | null> {
    const query = source.manager.createQueryBuilder(Claim, "c").where("c.id = :claimId AND c.shopId = :shopId", { claimId, shopId });
    if (source instanceof Tx && source.dialect === "mysql") query.setLock("pessimistic_write");
    const claim = await query.getOne();
    return claim ? (await this.withLines(source, shopId, [claim]))[0]! : null;
  }

  private async withLines(source: Tx | Database, shopId: number, claims: Claim[]): Promise<ClaimView[]> {
    if (claims.length === 0) return [];
    const rows = await source.query<{ id: number; claim_id: number; order_line_id: number; sku_id: number; quantity: number; sku_code: string; name: string }>(
      `SELECT cl.id, cl.claim_id, cl.order_line_id, cl.sku_id, cl.quantity, ol.sku_code, ol.name
         FROM claim_line cl JOIN order_line ol ON ol.id = cl.order_line_id
        WHERE cl.shop_id = ? AND cl.claim_id IN (${placeholders(claims.length)}) ORDER BY cl.id`,
      [shopId, ...claims.map((c) => c.id)],
    );
    const byClaim = groupBy(
      rows.map((r) =>
        Object.assign(new ClaimLine(), { id: Number(r.id), shopId, claimId: Number(r.claim_id), orderLineId: Number(r.order_line_id), skuId: Number(r.sku_id), quantity: Number(r.quantity), skuCode: String(r.sku_code), name: String(r.name) }),
      ),
      (l) => l.claimId,
    );
    return claims.map((claim) => ({ claim, lines: byClaim.get(claim.id) ?? [] }));
  }

  /** The order, locked against a concurrent claim or return (MariaDB; SQLite's writers take turns), and its lines. */
  private async lockDelivered(tx: Tx, shopId: number, orderId: number): Promise<{ order: Order; lines: OrderLine[] }> {
    const query = tx.manager.createQueryBuilder(Order, "o").where("o.id = :orderId AND o.shopId = :shopId", { orderId, shopId });
    if (tx.dialect === "mysql") query.setLock("pessimistic_write");
    const order = await query.getOne();
    if (!order) throw new UserInputError([orderNotFound()]);
    if (order.status !== OrderStatus.DELIVERED) throw new UserInputError([notDelivered(order)]);
    const lines = await tx.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } });
    return { order, lines };
  }
}

/**
 * The words a claim writes on documents the customer reads (the refund's and the credit note's reason,
 * the withdrawal's return, the reshipment's note), in the shop's language.
 */
function claimTexts(locale: string, claim: number, order: number) {
  if (locale.startsWith("pt")) {
    const label = `Reclamação ${claim} do pedido #${order}`;
    return {
      label,
      settled: `${label}: itens faltantes na entrega; o cliente ficou com o que chegou e recebe o valor dos itens faltantes.`,
      withdrawal: `${label}: o cliente desiste da compra e devolve o que chegou.`,
      withdrawalNothingArrived: `${label}: nada chegou; o cliente desiste da compra e recebe todo o valor pago.`,
      reshipmentCancelled: (reshipment: number) => `${label}: o reenvio (pedido #${reshipment}) foi cancelado; os itens faltantes são reembolsados.`,
    };
  }
  if (locale.startsWith("pl")) {
    const label = `Reklamacja ${claim} zamówienia #${order}`;
    return {
      label,
      settled: `${label}: brakujące produkty w dostawie; klient zatrzymuje to, co dotarło, i otrzymuje zwrot za brakujące produkty.`,
      withdrawal: `${label}: klient odstępuje od umowy i odsyła to, co dotarło.`,
      withdrawalNothingArrived: `${label}: nic nie dotarło; klient odstępuje od umowy i otrzymuje zwrot całej zapłaconej kwoty.`,
      reshipmentCancelled: (reshipment: number) => `${label}: ponowna wysyłka (zamówienie #${reshipment}) została anulowana; brakujące produkty są zwracane.`,
    };
  }
  const label = `Claim ${claim} of order #${order}`;
  return {
    label,
    settled: `${label}: items missing from the delivery; the customer keeps what arrived and is refunded the missing items.`,
    withdrawal: `${label}: the customer withdraws from the purchase and sends back what arrived.`,
    withdrawalNothingArrived: `${label}: nothing arrived; the customer withdraws from the purchase and is refunded everything paid.`,
    reshipmentCancelled: (reshipment: number) => `${label}: the reshipment (order #${reshipment}) was cancelled; the missing items are refunded.`,
  };
}

const sideOf = (caller: Caller) => (caller.actor.type === "CUSTOMER" ? ClaimSide.CUSTOMER : ClaimSide.MERCHANT);

const orderNotFound = () => userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.");
const claimNotFound = () => userError("claimId", UserErrorCode.NOT_FOUND, "No claim with this id in your shop.");
const notDelivered = (order: Order) =>
  userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: missing items are claimed only on a delivered order.`);

/** The refusal for acting on a claim that is no longer OPEN, saying who acted first. */
function closed(claim: Claim, side: ClaimSide): UserError {
  const what = claim.status === ClaimStatus.REJECTED ? "rejected" : `resolved (${claim.outcome})`;
  if (claim.resolvedBy === ClaimSide.CUSTOMER && side === ClaimSide.MERCHANT) {
    return userError("claimId", UserErrorCode.CUSTOMER_CHOSE, `The customer already chose ${claim.outcome} for claim #${claim.number} on their order page.`);
  }
  if (claim.resolvedBy === ClaimSide.MERCHANT && side === ClaimSide.CUSTOMER) {
    return userError("claimId", UserErrorCode.MERCHANT_RESOLVED, `The shop already ${what} claim #${claim.number}.`);
  }
  return userError("claimId", UserErrorCode.INVALID_TRANSITION, `Claim #${claim.number} was already ${what}.`);
}

function validateLines(requested: ClaimLineRequest[]): ClaimLineRequest[] {
  const errors: UserError[] = [];
  if (!requested?.length) errors.push(userError("lines", UserErrorCode.REQUIRED, "Say which units are missing."));
  else if (requested.length > MAX_CLAIM_LINES) errors.push(userError("lines", UserErrorCode.TOO_MANY_ITEMS, `A claim lists at most ${MAX_CLAIM_LINES} lines.`));
  const seen = new Set<number>();
  (requested ?? []).forEach((r, i) => {
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1) errors.push(userError(`lines.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, "The quantity is a positive whole number."));
    if (seen.has(r.orderLineId)) errors.push(userError(`lines.${i}.orderLineId`, UserErrorCode.INVALID_FORMAT, "This order line appears twice: put all its units on one line."));
    seen.add(r.orderLineId);
  });
  if (errors.length) throw new UserInputError(errors);
  return requested;
}

function cleanText(value: string | null | undefined, field: string): string | null {
  const text = (value && cleanFreeText(value).trim()) || null;
  if (text && text.length > MAX_CLAIM_TEXT) throw new UserInputError([userError(field, UserErrorCode.OUT_OF_RANGE, `At most ${MAX_CLAIM_TEXT} characters.`)]);
  return text;
}
