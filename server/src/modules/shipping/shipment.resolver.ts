import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload, UserErrorCode, userError, UserInputError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { toOrderNode } from "../orders/order.mappers";
import { OrderLine } from "../orders/order-line.entity";
import { OrderService } from "../orders/order.service";
import { OrderNode } from "../orders/order.types";
import { CARRIERS } from "./carriers";
import { Fulfillment, fulfillmentOf, ShipmentView, ShippingService } from "./shipment.service";
import { MarkDeliveredPayload, ShipmentNode, ShipOrderInput, ShipOrderPayload } from "./shipment.types";

export const toShipmentNode = (s: ShipmentView): ShipmentNode => ({
  id: String(s.id),
  number: s.number,
  carrier: s.carrier,
  carrierName: CARRIERS[s.carrier]?.name ?? s.carrier,
  trackingCode: s.trackingCode,
  trackingUrl: s.trackingUrl,
  shippedAt: s.shippedAt,
  deliveredAt: s.deliveredAt,
  actor: { type: s.actor.type as ShipmentNode["actor"]["type"], id: s.actor.id === null ? null : String(s.actor.id), name: s.actor.name },
  lines: s.lines.map((l) => ({ orderLineId: String(l.orderLineId), quantity: l.quantity })),
});

const orderId = (id: string): number => {
  const parsed = parseId(id);
  if (parsed === null) throw new UserInputError([userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.")]);
  return parsed;
};

/** Shipping an order in one or several parcels, and its delivery; an order's shipments. */
@Resolver(() => OrderNode)
export class ShippingResolver {
  constructor(
    private readonly shipping: ShippingService,
    private readonly orders: OrderService,
  ) {}

  /** The order's lines, through the request's loader that the order's other fields share. */
  private lines(ctx: RequestContext, caller: Caller, order: OrderNode): OrderLine[] | Promise<OrderLine[]> {
    return ctx.loaders
      .get<number, OrderLine[]>("order.lines", async (ids) => {
        const byOrder = await this.orders.linesByOrderIds(caller.shopId, ids);
        return ids.map((id) => byOrder.get(id) ?? []);
      })
      .load(Number(order.id));
  }

  @FieldResolver(() => Fulfillment, { description: "How the order's allocated units stand against what shipped: UNFULFILLED, PARTIALLY_SHIPPED or SHIPPED (see Fulfillment)." })
  async fulfillment(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<Fulfillment> {
    return fulfillmentOf(await this.lines(ctx, requireCaller(ctx), order));
  }

  @FieldResolver(() => Int, { description: "Units shipped across all lines." })
  async shippedQuantity(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.lines(ctx, requireCaller(ctx), order)).reduce((sum, l) => sum + l.shipped, 0);
  }

  @FieldResolver(() => Int, { description: "Units allocated and not yet shipped: what the next parcel can take once the order is READY." })
  async unshippedQuantity(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.lines(ctx, requireCaller(ctx), order)).reduce((sum, l) => sum + Math.max(0, l.allocated - l.shipped), 0);
  }

  @Mutation(() => ShipOrderPayload, {
    description:
      "Hands a parcel of a READY order to a carrier: the given units, or every allocated unit not yet shipped. The units leave stock (on hand and allocated both drop, a SALE in the ledger). The order stays READY while allocated units remain and becomes SHIPPED with the last one; the customer is e-mailed the tracking. Refused (nothing changes): not READY (INVALID_TRANSITION), nothing left (NOTHING_TO_SHIP), more than a line has left (EXCEEDS_UNSHIPPED), a bad tracking code or URL.",
  })
  async shipOrder(
    @Arg("orderId", () => ID, { description: "The order." }) id: string,
    @Arg("input", () => ShipOrderInput, { description: "Carrier, tracking and what goes in the parcel." }) input: ShipOrderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ShipOrderPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ShipOrderPayload>(
      async () => {
        const shipped = await this.shipping.shipOrder(caller, orderId(id), input);
        return { order: toOrderNode(shipped.order), shipment: toShipmentNode(shipped.shipment) };
      },
      { order: null, shipment: null },
    );
  }

  @Mutation(() => MarkDeliveredPayload, {
    description: "The customer received the order: SHIPPED -> DELIVERED, final (its parcels are stamped delivered and the customer is e-mailed). Any other status is refused (INVALID_TRANSITION).",
  })
  async markDelivered(@Arg("orderId", () => ID, { description: "The order." }) id: string, @Ctx() ctx: RequestContext): Promise<MarkDeliveredPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<MarkDeliveredPayload>(async () => ({ order: toOrderNode((await this.shipping.markDelivered(caller, orderId(id))).order) }), { order: null });
  }

  @FieldResolver(() => [ShipmentNode], { description: "The order's parcels, oldest first." })
  async shipments(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<ShipmentNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, ShipmentView[]>("order.shipments", async (ids) => {
      const byOrder = await this.shipping.shipmentsByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toShipmentNode);
  }
}
