import { allValues } from "../../app/enum-values";
import type { ReturnReason, ReturnSettlement, ReturnStatus } from "../../generated/graphql";

/** Every return status, in the order a return goes through them (filter chips follow it). */
export const RETURN_STATUSES = allValues<ReturnStatus>()(["REQUESTED", "APPROVED", "RECEIVED", "CLOSED", "REFUSED"]);

export const RETURN_REASONS = allValues<ReturnReason>()(["DAMAGED", "WRONG_ITEM", "REGRET", "OTHER", "WITHDRAWAL"]);

/** The reasons a request may give (a withdrawal comes from a claim). */
export const REQUEST_REASONS: readonly ReturnReason[] = RETURN_REASONS.filter((r) => r !== "WITHDRAWAL");

export const RETURN_SETTLEMENTS = allValues<ReturnSettlement>()(["REFUND", "EXCHANGE"]);

/** The colour of a return's badge, borrowed from the order statuses'. */
export const RETURN_BADGE: Record<ReturnStatus, string> = {
  REQUESTED: "AWAITING_STOCK",
  APPROVED: "ON_HOLD_FOR_RESTOCK",
  RECEIVED: "READY",
  CLOSED: "DELIVERED",
  REFUSED: "CANCELLED",
};
