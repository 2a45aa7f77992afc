import { Field, InputType, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Connection } from "../../infra/graphql/pagination";
import { RefundDestination, RefundStatus } from "./refund.entity";
import { RefundNode } from "./refund.types";

@InputType({ description: "Which refunds to list; every refund of your shop when empty." })
export class RefundFilter {
  @Field(() => [RefundStatus], { nullable: true, description: "Only refunds in one of these statuses." })
  status?: RefundStatus[] | null;

  @Field(() => RefundDestination, { nullable: true, description: "Only refunds going to this destination." })
  destination?: RefundDestination | null;
}

export const RefundConnection = Connection(RefundNode, "Refund");

@ObjectType({ description: "Result of markRefundPaid." })
export class MarkRefundPaidPayload {
  @Field(() => RefundNode, { nullable: true, description: "The refund as it is now; null when refused." })
  refund!: RefundNode | null;

  @Field(() => [UserError], { description: "Why nothing was changed; empty on success." })
  userErrors!: UserError[];
}
