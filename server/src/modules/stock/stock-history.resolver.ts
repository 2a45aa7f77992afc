import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { OrderService } from "../orders/order.service";
import { ActorType } from "../orders/order-event.entity";
import { StockService } from "./stock.service";
import { StockMovementConnection, StockMovementFilter, StockMovementNode } from "./stock-history.types";

@Resolver()
export class StockHistoryResolver {
  constructor(
    private readonly stock: StockService,
    private readonly orders: OrderService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => StockMovementConnection, {
    description: "A sku's stock history (its ledger), newest first: who changed its stock, when, why and for which order. Another shop's sku has no rows.",
  })
  async stockMovements(
    @Ctx() ctx: RequestContext,
    @Arg("skuId", () => ID, { description: "The sku." }) skuId: string,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => StockMovementFilter, { nullable: true, description: "Kinds and a time range; everything when omitted." }) filter: StockMovementFilter | null,
  ) {
    const caller = requireCaller(ctx);
    const id = parseId(skuId) ?? 0;
    const page = await this.stock.history(caller.shopId, id, { first: pageSize(first, this.maxPageSize), after, kinds: filter?.kinds, from: filter?.from, to: filter?.to });
    // Two queries for the page's orders, whatever its size.
    const lineIds = [...new Set(page.nodes.flatMap((n) => (n.orderLineId === null ? [] : [n.orderLineId])))];
    const lines = await this.orders.linesByIds(caller.shopId, lineIds);
    const orders = new Map((await this.orders.ordersByIds(caller.shopId, [...new Set([...lines.values()].map((l) => l.orderId))])).map((o) => [o.id, o]));
    const nodes: StockMovementNode[] = page.nodes.map((n) => {
      const line = n.orderLineId === null ? undefined : lines.get(n.orderLineId);
      const order = line ? orders.get(line.orderId) : undefined;
      return {
        id: String(n.id),
        kind: n.kind,
        quantity: n.quantity,
        onHandDelta: n.onHandDelta,
        allocatedDelta: n.allocatedDelta,
        reason: n.reason,
        actor: { type: n.actorType as ActorType, id: n.actorId === null ? null : String(n.actorId), name: n.actorName },
        orderId: order ? String(order.id) : null,
        orderNumber: order ? order.number : null,
        createdAt: n.createdAt,
      };
    });
    return { ...page, nodes };
  }
}
