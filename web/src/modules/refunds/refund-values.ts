import { allValues } from "../../app/enum-values";
import type { RefundDestination, RefundStatus } from "../../generated/graphql";

/** Every refund status, in the order a refund goes through them (filter chips follow it). */
export const REFUND_STATUSES = allValues<RefundStatus>()(["AWAITING_CUSTOMER_DETAILS", "EXPIRED", "LOCKED", "READY_FOR_PAYOUT", "PAID"]);

export const REFUND_DESTINATIONS = allValues<RefundDestination>()(["MERCHANT", "CUSTOMER"]);
