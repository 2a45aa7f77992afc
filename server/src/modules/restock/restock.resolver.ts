import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { EVENT_BUS, EventBus, RESYNC_REQUIRED, SUBSCRIBER_QUEUE_LIMIT, shopTopic, subscriptionService } from "../../infra/graphql/pubsub";
import { Caller, RequestContext, requireCaller, startSubscriptionEvent } from "../../infra/graphql/context";
import { UserInputError, badUserInput, mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { CatalogService } from "../catalog/sku.service";
import { SkuNode } from "../catalog/sku.types";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OfferResult, STOCK_OFFERED, StockOffered } from "../orders/waiting-orders";
import { skuNotFound } from "../stock/stock.service";
import { RestockService } from "./restock.service";
import { AdjustStockPayload, RESUMED_LISTED, RestockPayload, RestockPreviewNode, RestockUpdateNode } from "./restock.types";

@Resolver()
export class RestockResolver {
  constructor(
    private readonly restocks: RestockService,
    private readonly catalog: CatalogService,
    private readonly orderService: OrderService,
  ) {}

  @Mutation(() => RestockPayload, {
    description: "Goods received: adds `quantity` to the sku's stock on hand and serves the orders waiting for it, oldest first; orders with every line allocated resume (READY).",
  })
  restock(
    @Arg("skuId", () => ID, { description: "The sku received." }) skuId: string,
    @Arg("quantity", () => Int, {
      description: "Units received, 1 to 1000000. On hand may not pass 1,000,000,000 units per sku: a restock that would is refused (STOCK_LIMIT_EXCEEDED) and changes nothing.",
    })
    quantity: number,
    @Arg("note", () => String, { nullable: true, description: "For the stock ledger, e.g. the supplier's invoice; up to 255 characters. Control characters are removed, line breaks kept." }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RestockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<RestockPayload>(
      async () => this.result(caller, skuId, (id) => this.restocks.restock(caller, id, quantity, note)),
      { sku: null, ordersResumed: [], ordersResumedCount: 0 },
    );
  }

  @Mutation(() => AdjustStockPayload, {
    description:
      "Changes a sku's on-hand stock by `delta` (negative to remove). On hand can never drop below what is allocated to orders; added stock serves waiting orders like a restock.",
  })
  adjustStock(
    @Arg("skuId", () => ID, { description: "The sku whose stock changes." }) skuId: string,
    @Arg("delta", () => Int, {
      description:
        "Units to add (positive) or remove (negative), at most 1000000 either way. On hand may not pass 1,000,000,000 units per sku (STOCK_LIMIT_EXCEEDED) nor drop below what is allocated (INSUFFICIENT_STOCK).",
    })
    delta: number,
    @Arg("reason", { description: "Why, for the stock ledger (e.g. 'inventory count'), up to 255 characters. Control characters are removed, line breaks kept." }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AdjustStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<AdjustStockPayload>(
      async () => this.result(caller, skuId, (id) => this.restocks.adjustStock(caller, id, delta, reason)),
      { sku: null, ordersResumed: [], ordersResumedCount: 0 },
    );
  }

  @Subscription(() => RestockUpdateNode, {
    description: `Stock that arrived for these skus (all of your shop's when omitted) and the orders it resumed. Delivered at least once, in order. Ends with a GraphQL error of code ${RESYNC_REQUIRED} when more than ${SUBSCRIBER_QUEUE_LIMIT} pushes wait for this subscriber: read your queries again and subscribe again.`,
    subscribe: ({ args, context, info }) => {
      const skuIds = (args.skuIds as string[] | null | undefined)?.length ? new Set(args.skuIds as string[]) : null;
      return subscriptionService<EventBus>(info, EVENT_BUS).subscribe<StockOffered>(shopTopic(STOCK_OFFERED, requireCaller(context as RequestContext).shopId), {
        accept: (offered) => !skuIds || skuIds.has(String(offered.skuId)),
      });
    },
  })
  async restockUpdates(
    @Root() offered: StockOffered,
    @Arg("skuIds", () => [ID], { nullable: true, description: "Only these skus." }) _skuIds: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RestockUpdateNode> {
    startSubscriptionEvent(ctx);
    const caller = requireCaller(ctx);
    const sku = (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [offered.skuId])).get(offered.skuId);
    if (!sku) throw new Error(`Sku ${offered.skuId} vanished`);
    const partial = offered.partiallyServedOrderIds ?? [];
    const listed = await this.orderService.ordersByIds(caller.shopId, [...offered.resumedOrderIds.slice(0, RESUMED_LISTED), ...partial.slice(0, RESUMED_LISTED)]);
    const resumedIds = new Set(offered.resumedOrderIds.slice(0, RESUMED_LISTED));
    return {
      sku,
      unitsAllocated: offered.unitsAllocated,
      ordersResumed: listed.filter((o) => resumedIds.has(o.id)).map(toOrderNode),
      ordersResumedCount: offered.resumedOrderIds.length,
      ordersPartiallyServed: listed.filter((o) => !resumedIds.has(o.id)).map(toOrderNode),
      ordersPartiallyServedCount: offered.partiallyServedCount ?? partial.length,
    };
  }

  @Query(() => RestockPreviewNode, { description: "What restocking `quantity` units of a sku would do now: orders resumed and units left. Changes nothing." })
  async restockPreview(
    @Arg("skuId", () => ID, { description: "The sku." }) skuId: string,
    @Arg("quantity", () => Int, { description: "Units that would arrive, 1 to 1000000, on hand staying within 1,000,000,000." }) quantity: number,
    @Ctx() ctx: RequestContext,
  ): Promise<RestockPreviewNode> {
    const caller = requireCaller(ctx);
    const id = parseId(skuId);
    const sku = id === null ? undefined : (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [id])).get(id);
    if (!sku) throw badUserInput(skuNotFound().message, "skuId");
    try {
      const preview = await this.restocks.preview(caller.shopId, id!, quantity);
      return {
        sku,
        quantity,
        ordersResumed: preview.resumed,
        ordersPartiallyServed: preview.partiallyServed,
        unitsAllocated: preview.unitsAllocated,
        unitsLeftAvailable: preview.unitsLeftAvailable,
      };
    } catch (error) {
      if (error instanceof UserInputError) throw badUserInput(error.message, error.errors[0]?.field ?? undefined);
      throw error;
    }
  }

  private async result(
    caller: Caller,
    skuId: string,
    change: (skuId: number) => Promise<OfferResult>,
  ): Promise<{ sku: SkuNode | null; ordersResumed: ReturnType<typeof toOrderNode>[]; ordersResumedCount: number }> {
    const id = parseId(skuId);
    if (id === null) throw new UserInputError([skuNotFound()]);
    const offered = await change(id);
    const sku = (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [id])).get(id) ?? null;
    const resumed = await this.orderService.ordersByIds(caller.shopId, offered.resumedOrderIds.slice(0, RESUMED_LISTED));
    return { sku, ordersResumed: resumed.map(toOrderNode), ordersResumedCount: offered.resumedOrderIds.length };
  }
}
