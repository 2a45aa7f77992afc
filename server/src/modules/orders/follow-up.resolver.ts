import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { Order } from "./order.entity";
import { toOrderNode } from "./order.mappers";
import { OrderService } from "./order.service";
import { OrderNode } from "./order.types";

/** Follow-up orders (reshipments, exchanges) and the order they follow up, batched per request. */
@Resolver(() => OrderNode)
export class FollowUpOrdersResolver {
  constructor(private readonly orders: OrderService) {}

  @FieldResolver(() => OrderNode, { nullable: true, description: "The order this follow-up order follows up (a claim's or return's order); null for a SALE." })
  async originOrder(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<OrderNode | null> {
    if (order.originOrderId === null) return null;
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order | null>("order.originById", async (ids) => {
      const found = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
      return ids.map((id) => found.get(id) ?? null);
    });
    const origin = await loader.load(order.originOrderId);
    return origin && toOrderNode(origin);
  }

  @FieldResolver(() => [OrderNode], { description: "Follow-up orders of this order (reshipments for claims, exchanges for returns), oldest first." })
  async followUpOrders(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<OrderNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order[]>("order.followUps", async (ids) => {
      const byOrigin = await this.orders.followUpsByOriginIds(caller.shopId, ids);
      return ids.map((id) => byOrigin.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toOrderNode);
  }
}
