import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { Connection } from "../../infra/graphql/pagination";
import { CustomerInput } from "../customers/customer.types";
import { ShippingAddressInput, ShippingAddressNode } from "../shipping/address.types";
import { ActorType, OrderEventType } from "./order-event.entity";
import { OrderKind, OrderSource, OrderStatus } from "./order.entity";

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "Where an order stands. AWAITING_STOCK and ON_HOLD_FOR_RESTOCK are the orders without stock.",
  valuesConfig: {
    READY: { description: "Every line fully allocated; can be shipped." },
    AWAITING_STOCK: { description: "Some line is short; waiting for the merchant to decide." },
    ON_HOLD_FOR_RESTOCK: { description: "The merchant chose to wait; resumes by itself when stock arrives." },
    SHIPPED: { description: "Handed to the carrier." },
    DELIVERED: { description: "Received by the customer. Final." },
    CANCELLED: { description: "Cancelled; allocations released. Final." },
  },
});
registerEnumType(OrderSource, { name: "OrderSource", description: "Where the order came from." });
registerEnumType(OrderKind, {
  name: "OrderKind",
  description: "A sale, or a follow-up order of another order (Order.originOrder) that charges nothing again: its lines are at price 0.",
  valuesConfig: {
    SALE: { description: "An ordinary order." },
    RESHIPMENT: { description: "Units missing from a delivery, sent again (a claim resolved with RESHIP)." },
    EXCHANGE: { description: "The new sku of an exchange (a return)." },
  },
});
registerEnumType(OrderEventType, {
  name: "OrderEventType",
  description: "What happened to an order. New values are added over time: treat unknown ones generically.",
  valuesConfig: {
    ORDER_PLACED: { description: "The order was taken in." },
    STOCK_SHORTAGE: { description: "Some lines could not be fully allocated; `data.missing` lists them." },
    ORDER_ON_HOLD: { description: "The merchant chose to wait for restock; the order resumes by itself." },
    STOCK_ALLOCATED: { description: "Arriving stock was reserved for the order, which still waits for more; `data` says which sku and how many." },
    ORDER_RESUMED: { description: "Every line is now allocated: the order is READY again." },
    ITEMS_CANCELLED: { description: "Missing units were removed so the order ships what is available; `data.lines` lists them." },
    ORDER_CANCELLED: { description: "The order was cancelled and its allocations released; the note holds the reason." },
    REFUND_CREATED: { description: "A refund was created; `data` has its id, amount and destination." },
    COUPON_ISSUED: { description: "An apology coupon was issued for this order; `data` has its id, code, kind, value and expiry." },
    COUPON_APPLIED: { description: "The order used a coupon at placeOrder; `data` has its id, code and the discount it gave." },
    REFUND_PAID: { description: "A refund was marked paid; `data` has its id, amount and payout reference." },
    REFUND_LINK_ISSUED: { description: "A refund link was sent to the customer (or re-sent: the old one stopped working); `data` has the refund id and expiry." },
    REFUND_DETAILS_RECEIVED: { description: "The customer gave their refund details; `data` has the refund id and `payoutDetails`, masked." },
    REFUND_LOCKED: { description: "The refund link locked after five wrong CPFs; re-sending it unlocks." },
    SUBSTITUTES_OFFERED: {
      description: "The merchant offered equivalent skus for a short line, for the customer to accept; `data` has the line (`orderLineId`, `skuCode`) and the offered `skus` (id, code, price).",
    },
    LINE_SUBSTITUTED: {
      description:
        "The short units of a line were replaced by an equivalent sku on a new line; `data` has `from` and `to` (sku id and code), `quantity`, both unit prices, `priceDifference` (substitute minus original, for all the units), `refunded` and `absorbed` (by the shop).",
    },
    SHIPMENT_SENT: {
      description:
        "A parcel left with a carrier; `data` has `shipmentId`, its `number` within the order, `carrier`, `trackingCode`, `trackingUrl`, the `lines` sent (`orderLineId`, `skuCode`, `quantity`) and `status`: SHIPPED when it was the last allocated unit, else READY.",
    },
    ORDER_DELIVERED: { description: "The customer received the order: it is DELIVERED, final; `data.shipmentIds` lists the parcels stamped delivered." },
    FOLLOW_UP_ORDER_PLACED: {
      description: "A follow-up order of this one was placed (a reshipment for a claim, an exchange for a return); `data` has its `orderId`, `number`, `kind`, `status` and `lines` (`skuCode`, `quantity`).",
    },
    CREDIT_NOTE_ISSUED: { description: "A credit note was issued on this order; `data` has `creditNoteId`, `number`, `displayNumber`, `total` and `source` (`type`, `id`)." },
    CLAIM_OPENED: { description: "Units missing from the delivery were reported; `data` has `claimId`, `number`, `openedBy` (MERCHANT or CUSTOMER) and `lines` (`orderLineId`, `skuCode`, `quantity`)." },
    CLAIM_RESOLVED: {
      description:
        "A claim was resolved or rejected; `data` has `claimId`, `number`, `status` (RESOLVED or REJECTED), `outcome`, `resolvedBy` and what the outcome made: `followUpOrderId`, `refundId`, `creditNoteId`, `returnId`.",
    },
    RETURN_REQUESTED: { description: "A return was requested (by the shop or the customer); `data` has `returnId` and the `lines` (`orderLineId`, `skuCode`, `quantity`, `reason`). The order itself does not change." },
    RETURN_APPROVED: { description: "A return was approved; `data` has `returnId` and the `instructions` for sending the goods back." },
    RETURN_REFUSED: { description: "A return was refused; `data` has `returnId` and the shop's `message`. Nothing else changed." },
    RETURN_RECEIVED: {
      description:
        "A return's goods arrived; `data` has `returnId`, the `lines` (`skuCode`, `good` units back in stock, `damaged` units), the `settlement` (REFUND or EXCHANGE) and the `refundId`, `creditNoteId` or `exchangeOrderId`.",
    },
    RETURN_CLOSED: { description: "A received return was filed by the shop; `data.returnId`." },
    SHORT_AT_PACKING: {
      description:
        "Allocated units of a line were found missing when packing (reportShortAtPacking): they left stock (an ADJUSTMENT) and the order went back to AWAITING_STOCK; `data` has the line (`orderLineId`) and `missing` (`skuCode`, `quantity`), the note says what the packer saw.",
    },
    MESSAGE_SENT: { description: "An e-mail was sent to the customer; `data` has its `kind` and `messageId` (see Order.messages), never its text or address." },
    PRIORITY_SET: {
      description:
        "The merchant marked the order priority (setOrderPriority): arriving stock goes to it first among the orders waiting for the same sku. The note and `data.reason` say why; `data.since` is when it was first marked, `data.previousReason` is there when only the reason changed.",
    },
    PRIORITY_CLEARED: { description: "The merchant unmarked the order's priority: it is served oldest first again. `data.previousReason` is the reason it had; the note, if any, says why." },
  },
});
registerEnumType(ActorType, { name: "ActorType", description: "Who caused a change." });

export enum ResolvedBy {
  MERCHANT = "MERCHANT",
  CUSTOMER = "CUSTOMER",
}
registerEnumType(ResolvedBy, {
  name: "ResolvedBy",
  description: "Who resolved an order without stock first: the shop or the customer on their order page. The other side is then refused.",
});

@ObjectType("Actor", { description: "Who caused an event: a staff user, an API key, the system or the customer." })
export class ActorNode {
  @Field(() => ActorType, { description: "Staff user, API key, the system (e.g. a restock) or the customer." })
  type!: ActorType;

  @Field(() => ID, { nullable: true, description: "The staff user's or API key's id." })
  id!: string | null;

  @Field(() => String, { nullable: true, description: "Display name at the time of the event." })
  name!: string | null;
}

@ObjectType("OrderEvent", { description: "One entry of an order's timeline." })
export class OrderEventNode {
  @Field(() => ID, { description: "The event's id; events of an order are in id order." })
  id!: string;

  @Field(() => OrderEventType, { description: "What happened." })
  type!: OrderEventType;

  @Field({ description: "When it happened." })
  createdAt!: Date;

  @Field(() => ActorNode, { description: "Who made it happen." })
  actor!: ActorNode;

  @Field(() => String, { nullable: true, description: "A note the actor left with the change." })
  note!: string | null;

  @Field(() => String, { nullable: true, description: "Event details as a JSON document." })
  data!: string | null;
}

@ObjectType("OrderLine", { description: "One sku on an order. allocated + short + cancelled = quantity; shipped <= allocated.", simpleResolvers: true })
export class OrderLineNode {
  @Field(() => ID, { description: "The line's id." })
  id!: string;

  @Field({ description: "The sku's code when the order was placed." })
  skuCode!: string;

  @Field({ description: "The sku's name when the order was placed." })
  name!: string;

  @Field(() => Int, { description: "Units ordered." })
  quantity!: number;

  @Field(() => Money, { description: "Price of one unit when the order was placed." })
  unitPrice!: Money;

  @Field(() => Money, { description: "quantity x unitPrice." })
  lineTotal!: Money;

  @Field(() => Int, { description: "Units reserved in stock for this line." })
  allocated!: number;

  @Field(() => Int, { description: "Units still missing: the line waits for these." })
  short!: number;

  @Field(() => Int, { description: "Units removed from the order (and refunded)." })
  cancelled!: number;

  @Field(() => Int, { description: "Units shipped." })
  shipped!: number;

  @Field(() => ID, {
    nullable: true,
    description: "On a line that substitutes another (substituteLine): the line whose short units it replaced (cancelled there). Null on the order's own lines.",
  })
  replacesLineId!: string | null;

  skuId!: number;
  orderId!: number;
}

// simpleResolvers (here and on the other types of a page: OrderLine, Customer, Sku, Money, PageInfo,
// the connections): graphql-js reads plain properties itself, without type-graphql's per-field
// middleware wrapper, about 1,400 of them per page of 50 orders. The schema has no middlewares.
@ObjectType("Order", { description: "A customer's order and where it stands.", simpleResolvers: true })
export class OrderNode {
  @Field(() => ID, { description: "The order's id." })
  id!: string;

  @Field(() => Int, { description: "Human-readable number, sequential within the shop." })
  number!: number;

  @Field(() => OrderStatus, { description: "Where the order stands." })
  status!: OrderStatus;

  @Field(() => OrderSource, { description: "Where the order came from." })
  source!: OrderSource;

  @Field(() => OrderKind, { description: "SALE, or a follow-up order (RESHIPMENT, EXCHANGE) of `originOrder`, at price 0." })
  kind!: OrderKind;

  @Field(() => String, { nullable: true, description: "The order's id in the system it came from (storefront, marketplace, ERP)." })
  externalReference!: string | null;

  @Field({ description: "ISO 4217 code of all the order's amounts." })
  currency!: string;

  @Field(() => Money, { description: "Sum of the line totals." })
  subtotal!: Money;

  @Field(() => Money, { description: "Shipping charged to the customer." })
  shipping!: Money;

  @Field(() => Money, { description: "Discount given on the order as a whole." })
  discount!: Money;

  @Field(() => Money, { description: "subtotal + shipping - discount: what the customer paid." })
  total!: Money;

  @Field({ description: "When the order was taken in." })
  placedAt!: Date;

  @Field({ description: "When the order last changed." })
  updatedAt!: Date;

  @Field(() => ShippingAddressNode, { nullable: true, description: "Where the order goes; null when it was placed without a shippingAddress." })
  shippingAddress!: ShippingAddressNode | null;

  @Field(() => ResolvedBy, { nullable: true, description: "Who resolved the order without stock first, if anyone: CUSTOMER means the customer chose on their order page, and the shop's resolutions are refused (CUSTOMER_CHOSE)." })
  resolvedBy!: ResolvedBy | null;

  @Field({
    description: "Whether the merchant marked the order priority (setOrderPriority): while it waits for stock, arriving stock goes to it first among the orders waiting for the same sku.",
  })
  priority!: boolean;

  @Field(() => Date, { nullable: true, description: "When the order was marked priority (priority orders are served by this time); null when it is not." })
  prioritySince!: Date | null;

  @Field(() => String, { nullable: true, description: "Why the order is priority (a VIP customer, a marketplace deadline...); null when it is not." })
  priorityReason!: string | null;

  shopId!: number;
  customerId!: number;
  originOrderId!: number | null;
}

export const OrderConnection = Connection(OrderNode, "Order", { capped: true });

@InputType({ description: "Narrows the order list." })
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true, description: "Only orders in these statuses." })
  status?: OrderStatus[] | null;

  @Field(() => String, { nullable: true, description: "Finds orders by order number (42 or #42), by external reference (the whole reference), or by customer: every word of the term must start a word of the customer's name or e-mail address, case and accents aside (\"costa\" finds Ana Costa and Costanza, not Acosta; \"ana@ex\" finds ana@example.com). At most 100 characters (a longer one is a BAD_USER_INPUT error). % and _ match themselves; control characters are ignored." })
  search?: string | null;
}

@InputType({ description: "One sku and how many units of it." })
export class OrderLineInput {
  @Field({ description: "The sku's code in this shop; no control characters (INVALID_FORMAT)." })
  skuCode!: string;

  @Field(() => Int, { description: "Units, 1 to 10000." })
  quantity!: number;
}

@InputType({ description: "An order to take in. Prices come from the catalog; totals are computed by the server." })
export class PlaceOrderInput {
  @Field(() => CustomerInput, { description: "Who is buying." })
  customer!: CustomerInput;

  @Field(() => [OrderLineInput], { description: "1 to 100 lines, each sku at most once." })
  lines!: OrderLineInput[];

  @Field(() => Int, { defaultValue: 0, description: "Shipping charged, in minor units." })
  shipping!: number;

  @Field(() => Int, { defaultValue: 0, description: "Discount given, in minor units; with a coupon's discount, at most subtotal + shipping (DISCOUNT_EXCEEDS_SUBTOTAL)." })
  discount!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "An apology coupon of this shop (case does not matter). Its discount (PERCENT: of the subtotal, rounded to the minor unit; FIXED_AMOUNT: at most the subtotal) is added to `discount`, and the coupon is used by this order, once. Refused with COUPON_NOT_FOUND (unknown, or another shop's), COUPON_EXPIRED or COUPON_USED; a refused order changes nothing.",
  })
  couponCode?: string | null;

  @Field(() => ShippingAddressInput, { nullable: true, description: "Where the order goes (shown to the merchant; city, region and postal code on the customer's order page)." })
  shippingAddress?: ShippingAddressInput | null;

  @Field(() => OrderSource, { defaultValue: OrderSource.API, description: "Where the order comes from; API when omitted." })
  source!: OrderSource;

  @Field(() => String, { nullable: true, description: "The order's id in the calling system, up to 100 characters, no control characters (INVALID_FORMAT)." })
  externalReference?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Makes retries safe: the same key with the same input returns the order already placed, without reserving stock again; the same key with a different input is refused (IDEMPOTENCY_KEY_REUSED); neither takes an order number or changes anything. Up to 100 characters, no control characters (INVALID_FORMAT).",
  })
  idempotencyKey?: string | null;
}

@ObjectType({ description: "Result of `placeOrder`." })
export class PlaceOrderPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order, READY or AWAITING_STOCK." })
  order!: OrderNode | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success." })
  userErrors!: UserError[];
}
