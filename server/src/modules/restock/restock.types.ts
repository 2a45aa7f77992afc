import { Field, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { SkuNode } from "../catalog/sku.types";
import { OrderNode } from "../orders/order.types";

/** A restock can resume thousands of orders; payloads list the oldest and count the rest. */
export const RESUMED_LISTED = 100;

@ObjectType({ description: "Result of `adjustStock`." })
export class AdjustStockPayload {
  @Field(() => SkuNode, { nullable: true, description: "The sku with its new stock level." })
  sku!: SkuNode | null;

  @Field(() => [OrderNode], { description: "The oldest (at most 100) of the orders that resumed because the adjustment added stock." })
  ordersResumed!: OrderNode[];

  @Field(() => Int, { description: "How many orders resumed (READY) in all." })
  ordersResumedCount!: number;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `restock`." })
export class RestockPayload {
  @Field(() => SkuNode, { nullable: true, description: "The sku with its new stock level." })
  sku!: SkuNode | null;

  @Field(() => [OrderNode], { description: "The oldest (at most 100) of the orders that resumed (became READY) with this stock." })
  ordersResumed!: OrderNode[];

  @Field(() => Int, { description: "How many orders resumed in all." })
  ordersResumedCount!: number;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success." })
  userErrors!: UserError[];
}

@ObjectType("RestockUpdate", { description: "Units of a sku arrived (a restock, an adjustment, a cancellation releasing them) and were offered to waiting orders." })
export class RestockUpdateNode {
  @Field(() => SkuNode, { description: "The sku with its stock level now." })
  sku!: SkuNode;

  @Field(() => Int, { description: "Units that went to waiting orders." })
  unitsAllocated!: number;

  @Field(() => [OrderNode], { description: "The oldest (at most 100) of the orders that resumed (READY) with these units." })
  ordersResumed!: OrderNode[];

  @Field(() => Int, { description: "How many orders resumed in all." })
  ordersResumedCount!: number;

  @Field(() => [OrderNode], {
    description:
      "The oldest (at most 100) of the orders that received some of these units but still wait; each one's `expectedRestockOn` says when the rest can be expected.",
  })
  ordersPartiallyServed!: OrderNode[];

  @Field(() => Int, { description: "How many orders received units but still wait, in all." })
  ordersPartiallyServedCount!: number;
}

@ObjectType("RestockPreview", { description: "What a restock of this quantity would do, before it is done." })
export class RestockPreviewNode {
  @Field(() => SkuNode, { description: "The sku as it is now." })
  sku!: SkuNode;

  @Field(() => Int, { description: "The quantity previewed." })
  quantity!: number;

  @Field(() => Int, { description: "Orders that would have every line allocated and resume (READY)." })
  ordersResumed!: number;

  @Field(() => Int, { description: "Waiting orders that would receive units but keep waiting for more." })
  ordersPartiallyServed!: number;

  @Field(() => Int, { description: "Units that would go to waiting orders, oldest first." })
  unitsAllocated!: number;

  @Field(() => Int, { description: "Units that would then be available to new orders." })
  unitsLeftAvailable!: number;
}
