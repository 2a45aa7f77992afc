import { Tx } from "../../infra/db/database";
import { Actor } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { CreditNoteSourceType } from "../credit-notes/credit-note.entity";
import { creditNoteDisplayNumber, CreditNoteService, CreditNoteView } from "../credit-notes/credit-note.service";
import { Order, OrderStatus } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { OrderLine } from "../orders/order-line.entity";
import { ResolutionService } from "../orders/resolution.service";
import { Refund, RefundDestination } from "./refund.entity";
import { RefundAmounts } from "./refund-amounts";
import { RefundService } from "./refund.service";
import { RefundLinkService } from "./refund-link.service";

/** What refundUnits takes. */
export interface RefundUnitsInput {
  shopId: number;
  orderId: number;
  /** Delivered units to refund, per order line of the order (each line at most once). */
  lines: Array<{ orderLineId: number; quantity: number }>;
  /** Also refund the shipping paid (what is left of it): a withdrawal from the contract. */
  includeShipping?: boolean;
  /** The refund's reason and the credit note's: say why (e.g. "Claim #1 of order #1042: units missing"). */
  reason: string;
  /** What the money settles: a claim or a return, by id (the credit note points at it). */
  source: { type: CreditNoteSourceType.CLAIM | CreditNoteSourceType.RETURN; id: number };
  refundTo: RefundDestination;
  actor: Actor;
}

/** What refundUnits did; all null/0 when nothing was left to refund for those units. */
export interface UnitsRefunded {
  /** Minor units refunded (lines plus shipping). */
  amount: number;
  amounts: RefundAmounts;
  refund: Refund | null;
  creditNote: CreditNoteView | null;
  /** The customer's refund link (refundTo CUSTOMER): this once, never stored. */
  refundLink: string | null;
}

/** What refunding some units would pay back, computed from what was paid; changes nothing. */
export interface RefundUnitsPreview {
  amounts: RefundAmounts;
  amount: number;
  currency: string;
}

const SHIPPING_LINE: Record<string, string> = { "pt-BR": "Frete", en: "Shipping", pl: "Wysyłka" };

/**
 * Money back after delivery: the one place claims (KEEP_AND_SETTLE, WITHDRAW) and returns refund
 * delivered units. In the caller's transaction it (a) computes the amount from what was PAID for
 * those units (unit price minus the line's share of the order's discount, as refund-amounts.ts shares
 * it), never above what is still refundable: per line, what the line's units were paid minus what
 * was already refunded on that line; for the order, its total minus its refunds, and minus its credit
 * notes; (b) creates the refund through RefundService.createRefund (to the customer, with a refund
 * link and its e-mail, or to the merchant's payout account, like every refund) with a REFUND_CREATED
 * event; (c) issues the numbered credit note last (CreditNoteService.issue) with a CREDIT_NOTE_ISSUED
 * event. Nothing left to refund: no refund and no credit note (amount 0).
 */
export class AfterDeliveryRefunds {
  constructor(
    private readonly refunds: RefundService,
    private readonly refundLinks: RefundLinkService,
    private readonly creditNotes: CreditNoteService,
    private readonly resolutions: ResolutionService,
  ) {}

  /**
   * Refunds delivered units, in `tx`. Refusals (UserInputError; the caller's transaction rolls back):
   * the order is not the shop's (NOT_FOUND), not DELIVERED (INVALID_TRANSITION), a line not of the
   * order (NOT_FOUND), a quantity not a positive integer or above the units shipped (OUT_OF_RANGE),
   * a destination that cannot be paid (PAYOUT_ACCOUNT_MISSING, CUSTOMER_CPF_MISSING).
   */
  async refundUnits(tx: Tx, input: RefundUnitsInput): Promise<UnitsRefunded> {
    const { order, lines } = await this.lockDelivered(tx, input.shopId, input.orderId);
    const amounts = await this.compute(tx, order, lines, input.lines, !!input.includeShipping);
    if (amounts.amount === 0) return { amount: 0, amounts, refund: null, creditNote: null, refundLink: null };

    const payoutDetails = await this.resolutions.refundDestinationReady(tx, input.shopId, order, input.refundTo);
    const reason = input.reason.trim().slice(0, 500);
    const refund = await this.refunds.createRefund(tx, input.shopId, {
      orderId: order.id,
      currency: order.currency,
      destination: input.refundTo,
      reason,
      amounts,
      payoutDetails,
    });
    await recordOrderEvents(tx, input.shopId, input.actor, [
      {
        orderId: order.id,
        type: OrderEventType.REFUND_CREATED,
        data: { refundId: refund.id, amount: refund.amount, shippingAmount: refund.shippingAmount, destination: refund.destination, status: refund.status, source: input.source },
      },
    ]);
    const refundLink = refund.destination === RefundDestination.CUSTOMER ? await this.refundLinks.issueLink(tx, input.shopId, input.actor, { id: refund.id, orderId: order.id }) : null;

    const locale = await this.shopLocale(tx, input.shopId);
    const byId = new Map(lines.map((l) => [l.id, l]));
    const creditNote = await this.creditNotes.issue(tx, {
      shopId: input.shopId,
      orderId: order.id,
      source: input.source,
      reason,
      lines: [
        ...amounts.lines
          .filter((l) => l.amount > 0)
          .map((l) => ({ description: byId.get(l.orderLineId)!.name, skuCode: byId.get(l.orderLineId)!.skuCode, quantity: l.quantity, unitAmount: l.unitPrice, amount: l.amount })),
        ...(amounts.shippingAmount > 0 ? [{ description: SHIPPING_LINE[locale] ?? SHIPPING_LINE.en!, quantity: 1, unitAmount: amounts.shippingAmount }] : []),
      ],
      total: amounts.amount,
      actor: input.actor,
    });
    await recordOrderEvents(tx, input.shopId, input.actor, [
      {
        orderId: order.id,
        type: OrderEventType.CREDIT_NOTE_ISSUED,
        data: { creditNoteId: creditNote.note.id, number: creditNote.note.number, displayNumber: creditNoteDisplayNumber(creditNote.note.number), total: creditNote.note.total, source: input.source },
      },
    ]);
    return { amount: amounts.amount, amounts, refund, creditNote, refundLink };
  }

  /** What refundUnits would refund for these units now, read in `tx` (a preview; same refusals, nothing changes). */
  async preview(tx: Tx, input: Pick<RefundUnitsInput, "shopId" | "orderId" | "lines" | "includeShipping">): Promise<RefundUnitsPreview> {
    const { order, lines } = await this.lockDelivered(tx, input.shopId, input.orderId, false);
    const amounts = await this.compute(tx, order, lines, input.lines, !!input.includeShipping);
    return { amounts, amount: amounts.amount, currency: order.currency };
  }

  private async lockDelivered(tx: Tx, shopId: number, orderId: number, lock = true): Promise<{ order: Order; lines: OrderLine[] }> {
    const query = tx.manager.createQueryBuilder(Order, "o").where("o.id = :orderId AND o.shopId = :shopId", { orderId, shopId });
    // Two refunds of one order take turns, so neither passes the caps on the other's stale reading.
    if (lock && tx.dialect === "mysql") query.setLock("pessimistic_write");
    const order = await query.getOne();
    if (!order) throw new UserInputError([userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.")]);
    if (order.status !== OrderStatus.DELIVERED) {
      throw new UserInputError([userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: only delivered units are refunded after delivery.`)]);
    }
    const lines = await tx.manager.createQueryBuilder(OrderLine, "l").where("l.orderId = :orderId AND l.shopId = :shopId", { orderId, shopId }).orderBy("l.id").getMany();
    return { order, lines };
  }

  /** The amounts, capped per line, for the shipping and for the order (refunds and credit notes). */
  private async compute(tx: Tx, order: Order, lines: OrderLine[], requested: RefundUnitsInput["lines"], includeShipping: boolean): Promise<RefundAmounts> {
    const errors: UserError[] = [];
    const byId = new Map(lines.map((l) => [l.id, l]));
    const seen = new Set<number>();
    requested.forEach((r, i) => {
      const line = byId.get(r.orderLineId);
      if (!line) errors.push(userError(`lines.${i}.orderLineId`, UserErrorCode.NOT_FOUND, `No such line on order #${order.number}.`));
      else if (seen.has(r.orderLineId)) errors.push(userError(`lines.${i}.orderLineId`, UserErrorCode.INVALID_FORMAT, "This order line appears twice."));
      else if (!Number.isSafeInteger(r.quantity) || r.quantity < 1 || r.quantity > line.shipped) {
        errors.push(userError(`lines.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, `Between 1 and the ${line.shipped} unit(s) delivered.`));
      }
      seen.add(r.orderLineId);
    });
    if (errors.length) throw new UserInputError(errors);

    const refundedOnLine = new Map<number, number>();
    if (requested.length) {
      const rows = await tx.query<{ order_line_id: number; amount: number | string }>(
        `SELECT order_line_id, SUM(amount) AS amount FROM refund_line WHERE shop_id = ? AND order_line_id IN (${requested.map(() => "?").join(", ")}) GROUP BY order_line_id`,
        [order.shopId, ...requested.map((r) => r.orderLineId)],
      );
      for (const row of rows) refundedOnLine.set(Number(row.order_line_id), Number(row.amount));
    }
    const [refunded] = await tx.query<{ amount: number | string | null; shipping: number | string | null }>(
      "SELECT SUM(amount) AS amount, SUM(shipping_amount) AS shipping FROM refund WHERE shop_id = ? AND order_id = ?",
      [order.shopId, order.id],
    );
    const creditable = await this.creditNotes.creditableAmount(tx, order.shopId, order.id);

    const itemDiscount = Math.min(order.discount, order.subtotal);
    const share = (gross: number) => (order.subtotal > 0 ? Math.round((itemDiscount * gross) / order.subtotal) : 0);
    const amountLines = requested.map((r) => {
      const line = byId.get(r.orderLineId)!;
      const paidForLine = line.quantity * line.unitPrice - share(line.quantity * line.unitPrice);
      const paidForUnits = r.quantity * line.unitPrice - share(r.quantity * line.unitPrice);
      const left = Math.max(0, paidForLine - (refundedOnLine.get(line.id) ?? 0));
      return { orderLineId: line.id, quantity: r.quantity, unitPrice: line.unitPrice, amount: Math.max(0, Math.min(paidForUnits, left)) };
    });
    const shippingPaid = Math.max(0, order.shipping - (order.discount - itemDiscount));
    let shippingAmount = includeShipping ? Math.max(0, shippingPaid - Number(refunded?.shipping ?? 0)) : 0;

    // Never more than the order has left: its total minus its refunds, and minus its credit notes.
    const remaining = Math.max(0, Math.min(order.total - Number(refunded?.amount ?? 0), creditable?.left ?? 0));
    let excess = amountLines.reduce((sum, l) => sum + l.amount, 0) + shippingAmount - remaining;
    for (let i = amountLines.length - 1; i >= 0 && excess > 0; i--) {
      const cut = Math.min(excess, amountLines[i]!.amount);
      amountLines[i]!.amount -= cut;
      excess -= cut;
    }
    if (excess > 0) shippingAmount -= Math.min(excess, shippingAmount);
    return { lines: amountLines, shippingAmount, amount: amountLines.reduce((sum, l) => sum + l.amount, 0) + shippingAmount };
  }

  private async shopLocale(tx: Tx, shopId: number): Promise<string> {
    const [row] = await tx.query<{ locale: string }>("SELECT locale FROM shop WHERE id = ?", [shopId]);
    return row?.locale ?? "en";
  }
}
