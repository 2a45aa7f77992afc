/** What the customer paid, as the order records it (minor units). */
export interface PaidOrder {
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
  /** Sum of the refunds already created for the order. */
  alreadyRefunded: number;
}

export interface CancelledUnits {
  orderLineId: number;
  quantity: number;
  unitPrice: number;
}

export interface RefundAmounts {
  lines: Array<CancelledUnits & { amount: number }>;
  shippingAmount: number;
  amount: number;
}

/**
 * How much goes back for cancelled units. The order's discount is shared over its items in
 * proportion to their value (any part of the discount beyond the subtotal came off the shipping);
 * shipping is refunded only when the whole order is cancelled; and the order never refunds more
 * than was paid. A full cancellation refunds exactly what is left of the total, so rounding of
 * the shares never leaves a centavo behind.
 */
export function refundAmounts(order: PaidOrder, cancelled: CancelledUnits[], fullCancellation: boolean): RefundAmounts {
  const itemDiscount = Math.min(order.discount, order.subtotal);
  const shippingDiscount = order.discount - itemDiscount;
  const lines = cancelled
    .filter((c) => c.quantity > 0)
    .map((c) => {
      const gross = c.quantity * c.unitPrice;
      const discountShare = order.subtotal > 0 ? Math.round((itemDiscount * gross) / order.subtotal) : 0;
      return { ...c, amount: gross - discountShare };
    });
  let shippingAmount = fullCancellation ? Math.max(0, order.shipping - shippingDiscount) : 0;
  const remaining = Math.max(0, order.total - order.alreadyRefunded);
  const computed = lines.reduce((sum, l) => sum + l.amount, 0) + shippingAmount;

  // A full cancellation refunds exactly what remains; anything else refunds at most that.
  let difference = fullCancellation ? remaining - computed : Math.min(0, remaining - computed);
  if (difference > 0) {
    const last = lines[lines.length - 1];
    if (last) last.amount += difference;
    else shippingAmount += difference;
  }
  // Too much: take it off the lines, last first, then off the shipping.
  for (let i = lines.length - 1; i >= 0 && difference < 0; i--) {
    const cut = Math.min(-difference, lines[i]!.amount);
    lines[i]!.amount -= cut;
    difference += cut;
  }
  if (difference < 0) shippingAmount -= Math.min(-difference, shippingAmount);
  return { lines, shippingAmount, amount: lines.reduce((sum, l) => sum + l.amount, 0) + shippingAmount };
}
