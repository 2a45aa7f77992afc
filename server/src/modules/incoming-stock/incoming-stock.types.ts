import { GraphQLDate } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { SkuNode } from "../catalog/sku.types";
import { OrderNode } from "../orders/order.types";
import { IncomingStock, IncomingStockStatus } from "./incoming-stock.entity";

registerEnumType(IncomingStockStatus, {
  name: "IncomingStockStatus",
  description: "Where an incoming delivery stands.",
  valuesConfig: {
    OPEN: { description: "Expected; what is left of it counts towards the waiting orders' expected dates." },
    RECEIVED: { description: "Every unit expected (or more) was received into stock." },
    CANCELLED: { description: "Called off; it no longer counts." },
  },
});

@ObjectType("IncomingStock", { description: "A delivery the shop expects for a sku (\"entrada prevista\"); several may be open per sku." })
export class IncomingStockNode {
  @Field(() => ID, { description: "The delivery's id, as updateIncomingStock, cancelIncomingStock and receiveIncomingStock take it." })
  id!: string;

  @Field(() => ID, { description: "The sku expected." })
  skuId!: string;

  @Field(() => Int, { description: "Units expected in all, received ones included (1 to 1,000,000)." })
  quantity!: number;

  @Field(() => Int, { description: "Units received so far with receiveIncomingStock (may pass `quantity` when the supplier sent more)." })
  receivedQuantity!: number;

  @Field(() => Int, { description: "Units still expected: quantity - receivedQuantity, never below 0. This is what counts towards expected restock dates." })
  remainingQuantity!: number;

  @Field(() => GraphQLDate, { description: "The calendar day the delivery is expected (YYYY-MM-DD)." })
  expectedOn!: string;

  @Field(() => String, { nullable: true, description: "The supplier's reference (purchase order, invoice), up to 100 characters." })
  supplierReference!: string | null;

  @Field(() => IncomingStockStatus, { description: "OPEN, RECEIVED or CANCELLED." })
  status!: IncomingStockStatus;

  @Field({ description: "When it was recorded." })
  createdAt!: Date;

  @Field({ description: "When it last changed (edited, received, cancelled)." })
  updatedAt!: Date;
}

export const toIncomingStockNode = (d: IncomingStock): IncomingStockNode => ({
  id: String(d.id),
  skuId: String(d.skuId),
  quantity: d.quantity,
  receivedQuantity: d.receivedQuantity,
  remainingQuantity: d.remainingQuantity,
  expectedOn: d.expectedOn,
  supplierReference: d.supplierReference,
  status: d.status,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

@ObjectType("WaitingDemand", { description: "What the waiting orders (AWAITING_STOCK, ON_HOLD_FOR_RESTOCK) miss of a sku." })
export class WaitingDemandNode {
  @Field(() => Int, { description: "Waiting orders with a line short of this sku." })
  orderCount!: number;

  @Field(() => Int, { description: "Units of this sku those orders miss in all." })
  units!: number;
}

@InputType({ description: "A delivery expected for a sku." })
export class AddIncomingStockInput {
  @Field(() => ID, { description: "The sku expected (NOT_FOUND when it is not your shop's)." })
  skuId!: string;

  @Field(() => Int, { description: "Units expected, 1 to 1,000,000 (what one restock may add)." })
  quantity!: number;

  @Field(() => GraphQLDate, { description: "The day it is expected (YYYY-MM-DD): not in the past (a day that is still today anywhere counts as today), at most two years ahead." })
  expectedOn!: Date;

  @Field(() => String, { nullable: true, description: "The supplier's reference, up to 100 characters, one line (control characters: INVALID_FORMAT). Blank means none." })
  supplierReference?: string | null;
}

@InputType({ description: "Changes to an expected (OPEN) delivery; omitted fields stay as they are." })
export class UpdateIncomingStockInput {
  @Field(() => Int, { nullable: true, description: "Units expected in all, 1 to 1,000,000 and more than already received." })
  quantity?: number | null;

  @Field(() => GraphQLDate, { nullable: true, description: "The day it is expected (YYYY-MM-DD), not in the past, at most two years ahead." })
  expectedOn?: Date | null;

  @Field(() => String, { nullable: true, description: "The supplier's reference, up to 100 characters; blank clears it." })
  supplierReference?: string | null;
}

@ObjectType({ description: "Result of addIncomingStock, updateIncomingStock and cancelIncomingStock." })
export class IncomingStockPayload {
  @Field(() => IncomingStockNode, { nullable: true, description: "The delivery as it is now; null when refused." })
  incomingStock!: IncomingStockNode | null;

  @Field(() => SkuNode, { nullable: true, description: "Its sku, with its open deliveries and waiting demand." })
  sku!: SkuNode | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success. Nothing changed when not empty." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of receiveIncomingStock." })
export class ReceiveIncomingStockPayload {
  @Field(() => IncomingStockNode, { nullable: true, description: "The delivery: RECEIVED, or still OPEN with what is left of it." })
  incomingStock!: IncomingStockNode | null;

  @Field(() => SkuNode, { nullable: true, description: "The sku with its new stock level." })
  sku!: SkuNode | null;

  @Field(() => [OrderNode], { description: "The oldest (at most 100) of the orders that resumed (READY) with these units." })
  ordersResumed!: OrderNode[];

  @Field(() => Int, { description: "How many orders resumed in all." })
  ordersResumedCount!: number;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success. Nothing changed when not empty." })
  userErrors!: UserError[];
}

/** A GraphQL Date input (a Date at UTC midnight) as the calendar date the service takes. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
