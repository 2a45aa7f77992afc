import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { Connection } from "../../infra/graphql/pagination";
import { ActorNode, OrderNode } from "../orders/order.types";
import { RefundDestination } from "../refunds/refund.entity";
import { ReturnReason, ReturnSettlement, ReturnStatus } from "./return.entity";

registerEnumType(ReturnStatus, {
  name: "ReturnStatus",
  description: "Where a return stands: REQUESTED -> APPROVED | REFUSED -> RECEIVED -> CLOSED.",
  valuesConfig: {
    REQUESTED: { description: "Asked for by the shop or the customer; the shop approves or refuses it." },
    APPROVED: { description: "The shop gave instructions for sending the goods back; waiting for them." },
    REFUSED: { description: "The shop refused it with a message. Final; nothing changed." },
    RECEIVED: { description: "The goods arrived: good units back in stock, the return settled (refund or exchange)." },
    CLOSED: { description: "Filed by the shop after it was received. Final." },
  },
});
registerEnumType(ReturnReason, {
  name: "ReturnReason",
  description: "Why units come back.",
  valuesConfig: {
    DAMAGED: { description: "Arrived damaged or defective." },
    WRONG_ITEM: { description: "Not what was ordered." },
    REGRET: { description: "The customer changed their mind: only within 7 days of delivery for BRL shops (CDC art. 49), 14 days otherwise (EU)." },
    OTHER: { description: "Anything else; say what in the note." },
    WITHDRAWAL: { description: "Withdrawal from the contract after an incomplete delivery (a claim's WITHDRAW outcome); everything paid is refunded. Not accepted by requestReturn." },
  },
});
registerEnumType(ReturnSettlement, {
  name: "ReturnSettlement",
  description: "How a received return is settled.",
  valuesConfig: {
    REFUND: { description: "The units received are refunded (what was paid for them), with a credit note." },
    EXCHANGE: { description: "Other units are sent instead: a follow-up order of kind EXCHANGE, nothing charged, reserving its skus at once or waiting for stock like any order." },
  },
});

@InputType({ description: "Units of one delivered order line to send back." })
export class ReturnLineInput {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units, at least 1 and at most what was delivered and is not yet returned or claimed missing (EXCEEDS_RETURNABLE)." })
  quantity!: number;

  @Field(() => ReturnReason, { description: "Why (not WITHDRAWAL)." })
  reason!: ReturnReason;
}

@InputType({ description: "A return request." })
export class RequestReturnInput {
  @Field(() => [ReturnLineInput], { description: "What comes back." })
  lines!: ReturnLineInput[];

  @Field(() => String, { nullable: true, description: "Anything the shop should know (at most 1000 characters)." })
  note?: string | null;
}

@InputType({ description: "What arrived of one return line." })
export class ReceivedLineInput {
  @Field(() => ID, { description: "The return line." })
  returnLineId!: string;

  @Field(() => Int, { description: "Units in a sellable state: back in stock (a RETURN movement) and offered at once to waiting orders, oldest first." })
  quantityGood!: number;

  @Field(() => Int, { description: "Units that arrived damaged: recorded, not stocked." })
  quantityDamaged!: number;
}

@InputType({ description: "Units of a sku sent in exchange." })
export class ExchangeLineInput {
  @Field({ description: "The sku's code." })
  skuCode!: string;

  @Field(() => Int, { description: "Units (the exchange sends at most as many units as came back)." })
  quantity!: number;
}

@InputType({ description: "The receipt of a return and how it is settled." })
export class ReceiveReturnInput {
  @Field(() => [ReceivedLineInput], { description: "Per return line, what arrived (good + damaged at most the line's units); lines left out arrived with nothing. At least one unit in all." })
  lines!: ReceivedLineInput[];

  @Field(() => ReturnSettlement, { description: "Refund or exchange (a withdrawal is always refunded)." })
  settle!: ReturnSettlement;

  @Field(() => [ExchangeLineInput], { nullable: true, description: "EXCHANGE: what is sent instead." })
  exchange?: ExchangeLineInput[] | null;

  @Field(() => RefundDestination, { nullable: true, description: "REFUND: who receives the money; CUSTOMER (through their refund link) when omitted." })
  refundTo?: RefundDestination | null;
}

@InputType({ description: "Which returns to list." })
export class ReturnFilter {
  @Field(() => [ReturnStatus], { nullable: true, description: "Only these statuses." })
  status?: ReturnStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only this order's returns." })
  orderId?: string | null;
}

@ObjectType("ReturnLine", { description: "Units of one order line in a return." })
export class ReturnLineNode {
  @Field(() => ID, { description: "The return line's id (receiveReturn names it)." })
  id!: string;

  @Field(() => ID, { description: "The order line the units came from." })
  orderLineId!: string;

  @Field({ description: "The sku's code, as on the order." })
  skuCode!: string;

  @Field({ description: "The item's name, as on the order." })
  name!: string;

  @Field(() => Int, { description: "Units sent back." })
  quantity!: number;

  @Field(() => ReturnReason, { description: "Why." })
  reason!: ReturnReason;

  @Field(() => Int, { nullable: true, description: "Units received in a sellable state (back in stock); null until received." })
  quantityGood!: number | null;

  @Field(() => Int, { nullable: true, description: "Units received damaged (not stocked); null until received." })
  quantityDamaged!: number | null;
}

@ObjectType("Return", { description: "A return of a delivered order: a document of its own (the order stays DELIVERED)." })
export class ReturnNode {
  @Field(() => ID, { description: "The return's id." })
  id!: string;

  @Field(() => ReturnStatus, { description: "Where it stands." })
  status!: ReturnStatus;

  @Field(() => [ReturnLineNode], { description: "What comes back." })
  lines!: ReturnLineNode[];

  @Field(() => String, { nullable: true, description: "What the requester wrote." })
  note!: string | null;

  @Field(() => String, { nullable: true, description: "How to send the goods back (from approval)." })
  instructions!: string | null;

  @Field(() => String, { nullable: true, description: "Why the shop refused it." })
  refusalMessage!: string | null;

  @Field(() => ReturnSettlement, { nullable: true, description: "How it was settled (from receipt)." })
  settlement!: ReturnSettlement | null;

  @Field(() => ID, { nullable: true, description: "The refund of a REFUND settlement." })
  refundId!: string | null;

  @Field(() => ID, { nullable: true, description: "The credit note of a REFUND settlement." })
  creditNoteId!: string | null;

  @Field(() => ID, { nullable: true, description: "The follow-up order of an EXCHANGE settlement." })
  exchangeOrderId!: string | null;

  @Field(() => ID, { nullable: true, description: "The incomplete-delivery claim whose withdrawal opened it." })
  claimId!: string | null;

  @Field({ description: "Whether it is a withdrawal from the contract (refunds everything paid, shipping included)." })
  withdrawal!: boolean;

  @Field(() => ActorNode, { description: "Who asked for it: a staff user, or the customer on their order page." })
  requestedBy!: ActorNode;

  @Field({ description: "When it was asked for." })
  requestedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was approved or refused." })
  decidedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the goods arrived." })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was closed." })
  closedAt!: Date | null;

  orderId!: number;
}

export const ReturnConnection = Connection(ReturnNode, "Return");

@ObjectType("ReturnableLine", { description: "An order line as a return sees it." })
export class ReturnableLineNode {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field({ description: "The sku's code." })
  skuCode!: string;

  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units delivered (shipped, on a DELIVERED order)." })
  delivered!: number;

  @Field(() => Int, { description: "Units in returns that are not refused (received ones count what arrived)." })
  returned!: number;

  @Field(() => Int, { description: "Units reported missing in incomplete-delivery claims." })
  claimed!: number;

  @Field(() => Int, { description: "Units that can still be returned." })
  returnable!: number;
}

@ObjectType("ReturnOptions", { description: "What can be returned of an order now." })
export class ReturnOptionsNode {
  @Field(() => [ReturnableLineNode], { description: "Per order line." })
  lines!: ReturnableLineNode[];

  @Field(() => Int, { description: "Days from delivery a regret return is accepted: 7 for BRL shops (CDC art. 49), 14 otherwise." })
  regretWindowDays!: number;

  @Field(() => Date, { nullable: true, description: "When the order was delivered; null when it is not." })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "Until when REGRET is accepted; null when the order is not delivered." })
  regretUntil!: Date | null;

  @Field({ description: "Whether REGRET is still accepted now." })
  regretOpen!: boolean;
}

@ObjectType("ReturnStockBack", { description: "Good units of a sku going back to stock, and the waiting orders they would serve." })
export class ReturnStockBackNode {
  @Field(() => ID, { description: "The sku." })
  skuId!: string;

  @Field({ description: "Its code." })
  skuCode!: string;

  @Field({ description: "Its name." })
  name!: string;

  @Field(() => Int, { description: "Units back in stock." })
  quantity!: number;

  @Field(() => Int, { description: "Units that go at once to orders waiting for this sku (oldest first)." })
  unitsToWaitingOrders!: number;

  @Field(() => Int, { description: "Waiting orders that receive units." })
  waitingOrdersServed!: number;

  @Field(() => Int, { description: "Of those, the orders that then have everything and resume (READY)." })
  waitingOrdersResumed!: number;
}

@ObjectType("ReturnDamagedUnits", { description: "Units received damaged: recorded, not stocked." })
export class ReturnDamagedNode {
  @Field({ description: "The sku's code." })
  skuCode!: string;

  @Field({ description: "Its name." })
  name!: string;

  @Field(() => Int, { description: "Units." })
  quantity!: number;
}

@ObjectType("ReturnExchangePreview", { description: "Units sent in exchange and whether they are in stock now." })
export class ReturnExchangePreviewNode {
  @Field({ description: "The sku's code." })
  skuCode!: string;

  @Field({ description: "Its name." })
  name!: string;

  @Field(() => Int, { description: "Units asked." })
  quantity!: number;

  @Field(() => Int, { description: "Units available for it now, after the returned units served the orders waiting before it." })
  availableNow!: number;

  @Field({ description: "Whether every unit is reserved at once; otherwise the exchange order waits for stock (FIFO)." })
  inStock!: boolean;
}

@ObjectType("ReturnReceiptPreview", { description: "What receiving a return as given would do now. Nothing changes." })
export class ReturnReceiptPreviewNode {
  @Field(() => [ReturnStockBackNode], { description: "Good units back in stock, per sku." })
  backToStock!: ReturnStockBackNode[];

  @Field(() => [ReturnDamagedNode], { description: "Damaged units, recorded only." })
  damaged!: ReturnDamagedNode[];

  @Field(() => Money, { description: "REFUND: what would be refunded (what was paid for the units, never more than is left); 0 for an exchange." })
  refundAmount!: Money;

  @Field({ description: "Whether the refund includes the shipping (a withdrawal)." })
  includesShipping!: boolean;

  @Field(() => [ReturnExchangePreviewNode], { description: "EXCHANGE: what is sent and whether it is in stock now." })
  exchange!: ReturnExchangePreviewNode[];
}

@ObjectType({ description: "Result of a change to a return." })
export class ReturnPayload {
  @Field(() => ReturnNode, { nullable: true, description: "The return after the change." })
  return!: ReturnNode | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `receiveReturn`." })
export class ReceiveReturnPayload {
  @Field(() => ReturnNode, { nullable: true, description: "The return, RECEIVED." })
  return!: ReturnNode | null;

  @Field(() => [OrderNode], { description: "Waiting orders that resumed (READY) with the units that came back, oldest first." })
  ordersResumed!: OrderNode[];

  @Field(() => String, { nullable: true, description: "REFUND to the customer: their refund link, given this once (it is also e-mailed)." })
  refundLink!: string | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];
}

@InputType({ description: "A return asked for by the customer on their order page." })
export class RequestReturnFromOrderPageInput extends RequestReturnInput {
  @Field({ description: "The token from the order page's link." })
  token!: string;
}

@ObjectType("OrderPageReturnLine", { description: "Units of an item in a return." })
export class OrderPageReturnLineNode {
  @Field({ description: "The item." })
  name!: string;

  @Field(() => Int, { description: "Units." })
  quantity!: number;

  @Field(() => ReturnReason, { description: "Why." })
  reason!: ReturnReason;
}

@ObjectType("OrderPageReturn", { description: "A return as the customer sees it on their order page." })
export class OrderPageReturnNode {
  @Field(() => ReturnStatus, { description: "Where it stands." })
  status!: ReturnStatus;

  @Field(() => [OrderPageReturnLineNode], { description: "What comes back." })
  lines!: OrderPageReturnLineNode[];

  @Field(() => String, { nullable: true, description: "How to send the goods back (once approved)." })
  instructions!: string | null;

  @Field(() => String, { nullable: true, description: "Why the shop refused it." })
  refusalMessage!: string | null;

  @Field(() => ReturnSettlement, { nullable: true, description: "How it was settled." })
  settlement!: ReturnSettlement | null;

  @Field({ description: "When it was asked for." })
  requestedAt!: Date;
}

@ObjectType({ description: "Result of `requestReturnFromOrderPage`." })
export class RequestReturnFromOrderPagePayload {
  @Field(() => OrderPageReturnNode, { nullable: true, description: "The return asked for." })
  return!: OrderPageReturnNode | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];

  @Field(() => Int, { nullable: true, description: "THROTTLED: seconds to wait." })
  retryAfterSeconds!: number | null;
}
