import type { ApologyCouponInput, CouponKind } from "../../generated/graphql";

/** The limits the server enforces on an apology coupon (README, "Apology coupons"), checked here first. */
export const COUPON_LIMITS = {
  maxPercent: 100,
  /** In minor units (R$ 10.000,00). */
  maxFixedAmount: 1_000_000,
  minValidDays: 1,
  maxValidDays: 365,
  defaultValidDays: 30,
} as const;

/** What the merchant is typing in the dialog: values as text until sent. */
export type CouponDraft = {
  offer: boolean;
  kind: CouponKind;
  value: string;
  validDays: string;
};

export const EMPTY_COUPON_DRAFT: CouponDraft = { offer: false, kind: "PERCENT", value: "", validDays: String(COUPON_LIMITS.defaultValidDays) };

export type CouponProblem =
  | { field: "apologyCoupon.value"; key: "coupons.errors.percent"; values: { max: number } }
  | { field: "apologyCoupon.value"; key: "coupons.errors.amount"; values?: undefined }
  | { field: "apologyCoupon.validDays"; key: "coupons.errors.validDays"; values: { min: number; max: number } };

/** "15", "15,5" or "15.50" in major units -> minor units, or null when it is not an amount. */
export function parseAmount(text: string, fractionDigits: number): number | null {
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match || (match[2] ?? "").length > fractionDigits) return null;
  return Number(match[1]) * 10 ** fractionDigits + Number((match[2] ?? "").padEnd(fractionDigits, "0") || 0);
}

/** The input to send, or the problems to show (each names its field, like the server's userErrors). */
export function couponInput(draft: CouponDraft, fractionDigits: number): { input: ApologyCouponInput | null; problems: CouponProblem[] } {
  const problems: CouponProblem[] = [];
  let value: number | null = null;
  if (draft.kind === "PERCENT") {
    value = /^\d{1,3}$/.test(draft.value.trim()) ? Number(draft.value.trim()) : null;
    if (value === null || value < 1 || value > COUPON_LIMITS.maxPercent) {
      problems.push({ field: "apologyCoupon.value", key: "coupons.errors.percent", values: { max: COUPON_LIMITS.maxPercent } });
    }
  } else {
    value = parseAmount(draft.value, fractionDigits);
    if (value === null || value < 1 || value > COUPON_LIMITS.maxFixedAmount) {
      problems.push({ field: "apologyCoupon.value", key: "coupons.errors.amount" });
    }
  }
  const days = /^\d{1,4}$/.test(draft.validDays.trim()) ? Number(draft.validDays.trim()) : null;
  if (days === null || days < COUPON_LIMITS.minValidDays || days > COUPON_LIMITS.maxValidDays) {
    problems.push({ field: "apologyCoupon.validDays", key: "coupons.errors.validDays", values: { min: COUPON_LIMITS.minValidDays, max: COUPON_LIMITS.maxValidDays } });
  }
  return problems.length ? { input: null, problems } : { input: { kind: draft.kind, value: value!, validDays: days! }, problems };
}
