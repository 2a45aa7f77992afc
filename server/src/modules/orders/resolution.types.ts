import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { CouponNode } from "../coupons/coupon.types";
import { RefundNode } from "../refunds/refund.types";
import { OrderStatus } from "./order.entity";
import { OrderLineNode, OrderNode } from "./order.types";
import { Resolution } from "./resolution";

registerEnumType(Resolution, {
  name: "Resolution",
  description: "The merchant's answer to an order without stock.",
  valuesConfig: {
    WAIT_FOR_RESTOCK: { description: "Pause the order; it resumes by itself when every line is allocated." },
    SHIP_AVAILABLE: { description: "Cancel and refund the missing units; ship what is allocated." },
    CANCEL: { description: "Cancel the whole order, release its stock, refund everything." },
    SUBSTITUTE: {
      description:
        "Replace the short units of a line with an equivalent sku (substituteLine, or offerSubstitutes for the customer to accept); preview it with substitutionPreview. Allowed while some line is short.",
    },
  },
});

@ObjectType("ResolutionPreviewLine", { description: "What a resolution would do to one order line." })
export class ResolutionPreviewLineNode {
  @Field(() => OrderLineNode, { description: "The line as it is now." })
  orderLine!: OrderLineNode;

  @Field(() => Int, { description: "Units that would be removed from the order." })
  cancelQuantity!: number;

  @Field(() => Int, { description: "Of those, allocated units that would go back to stock." })
  releaseQuantity!: number;

  @Field(() => Int, { description: "Units that would stay on the order." })
  keepQuantity!: number;

  @Field(() => Money, { description: "What would be refunded for this line." })
  refundAmount!: Money;
}

@ObjectType("ResolutionPreview", { description: "Exactly what a resolution would cancel, release and refund, before the merchant confirms it." })
export class ResolutionPreviewNode {
  @Field(() => Resolution, { description: "The resolution previewed." })
  resolution!: Resolution;

  @Field(() => OrderStatus, { nullable: true, description: "The order's status afterwards; null when the resolution is not allowed." })
  resultingStatus!: OrderStatus | null;

  @Field(() => [ResolutionPreviewLineNode], { description: "Per order line; empty when not allowed." })
  lines!: ResolutionPreviewLineNode[];

  @Field(() => Money, { description: "Total that would be refunded (zero when waiting for restock)." })
  refundAmount!: Money;

  @Field(() => Money, { description: "The part of refundAmount that is shipping." })
  refundShippingAmount!: Money;

  @Field(() => [UserError], { description: "Why this resolution is not allowed now; empty when it is." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of holdOrderForRestock, shipAvailableItems and cancelOrder." })
export class ResolveOrderPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order after the change." })
  order!: OrderNode | null;

  @Field(() => RefundNode, { nullable: true, description: "The refund created, if any money goes back." })
  refund!: RefundNode | null;

  @Field(() => CouponNode, { nullable: true, description: "The apology coupon issued with the resolution, when one was asked for: give its code to the customer." })
  apologyCoupon!: CouponNode | null;
  @Field(() => String, {
    nullable: true,
    description: "The customer's refund link (<PUBLIC_URL>/refund/<token>), when a refund to the customer was created: shown this once, never stored (resendRefundLink issues a new one).",
  })
  refundLink!: string | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success, and nothing changed when not." })
  userErrors!: UserError[];
}

@InputType({ description: "Narrows the orders without stock." })
export class OrdersWithoutStockFilter {
  @Field(() => ID, { nullable: true, description: "Only orders short of this sku." })
  skuId?: string | null;

  @Field(() => OrderStatus, { nullable: true, description: "AWAITING_STOCK or ON_HOLD_FOR_RESTOCK only." })
  status?: OrderStatus | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Order number (1042 or #1042), customer name or e-mail (contains), or external reference (exactly): the same matching as OrderFilter.search on `orders`; at most 100 characters (a longer one is a BAD_USER_INPUT error).",
  })
  search?: string | null;
}

/** What the queue can be sorted by (besides its serving order, the default). */
export enum QueueSortField {
  WAITING_SINCE = "WAITING_SINCE",
  VALUE = "VALUE",
  MISSING_UNITS = "MISSING_UNITS",
}
registerEnumType(QueueSortField, {
  name: "QueueSortField",
  description: "A sort key of the orders without stock.",
  valuesConfig: {
    WAITING_SINCE: { description: "When the order arrived (its id: arrival order); ASC is oldest first." },
    VALUE: { description: "The order's total." },
    MISSING_UNITS: { description: "Units still missing across the order's lines (Order.missingQuantity)." },
  },
});

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, { name: "SortDirection", description: "Ascending (smallest, oldest first) or descending." });

@InputType({ description: "How to sort the orders without stock. Ties are broken by order id in the same direction." })
export class OrdersWithoutStockOrder {
  @Field(() => QueueSortField, { description: "The sort key." })
  field!: QueueSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: "ASC when omitted." })
  direction!: SortDirection;
}
