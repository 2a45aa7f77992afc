import { CouponKind } from "./coupon.entity";
import { apologyCouponErrors, COUPON_LIMITS, couponDiscount, newCouponCode, normalizeCouponCode } from "./coupon.service";

describe("apology coupons", () => {
  it("takes a percent of the subtotal rounded to the minor unit, half up", () => {
    expect(couponDiscount({ kind: CouponKind.PERCENT, value: 10 }, 333)).toBe(33); // 33.3
    expect(couponDiscount({ kind: CouponKind.PERCENT, value: 15 }, 999)).toBe(150); // 149.85
    expect(couponDiscount({ kind: CouponKind.PERCENT, value: 50 }, 5)).toBe(3); // 2.5
    expect(couponDiscount({ kind: CouponKind.PERCENT, value: 100 }, 12345)).toBe(12345);
  });

  it("takes a fixed amount, at most the subtotal", () => {
    expect(couponDiscount({ kind: CouponKind.FIXED_AMOUNT, value: 1500 }, 10000)).toBe(1500);
    expect(couponDiscount({ kind: CouponKind.FIXED_AMOUNT, value: 5000 }, 1000)).toBe(1000);
  });

  it("draws codes without ambiguous characters", () => {
    const codes = Array.from({ length: 500 }, () => newCouponCode());
    for (const code of codes) expect(code).toMatch(/^DESCULPA-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.map((c) => c.slice("DESCULPA-".length)).join("")).not.toMatch(/[01OIL]/);
  });

  it("reads a code as typed: trimmed, upper case", () => {
    expect(normalizeCouponCode("  desculpa-7kq4-m2xp ")).toBe("DESCULPA-7KQ4-M2XP");
  });

  it("names the field and the limit of every refusal", () => {
    const fields = (request: Parameters<typeof apologyCouponErrors>[1]) => apologyCouponErrors("apologyCoupon", request).map((e) => `${e.field} ${e.code}`);
    expect(fields({ kind: CouponKind.PERCENT, value: 1 })).toEqual([]);
    expect(fields({ kind: CouponKind.PERCENT, value: COUPON_LIMITS.maxPercent })).toEqual([]);
    expect(fields({ kind: CouponKind.PERCENT, value: 0 })).toEqual(["apologyCoupon.value OUT_OF_RANGE"]);
    expect(fields({ kind: CouponKind.PERCENT, value: 101 })).toEqual(["apologyCoupon.value OUT_OF_RANGE"]);
    expect(fields({ kind: CouponKind.FIXED_AMOUNT, value: COUPON_LIMITS.maxFixedAmount })).toEqual([]);
    expect(fields({ kind: CouponKind.FIXED_AMOUNT, value: COUPON_LIMITS.maxFixedAmount + 1 })).toEqual(["apologyCoupon.value OUT_OF_RANGE"]);
    expect(fields({ kind: CouponKind.FIXED_AMOUNT, value: -5 })).toEqual(["apologyCoupon.value OUT_OF_RANGE"]);
    expect(fields({ kind: CouponKind.PERCENT, value: 5, validDays: 365 })).toEqual([]);
    expect(fields({ kind: CouponKind.PERCENT, value: 5, validDays: 0 })).toEqual(["apologyCoupon.validDays OUT_OF_RANGE"]);
    expect(apologyCouponErrors("apologyCoupon", { kind: CouponKind.PERCENT, value: 500 })[0]!.message).toMatch(/1 to 100/);
  });
});
