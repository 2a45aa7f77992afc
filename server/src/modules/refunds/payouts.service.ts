import { Brackets } from "typeorm";
import { Database } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { money } from "../../infra/graphql/money";
import { Page, decodeCursor, toPage } from "../../infra/graphql/pagination";
import { DataCipher, DataCipherError, DataCipherFailure } from "../../infra/crypto/data-cipher";
import { OrderEventType } from "../orders/order-event.entity";
import { openPaymentDetails, PaymentDetails } from "../payments/payment-details";
import { recordOrderEvents } from "../orders/order-events";
import { PayoutProvider } from "./payout-provider";
import { Refund, RefundDestination, RefundStatus } from "./refund.entity";
import { payoutDetailsContext, refundNodes } from "./refund.service";
import { RefundNode } from "./refund.types";

/** Longest payout reference kept (a PIX end-to-end id is 32 characters; bank references are shorter). */
export const MAX_PAYOUT_REFERENCE = 200;

export interface RefundListArgs {
  first: number;
  after?: string | null;
  status?: RefundStatus[] | null;
  destination?: RefundDestination | null;
}

/**
 * The refunds whose status, as everyone sees it (effectiveStatus), is one of these: EXPIRED is not
 * stored but read from the link's expiry, so it and AWAITING_CUSTOMER_DETAILS split on it.
 */
function statusCondition(statuses: RefundStatus[], now: string): Brackets {
  return new Brackets((where) => {
    const stored = statuses.filter((s) => s !== RefundStatus.EXPIRED && s !== RefundStatus.AWAITING_CUSTOMER_DETAILS);
    where.where("1 = 0");
    if (stored.length) where.orWhere("r.status IN (:...stored)", { stored });
    if (statuses.includes(RefundStatus.AWAITING_CUSTOMER_DETAILS)) {
      where.orWhere("(r.status = :awaiting AND (r.linkExpiresAt IS NULL OR r.linkExpiresAt > :now))", { awaiting: RefundStatus.AWAITING_CUSTOMER_DETAILS, now });
    }
    if (statuses.includes(RefundStatus.EXPIRED)) {
      where.orWhere("(r.status = :awaiting AND r.linkExpiresAt <= :now)", { awaiting: RefundStatus.AWAITING_CUSTOMER_DETAILS, now });
    }
  });
}

/** Refunds as the merchant's "Reembolsos" page and the payout export see them, and the payout step. */
export class RefundPayouts {
  constructor(
    private readonly db: Database,
    private readonly provider: PayoutProvider,
    /** Opens the customers' payout details, for the export only. */
    private readonly cipher: DataCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The shop's refunds, newest first, with their lines: two statements per page (three with the count). */
  async listRefunds(shopId: number, args: RefundListArgs): Promise<Page<RefundNode>> {
    const query = this.db.manager.createQueryBuilder(Refund, "r").where("r.shopId = :shopId", { shopId });
    if (args.status?.length) query.andWhere(statusCondition(args.status, sqlTimestamp(this.now())));
    if (args.destination) query.andWhere("r.destination = :destination", { destination: args.destination });
    const countQuery = query.clone();
    const after = decodeCursor(args.after);
    if (after !== null) query.andWhere("r.id < :after", { after });
    const rows = await query.orderBy("r.id", "DESC").limit(args.first + 1).getMany();
    const page = toPage(rows, args.first, (r) => r, () => countQuery.getCount());
    return { ...page, nodes: await this.withLines(shopId, page.nodes) };
  }

  /** One refund of the shop, or null. */
  async findRefund(shopId: number, refundId: number): Promise<RefundNode | null> {
    const refund = await this.db.manager.findOneBy(Refund, { id: refundId, shopId });
    return refund ? (await this.withLines(shopId, [refund]))[0]! : null;
  }

  /**
   * READY_FOR_PAYOUT -> PAID, with a REFUND_PAID event, in one transaction. The conditional UPDATE
   * is the guard: of two concurrent calls exactly one changes the row and writes the event. Marking
   * a PAID refund paid again is a success that changes nothing (the answer shows the first payment).
   */
  async markRefundPaid(caller: Caller, refundId: number, payoutReference: string | null): Promise<RefundNode> {
    const reference = payoutReference?.trim() || null;
    if (reference && reference.length > MAX_PAYOUT_REFERENCE) {
      throw new UserInputError([userError("payoutReference", UserErrorCode.OUT_OF_RANGE, `The payout reference is longer than ${MAX_PAYOUT_REFERENCE} characters.`)]);
    }
    const refund = await this.db.manager.findOneBy(Refund, { id: refundId, shopId: caller.shopId });
    if (!refund) throw new UserInputError([userError("refundId", UserErrorCode.NOT_FOUND, "No refund with this id in your shop.")]);
    if (refund.status === RefundStatus.READY_FOR_PAYOUT) {
      const paid = await this.provider.pay({ refundId, shopId: caller.shopId, amount: refund.amount, currency: refund.currency, payoutReference: reference });
      const now = new Date();
      await this.db.transaction(async (tx) => {
        const { affected } = await tx.run(
          "UPDATE refund SET status = ?, paid_at = ?, payout_reference = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND status = ?",
          [RefundStatus.PAID, sqlTimestamp(now), paid.reference, sqlTimestamp(now), refundId, caller.shopId, RefundStatus.READY_FOR_PAYOUT],
        );
        // Another call paid it in the meantime: theirs is the payment, and its event the only one.
        if (affected !== 1) return;
        await recordOrderEvents(tx, caller.shopId, caller.actor, [
          { orderId: refund.orderId, type: OrderEventType.REFUND_PAID, data: { refundId, amount: refund.amount, payoutReference: paid.reference } },
        ]);
      });
    }
    const now = (await this.findRefund(caller.shopId, refundId))!;
    if (now.status !== RefundStatus.PAID) {
      throw new UserInputError([
        userError("refundId", UserErrorCode.INVALID_TRANSITION, `Only a refund READY_FOR_PAYOUT can be marked paid; this one is ${now.status}.`),
      ]);
    }
    return now;
  }

  private withLines(shopId: number, refunds: Refund[]): Promise<RefundNode[]> {
    return refundNodes(this.db, shopId, refunds, this.now());
  }


  /**
   * READY_FOR_PAYOUT refunds (or another status) for the export, oldest first, with order, customer
   * and the payout details opened in full (or why they cannot be read: the export goes on).
   */
  async exportRows(shopId: number, status: RefundStatus, limit: number): Promise<ExportRow[]> {
    const rows = await this.db.query<{
      id: number; number: number; created_at: string | Date; customer_name: string; amount: number; currency: string; destination: RefundDestination; status: RefundStatus;
      payout_details: string | null;
    }>(
      `SELECT r.id, o.number, r.created_at, c.name AS customer_name, r.amount, r.currency, r.destination, r.status, r.payout_details
         FROM refund r
         JOIN orders o ON o.id = r.order_id AND o.shop_id = r.shop_id
         JOIN customer c ON c.id = o.customer_id AND c.shop_id = o.shop_id
        WHERE r.shop_id = ? AND r.status = ?
        ORDER BY r.id
        LIMIT ?`,
      [shopId, status, limit],
    );
    return rows.map((r) => ({
      refundId: Number(r.id),
      orderNumber: Number(r.number),
      createdAt: fromSqlTimestamp(r.created_at),
      customerName: r.customer_name,
      amount: Number(r.amount),
      currency: r.currency,
      destination: r.destination,
      status: r.status,
      payoutDetails: r.payout_details ? this.openDetails(r.payout_details, Number(r.id)) : null,
    }));
  }

  private openDetails(sealed: string, refundId: number): PaymentDetails | UnreadableDetails {
    try {
      return openPaymentDetails(this.cipher, sealed, payoutDetailsContext(refundId));
    } catch (err) {
      if (err instanceof DataCipherError) return { unreadable: err.reason };
      throw err;
    }
  }
}

/** Payout details that could not be decrypted, and why (never anything of the value). */
export interface UnreadableDetails {
  unreadable: DataCipherFailure;
}

export interface ExportRow {
  refundId: number;
  orderNumber: number;
  createdAt: Date;
  customerName: string;
  amount: number;
  currency: string;
  destination: RefundDestination;
  status: RefundStatus;
  /** Where the money goes, in full; null when the refund has none (yet). */
  payoutDetails: PaymentDetails | UnreadableDetails | null;
}
