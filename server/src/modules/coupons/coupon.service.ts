import { randomInt } from "node:crypto";
import { Database, isDuplicateKeyError, Read, Statement, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, insertStatement, SqlExpression, sqlTimestamp } from "../../infra/db/dialect";
import { groupBy } from "../../infra/collections";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { Coupon, CouponKind } from "./coupon.entity";

/** The limits of an apology coupon, stated in the schema and the README. */
export const COUPON_LIMITS = {
  maxPercent: 100,
  /** R$ 10.000,00 in centavos. */
  maxFixedAmount: 1_000_000,
  minValidDays: 1,
  maxValidDays: 365,
  defaultValidDays: 30,
} as const;

export const COUPON_PREFIX = "DESCULPA";
/** No 0/O, 1/I/L: a code read aloud or copied by hand comes out right. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_ATTEMPTS = 5;
const CODE_MAX_LENGTH = 32;

export interface ApologyCouponRequest {
  kind: CouponKind;
  value: number;
  validDays?: number | null;
}

/** A coupon with the numbers of the orders it is linked to. */
export interface CouponView extends Coupon {
  issuedForOrderNumber: number;
  usedByOrderNumber: number | null;
}

/** `DESCULPA-7KQ4-M2XP`: 8 characters from a 31-letter alphabet (about 40 bits). */
export function newCouponCode(random: (max: number) => number = randomInt): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[random(ALPHABET.length)]).join("");
  return `${COUPON_PREFIX}-${group()}-${group()}`;
}

/** How much a coupon takes off an order with this subtotal (minor units). */
export function couponDiscount(coupon: Pick<Coupon, "kind" | "value">, subtotal: number): number {
  return coupon.kind === CouponKind.PERCENT ? Math.round((subtotal * coupon.value) / 100) : Math.min(coupon.value, subtotal);
}

/** The coupon, when an order may use it now; otherwise the refusal (unknown, used, expired). */
export function usableCoupon(coupon: Coupon | null, now = new Date()): Coupon {
  if (!coupon) throw new UserInputError([couponNotFound()]);
  if (coupon.usedByOrderId !== null) throw new UserInputError([couponUsed()]);
  if (coupon.expiresAt.getTime() <= now.getTime()) throw new UserInputError([userError("couponCode", UserErrorCode.COUPON_EXPIRED, "This coupon has expired.")]);
  return coupon;
}

/** Refusals of an apology coupon request, each naming its field under `field` (e.g. "apologyCoupon"). */
export function apologyCouponErrors(field: string, request: ApologyCouponRequest): UserError[] {
  const errors: UserError[] = [];
  const { kind, value } = request;
  if (kind === CouponKind.PERCENT && (!Number.isInteger(value) || value < 1 || value > COUPON_LIMITS.maxPercent)) {
    errors.push(userError(`${field}.value`, UserErrorCode.OUT_OF_RANGE, `A percent coupon is 1 to ${COUPON_LIMITS.maxPercent} percent.`));
  }
  if (kind === CouponKind.FIXED_AMOUNT && (!Number.isInteger(value) || value < 1 || value > COUPON_LIMITS.maxFixedAmount)) {
    errors.push(userError(`${field}.value`, UserErrorCode.OUT_OF_RANGE, `A fixed-amount coupon is 1 to ${COUPON_LIMITS.maxFixedAmount} minor units.`));
  }
  const days = request.validDays;
  if (days !== null && days !== undefined && (!Number.isInteger(days) || days < COUPON_LIMITS.minValidDays || days > COUPON_LIMITS.maxValidDays)) {
    errors.push(userError(`${field}.validDays`, UserErrorCode.OUT_OF_RANGE, `validDays is ${COUPON_LIMITS.minValidDays} to ${COUPON_LIMITS.maxValidDays}.`));
  }
  return errors;
}

/** A code as a customer may type it: trimmed, upper case. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

const couponNotFound = () => userError("couponCode", UserErrorCode.COUPON_NOT_FOUND, "No valid coupon with this code in this shop.");
export const couponUsed = () => userError("couponCode", UserErrorCode.COUPON_USED, "This coupon was already used.");

export class CouponService {
  constructor(
    private readonly db: Database,
    private readonly generateCode: () => string = () => newCouponCode(),
  ) {}

  /**
   * Issues a coupon inside the caller's transaction (the resolution it apologises for). A code that
   * collides with an existing one fails on the unique index and is drawn again.
   */
  async issue(tx: Tx, shopId: number, order: { id: number; currency: string }, request: ApologyCouponRequest, now = new Date()): Promise<Coupon> {
    const days = request.validDays ?? COUPON_LIMITS.defaultValidDays;
    const coupon = Object.assign(new Coupon(), {
      shopId,
      kind: request.kind,
      value: request.value,
      currency: order.currency,
      issuedForOrderId: order.id,
      expiresAt: new Date(now.getTime() + days * 24 * 60 * 60 * 1000),
      usedByOrderId: null,
      discountApplied: null,
      usedAt: null,
      createdAt: now,
    });
    for (let attempt = 1; ; attempt++) {
      coupon.code = this.generateCode();
      const { sql, params } = insertStatement(
        "coupon",
        ["shop_id", "code", "kind", "value", "currency", "issued_for_order_id", "expires_at", "created_at"],
        [[shopId, coupon.code, coupon.kind, coupon.value, coupon.currency, coupon.issuedForOrderId, sqlTimestamp(coupon.expiresAt), sqlTimestamp(now)]],
      );
      try {
        coupon.id = (await tx.run(sql, params)).firstInsertId;
        return coupon;
      } catch (error) {
        // The failed INSERT is undone on its own; the transaction goes on.
        if (!isDuplicateKeyError(error) || attempt >= CODE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The shop's coupon with this code, if it can still be used; refuses an unknown code (another
   * shop's looks exactly the same), an expired one or a used one. The intake's conditional UPDATE
   * (redeemStatement) is what makes the use single under concurrency.
   */
  async usable(shopId: number, code: string, now = new Date()): Promise<Coupon> {
    const read = this.byCodeRead(shopId, code);
    return usableCoupon(read.map(await this.db.query(read.sql, read.params)), now);
  }

  /**
   * An SQL condition true exactly when `usableCoupon` would take the coupon read by `byCodeRead`
   * at `now` (it exists, is unused and unexpired): the statement taking an order number checks it.
   */
  usableCondition(shopId: number, code: string, now: Date): Statement {
    const normalized = normalizeCouponCode(code);
    return {
      sql: "EXISTS (SELECT 1 FROM coupon WHERE shop_id = ? AND code = ? AND used_by_order_id IS NULL AND expires_at > ?)",
      params: [shopId, normalized.length <= CODE_MAX_LENGTH ? normalized : "", sqlTimestamp(now)],
    };
  }

  /**
   * The shop's coupon with this code (null when none), as a read a caller sends with others in one
   * round trip (`Database.reads`; intake reads it beside the skus); `usableCoupon` then judges it.
   */
  byCodeRead(shopId: number, code: string): Read<Coupon | null> {
    const normalized = normalizeCouponCode(code);
    const time = (value: unknown) => (value === null || value === undefined ? null : fromSqlTimestamp(value as string | Date));
    return {
      // An over-long code matches nothing (no row has it); the read still runs, in the same round trip.
      sql: "SELECT id, shop_id, code, kind, value, currency, issued_for_order_id, expires_at, used_by_order_id, discount_applied, used_at, created_at FROM coupon WHERE shop_id = ? AND code = ? LIMIT 1",
      params: [shopId, normalized.length <= CODE_MAX_LENGTH ? normalized : ""],
      map: ([row]) =>
        row && normalized.length <= CODE_MAX_LENGTH
          ? Object.assign(new Coupon(), {
              id: Number(row.id),
              shopId: Number(row.shop_id),
              code: String(row.code),
              kind: String(row.kind) as CouponKind,
              value: Number(row.value),
              currency: String(row.currency),
              issuedForOrderId: Number(row.issued_for_order_id),
              expiresAt: time(row.expires_at)!,
              usedByOrderId: row.used_by_order_id === null || row.used_by_order_id === undefined ? null : Number(row.used_by_order_id),
              discountApplied: row.discount_applied === null || row.discount_applied === undefined ? null : Number(row.discount_applied),
              usedAt: time(row.used_at),
              createdAt: time(row.created_at)!,
            })
          : null,
    };
  }

  /** Marks the coupon used by an order, only if it still is unused and unexpired: affects 1 row or 0. */
  redeemStatement(coupon: Coupon, orderId: number | SqlExpression, discount: number, now: Date): Statement {
    const order = orderId instanceof SqlExpression ? orderId.sql : "?";
    return {
      sql: `UPDATE coupon SET used_by_order_id = ${order}, discount_applied = ?, used_at = ? WHERE id = ? AND used_by_order_id IS NULL AND expires_at > ?`,
      params: [...(orderId instanceof SqlExpression ? [] : [orderId]), discount, sqlTimestamp(now), coupon.id, sqlTimestamp(now)],
    };
  }

  /** Coupons issued as apologies for these orders, oldest first. */
  async issuedFor(shopId: number, orderIds: readonly number[]): Promise<Map<number, CouponView[]>> {
    return groupBy(await this.views(shopId, "issued_for_order_id", orderIds), (c) => c.issuedForOrderId);
  }

  /** The coupon each of these orders used, if any. */
  async usedBy(shopId: number, orderIds: readonly number[]): Promise<Map<number, CouponView>> {
    return new Map((await this.views(shopId, "used_by_order_id", orderIds)).map((c) => [c.usedByOrderId!, c]));
  }

  private async views(shopId: number, column: "issued_for_order_id" | "used_by_order_id", orderIds: readonly number[]): Promise<CouponView[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT c.*, issued.number AS issued_for_order_number, used.number AS used_by_order_number
         FROM coupon c
         JOIN orders issued ON issued.id = c.issued_for_order_id
         LEFT JOIN orders used ON used.id = c.used_by_order_id
        WHERE c.shop_id = ? AND c.${column} IN (${orderIds.map(() => "?").join(", ")})
        ORDER BY c.id`,
      [shopId, ...orderIds],
    );
    return rows.map((r) =>
      Object.assign(new Coupon(), {
        id: Number(r.id),
        shopId: Number(r.shop_id),
        code: String(r.code),
        kind: r.kind as CouponKind,
        value: Number(r.value),
        currency: String(r.currency),
        issuedForOrderId: Number(r.issued_for_order_id),
        expiresAt: fromSqlTimestamp(r.expires_at as string | Date),
        usedByOrderId: r.used_by_order_id === null ? null : Number(r.used_by_order_id),
        discountApplied: r.discount_applied === null ? null : Number(r.discount_applied),
        usedAt: r.used_at === null ? null : fromSqlTimestamp(r.used_at as string | Date),
        createdAt: fromSqlTimestamp(r.created_at as string | Date),
        issuedForOrderNumber: Number(r.issued_for_order_number),
        usedByOrderNumber: r.used_by_order_number === null ? null : Number(r.used_by_order_number),
      }),
    );
  }
}
