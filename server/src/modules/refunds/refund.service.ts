import { groupBy } from "../../infra/collections";
import { DataCipher } from "../../infra/crypto/data-cipher";
import { Database, Tx } from "../../infra/db/database";
import { insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { money } from "../../infra/graphql/money";
import { maskPaymentDetails, PaymentDetails, sealPaymentDetails } from "../payments/payment-details";
import { Refund, RefundDestination, RefundLine, RefundStatus } from "./refund.entity";
import { RefundAmounts } from "./refund-amounts";
import { RefundNode } from "./refund.types";
import { effectiveStatus } from "./refund-status";

export interface NewRefund {
  orderId: number;
  currency: string;
  destination: RefundDestination;
  reason: string | null;
  amounts: RefundAmounts;
  /** Where the money goes, when known now (a refund to the merchant copies the shop's payout account). */
  payoutDetails?: PaymentDetails | null;
}

/** The DataCipher context of a refund's payout details: they decrypt only on their own row. */
export const payoutDetailsContext = (refundId: number) => `refund:${refundId}:payout-details`;

export class RefundService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    /** The clock that decides whether a link has expired (tests move it). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** What has been refunded on an order so far (the cap for the next refund), read in the caller's transaction. */
  async refundedTotal(source: Tx | Database, shopId: number, orderId: number): Promise<number> {
    const [row] = await source.query<{ total: number | null }>("SELECT SUM(amount) AS total FROM refund WHERE shop_id = ? AND order_id = ?", [shopId, orderId]);
    return Number(row?.total ?? 0);
  }

  /** Creates the refund and its lines inside the caller's transaction. */
  async createRefund(tx: Tx, shopId: number, refund: NewRefund): Promise<Refund> {
    const now = new Date();
    const status = refund.destination === RefundDestination.CUSTOMER ? RefundStatus.AWAITING_CUSTOMER_DETAILS : RefundStatus.READY_FOR_PAYOUT;
    const created = Object.assign(new Refund(), {
      shopId,
      orderId: refund.orderId,
      destination: refund.destination,
      status,
      amount: refund.amounts.amount,
      shippingAmount: refund.amounts.shippingAmount,
      currency: refund.currency,
      reason: refund.reason,
      paidAt: null,
      payoutReference: null,
      payoutDetailsMasked: refund.payoutDetails ? maskPaymentDetails(refund.payoutDetails) : null,
      createdAt: now,
      updatedAt: now,
    });
    const insert = insertStatement(
      "refund",
      ["shop_id", "order_id", "destination", "status", "amount", "shipping_amount", "currency", "reason", "payout_details_masked", "created_at", "updated_at"],
      [[shopId, created.orderId, created.destination, status, created.amount, created.shippingAmount, created.currency, created.reason, created.payoutDetailsMasked, sqlTimestamp(now), sqlTimestamp(now)]],
    );
    created.id = (await tx.run(insert.sql, insert.params)).firstInsertId;
    if (refund.payoutDetails) {
      // Sealed after the insert: the ciphertext is bound to the refund's id.
      created.payoutDetails = sealPaymentDetails(this.cipher, refund.payoutDetails, payoutDetailsContext(created.id));
      await tx.run("UPDATE refund SET payout_details = ? WHERE id = ?", [created.payoutDetails, created.id]);
    }
    if (refund.amounts.lines.length) {
      const lines = insertStatement(
        "refund_line",
        ["shop_id", "refund_id", "order_line_id", "quantity", "amount"],
        refund.amounts.lines.map((l) => [shopId, created.id, l.orderLineId, l.quantity, l.amount]),
      );
      await tx.run(lines.sql, lines.params);
    }
    return created;
  }

  /** The refunds of these orders with their lines, oldest first: two queries, whatever the number of orders. */
  async refundsByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, RefundNode[]>> {
    const byOrder = new Map<number, RefundNode[]>();
    if (orderIds.length === 0) return byOrder;
    const refunds = await this.db.manager
      .createQueryBuilder(Refund, "r")
      .where("r.shopId = :shopId AND r.orderId IN (:...orderIds)", { shopId, orderIds })
      .orderBy("r.id")
      .getMany();
    if (refunds.length === 0) return byOrder;
    for (const node of await refundNodes(this.db, shopId, refunds, this.now())) {
      const group = byOrder.get(node.orderId);
      if (group) group.push(node);
      else byOrder.set(node.orderId, [node]);
    }
    return byOrder;
  }
}

/**
 * Refunds as the merchant sees them, with their lines (one statement for all of them): the one
 * mapping for the order page, the Reembolsos list and the payouts.
 */
export async function refundNodes(db: Database, shopId: number, refunds: Refund[], now: Date): Promise<RefundNode[]> {
  if (refunds.length === 0) return [];
  const lines = await db.query<{ id: number; refund_id: number; order_line_id: number; quantity: number; amount: number }>(
    `SELECT id, refund_id, order_line_id, quantity, amount FROM refund_line WHERE shop_id = ? AND refund_id IN (${placeholders(refunds.length)}) ORDER BY id`,
    [shopId, ...refunds.map((r) => r.id)],
  );
  const linesByRefund = groupBy(lines, (l) => Number(l.refund_id));
  return refunds.map((refund) => ({
    id: String(refund.id),
    destination: refund.destination,
    status: effectiveStatus(refund.status, refund.linkExpiresAt, now),
    payoutDetails: refund.payoutDetailsMasked,
    linkExpiresAt: refund.linkExpiresAt,
    amount: money(refund.amount, refund.currency),
    shippingAmount: money(refund.shippingAmount, refund.currency),
    reason: refund.reason,
    createdAt: refund.createdAt,
    paidAt: refund.paidAt,
    payoutReference: refund.payoutReference,
    orderId: refund.orderId,
    lines: (linesByRefund.get(refund.id) ?? []).map((l) => ({ id: String(l.id), quantity: Number(l.quantity), amount: money(Number(l.amount), refund.currency), orderLineId: Number(l.order_line_id) })),
  }));
}

export { RefundLine };
