import { GraphQLDate } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { OrderStatus } from "../orders/order.entity";
import { ResolvedBy } from "../orders/order.types";
import { Resolution } from "../orders/resolution";
import { Carrier } from "../shipping/carriers";
import { RefundStatus } from "../refunds/refund.entity";

@ObjectType({ description: "One line of the order, as its page shows it." })
export class OrderPageLine {
  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units ordered." })
  quantity!: number;

  @Field(() => Int, { description: "Units reserved for the order." })
  allocated!: number;

  @Field(() => Int, { description: "Units waiting for stock." })
  short!: number;

  @Field(() => Int, { description: "Units cancelled (and refunded)." })
  cancelled!: number;

  @Field(() => Int, { description: "Units shipped." })
  shipped!: number;

  @Field(() => Money, { description: "Price of one unit." })
  unitPrice!: Money;

  @Field(() => GraphQLDate, { nullable: true, description: "When its missing units can be expected (YYYY-MM-DD); null when none is missing or there is no date yet." })
  expectedOn!: string | null;
}

@ObjectType({ description: "Where the order goes, as its public page shows it: the place, never the street." })
export class OrderPageShipTo {
  @Field({ description: "City." })
  city!: string;

  @Field(() => String, { nullable: true, description: "State or region (in Brazil the UF)." })
  region!: string | null;

  @Field({ description: "Postal code." })
  postalCode!: string;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;
}

@ObjectType({ description: "An item in a parcel, as the order page shows it." })
export class OrderPageShipmentItem {
  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units in the parcel." })
  quantity!: number;
}

@ObjectType({ description: "A parcel of the order, with its tracking." })
export class OrderPageShipment {
  @Field(() => Int, { description: "Its number within the order: 1, 2, ..." })
  number!: number;

  @Field(() => Carrier, { description: "Who carries it." })
  carrier!: Carrier;

  @Field({ description: "The carrier's name." })
  carrierName!: string;

  @Field({ description: "The carrier's tracking code." })
  trackingCode!: string;

  @Field(() => String, { nullable: true, description: "Where to follow it." })
  trackingUrl!: string | null;

  @Field({ description: "When it left." })
  shippedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was delivered." })
  deliveredAt!: Date | null;

  @Field(() => [OrderPageShipmentItem], { description: "What is in it." })
  items!: OrderPageShipmentItem[];
}

@ObjectType({ description: "A refund of the order, as its page shows it." })
export class OrderPageRefund {
  @Field(() => Money, { description: "How much." })
  amount!: Money;

  @Field(() => RefundStatus, { description: "Where it stands." })
  status!: RefundStatus;
}

@ObjectType({ description: "A resolution the customer may choose now, and the refund it gives." })
export class CustomerChoice {
  @Field(() => Resolution, { description: "WAIT_FOR_RESTOCK (keep waiting), SHIP_AVAILABLE (receive what is available, the rest refunded) or CANCEL (all refunded)." })
  resolution!: Resolution;

  @Field(() => Money, { description: "What it refunds (zero for waiting)." })
  refundAmount!: Money;
}

@ObjectType({ description: "A substitute the shop offered for a short line of the order, available now." })
export class OrderPageSubstituteOffer {
  @Field(() => ID, { description: "The short line it replaces (give it back in chooseForOrder's `substitute`)." })
  orderLineId!: string;

  @Field({ description: "The name of the item it replaces." })
  lineName!: string;

  @Field(() => Int, { description: "Units it replaces (all the line is short of)." })
  quantity!: number;

  @Field(() => ID, { description: "The substitute sku (give it back in chooseForOrder's `substitute`)." })
  skuId!: string;

  @Field({ description: "The substitute's name." })
  name!: string;

  @Field(() => Money, { description: "The substitute's price per unit." })
  unitPrice!: Money;

  @Field(() => Money, { description: "The difference refunded when the substitute is cheaper; zero when it is dearer (the shop absorbs it) or the same." })
  refundAmount!: Money;
}

@ObjectType({ description: "What the holder of an order page link sees: the shop, the order's progress and the customer's own choices. No personal data." })
export class OrderPage {
  /** Internal, not fields: other modules' parts of the page (returns) find the order by them. */
  shopId!: number;
  orderId!: number;

  @Field({ description: "The shop the order was placed with." })
  shopName!: string;

  @Field(() => Int, { description: "The order's number in that shop." })
  orderNumber!: number;

  @Field(() => OrderStatus, { description: "Where the order stands." })
  status!: OrderStatus;

  @Field({ description: "When it was placed." })
  placedAt!: Date;

  @Field({ description: "The language to show the page in: the customer's (pt-BR, en or pl)." })
  locale!: string;

  @Field(() => Money, { description: "The order's total." })
  total!: Money;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: "While the order waits for stock: when all its missing units can be expected (YYYY-MM-DD), from the shop's incoming deliveries; null when there is no date yet.",
  })
  expectedRestockOn!: string | null;

  @Field(() => [OrderPageLine], { description: "The order's lines." })
  lines!: OrderPageLine[];

  @Field(() => [OrderPageRefund], { description: "The order's refunds, oldest first." })
  refunds!: OrderPageRefund[];

  @Field(() => OrderPageShipTo, { nullable: true, description: "Where the order goes (city, region, postal code); null when the order has no address." })
  shipTo!: OrderPageShipTo | null;

  @Field(() => [OrderPageShipment], { description: "The order's parcels with their tracking, oldest first." })
  shipments!: OrderPageShipment[];

  @Field(() => ResolvedBy, { nullable: true, description: "Who resolved the order without stock first, if anyone did." })
  resolvedBy!: ResolvedBy | null;

  @Field({ description: "Whether the shop lets customers choose online (shop setting)." })
  customersMayChoose!: boolean;

  @Field(() => [CustomerChoice], {
    description: "What the customer may choose now: only while the order waits for stock and the shop has not resolved it; refunds need the customer's CPF on the order.",
  })
  choices!: CustomerChoice[];

  @Field(() => [OrderPageSubstituteOffer], { description: "Substitutes the shop offered for short lines, available now; choosing one is chooseForOrder with SUBSTITUTE." })
  substituteOffers!: OrderPageSubstituteOffer[];
}

@InputType({ description: "The offered substitute the customer accepts." })
export class SubstituteChoiceInput {
  @Field(() => ID, { description: "The short line (an OrderPageSubstituteOffer's orderLineId)." })
  orderLineId!: string;

  @Field(() => ID, { description: "The substitute sku (an OrderPageSubstituteOffer's skuId)." })
  skuId!: string;
}

@InputType({ description: "The customer's choice on their order page." })
export class ChooseForOrderInput {
  @Field({ description: "The token from the link (<PUBLIC_URL>/order/<token>)." })
  token!: string;

  @Field(() => Resolution, { description: "One of the page's `choices`, or SUBSTITUTE with `substitute`." })
  choice!: Resolution;

  @Field(() => SubstituteChoiceInput, { nullable: true, description: "With SUBSTITUTE: which offered substitute (see `substituteOffers`)." })
  substitute?: SubstituteChoiceInput | null;
}

@ObjectType({ description: "Result of chooseForOrder." })
export class ChooseForOrderPayload {
  @Field(() => OrderPage, { nullable: true, description: "The order as it is now (also after a refusal); null for an unknown token." })
  orderPage!: OrderPage | null;

  @Field(() => String, {
    nullable: true,
    description: "When the choice made a refund: the customer's refund link (<PUBLIC_URL>/refund/<token>), to give their CPF and where to send the money. Shown this once.",
  })
  refundLink!: string | null;

  @Field(() => [UserError], {
    description:
      "Why nothing was changed: NOT_FOUND, CHOICE_NOT_ALLOWED (the shop does not take choices online), MERCHANT_RESOLVED (the shop resolved it first), INVALID_TRANSITION / NOTHING_ALLOCATED (the order moved on), CUSTOMER_CPF_MISSING, SUBSTITUTE_NOT_OFFERED / INSUFFICIENT_STOCK (a substitute), THROTTLED.",
  })
  userErrors!: UserError[];

  @Field(() => Int, { nullable: true, description: "With THROTTLED: seconds to wait before trying again." })
  retryAfterSeconds!: number | null;
}

@ObjectType({ description: "Result of setCustomersMayChoose." })
export class SetCustomersMayChoosePayload {
  @Field({ description: "The setting as it is now." })
  customersMayChoose!: boolean;

  @Field(() => [UserError], { description: "STAFF_ONLY when not a staff user; empty on success." })
  userErrors!: UserError[];
}
