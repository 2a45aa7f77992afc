import { refundAmounts } from "./refund-amounts";

// An order of 2 x R$ 100,00 (line 1) and 1 x R$ 50,00 (line 2), R$ 20,00 shipping, R$ 25,00 off.
const order = { subtotal: 25000, shipping: 2000, discount: 2500, total: 24500, alreadyRefunded: 0 };
const line1 = { orderLineId: 1, unitPrice: 10000 };
const line2 = { orderLineId: 2, unitPrice: 5000 };

describe("refund amounts", () => {
  it("shares the discount over the cancelled items in proportion to their value, without shipping", () => {
    const refund = refundAmounts(order, [{ ...line2, quantity: 1 }], false);
    // R$ 50,00 is a fifth of the subtotal, so it carries a fifth of the R$ 25,00 discount.
    expect(refund).toEqual({ lines: [{ ...line2, quantity: 1, amount: 4500 }], shippingAmount: 0, amount: 4500 });
  });

  it("refunds exactly the total on a full cancellation, shipping included", () => {
    const refund = refundAmounts(order, [{ ...line1, quantity: 2 }, { ...line2, quantity: 1 }], true);
    expect(refund.shippingAmount).toBe(2000);
    expect(refund.lines.map((l) => l.amount)).toEqual([18000, 4500]);
    expect(refund.amount).toBe(24500);
  });

  it("refunds only what is left after earlier refunds, to the centavo", () => {
    const earlier = refundAmounts(order, [{ ...line2, quantity: 1 }], false);
    const rest = refundAmounts({ ...order, alreadyRefunded: earlier.amount }, [{ ...line1, quantity: 2 }], true);
    expect(earlier.amount + rest.amount).toBe(order.total);
  });

  it("never leaves a centavo to rounding: three thirds of an odd discount add up", () => {
    const odd = { subtotal: 3000, shipping: 0, discount: 1000, total: 2000, alreadyRefunded: 0 };
    const parts = [1, 2, 3].map((id) => ({ orderLineId: id, unitPrice: 1000, quantity: 1 }));
    const first = refundAmounts(odd, [parts[0]!], false);
    const second = refundAmounts({ ...odd, alreadyRefunded: first.amount }, [parts[1]!], false);
    const last = refundAmounts({ ...odd, alreadyRefunded: first.amount + second.amount }, [parts[2]!], true);
    expect([first.amount, second.amount]).toEqual([667, 667]);
    expect(first.amount + second.amount + last.amount).toBe(2000);
  });

  it("takes a discount larger than the subtotal partly off the shipping", () => {
    const generous = { subtotal: 1000, shipping: 1000, discount: 1500, total: 500, alreadyRefunded: 0 };
    expect(refundAmounts(generous, [{ orderLineId: 1, unitPrice: 1000, quantity: 1 }], true)).toEqual({
      lines: [{ orderLineId: 1, unitPrice: 1000, quantity: 1, amount: 0 }],
      shippingAmount: 500,
      amount: 500,
    });
  });

  it("keeps lines plus shipping equal to the amount when little is left to refund", () => {
    const refund = refundAmounts({ ...order, alreadyRefunded: 24000 }, [{ ...line1, quantity: 2 }, { ...line2, quantity: 1 }], true);
    expect(refund.amount).toBe(500);
    expect(refund.lines.reduce((sum, l) => sum + l.amount, 0) + refund.shippingAmount).toBe(500);
    expect(refund.lines.every((l) => l.amount >= 0) && refund.shippingAmount >= 0).toBe(true);
  });

  it("never refunds more than was paid", () => {
    const refund = refundAmounts({ ...order, alreadyRefunded: 24000 }, [{ ...line1, quantity: 1 }], false);
    expect(refund.amount).toBe(500);
  });
});
