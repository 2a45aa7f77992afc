import { UserInputError } from "../../infra/graphql/errors";
import { Order, OrderStatus } from "./order.entity";
import { OrderLine } from "./order-line.entity";
import { allowedResolutions, Resolution } from "./resolution";
import { checkOffer, MAX_SUBSTITUTE_OFFERS, planSubstitution, SubstituteSku } from "./substitution";

const order = (status: OrderStatus, discount = 0) =>
  Object.assign(new Order(), { id: 1, number: 7, status, subtotal: 5000, shipping: 1000, discount, total: 6000 - discount });
const line = (id: number, skuId: number, allocated: number, short: number, unitPrice = 1000) =>
  Object.assign(new OrderLine(), { id, skuId, skuCode: `SKU-${skuId}`, unitPrice, quantity: allocated + short, allocated, short, cancelled: 0, shipped: 0 });
const sku = (id: number, price: number): SubstituteSku => ({ id, code: `SKU-${id}`, name: `Item ${id}`, price });
const errorsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as UserInputError).errors.map((e) => [e.field, e.code]);
  }
  return [];
};

describe("substitution plans", () => {
  // Line 1 is fully allocated; line 2 (sku 20, R$ 10,00 a unit) is short of 2.
  const awaiting = order(OrderStatus.AWAITING_STOCK);
  const lines = () => [line(1, 10, 3, 0), line(2, 20, 0, 2, 1000)];

  it("is a resolution exactly while the order waits for stock and some line is short", () => {
    expect(allowedResolutions(awaiting, lines())).toContain(Resolution.SUBSTITUTE);
    expect(allowedResolutions(order(OrderStatus.ON_HOLD_FOR_RESTOCK), lines())).toContain(Resolution.SUBSTITUTE);
    expect(allowedResolutions(order(OrderStatus.READY), [line(1, 10, 3, 0)])).not.toContain(Resolution.SUBSTITUTE);
    expect(allowedResolutions(awaiting, [line(1, 10, 3, 0)])).not.toContain(Resolution.SUBSTITUTE);
  });

  it("with a cheaper sku: the short units move to the substitute's price and the difference is refunded", () => {
    const all = lines();
    const plan = planSubstitution(awaiting, all, all[1]!, sku(30, 700), 5, 0);
    expect(plan).toMatchObject({ quantity: 2, unitPrice: 700, priceDifference: -600, absorbed: 0, resultingStatus: OrderStatus.READY });
    expect(plan.refund?.amount).toBe(600);
    expect(plan.refund?.shippingAmount).toBe(0);
    expect(plan.refund?.lines).toEqual([{ orderLineId: 2, quantity: 2, unitPrice: 300, amount: 600 }]);
  });

  it("shares the order's discount in the refund of the difference, like any partial refund", () => {
    const all = lines();
    // 10% of the subtotal off: the customer paid 90% of the difference, and gets that back.
    const plan = planSubstitution(order(OrderStatus.AWAITING_STOCK, 500), all, all[1]!, sku(30, 700), 5, 0);
    expect(plan.refund?.amount).toBe(540);
  });

  it("with a dearer sku: the customer keeps the price paid and the shop absorbs the difference", () => {
    const all = lines();
    const plan = planSubstitution(awaiting, all, all[1]!, sku(30, 1250), 2, 0);
    expect(plan).toMatchObject({ quantity: 2, unitPrice: 1000, priceDifference: 500, absorbed: 500, refund: null, resultingStatus: OrderStatus.READY });
  });

  it("keeps the order waiting when another line is still short", () => {
    const all = [line(1, 10, 0, 1), line(2, 20, 0, 2)];
    expect(planSubstitution(order(OrderStatus.ON_HOLD_FOR_RESTOCK), all, all[1]!, sku(30, 1000), 2, 0).resultingStatus).toBe(OrderStatus.ON_HOLD_FOR_RESTOCK);
  });

  it("never refunds more than what is left of the total", () => {
    const all = lines();
    expect(planSubstitution(awaiting, all, all[1]!, sku(30, 700), 5, 5800).refund?.amount).toBe(200);
    expect(planSubstitution(awaiting, all, all[1]!, sku(30, 700), 5, 6000).refund).toBeNull();
  });

  it("refuses what cannot be substituted, saying why", () => {
    const all = lines();
    expect(errorsOf(() => planSubstitution(awaiting, all, all[1]!, sku(30, 700), 1, 0))).toEqual([["skuId", "INSUFFICIENT_STOCK"]]);
    expect(errorsOf(() => planSubstitution(awaiting, all, all[0]!, sku(30, 700), 9, 0))).toEqual([["orderLineId", "LINE_NOT_SHORT"]]);
    expect(errorsOf(() => planSubstitution(awaiting, all, all[1]!, sku(20, 700), 9, 0))).toEqual([["skuId", "SAME_SKU"]]);
    expect(errorsOf(() => planSubstitution(awaiting, all, all[1]!, null, 0, 0))).toEqual([["skuId", "NOT_FOUND"]]);
    for (const status of [OrderStatus.READY, OrderStatus.CANCELLED, OrderStatus.SHIPPED, OrderStatus.DELIVERED]) {
      expect(errorsOf(() => planSubstitution(order(status), all, all[1]!, sku(30, 700), 9, 0))).toEqual([["orderId", "INVALID_TRANSITION"]]);
    }
  });

  it("checks offers: a short line, other skus of the shop, at most the limit in all", () => {
    const all = lines();
    const skus = new Map([30, 31, 32, 33, 34, 35].map((id) => [id, sku(id, 900)]));
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [30, 31], skus))).toEqual([]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[0]!, [30], skus))).toEqual([["orderLineId", "LINE_NOT_SHORT"]]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [30, 20], skus))).toEqual([["skuIds.1", "NOT_FOUND"]]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [], skus))).toEqual([["skuIds", "REQUIRED"]]);
    const withOwn = new Map([...skus, [20, sku(20, 1000)]]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [20], withOwn))).toEqual([["skuIds.0", "SAME_SKU"]]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [30, 31, 32, 33, 34, 35], skus))).toEqual([["skuIds", "TOO_MANY_SUBSTITUTES"]]);
    expect(MAX_SUBSTITUTE_OFFERS).toBe(5);
    // Offers add up: five in all, counting those made before (offering one again is no new offer).
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [34, 30], skus, [30, 31, 32, 33]))).toEqual([]);
    expect(errorsOf(() => checkOffer(awaiting, all, all[1]!, [34, 35], skus, [30, 31, 32, 33]))).toEqual([["skuIds", "TOO_MANY_SUBSTITUTES"]]);
    expect(errorsOf(() => checkOffer(order(OrderStatus.READY), all, all[1]!, [30], skus))).toEqual([["orderId", "INVALID_TRANSITION"]]);
  });
});
