import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../../infra/graphql/pagination";
import { ActorNode } from "../orders/order.types";
import { StockMovementKind } from "./stock-movement.entity";

registerEnumType(StockMovementKind, {
  name: "StockMovementKind",
  description:
    "What a stock ledger row records: ALLOCATION (units reserved for an order line), RELEASE (given back by a cancellation), ADJUSTMENT (a correction by hand or import; units found missing when packing leave on hand and allocated together), RESTOCK (goods received), SALE (units shipped to the customer: on hand and allocated both drop), RETURN (good units a customer sent back: on hand grows).",
});

@ObjectType("StockMovement", { description: "One row of a sku's stock ledger: who changed its stock, when, why and for which order." })
export class StockMovementNode {
  @Field(() => ID, { description: "The row's id; later rows have higher ids." })
  id!: string;

  @Field(() => StockMovementKind, { description: "What kind of change." })
  kind!: StockMovementKind;

  @Field(() => Int, { description: "Units moved (always positive)." })
  quantity!: number;

  @Field(() => Int, { description: "How on hand changed (negative: units out)." })
  onHandDelta!: number;

  @Field(() => Int, { description: "How allocated changed (negative: units released)." })
  allocatedDelta!: number;

  @Field(() => String, { nullable: true, description: "Why, as given (a restock's note, an adjustment's reason, \"CSV import\")." })
  reason!: string | null;

  @Field(() => ActorNode, { description: "Who made the change (the system for restock-engine allocations)." })
  actor!: ActorNode;

  @Field(() => ID, { nullable: true, description: "The order whose line the units were reserved for or released from; null otherwise." })
  orderId!: string | null;

  @Field(() => Int, { nullable: true, description: "That order's number, as the merchant sees it." })
  orderNumber!: number | null;

  @Field({ description: "When." })
  createdAt!: Date;
}

export const StockMovementConnection = Connection(StockMovementNode, "StockMovement");

@InputType({ description: "Narrows a sku's stock history." })
export class StockMovementFilter {
  @Field(() => [StockMovementKind], { nullable: true, description: "Only these kinds; all when omitted or empty." })
  kinds?: StockMovementKind[] | null;

  @Field(() => Date, { nullable: true, description: "Only rows from this instant on." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Only rows before this instant." })
  to?: Date | null;
}
