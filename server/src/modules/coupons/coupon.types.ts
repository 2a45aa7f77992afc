import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Money, money } from "../../infra/graphql/money";
import { CouponKind } from "./coupon.entity";
import { COUPON_LIMITS, CouponView } from "./coupon.service";

registerEnumType(CouponKind, {
  name: "CouponKind",
  description: "How a coupon discounts the order that uses it.",
  valuesConfig: {
    PERCENT: { description: `value percent (1 to ${COUPON_LIMITS.maxPercent}) of the new order's subtotal, rounded to the minor unit.` },
    FIXED_AMOUNT: { description: `value minor units (1 to ${COUPON_LIMITS.maxFixedAmount}) off the new order's subtotal, at most the subtotal.` },
  },
});

export enum CouponStatus {
  VALID = "VALID",
  USED = "USED",
  EXPIRED = "EXPIRED",
}
registerEnumType(CouponStatus, {
  name: "CouponStatus",
  description: "Whether a coupon can still be used.",
  valuesConfig: {
    VALID: { description: "Unused and not expired: placeOrder accepts it." },
    USED: { description: "Used by an order (usedByOrderNumber); a coupon is used once." },
    EXPIRED: { description: "Unused, and its expiresAt has passed." },
  },
});

@InputType({
  description: `An apology coupon for the customer, created with the resolution in one transaction (a refused resolution creates none). Single use, for this shop only, linked to the order. Refusals name the field: OUT_OF_RANGE on apologyCoupon.value or apologyCoupon.validDays.`,
})
export class ApologyCouponInput {
  @Field(() => CouponKind, { description: "PERCENT or FIXED_AMOUNT." })
  kind!: CouponKind;

  @Field(() => Int, {
    description: `PERCENT: 1 to ${COUPON_LIMITS.maxPercent}. FIXED_AMOUNT: minor units (centavos), 1 to ${COUPON_LIMITS.maxFixedAmount}.`,
  })
  value!: number;

  @Field(() => Int, {
    nullable: true,
    description: `Days until it expires, ${COUPON_LIMITS.minValidDays} to ${COUPON_LIMITS.maxValidDays}; ${COUPON_LIMITS.defaultValidDays} when omitted.`,
  })
  validDays?: number | null;
}

@ObjectType("Coupon", { description: "A single-use apology coupon of the shop." })
export class CouponNode {
  @Field(() => ID, { description: "The coupon's id." })
  id!: string;

  @Field({ description: "What the customer types at checkout (placeOrder's couponCode), e.g. DESCULPA-7KQ4-M2XP." })
  code!: string;

  @Field(() => CouponKind, { description: "PERCENT or FIXED_AMOUNT." })
  kind!: CouponKind;

  @Field(() => Int, { description: "Percent (PERCENT) or minor units (FIXED_AMOUNT)." })
  value!: number;

  @Field(() => CouponStatus, { description: "VALID, USED or EXPIRED, now." })
  status!: CouponStatus;

  @Field({ description: "After this moment the coupon is refused (COUPON_EXPIRED)." })
  expiresAt!: Date;

  @Field(() => ID, { description: "The order it apologises for." })
  issuedForOrderId!: string;

  @Field(() => Int, { description: "That order's number." })
  issuedForOrderNumber!: number;

  @Field(() => ID, { nullable: true, description: "The order that used it; null while unused." })
  usedByOrderId!: string | null;

  @Field(() => Int, { nullable: true, description: "That order's number." })
  usedByOrderNumber!: number | null;

  @Field(() => Money, { nullable: true, description: "The discount it gave the order that used it." })
  discountApplied!: Money | null;

  @Field({ description: "When it was issued." })
  createdAt!: Date;
}

export function toCouponNode(c: CouponView, now = new Date()): CouponNode {
  return {
    id: String(c.id),
    code: c.code,
    kind: c.kind,
    value: c.value,
    status: c.usedByOrderId !== null ? CouponStatus.USED : c.expiresAt.getTime() <= now.getTime() ? CouponStatus.EXPIRED : CouponStatus.VALID,
    expiresAt: c.expiresAt,
    issuedForOrderId: String(c.issuedForOrderId),
    issuedForOrderNumber: c.issuedForOrderNumber,
    usedByOrderId: c.usedByOrderId === null ? null : String(c.usedByOrderId),
    usedByOrderNumber: c.usedByOrderNumber,
    discountApplied: c.discountApplied === null ? null : money(c.discountApplied, c.currency),
    createdAt: c.createdAt,
  };
}
