import { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { LimiterStore, memoryStore } from "../auth/login-throttle";

/**
 * How often the public refund endpoints (refundRequest, submitRefundDetails) may be called: per
 * client address, so one machine cannot walk through tokens, and per link, so one link cannot be
 * hammered from many machines. Same machinery as the login throttle (rate-limiter-flexible).
 */
export interface RefundLinkLimits {
  /** Requests from one address within `windowSeconds`... */
  requestsPerAddress: number;
  /** Requests naming one link within `windowSeconds`... */
  requestsPerLink: number;
  windowSeconds: number;
  /** ...after which that address or link waits this long. */
  blockSeconds: number;
}

export const DEFAULT_REFUND_LINK_LIMITS: RefundLinkLimits = {
  requestsPerAddress: 60,
  requestsPerLink: 30,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

/** A public refund request refused for coming too often, with how long to wait. */
export class RefundLinkThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests for this link: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`);
  }
}

export class RefundLinkThrottle {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byLink: RateLimiterAbstract;

  /** `scope` keeps each kind of public link (refund links, order pages) counted on its own. */
  constructor(limits: RefundLinkLimits, store: LimiterStore, scope = "refund_link") {
    this.byAddress = store({ keyPrefix: `${scope}_address`, points: limits.requestsPerAddress, duration: limits.windowSeconds, blockDuration: limits.blockSeconds });
    this.byLink = store({ keyPrefix: `${scope}_token`, points: limits.requestsPerLink, duration: limits.windowSeconds, blockDuration: limits.blockSeconds });
  }

  /**
   * Counts one request from `address` for the link whose token hashes to `tokenHash`; throws
   * RefundLinkThrottled when either is over its limit. A store failure lets the request through.
   */
  async consume(address: string, tokenHash: string): Promise<void> {
    const results = await Promise.allSettled([this.byAddress.consume(address), this.byLink.consume(tokenHash)]);
    let wait = 0;
    for (const result of results) {
      if (result.status === "rejected" && result.reason instanceof RateLimiterRes) wait = Math.max(wait, Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000)));
    }
    if (wait > 0) throw new RefundLinkThrottled(wait);
  }
}

export function createRefundLinkThrottle(limits: RefundLinkLimits = DEFAULT_REFUND_LINK_LIMITS, store: LimiterStore = memoryStore, scope?: string): RefundLinkThrottle {
  return new RefundLinkThrottle(limits, store, scope);
}
