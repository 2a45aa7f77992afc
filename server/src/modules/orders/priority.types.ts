import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { OrderNode } from "./order.types";

@ObjectType({ description: "Result of setOrderPriority." })
export class SetOrderPriorityPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order after the change; null when refused." })
  order!: OrderNode | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success, and nothing changed when not." })
  userErrors!: UserError[];
}
