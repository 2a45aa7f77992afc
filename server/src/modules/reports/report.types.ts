import { GraphQLDate } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Money } from "../../infra/graphql/money";
import { ClaimOutcome, ClaimStatus } from "../claims/claim.entity";
import { ResolvedBy } from "../orders/order.types";
import { Resolution } from "../orders/resolution";
import { RefundDestination, RefundStatus } from "../refunds/refund.entity";
import { ReturnReason } from "../returns/return.entity";

@InputType("ReportRange", { description: "Calendar days in the shop's time zone, both included: at most 366 days, `from` not after `to`." })
export class ReportRangeInput {
  @Field(() => GraphQLDate, { description: "The first day (YYYY-MM-DD), from its midnight in the shop's time zone." })
  from!: Date;

  @Field(() => GraphQLDate, { description: "The last day (YYYY-MM-DD), included up to its end in the shop's time zone." })
  to!: Date;
}

@ObjectType("ReportPeriod", {
  description:
    "Orders of a period (sales only: follow-up orders such as reshipments and exchanges are not counted), by the day they were placed in the shop's time zone.",
})
export class ReportPeriod {
  @Field(() => GraphQLDate, { description: "The period's first day." })
  from!: string;

  @Field(() => GraphQLDate, { description: "The period's last day (included)." })
  to!: string;

  @Field(() => Int, { description: "Orders placed in the period." })
  ordersPlaced!: number;

  @Field(() => Int, { description: "Orders placed in the period that came up short of stock (they have a STOCK_SHORTAGE event, at intake or later)." })
  ordersHitStockout!: number;

  @Field(() => Float, { description: "ordersHitStockout / ordersPlaced, 0 to 1 (0 when nothing was placed)." })
  stockoutShare!: number;

  @Field(() => Int, { description: "Orders placed in the period that are now CANCELLED (whoever cancelled them, whenever)." })
  ordersCancelled!: number;

  @Field(() => Float, { description: "The cancel rate: ordersCancelled / ordersPlaced, 0 to 1 (0 when nothing was placed)." })
  cancelRate!: number;
}

@ObjectType("ReportDay", { description: "One calendar day of the range in the shop's time zone, for the trend. Days with nothing are listed with zeros." })
export class ReportDay {
  @Field(() => GraphQLDate, { description: "The day (YYYY-MM-DD) in the shop's time zone." })
  date!: string;

  @Field(() => Int, { description: "Orders placed that day." })
  ordersPlaced!: number;

  @Field(() => Int, { description: "Orders placed that day that came up short of stock." })
  ordersHitStockout!: number;

  @Field(() => Int, { description: "Orders placed that day that are now CANCELLED." })
  ordersCancelled!: number;
}

@ObjectType("ReportResolutionCount", { description: "How many times one resolution was taken by one side in the range." })
export class ReportResolutionCount {
  @Field(() => Resolution, { description: "The resolution: WAIT_FOR_RESTOCK (hold), SHIP_AVAILABLE, CANCEL or SUBSTITUTE." })
  resolution!: Resolution;

  @Field(() => ResolvedBy, { description: "Who took it: the shop (staff or API key) or the customer on their order page." })
  side!: ResolvedBy;

  @Field(() => Int, {
    description:
      "Orders it was taken on in the range: each order once per resolution and side, in the range of the first time that side took it (e.g. a SUBSTITUTE of two lines counts once; a CANCEL counts cancellations of any order, also a READY one).",
  })
  count!: number;
}

@ObjectType("ReportDurations", { description: "How long something took, over the orders it happened to (seconds; nearest-rank percentiles)." })
export class ReportDurations {
  @Field(() => Int, { description: "Orders measured." })
  count!: number;

  @Field(() => Int, { nullable: true, description: "Median in seconds; null when nothing was measured." })
  medianSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: "90th percentile in seconds; null when nothing was measured." })
  p90Seconds!: number | null;
}

@ObjectType("ReportRevenue", { description: "Money at stake in stockouts, in the shop's currency." })
export class ReportRevenue {
  @Field(() => Money, { description: "Now, whatever the range: missing units of the orders still waiting (AWAITING_STOCK or ON_HOLD_FOR_RESTOCK) at their unit price." })
  atRiskNow!: Money;

  @Field(() => Int, { description: "Orders still waiting for stock now." })
  ordersWaitingNow!: number;

  @Field(() => Money, { description: "Units cancelled (whole cancellations and shipped-without items) on orders placed in the range, at their unit price." })
  cancelledUnits!: Money;

  @Field(() => Money, { description: "Refunds created in the range (any cause and status but EXPIRED), items and shipping. Overlaps cancelledUnits: a cancelled unit is usually refunded." })
  refunded!: Money;
}

@ObjectType("ReportRefundBucket", { description: "Refunds created in the range with one destination and status." })
export class ReportRefundBucket {
  @Field(() => RefundDestination, { description: "Who receives them." })
  destination!: RefundDestination;

  @Field(() => RefundStatus, { description: "Where they stand now." })
  status!: RefundStatus;

  @Field(() => Int, { description: "How many." })
  count!: number;

  @Field(() => Money, { description: "Their amount (items and shipping)." })
  amount!: Money;
}

@ObjectType("ReportRefunds", { description: "Refunds: created in the range, and paid in the range." })
export class ReportRefunds {
  @Field(() => [ReportRefundBucket], { description: "Refunds created in the range, by destination and status (only the pairs that occur)." })
  buckets!: ReportRefundBucket[];

  @Field(() => Int, { description: "Refunds marked paid in the range (whenever created)." })
  paidCount!: number;

  @Field(() => Money, { description: "What they paid." })
  paidAmount!: Money;

  @Field(() => Int, { nullable: true, description: "Average seconds from a refund's creation to its payment, over those paid in the range; null when none." })
  averageSecondsToPayout!: number | null;
}

@ObjectType("ReportSku", {
  description: "A sku hurt by stockouts in the range. Counts come from lines of orders placed in the range that are short now or had units cancelled.",
})
export class ReportSku {
  @Field(() => ID, { description: "The sku." })
  skuId!: string;

  @Field({ description: "Its code." })
  code!: string;

  @Field({ description: "Its name." })
  name!: string;

  @Field(() => Int, { description: "Orders placed in the range with a line of this sku short now or with cancelled units." })
  ordersAffected!: number;

  @Field(() => Int, { description: "Units of this sku short now or cancelled on those orders." })
  unitsShort!: number;

  @Field(() => Int, { description: "Days out of stock: days of the range (shop's time zone) on which at least one order placed that day has such a line of this sku." })
  daysOutOfStock!: number;

  @Field(() => Int, { description: "Available now (on hand minus allocated); 0 or less means out of stock." })
  availableNow!: number;

  @Field(() => Int, { description: "Units still expected from open incoming deliveries." })
  incoming!: number;

  @Field(() => GraphQLDate, { nullable: true, description: "The earliest expected day of those deliveries; null when none." })
  nextExpectedOn!: string | null;
}

@ObjectType("ReportClaimOutcome", { description: "Incomplete-delivery claims opened in the range with one status and outcome (claims have no reason: they are all missing units)." })
export class ReportClaimOutcome {
  @Field(() => ClaimStatus, { description: "Where they stand." })
  status!: ClaimStatus;

  @Field(() => ClaimOutcome, { nullable: true, description: "The outcome chosen; null while OPEN or when REJECTED." })
  outcome!: ClaimOutcome | null;

  @Field(() => Int, { description: "How many claims." })
  count!: number;

  @Field(() => Int, { description: "Units they claim missing." })
  units!: number;
}

@ObjectType("ReportReturnReason", { description: "Return lines requested in the range for one reason." })
export class ReportReturnReason {
  @Field(() => ReturnReason, { description: "Why the units come back." })
  reason!: ReturnReason;

  @Field(() => Int, { description: "Returns with at least one line for this reason." })
  count!: number;

  @Field(() => Int, { description: "Units." })
  units!: number;
}

@ObjectType("ReportSkuAfterDelivery", { description: "One sku's claims and returns opened in the range." })
export class ReportSkuAfterDelivery {
  @Field(() => ID, { description: "The sku." })
  skuId!: string;

  @Field({ description: "Its code." })
  code!: string;

  @Field({ description: "Its name." })
  name!: string;

  @Field(() => Int, { description: "Claims naming it." })
  claims!: number;

  @Field(() => Int, { description: "Units claimed missing." })
  unitsClaimed!: number;

  @Field(() => Int, { description: "Returns naming it." })
  returns!: number;

  @Field(() => Int, { description: "Units asked back." })
  unitsReturned!: number;
}

@ObjectType("ReportAfterDelivery", { description: "Claims and returns opened (requested) in the range." })
export class ReportAfterDelivery {
  @Field(() => [ReportClaimOutcome], { description: "Claims by status and outcome (only the pairs that occur)." })
  claimsByOutcome!: ReportClaimOutcome[];

  @Field(() => [ReportReturnReason], { description: "Returns by reason (only the reasons that occur)." })
  returnsByReason!: ReportReturnReason[];

  @Field(() => [ReportSkuAfterDelivery], { description: "Skus with claims or returns, most units first (claimed plus returned), at most 20." })
  bySku!: ReportSkuAfterDelivery[];
}

@ObjectType("Report", {
  description:
    "What stockouts cost the shop over a range of days in its time zone, with the previous period of the same length for comparison. Computed by aggregate SQL on each call.",
})
export class ReportNode {
  @Field({ description: "The shop's IANA time zone the days are read in, e.g. America/Sao_Paulo." })
  timeZone!: string;

  @Field({ description: "The shop's currency (ISO 4217): every Money here is in it." })
  currency!: string;

  @Field(() => ReportPeriod, { description: "The range asked for." })
  current!: ReportPeriod;

  @Field(() => ReportPeriod, { description: "The same number of days just before it, for comparison." })
  previous!: ReportPeriod;

  @Field(() => [ReportDay], { description: "Every day of the range, oldest first." })
  daily!: ReportDay[];

  @Field(() => [ReportResolutionCount], { description: "Resolutions taken in the range, by resolution and side (only the pairs that occur)." })
  resolutions!: ReportResolutionCount[];

  @Field(() => ReportDurations, {
    description: "From an order's first stockout (its STOCK_SHORTAGE, in the range) to the first resolution taken on it (hold, ship available, cancel, substitute).",
  })
  timeToResolution!: ReportDurations;

  @Field(() => ReportDurations, { description: "From an order's first stockout (in the range) to its first resumption (ORDER_RESUMED: restock or substitution)." })
  timeToResumption!: ReportDurations;

  @Field(() => ReportRevenue, { description: "Revenue at risk now and lost in the range." })
  revenue!: ReportRevenue;

  @Field(() => ReportRefunds, { description: "Refunds by destination and status, payouts." })
  refunds!: ReportRefunds;

  @Field(() => [ReportSku], { description: "The skus most hurt, at most 10: most orders affected first, then most units short." })
  topSkus!: ReportSku[];

  @Field(() => ReportAfterDelivery, { description: "Claims and returns by reason and sku." })
  afterDelivery!: ReportAfterDelivery;
}
