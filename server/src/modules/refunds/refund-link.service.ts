import { randomBytes } from "node:crypto";
import { DataCipher } from "../../infra/crypto/data-cipher";
import { Database, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../../infra/db/dialect";
import { Actor, Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { enqueueMessage } from "../../infra/outbox/outbox";
import { hashToken } from "../auth/auth.service";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { cpfDigits, maskPaymentDetails, PaymentDetailsInput, sealPaymentDetails, validatePaymentDetails } from "../payments/payment-details";
import { RefundDestination, RefundStatus } from "./refund.entity";
import { ShopService } from "../shops/shop.service";
import { payoutDetailsContext } from "./refund.service";
import { createRefundLinkThrottle, RefundLinkThrottle } from "./refund-link-throttle";
import { effectiveStatus } from "./refund-status";

/** Wrong CPFs a link tolerates; the last one locks it. */
export const MAX_CPF_ATTEMPTS = 5;
/** Outbox topic of a link (re-)issued; the payload carries the token encrypted (context `refund-link:<refundId>`) for the e-mail. */
export const REFUND_LINK_ISSUED_TOPIC = "REFUND_LINK_ISSUED";
/** 32 random bytes, base64url: 256 bits, 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const CUSTOMER: Actor = { type: "CUSTOMER", id: null, name: null };

export interface RefundLinkOptions {
  publicUrl: string;
  /** The clock (tests move it forward to expire links). */
  now?: () => Date;
  throttle?: RefundLinkThrottle;
}

/** What the holder of a refund link may see: nothing personal. */
export interface RefundRequestView {
  shopName: string;
  orderNumber: number;
  amount: number;
  currency: string;
  status: RefundStatus;
  expiresAt: Date;
  lines: Array<{ name: string; quantity: number; amount: number }>;
  locale: string;
}

interface LinkRow {
  id: number;
  shop_id: number;
  order_id: number;
  status: RefundStatus;
  amount: number;
  currency: string;
  link_expires_at: string | Date;
  cpf_attempts: number;
  number: number;
  shop_name: string;
  shop_locale: string;
  customer_locale: string | null;
  cpf: string | null;
}

/** Why a link cannot take details now, or null when it can. */
function refusal(status: RefundStatus): UserError | null {
  switch (status) {
    case RefundStatus.AWAITING_CUSTOMER_DETAILS:
      return null;
    case RefundStatus.EXPIRED:
      return userError("token", UserErrorCode.LINK_EXPIRED, "This refund link has expired: ask the shop for a new one.");
    case RefundStatus.LOCKED:
      return userError("token", UserErrorCode.LINK_LOCKED, `This refund link is locked after ${MAX_CPF_ATTEMPTS} wrong CPFs: ask the shop for a new one.`);
    default:
      return userError("token", UserErrorCode.LINK_USED, "The details for this refund were already received.");
  }
}

const notFound = () => userError("token", UserErrorCode.NOT_FOUND, "No refund for this link.");

/**
 * The customer's refund link: issued (and re-issued) by the shop, opened and answered by whoever
 * holds it. Only the token's SHA-256 is stored; the plaintext is returned once, and travels to the
 * outbox only encrypted. Every change is guarded by a conditional UPDATE, so concurrent requests
 * cannot both win or count past the limit.
 */
export class RefundLinkService {
  private readonly now: () => Date;
  private readonly throttle: RefundLinkThrottle;

  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    private readonly shops: ShopService,
    private readonly options: RefundLinkOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.throttle = options.throttle ?? createRefundLinkThrottle();
  }

  private link(token: string): string {
    return `${this.options.publicUrl}/refund/${token}`;
  }

  /**
   * A new token for a refund to the customer, inside the caller's transaction: the previous token
   * stops working. Records REFUND_LINK_ISSUED and queues the encrypted token for the e-mail.
   * Returns the link, the only time it exists in plaintext.
   */
  async issueLink(tx: Tx, shopId: number, actor: Actor, refund: { id: number; orderId: number }, data: Record<string, unknown> = {}): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    const now = this.now();
    // The shop's own validity (updateShopSettings), as it is when the link is issued.
    const expiresAt = new Date(now.getTime() + (await this.shops.refundLinkDays(tx, shopId)) * 24 * 3600_000);
    await tx.run("UPDATE refund SET link_token_hash = ?, link_expires_at = ?, updated_at = ? WHERE id = ? AND shop_id = ?", [
      hashToken(token),
      sqlTimestamp(expiresAt),
      sqlTimestamp(now),
      refund.id,
      shopId,
    ]);
    await recordOrderEvents(tx, shopId, actor, [
      { orderId: refund.orderId, type: OrderEventType.REFUND_LINK_ISSUED, data: { refundId: refund.id, expiresAt: expiresAt.toISOString(), ...data } },
    ]);
    await enqueueMessage(tx, shopId, REFUND_LINK_ISSUED_TOPIC, {
      refundId: refund.id,
      orderId: refund.orderId,
      expiresAt: expiresAt.toISOString(),
      token: this.cipher.encrypt(token, `refund-link:${refund.id}`),
    });
    return this.link(token);
  }

  /** A new link for a refund to the customer: the old one stops working, an expired one reopens, a locked one unlocks. */
  async resend(caller: Caller, refundId: number): Promise<{ orderId: number; link: string }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ order_id: number; destination: RefundDestination; status: RefundStatus; link_expires_at: string | Date | null }>(
        `SELECT order_id, destination, status, link_expires_at FROM refund WHERE id = ? AND shop_id = ?${tx.dialect === "mysql" ? " FOR UPDATE" : ""}`,
        [refundId, caller.shopId],
      );
      if (!row) throw new UserInputError([userError("refundId", UserErrorCode.NOT_FOUND, "No refund with this id in your shop.")]);
      if (row.destination !== RefundDestination.CUSTOMER) {
        throw new UserInputError([userError("refundId", UserErrorCode.INVALID_TRANSITION, "Only a refund to the customer has a link.")]);
      }
      const status = effectiveStatus(row.status, row.link_expires_at ? fromSqlTimestamp(row.link_expires_at) : null, this.now());
      if (status === RefundStatus.READY_FOR_PAYOUT || status === RefundStatus.PAID) {
        throw new UserInputError([userError("refundId", UserErrorCode.INVALID_TRANSITION, "The customer's details are already in: there is no link to send.")]);
      }
      await tx.run("UPDATE refund SET status = ?, cpf_attempts = 0 WHERE id = ?", [RefundStatus.AWAITING_CUSTOMER_DETAILS, refundId]);
      const orderId = Number(row.order_id);
      const link = await this.issueLink(tx, caller.shopId, caller.actor, { id: refundId, orderId }, {
        ...(status === RefundStatus.EXPIRED ? { reopened: true } : {}),
        ...(status === RefundStatus.LOCKED ? { unlocked: true } : {}),
      });
      return { orderId, link };
    });
  }

  /** What the link shows, or null for an unknown or malformed token. Throttled per address and link. */
  async request(token: string, clientAddress: string | null): Promise<RefundRequestView | null> {
    const tokenHash = await this.admit(token, clientAddress);
    if (!tokenHash) return null;
    const row = await this.find(this.db, tokenHash, false);
    return row ? this.view(this.db, row) : null;
  }

  /**
   * The customer's CPF and where to send the money. Refusals change nothing, except a wrong CPF,
   * which counts one attempt (and the fifth locks the link, REFUND_LOCKED).
   */
  async submit(
    input: PaymentDetailsInput & { token: string; cpf: string },
    clientAddress: string | null,
  ): Promise<{ request: RefundRequestView | null; errors: UserError[]; attemptsLeft?: number }> {
    const tokenHash = await this.admit(input.token, clientAddress);
    if (!tokenHash) return { request: null, errors: [notFound()] };
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, tokenHash, true);
      if (!row) return { request: null, errors: [notFound()] };
      const refused = refusal(row.status);
      if (refused) return { request: null, errors: [refused] };

      const cpf = cpfDigits(input.cpf);
      const { details, errors } = validatePaymentDetails(input);
      if (!cpf) errors.unshift(userError("cpf", UserErrorCode.INVALID_CPF, "The CPF is not valid: 11 digits or 000.000.000-00, with matching check digits."));
      if (errors.length || !details) return { request: null, errors };

      const now = this.now();
      // Only a link still open, on its current token, with attempts left, changes.
      const open = "id = ? AND link_token_hash = ? AND status = ? AND cpf_attempts < ? AND link_expires_at > ?";
      const openParams = [row.id, tokenHash, RefundStatus.AWAITING_CUSTOMER_DETAILS, MAX_CPF_ATTEMPTS, sqlTimestamp(now)];
      if (!row.cpf || cpf !== row.cpf) {
        // status is assigned first: MariaDB evaluates SET left to right, SQLite from the old row; both see the old count here.
        const counted = await tx.run(
          `UPDATE refund SET status = CASE WHEN cpf_attempts + 1 >= ? THEN ? ELSE status END, cpf_attempts = cpf_attempts + 1, updated_at = ? WHERE ${open}`,
          [MAX_CPF_ATTEMPTS, RefundStatus.LOCKED, sqlTimestamp(now), ...openParams],
        );
        if (counted.affected === 0) return this.refusedNow(tx, tokenHash);
        const [after] = await tx.query<{ status: RefundStatus; cpf_attempts: number }>("SELECT status, cpf_attempts FROM refund WHERE id = ?", [row.id]);
        const locked = after?.status === RefundStatus.LOCKED;
        if (locked) await recordOrderEvents(tx, row.shop_id, CUSTOMER, [{ orderId: row.order_id, type: OrderEventType.REFUND_LOCKED, data: { refundId: row.id, attempts: MAX_CPF_ATTEMPTS } }]);
        const left = MAX_CPF_ATTEMPTS - Number(after?.cpf_attempts ?? MAX_CPF_ATTEMPTS);
        const message = locked
          ? `This is not the CPF of the order's customer. The link is now locked after ${MAX_CPF_ATTEMPTS} wrong CPFs: ask the shop for a new one.`
          : `This is not the CPF of the order's customer: ${left} attempt${left === 1 ? "" : "s"} left.`;
        return { request: null, errors: [userError("cpf", UserErrorCode.CPF_MISMATCH, message)], attemptsLeft: Math.max(left, 0) };
      }

      const sealed = sealPaymentDetails(this.cipher, details, payoutDetailsContext(row.id));
      const masked = maskPaymentDetails(details);
      const received = await tx.run(`UPDATE refund SET status = ?, payout_details = ?, payout_details_masked = ?, updated_at = ? WHERE ${open}`, [
        RefundStatus.READY_FOR_PAYOUT,
        sealed,
        masked,
        sqlTimestamp(now),
        ...openParams,
      ]);
      if (received.affected === 0) return this.refusedNow(tx, tokenHash);
      await recordOrderEvents(tx, row.shop_id, CUSTOMER, [
        { orderId: row.order_id, type: OrderEventType.REFUND_DETAILS_RECEIVED, data: { refundId: row.id, status: RefundStatus.READY_FOR_PAYOUT, payoutDetails: masked } },
      ]);
      return { request: await this.view(tx, { ...row, status: RefundStatus.READY_FOR_PAYOUT }), errors: [] };
    });
  }

  /** Counts the request against the address and the link; the token's hash, or null when it cannot be a token. */
  private async admit(token: string, clientAddress: string | null): Promise<string | null> {
    const tokenHash = hashToken(token.slice(0, 100));
    await this.throttle.consume(clientAddress ?? "unknown", tokenHash);
    return TOKEN_FORMAT.test(token) ? tokenHash : null;
  }

  /** Another request changed the link between the read and the write: say why it is refused now. */
  private async refusedNow(tx: Tx, tokenHash: string): Promise<{ request: null; errors: UserError[] }> {
    const row = await this.find(tx, tokenHash, true);
    return { request: null, errors: [(row && refusal(row.status)) ?? notFound()] };
  }

  private async find(source: Tx | Database, tokenHash: string, forUpdate: boolean): Promise<LinkRow | null> {
    // Only the refund row is locked (MariaDB): concurrent submits of one link then take turns, and
    // the read below, the transaction's first plain read, sees what the previous one committed.
    if (forUpdate && source.dialect === "mysql") await source.query("SELECT id FROM refund WHERE link_token_hash = ? FOR UPDATE", [tokenHash]);
    const [row] = await source.query<LinkRow>(
      `SELECT r.id, r.shop_id, r.order_id, r.status, r.amount, r.currency, r.link_expires_at, r.cpf_attempts,
              o.number, s.name AS shop_name, s.locale AS shop_locale, c.locale AS customer_locale, c.cpf
         FROM refund r
         JOIN orders o ON o.id = r.order_id AND o.shop_id = r.shop_id
         JOIN shop s ON s.id = r.shop_id
         LEFT JOIN customer c ON c.id = o.customer_id AND c.shop_id = r.shop_id
        WHERE r.link_token_hash = ? AND r.destination = ?`,
      [tokenHash, RefundDestination.CUSTOMER],
    );
    if (!row) return null;
    const expiresAt = fromSqlTimestamp(row.link_expires_at);
    return { ...row, id: Number(row.id), shop_id: Number(row.shop_id), order_id: Number(row.order_id), status: effectiveStatus(row.status, expiresAt, this.now()) };
  }

  private async view(source: Tx | Database, row: LinkRow): Promise<RefundRequestView> {
    const lines = await source.query<{ name: string; quantity: number; amount: number }>(
      "SELECT ol.name, rl.quantity, rl.amount FROM refund_line rl JOIN order_line ol ON ol.id = rl.order_line_id WHERE rl.refund_id = ? AND rl.shop_id = ? ORDER BY rl.id",
      [row.id, row.shop_id],
    );
    return {
      shopName: row.shop_name,
      orderNumber: Number(row.number),
      amount: Number(row.amount),
      currency: row.currency,
      status: row.status,
      expiresAt: fromSqlTimestamp(row.link_expires_at),
      lines: lines.map((l) => ({ name: l.name, quantity: Number(l.quantity), amount: Number(l.amount) })),
      locale: row.customer_locale || row.shop_locale,
    };
  }
}

