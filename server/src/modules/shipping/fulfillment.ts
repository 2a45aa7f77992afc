import { OrderLine } from "../orders/order-line.entity";

/** How an order's allocated units stand against what was shipped. */
export enum Fulfillment {
  /** Nothing shipped yet. */
  UNFULFILLED = "UNFULFILLED",
  /** Some allocated units shipped, some still to go. */
  PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED",
  /** Every allocated unit shipped. */
  SHIPPED = "SHIPPED",
}

/**
 * The fulfilment of an order from its lines: the one rule for whether an order with shipped units
 * still has something to ship (READY) or has shipped everything it keeps (SHIPPED). Shipping and
 * the resolutions of an order that fell short after a parcel left both read it.
 */
export function fulfillmentOf(lines: Array<Pick<OrderLine, "allocated" | "shipped">>): Fulfillment {
  const shipped = lines.reduce((sum, l) => sum + l.shipped, 0);
  if (shipped === 0) return Fulfillment.UNFULFILLED;
  return lines.some((l) => l.allocated > l.shipped) ? Fulfillment.PARTIALLY_SHIPPED : Fulfillment.SHIPPED;
}
