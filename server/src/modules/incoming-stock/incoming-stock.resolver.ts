import { GraphQLDate } from "graphql-scalars";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserInputError, mutationPayload, userError, UserErrorCode } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { CatalogService } from "../catalog/sku.service";
import { SkuNode } from "../catalog/sku.types";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OrderLineNode, OrderNode } from "../orders/order.types";
import { RESUMED_LISTED } from "../restock/restock.types";
import { skuNotFound } from "../stock/stock.service";
import { IncomingStockService } from "./incoming-stock.service";
import {
  AddIncomingStockInput,
  IncomingStockNode,
  IncomingStockPayload,
  isoDate,
  ReceiveIncomingStockPayload,
  toIncomingStockNode,
  UpdateIncomingStockInput,
  WaitingDemandNode,
} from "./incoming-stock.types";
import { IncomingStock } from "./incoming-stock.entity";

const deliveryId = (id: string): number => {
  const parsed = parseId(id);
  if (parsed === null) throw new UserInputError([userError("id", UserErrorCode.NOT_FOUND, "No incoming delivery with this id in your shop.")]);
  return parsed;
};

/** Per-request loaders: a page of skus or orders costs one query per table. */
const loaders = {
  expected: (ctx: RequestContext, service: IncomingStockService, caller: Caller) =>
    ctx.loaders.get<number, { order: string | null; lines: Map<number, string | null> }>("order.expectedRestock", async (ids) => {
      const expected = await service.expectedRestock(caller.shopId, ids);
      return ids.map((id) => ({ order: expected.orders.get(id) ?? null, lines: expected.lines }));
    }),
};

@Resolver()
export class IncomingStockResolver {
  constructor(
    private readonly incoming: IncomingStockService,
    private readonly catalog: CatalogService,
    private readonly orderService: OrderService,
  ) {}

  @Mutation(() => IncomingStockPayload, {
    description: "Records a delivery expected for a sku (\"entrada prevista\"). The waiting orders' expected restock dates count it at once.",
  })
  addIncomingStock(
    @Arg("input", () => AddIncomingStockInput, { description: "The sku, quantity, day and supplier reference." }) input: AddIncomingStockInput,
    @Ctx() ctx: RequestContext,
  ): Promise<IncomingStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<IncomingStockPayload>(async () => {
      const skuId = parseId(input.skuId);
      if (skuId === null) throw new UserInputError([skuNotFound()]);
      const delivery = await this.incoming.add(caller, {
        skuId,
        quantity: input.quantity,
        expectedOn: isoDate(input.expectedOn),
        supplierReference: input.supplierReference,
      });
      return this.result(caller, delivery);
    }, { incomingStock: null, sku: null });
  }

  @Mutation(() => IncomingStockPayload, { description: "Changes an expected (OPEN) delivery: quantity, day or supplier reference. RECEIVED and CANCELLED ones are refused (INVALID_TRANSITION)." })
  updateIncomingStock(
    @Arg("id", () => ID, { description: "The delivery." }) id: string,
    @Arg("input", () => UpdateIncomingStockInput, { description: "What changes; omitted fields stay." }) input: UpdateIncomingStockInput,
    @Ctx() ctx: RequestContext,
  ): Promise<IncomingStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<IncomingStockPayload>(async () => {
      const delivery = await this.incoming.update(caller, deliveryId(id), {
        quantity: input.quantity,
        expectedOn: input.expectedOn ? isoDate(input.expectedOn) : undefined,
        supplierReference: input.supplierReference,
      });
      return this.result(caller, delivery);
    }, { incomingStock: null, sku: null });
  }

  @Mutation(() => IncomingStockPayload, { description: "Calls off an expected (OPEN) delivery: it stops counting towards expected dates. Units already received stay in stock." })
  cancelIncomingStock(@Arg("id", () => ID, { description: "The delivery." }) id: string, @Ctx() ctx: RequestContext): Promise<IncomingStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<IncomingStockPayload>(async () => this.result(caller, await this.incoming.cancel(caller, deliveryId(id))), { incomingStock: null, sku: null });
  }

  @Mutation(() => ReceiveIncomingStockPayload, {
    description:
      "Goods of an expected delivery arrived: `quantity` units go into stock exactly like `restock` (the ledger, waiting orders served oldest first, orders resumed) and the delivery counts them, in one transaction. A delivery that has received its quantity (or more) is RECEIVED; otherwise the rest stays expected.",
  })
  receiveIncomingStock(
    @Arg("id", () => ID, { description: "The delivery." }) id: string,
    @Arg("quantity", () => Int, {
      description: "Units that arrived, 1 to 1,000,000; on hand may not pass 1,000,000,000 units per sku (STOCK_LIMIT_EXCEEDED, nothing changes).",
    })
    quantity: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ReceiveIncomingStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReceiveIncomingStockPayload>(
      async () => {
        const { delivery, offer } = await this.incoming.receive(caller, deliveryId(id), quantity);
        const resumed = await this.orderService.ordersByIds(caller.shopId, offer.resumedOrderIds.slice(0, RESUMED_LISTED));
        return { ...(await this.result(caller, delivery)), ordersResumed: resumed.map(toOrderNode), ordersResumedCount: offer.resumedOrderIds.length };
      },
      { incomingStock: null, sku: null, ordersResumed: [], ordersResumedCount: 0 },
    );
  }

  private async result(caller: Caller, delivery: IncomingStock) {
    const sku = (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [delivery.skuId])).get(delivery.skuId) ?? null;
    return { incomingStock: toIncomingStockNode(delivery), sku };
  }
}

/** A sku's incoming deliveries and the demand waiting for it. */
@Resolver(() => SkuNode)
export class SkuIncomingResolver {
  constructor(private readonly deliveries: IncomingStockService) {}

  @FieldResolver(() => [IncomingStockNode], { description: "The deliveries expected for this sku (OPEN), soonest first." })
  async incoming(@Root() sku: SkuNode, @Ctx() ctx: RequestContext): Promise<IncomingStockNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, IncomingStock[]>("sku.incoming", async (ids) => {
      const bySku = await this.deliveries.openBySkuIds(caller.shopId, ids);
      return ids.map((id) => bySku.get(id) ?? []);
    });
    return (await loader.load(Number(sku.id))).map(toIncomingStockNode);
  }

  @FieldResolver(() => WaitingDemandNode, { description: "The waiting orders (AWAITING_STOCK, ON_HOLD_FOR_RESTOCK) short of this sku, and the units they miss." })
  async waitingDemand(@Root() sku: SkuNode, @Ctx() ctx: RequestContext): Promise<WaitingDemandNode> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, WaitingDemandNode>("sku.waitingDemand", async (ids) => {
      const bySku = await this.deliveries.waitingDemand(caller.shopId, ids);
      return ids.map((id) => bySku.get(id) ?? { orderCount: 0, units: 0 });
    });
    return loader.load(Number(sku.id));
  }
}

/** When a waiting order, and each of its short lines, can expect its missing units. */
@Resolver(() => OrderNode)
export class OrderExpectedRestockResolver {
  constructor(private readonly incoming: IncomingStockService) {}

  @FieldResolver(() => GraphQLDate, {
    nullable: true,
    description:
      "For a waiting order (AWAITING_STOCK, ON_HOLD_FOR_RESTOCK): the day by which every missing unit can be expected, from its place in each sku's queue (oldest order first) against the stock available and the open incoming deliveries. Null when some missing unit is not covered by any delivery (\"sem previsão\"), and for an order that waits for nothing.",
  })
  async expectedRestockOn(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await loaders.expected(ctx, this.incoming, requireCaller(ctx)).load(Number(order.id))).order;
  }
}

@Resolver(() => OrderLineNode)
export class OrderLineExpectedResolver {
  constructor(private readonly incoming: IncomingStockService) {}

  @FieldResolver(() => GraphQLDate, {
    nullable: true,
    description: "For a short line of a waiting order: the day its missing units can be expected (see Order.expectedRestockOn). Null when no delivery covers them, or when nothing is missing.",
  })
  async expectedOn(@Root() line: OrderLineNode, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (line.short <= 0) return null;
    const expected = await loaders.expected(ctx, this.incoming, requireCaller(ctx)).load(line.orderId);
    return expected.lines.get(Number(line.id)) ?? null;
  }
}
