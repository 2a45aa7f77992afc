import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { ActorNode, OrderNode } from "../orders/order.types";
import { Carrier, CARRIERS } from "./carriers";
import { Fulfillment } from "./shipment.service";

registerEnumType(Carrier, {
  name: "Carrier",
  description: "Who carries a parcel. Each known carrier has a tracking page the shipment links to; OTHER needs the shipment's own trackingUrl.",
  valuesConfig: Object.fromEntries(
    Object.entries(CARRIERS).map(([value, info]) => [
      value,
      {
        description:
          value === Carrier.OTHER
            ? "Any other carrier: give trackingUrl (http or https)."
            : `${info.name}${value === Carrier.CORREIOS ? " (tracking codes like AA123456789BR)" : ""}; tracking page ${info.trackingUrlTemplate}.`,
      },
    ]),
  ),
});

registerEnumType(Fulfillment, {
  name: "Fulfillment",
  description: "How an order's allocated units stand against what was shipped.",
  valuesConfig: {
    UNFULFILLED: { description: "Nothing shipped yet." },
    PARTIALLY_SHIPPED: { description: "Some parcels left; allocated units remain to ship (the order stays READY, or waits for stock when a line was found short at packing)." },
    SHIPPED: { description: "Every allocated unit shipped (the order is SHIPPED, or still waits for stock for units found short at packing)." },
  },
});

@InputType({ description: "Units of one order line going into the parcel." })
export class ShipmentLineInput {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units, at least 1 and at most what the line has allocated and not yet shipped (EXCEEDS_UNSHIPPED)." })
  quantity!: number;
}

@InputType({ description: "A parcel handed to a carrier." })
export class ShipOrderInput {
  @Field(() => Carrier, { description: "Who carries it." })
  carrier!: Carrier;

  @Field({
    description:
      "The carrier's tracking code; spaces are dropped and letters upper-cased. 4 to 40 letters, digits or dashes; Correios codes look like AA123456789BR (INVALID_TRACKING_CODE).",
  })
  trackingCode!: string;

  @Field(() => String, {
    nullable: true,
    description: "Where the customer follows the parcel (http or https, at most 500 characters; INVALID_URL). Required for OTHER; for the others it replaces the carrier's tracking page.",
  })
  trackingUrl?: string | null;

  @Field(() => [ShipmentLineInput], { nullable: true, description: "What goes in the parcel; omitted: every allocated unit not yet shipped." })
  lines?: ShipmentLineInput[] | null;
}

@ObjectType("ShipmentLine", { description: "Units of one order line in a parcel." })
export class ShipmentLineNode {
  @Field(() => ID, { description: "The order line." })
  orderLineId!: string;

  @Field(() => Int, { description: "Units in the parcel." })
  quantity!: number;
}

@ObjectType("Shipment", { description: "A parcel of an order handed to a carrier." })
export class ShipmentNode {
  @Field(() => ID, { description: "The shipment's id." })
  id!: string;

  @Field(() => Int, { description: "Its number within the order: 1, 2, ..." })
  number!: number;

  @Field(() => Carrier, { description: "Who carries it." })
  carrier!: Carrier;

  @Field({ description: "The carrier's name, e.g. Correios or J&T Express (\"Other\" for OTHER)." })
  carrierName!: string;

  @Field({ description: "The carrier's tracking code." })
  trackingCode!: string;

  @Field(() => String, { nullable: true, description: "Where the customer follows the parcel." })
  trackingUrl!: string | null;

  @Field({ description: "When it left." })
  shippedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the customer received it (markDelivered); null until then." })
  deliveredAt!: Date | null;

  @Field(() => ActorNode, { description: "Who shipped it." })
  actor!: ActorNode;

  @Field(() => [ShipmentLineNode], { description: "What is in it." })
  lines!: ShipmentLineNode[];
}

@ObjectType({ description: "Result of `shipOrder`." })
export class ShipOrderPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order after the parcel left: READY while units remain to ship, SHIPPED after the last one." })
  order!: OrderNode | null;

  @Field(() => ShipmentNode, { nullable: true, description: "The parcel." })
  shipment!: ShipmentNode | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `markDelivered`." })
export class MarkDeliveredPayload {
  @Field(() => OrderNode, { nullable: true, description: "The order, DELIVERED." })
  order!: OrderNode | null;

  @Field(() => [UserError], { description: "What was wrong; empty on success. Nothing changed when there are any." })
  userErrors!: UserError[];
}
