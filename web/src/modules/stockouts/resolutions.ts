import { allValues } from "../../app/enum-values";
import type { OrderStatus, RefundDestination, Resolution } from "../../generated/graphql";

/** The four resolutions, in the order the dialog offers them. */
export const RESOLUTIONS = allValues<Resolution>()(["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "CANCEL", "SUBSTITUTE"]);

export const REFUND_DESTINATIONS = allValues<RefundDestination>()(["CUSTOMER", "MERCHANT"]);

/** What an order needs for the "Resolver" dialog. */
export type ResolvableOrder = {
  id: string;
  number: number;
  status: OrderStatus;
  allowedResolutions: readonly Resolution[];
};

/** Resolutions that give money back, so the merchant must say where it goes. */
export function refundsMoney(resolution: Resolution): boolean {
  return resolution === "SHIP_AVAILABLE" || resolution === "CANCEL";
}

/**
 * The options the dialog shows: exactly what the server allows now (e.g. no "ship what's
 * available" while nothing is reserved: that would be a cancellation). Resolutions this build
 * doesn't know are left out.
 */
export function offeredResolutions(order: ResolvableOrder): Resolution[] {
  return RESOLUTIONS.filter((resolution) => order.allowedResolutions.includes(resolution));
}

/** Whether an order gets a "Resolver" button at all. */
export function canResolve(order: ResolvableOrder): boolean {
  return order.allowedResolutions.some((resolution) => (RESOLUTIONS as readonly string[]).includes(resolution));
}
