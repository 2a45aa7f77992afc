import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { OrderNode } from "../orders/order.types";

@ObjectType({ description: "Result of `reportShortAtPacking`." })
export class ReportShortAtPackingPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order, back in AWAITING_STOCK (Orders without stock) with the line's missing units short." })
  order!: OrderNode | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];
}
