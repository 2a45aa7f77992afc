import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Money } from "../../infra/graphql/money";
import { RefundDestination, RefundStatus } from "./refund.entity";

registerEnumType(RefundDestination, {
  name: "RefundDestination",
  description: "Who receives a refund.",
  valuesConfig: {
    CUSTOMER: { description: "The customer, who confirms their CPF and gives bank or PIX details on a public form." },
    MERCHANT: { description: "The merchant's own bank account on file; the merchant settles with the customer." },
  },
});
registerEnumType(RefundStatus, {
  name: "RefundStatus",
  description: "Where a refund stands.",
  valuesConfig: {
    AWAITING_CUSTOMER_DETAILS: { description: "Waiting for the customer to give bank or PIX details." },
    READY_FOR_PAYOUT: { description: "Everything needed is known; the money can be sent." },
    PAID: { description: "The money was sent." },
    EXPIRED: { description: "The customer's link ran out before they answered; re-sending the link reopens the refund." },
    LOCKED: { description: "Five wrong CPFs were typed on the customer's link; re-sending the link unlocks it." },
  },
});

@ObjectType("RefundLine", { description: "The part of a refund that pays back units of one order line." })
export class RefundLineNode {
  @Field(() => ID, { description: "The refund line's id." })
  id!: string;

  @Field(() => Int, { description: "Units paid back." })
  quantity!: number;

  @Field(() => Money, { description: "Amount for these units, after their share of the order discount." })
  amount!: Money;

  orderLineId!: number;
}

@ObjectType("Refund", { description: "Money going back for units removed from an order." })
export class RefundNode {
  @Field(() => ID, { description: "The refund's id." })
  id!: string;

  @Field(() => RefundDestination, { description: "Who receives the money." })
  destination!: RefundDestination;

  @Field(() => RefundStatus, { description: "Where the refund stands." })
  status!: RefundStatus;

  @Field(() => Money, { description: "Total refunded: the lines plus shippingAmount." })
  amount!: Money;

  @Field(() => Money, { description: "The part of amount that is shipping (only on a full cancellation)." })
  shippingAmount!: Money;

  @Field(() => [RefundLineNode], { description: "The order lines paid back." })
  lines!: RefundLineNode[];

  @Field(() => String, { nullable: true, description: "Why, as the merchant gave it." })
  reason!: string | null;

  @Field({ description: "When the refund was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the money was sent; null until the refund is PAID." })
  paidAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The reference of the transfer, as given when the refund was marked paid." })
  payoutReference!: string | null;

  orderId!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Where the money goes, masked (e.g. "PIX EMAIL ana***@***.com", "341 CHECKING ****-6"); null until the customer gave their details.',
  })
  payoutDetails!: string | null;

  @Field(() => Date, { nullable: true, description: "When the customer's current link stops working (refunds to the customer)." })
  linkExpiresAt!: Date | null;
}
