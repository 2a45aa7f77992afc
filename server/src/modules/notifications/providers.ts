/**
 * What the e-mails take from features built elsewhere. Each has a default that knows nothing
 * (null), and the message then simply leaves that part out.
 */

/** The public order page (`/order/<token>`) of an order, or null when there is none. */
export interface OrderPageLinkProvider {
  orderPageLink(shopId: number, orderId: number): Promise<string | null>;
  /** The same for several orders at once (a batch of e-mails), when the provider can do it in one go. */
  orderPageLinks?(shopId: number, orderIds: readonly number[]): Promise<Map<number, string | null>>;
}

/** The date each waiting order may expect its missing units (YYYY-MM-DD), or null: "no date yet". */
export interface ExpectedRestockDatesProvider {
  expectedRestockDates(shopId: number, orderIds: number[]): Promise<Map<number, string | null>>;
}

export const noOrderPageLinks: OrderPageLinkProvider = { orderPageLink: async () => null };
export const noExpectedRestockDates: ExpectedRestockDatesProvider = {
  expectedRestockDates: async (_shopId, orderIds) => new Map(orderIds.map((id) => [id, null])),
};
