import { Field, ID, Int, ObjectType } from "type-graphql";
import { badUserInput } from "../../infra/graphql/errors";
import { ORDER_IDS_KEPT, OrdersChanged } from "./order-events";

@ObjectType("OrdersChanged", {
  description:
    "The light signal that orders of your shop changed: which ones, and the cursor to resume from. No order is read for it: read your queries again (once per burst) when it arrives.",
})
export class OrdersChangedNode {
  @Field(() => ID, { description: "The id of the last order event this push covers: pass it as `since` to resume after it." })
  cursor!: string;

  @Field(() => [ID], {
    description: `The orders changed by these events, each once, the first ${ORDER_IDS_KEPT} of them (orderCount says how many). Empty only in the first push of a subscription without \`since\`, which just gives the current cursor. To follow every order, subscribe to orderUpdated.`,
  })
  orderIds!: string[];

  @Field(() => Int, {
    description:
      "How many orders these events changed. Pushes a subscriber had not read yet are merged into one: then an order changed in two of them counts twice.",
  })
  orderCount!: number;

  @Field(() => Int, { description: "How many order events this push covers." })
  eventCount!: number;
}

export const toOrdersChangedNode = (c: OrdersChanged): OrdersChangedNode => ({
  cursor: String(c.cursor),
  orderIds: c.orderIds.slice(0, ORDER_IDS_KEPT).map(String),
  orderCount: c.orderCount,
  eventCount: c.eventCount,
});

/** A subscription's `since`: an order event id from an earlier push (`0`: from the very start). */
export function parseCursor(since: string | null | undefined): number | null {
  if (since === null || since === undefined) return null;
  if (!/^\d{1,15}$/.test(since)) throw badUserInput("`since` must be a cursor (the `cursor` of an earlier push).", "since");
  return Number(since);
}
