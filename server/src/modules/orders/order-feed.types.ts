import { Field, ID, Int, ObjectType } from "type-graphql";
import { badUserInput } from "../../infra/graphql/errors";
import { OrdersChanged } from "./order-events";

@ObjectType("OrdersChanged", {
  description:
    "The light signal that orders of your shop changed: which ones, and the cursor to resume from. No order is read for it: read your queries again (once per burst) when it arrives.",
})
export class OrdersChangedNode {
  @Field(() => ID, { description: "The id of the last order event this push covers: pass it as `since` to resume after it." })
  cursor!: string;

  @Field(() => [ID], {
    description:
      "The orders changed by these events, each once (at most 500 per push). Empty only in the first push of a subscription without `since`, which just gives the current cursor.",
  })
  orderIds!: string[];

  @Field(() => Int, { description: "How many order events this push covers." })
  eventCount!: number;
}

export const toOrdersChangedNode = (c: OrdersChanged): OrdersChangedNode => ({
  cursor: String(c.cursor),
  orderIds: c.orderIds.map(String),
  eventCount: c.eventCount,
});

/** A subscription's `since`: an order event id from an earlier push (`0`: from the very start). */
export function parseCursor(since: string | null | undefined): number | null {
  if (since === null || since === undefined) return null;
  if (!/^\d{1,15}$/.test(since)) throw badUserInput("`since` must be a cursor (the `cursor` of an earlier push).", "since");
  return Number(since);
}
