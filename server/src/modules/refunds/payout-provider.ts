/** A refund about to be paid, as a payout provider needs it. */
export interface PayoutRequest {
  refundId: number;
  shopId: number;
  amount: number;
  currency: string;
  /** What the merchant typed when marking the refund paid (already trimmed; null when left empty). */
  payoutReference: string | null;
}

/** The outcome: the reference kept on the refund (a provider's transaction id, or the merchant's own). */
export interface PayoutResult {
  reference: string | null;
}

/**
 * The step that sends the money. Today the merchant pays outside Ruptura (their bank, a PIX) and
 * tells us so: ManualPayouts. A payment provider plugs in here; it must treat `refundId` as its
 * idempotency key, because markRefundPaid may be repeated.
 */
export interface PayoutProvider {
  pay(request: PayoutRequest): Promise<PayoutResult>;
}

/** The merchant paid by themselves: record the reference they give, nothing is sent. */
export class ManualPayouts implements PayoutProvider {
  async pay(request: PayoutRequest): Promise<PayoutResult> {
    return { reference: request.payoutReference };
  }
}
