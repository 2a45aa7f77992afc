import { RefundStatus } from "./refund.entity";

/**
 * A refund's status as everyone sees it: a link past its expiry is EXPIRED, whatever the row says
 * (nothing has to run at the moment it expires; re-sending the link reopens it).
 */
export function effectiveStatus(status: RefundStatus, linkExpiresAt: Date | null, now: Date): RefundStatus {
  return status === RefundStatus.AWAITING_CUSTOMER_DETAILS && linkExpiresAt && linkExpiresAt.getTime() <= now.getTime() ? RefundStatus.EXPIRED : status;
}
