import { Field, ID, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { SkuNode } from "../catalog/sku.types";
import { RefundNode } from "../refunds/refund.types";
import { OrderStatus } from "./order.entity";
import { OrderLineNode, OrderNode } from "./order.types";

@ObjectType("SubstituteOffer", { description: "An equivalent sku the merchant offered for a short line (offerSubstitutes), for the customer to accept." })
export class SubstituteOfferNode {
  @Field(() => ID, { description: "The offer's id." })
  id!: string;

  @Field({ description: "When it was offered." })
  offeredAt!: Date;

  skuId!: number;
}

@ObjectType("SubstitutionPreview", {
  description:
    "What substituteLine would do now: the short units of the line cancelled there and reserved of the substitute on a new line, the price difference and the refund, the order's status afterwards. Changes nothing.",
})
export class SubstitutionPreviewNode {
  @Field(() => OrderLineNode, { nullable: true, description: "The short line as it is now; null when there is none with this id in your shop." })
  orderLine!: OrderLineNode | null;

  @Field(() => SkuNode, { nullable: true, description: "The substitute; null when there is none with this id in your shop." })
  sku!: SkuNode | null;

  @Field(() => Int, { description: "Units that would be substituted: all the line is short of (0 when not allowed)." })
  quantity!: number;

  @Field(() => Int, { description: "Units of the substitute available now." })
  available!: number;

  @Field(() => Money, { nullable: true, description: "The new line's unit price: the substitute's price when cheaper, the original unit price when dearer (the customer never pays more)." })
  unitPrice!: Money | null;

  @Field(() => Money, { nullable: true, description: "(substitute's price - original unit price) x quantity: negative when the substitute is cheaper." })
  priceDifference!: Money | null;

  @Field(() => Money, { nullable: true, description: "What would be refunded (a cheaper substitute: the difference, the order's discount shared proportionally); zero otherwise." })
  refundAmount!: Money | null;

  @Field(() => Money, { nullable: true, description: "What the shop would absorb (a dearer substitute); zero otherwise." })
  absorbedAmount!: Money | null;

  @Field(() => OrderStatus, { nullable: true, description: "The order's status afterwards (READY when no other line is short); null when not allowed." })
  resultingStatus!: OrderStatus | null;

  @Field(() => [UserError], { description: "Why this substitution is not possible now; empty when it is." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of offerSubstitutes." })
export class OfferSubstitutesPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order." })
  order!: OrderNode | null;

  @Field(() => OrderLineNode, { nullable: true, description: "The short line, with its offers." })
  orderLine!: OrderLineNode | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success, and nothing changed when not." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of substituteLine." })
export class SubstituteLinePayload {
  @Field(() => OrderNode, { nullable: true, description: "The order after the change." })
  order!: OrderNode | null;

  @Field(() => OrderLineNode, { nullable: true, description: "The new line of the substitute, fully reserved." })
  orderLine!: OrderLineNode | null;

  @Field(() => RefundNode, { nullable: true, description: "The refund of the difference, when the substitute is cheaper." })
  refund!: RefundNode | null;

  @Field(() => String, {
    nullable: true,
    description: "The customer's refund link, when the difference goes to the customer: shown this once, never stored (resendRefundLink issues a new one).",
  })
  refundLink!: string | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success, and nothing changed when not." })
  userErrors!: UserError[];
}
