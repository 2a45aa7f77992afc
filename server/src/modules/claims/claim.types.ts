import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money, money } from "../../infra/graphql/money";
import { Connection } from "../../infra/graphql/pagination";
import { RefundDestination } from "../refunds/refund.entity";
import { ClaimOutcome, ClaimSide, ClaimStatus } from "./claim.entity";
import { ClaimPreview, ClaimView } from "./claim.service";

registerEnumType(ClaimStatus, {
  name: "ClaimStatus",
  description: "Where a claim stands.",
  valuesConfig: {
    OPEN: { description: "Reported; waiting for the shop (or the customer) to choose an outcome." },
    RESOLVED: { description: "Settled with an outcome. Final." },
    REJECTED: { description: "Turned down by the shop, with a message. Final." },
  },
});
registerEnumType(ClaimOutcome, {
  name: "ClaimOutcome",
  description: "What is done about units missing from a delivery.",
  valuesConfig: {
    RESHIP: { description: "The missing units go out again, in a follow-up order of kind RESHIPMENT at price 0 (reserved now, or waiting for stock like any order)." },
    KEEP_AND_SETTLE: { description: "The customer keeps what arrived; what was paid for the missing units is refunded, with a numbered credit note." },
    WITHDRAW: { description: "The customer withdraws from the contract: the delivered goods come back and everything is refunded once the return is received." },
  },
});
registerEnumType(ClaimSide, { name: "ClaimSide", description: "The shop (MERCHANT: staff or API) or the customer on their order page." });

@ObjectType("ClaimLine", { description: "Units of one order line that did not arrive." })
export class ClaimLineNode {
  @Field(() => ID, { description: "The claim line's id." })
  id!: string;

  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field(() => ID, { description: "The line's sku." })
  skuId!: string;

  @Field({ description: "The sku's code on the order." })
  skuCode!: string;

  @Field({ description: "The item's name on the order." })
  name!: string;

  @Field(() => Int, { description: "Units missing." })
  quantity!: number;
}

@ObjectType("Claim", { description: "An incomplete-delivery claim: units of a DELIVERED order that did not arrive. A document of its own: the order stays DELIVERED." })
export class ClaimNode {
  @Field(() => ID, { description: "The claim's id." })
  id!: string;

  @Field(() => Int, { description: "1, 2, … within its order." })
  number!: number;

  @Field(() => ClaimStatus, { description: "OPEN, RESOLVED or REJECTED." })
  status!: ClaimStatus;

  @Field(() => ClaimOutcome, { nullable: true, description: "The outcome, once RESOLVED." })
  outcome!: ClaimOutcome | null;

  @Field(() => String, { nullable: true, description: "What the one who reported it said." })
  note!: string | null;

  @Field(() => String, { nullable: true, description: "The shop's message: why it was rejected, or a word with the outcome." })
  message!: string | null;

  @Field(() => ClaimSide, { description: "Who reported it." })
  openedBy!: ClaimSide;

  @Field(() => ClaimSide, { nullable: true, description: "Who resolved or rejected it." })
  resolvedBy!: ClaimSide | null;

  @Field(() => String, { nullable: true, description: "The staff user who resolved it (name at the time); null for the customer." })
  resolvedByName!: string | null;

  @Field({ description: "When it was reported." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was resolved or rejected." })
  resolvedAt!: Date | null;

  @Field(() => [ClaimLineNode], { description: "The missing units." })
  lines!: ClaimLineNode[];

  @Field(() => Int, { description: "Units missing across the lines." })
  quantity!: number;

  orderId!: number;
  followUpOrderId!: number | null;
  refundId!: number | null;
  creditNoteId!: number | null;
  returnId!: number | null;
}

export const ClaimConnection = Connection(ClaimNode, "Claim");

export const toClaimNode = ({ claim, lines }: ClaimView): ClaimNode => ({
  id: String(claim.id),
  number: claim.number,
  status: claim.status,
  outcome: claim.outcome,
  note: claim.note,
  message: claim.message,
  openedBy: claim.openedBy,
  resolvedBy: claim.resolvedBy,
  resolvedByName: claim.resolvedBy === ClaimSide.CUSTOMER ? null : claim.resolvedByName,
  createdAt: claim.createdAt,
  resolvedAt: claim.resolvedAt,
  lines: lines.map((l) => ({ id: String(l.id), orderLineId: String(l.orderLineId), skuId: String(l.skuId), skuCode: l.skuCode, name: l.name, quantity: l.quantity })),
  quantity: lines.reduce((sum, l) => sum + l.quantity, 0),
  orderId: claim.orderId,
  followUpOrderId: claim.followUpOrderId,
  refundId: claim.refundId,
  creditNoteId: claim.creditNoteId,
  returnId: claim.returnId,
});

@ObjectType("ClaimableLine", { description: "A delivered line of a DELIVERED order, and how many of its units may still be reported missing." })
export class ClaimableLineNode {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field({ description: "The sku's code on the order." })
  skuCode!: string;

  @Field({ description: "The item's name on the order." })
  name!: string;

  @Field(() => Int, { description: "Units shipped (and delivered)." })
  shipped!: number;

  @Field(() => Int, { description: "Units delivered and not already claimed missing or returned." })
  claimable!: number;
}

@InputType({ description: "Units of one order line that did not arrive." })
export class ClaimLineInput {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units missing: at most what was delivered and not already claimed or returned (EXCEEDS_DELIVERED)." })
  quantity!: number;
}

@InputType({ description: "Narrows the claims list." })
export class ClaimFilter {
  @Field(() => [ClaimStatus], { nullable: true, description: "Only claims in these statuses." })
  status?: ClaimStatus[] | null;
}

@ObjectType({ description: "Result of reportMissingItems." })
export class ReportMissingItemsPayload {
  @Field(() => ClaimNode, { nullable: true, description: "The new OPEN claim." })
  claim!: ClaimNode | null;

  @Field(() => [UserError], { description: "Why nothing was reported; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of resolveClaim." })
export class ResolveClaimPayload {
  @Field(() => ClaimNode, { nullable: true, description: "The claim, RESOLVED." })
  claim!: ClaimNode | null;

  @Field(() => String, { nullable: true, description: "KEEP_AND_SETTLE refunded to the customer: their refund link, this once." })
  refundLink!: string | null;

  @Field(() => [UserError], { description: "Why nothing changed; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of rejectClaim." })
export class RejectClaimPayload {
  @Field(() => ClaimNode, { nullable: true, description: "The claim, REJECTED." })
  claim!: ClaimNode | null;

  @Field(() => [UserError], { description: "Why nothing changed; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "A missing unit's reshipment, as RESHIP would place it now." })
export class ClaimReshipPreviewLine {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field({ description: "The sku's code." })
  skuCode!: string;

  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units reshipped." })
  quantity!: number;

  @Field(() => Int, { description: "Units of the sku available now (on hand minus allocated)." })
  available!: number;

  @Field({ description: "Whether all the units can be reserved now; otherwise the reshipment waits for stock (FIFO)." })
  inStock!: boolean;
}

@ObjectType({ description: "What each outcome would do now. Changes nothing." })
export class ClaimPreviewNode {
  @Field(() => [ClaimReshipPreviewLine], { description: "RESHIP: the reshipment's lines and their stock now." })
  reship!: ClaimReshipPreviewLine[];

  @Field({ description: "RESHIP: every unit is in stock now (the reshipment would be READY)." })
  reshipInStock!: boolean;

  @Field(() => Money, { description: "KEEP_AND_SETTLE: the refund, and the credit note's total (what was paid for those units, never more than is left to refund)." })
  settleAmount!: Money;
}

export const toClaimPreviewNode = (p: ClaimPreview): ClaimPreviewNode => ({
  reship: p.reship.map((l) => ({ orderLineId: String(l.orderLineId), skuCode: l.skuCode, name: l.name, quantity: l.quantity, available: l.available, inStock: l.inStock })),
  reshipInStock: p.reship.every((l) => l.inStock),
  settleAmount: money(p.settle.amount, p.currency),
});

@ObjectType({ description: "Result of claimPreview." })
export class ClaimPreviewPayload {
  @Field(() => ClaimPreviewNode, { nullable: true, description: "The preview; null when the units cannot be claimed." })
  preview!: ClaimPreviewNode | null;

  @Field(() => [UserError], { description: "Why these units cannot be claimed (the same refusals as reportMissingItems)." })
  userErrors!: UserError[];
}

export { RefundDestination };
