import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { GraphQLResolveInfo } from "graphql";
import { selects } from "../../infra/graphql/selection";
import { andThen, Caller, RequestContext, requireCaller, startSubscriptionEvent } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { Page, pageSize } from "../../infra/graphql/pagination";
import { parseId } from "../../infra/graphql/ids";
import { CatalogService } from "../catalog/sku.service";
import { SkuNode } from "../catalog/sku.types";
import { Customer } from "../customers/customer.entity";
import { CustomerService, toCustomerNode } from "../customers/customer.service";
import { CustomerNode } from "../customers/customer.types";
import { money, Money } from "../../infra/graphql/money";
import { RefundService } from "../refunds/refund.service";
import { RefundLineNode, RefundNode } from "../refunds/refund.types";
import { Order } from "./order.entity";
import { LIVE_BATCH, RESYNC_REQUIRED, SUBSCRIBER_QUEUE_LIMIT, subscriptionService } from "../../infra/graphql/pubsub";
import { SUMMARY_EVERY_MS } from "../../infra/outbox/outbox";
import { badUserInput } from "../../infra/graphql/errors";
import { OrderChanged, OrdersChanged } from "./order-events";
import { OrderPushReads } from "./order-push-reads";
import { CATCH_UP_LIMIT, ORDER_FEED_MAX_LAG_MS, ORDERS_CHANGED_INTERVAL_MS, OrderFeed, REPLAY_LIMIT } from "./order-feed";
import { OrdersChangedNode, parseCursor, toOrdersChangedNode } from "./order-feed.types";
import { allowedResolutions, Resolution } from "./resolution";
import { OrdersWithoutStockFilter, OrdersWithoutStockOrder } from "./resolution.types";
import { PageWithLines, QueueFilter } from "./order.service";
import { OrderLine } from "./order-line.entity";
import { toOrderEventNode, toOrderLineNode, toOrderNode } from "./order.mappers";
import { OrderService } from "./order.service";
import {
  OrderConnection,
  OrderEventNode,
  OrderFilter,
  OrderLineNode,
  OrderNode,
  PlaceOrderInput,
  PlaceOrderPayload,
} from "./order.types";

/** Per-request batch loaders: a page of orders costs one query per relation, whatever its size. */
const loaders = {
  lines: (ctx: RequestContext, orders: OrderService, caller: Caller) =>
    ctx.loaders.get<number, OrderLine[]>("order.lines", async (ids) => {
      const byOrder = await orders.linesByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    }),
  customers: (ctx: RequestContext, customers: CustomerService, caller: Caller) =>
    ctx.loaders.get<number, Customer>("customer.byId", async (ids) => {
      const byId = await customers.customersByIds(caller.shopId, ids);
      return ids.map((id) => byId.get(id) ?? new Error(`Customer ${id} not found`));
    }),
  refunds: (ctx: RequestContext, refunds: RefundService, caller: Caller) =>
    ctx.loaders.get<number, RefundNode[]>("order.refunds", async (ids) => {
      const byOrder = await refunds.refundsByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    }),
  skus: (ctx: RequestContext, catalog: CatalogService, caller: Caller) =>
    ctx.loaders.get<number, SkuNode>("sku.byId", async (ids) => {
      const byId = await catalog.skusByIds(caller.shopId, caller.shopCurrency, ids);
      return ids.map((id) => byId.get(id) ?? new Error(`Sku ${id} not found`));
    }),
};

/** The queue's filter as the service takes it (an id that is no sku's matches nothing). */
export const queueFilter = (filter: OrdersWithoutStockFilter | null | undefined): QueueFilter => ({
  status: filter?.status ?? null,
  skuId: filter?.skuId ? parseId(filter.skuId) ?? -1 : null,
  search: filter?.search ?? null,
});

const toConnection = (page: Page<Order>) => ({ ...page, nodes: page.nodes.map(toOrderNode) });

/** A page's connection, with the lines read with it handed to the request's lines loader. */
const pageConnection = (ctx: RequestContext, services: { orders: OrderService; customers: CustomerService; catalog: CatalogService }, page: PageWithLines) => {
  const caller = requireCaller(ctx);
  if (page.lines) {
    const loader = loaders.lines(ctx, services.orders, caller);
    for (const [orderId, lines] of page.lines) loader.prime(orderId, lines);
  }
  if (page.customers) {
    const loader = loaders.customers(ctx, services.customers, caller);
    for (const [id, customer] of page.customers) loader.prime(id, customer);
  }
  if (page.skus) {
    const loader = loaders.skus(ctx, services.catalog, caller);
    for (const [id, sku] of page.skus) loader.prime(id, sku);
  }
  return toConnection(page);
};

/** What a page reads in its own round trip: the count, the lines, the customers and the lines' skus, when the client selects them. */
const pageReads = (info: GraphQLResolveInfo, caller: Caller) => ({
  currency: caller.shopCurrency,
  withCount: selects(info, "totalCount") || selects(info, "totalCountIsExact"),
  withLines: ["lines", "missingQuantity", "allowedResolutions"].some((field) => selects(info, "nodes", field)),
  withCustomers: selects(info, "nodes", "customer"),
  withSkus: selects(info, "nodes", "lines", "sku"),
});


@Resolver(() => OrderNode)
export class OrderResolver {
  constructor(
    private readonly orderService: OrderService,
    private readonly customers: CustomerService,
    private readonly refundService: RefundService,
    private readonly maxPageSize: number,
    catalog: CatalogService,
  ) {
    this.pushedOrders = new OrderPushReads(orderService);
    this.pageServices = { orders: orderService, customers, catalog };
  }

  /** What a page's own round trip reads from (pageConnection). */
  private readonly pageServices: { orders: OrderService; customers: CustomerService; catalog: CatalogService };

  /** The orders of `orderUpdated` pushes, read once per change for all its subscribers. */
  private readonly pushedOrders: OrderPushReads;

  @Query(() => OrderNode, { nullable: true, description: "One order of your shop; null when there is none with this id." })
  async order(@Arg("id", () => ID, { description: "The order's id." }) id: string, @Ctx() ctx: RequestContext): Promise<OrderNode | null> {
    const caller = requireCaller(ctx);
    const orderId = parseId(id);
    const order = orderId === null ? null : await this.orderService.findOrder(caller.shopId, orderId);
    return order && toOrderNode(order);
  }

  @Query(() => OrderConnection, { description: "Your shop's orders, newest first." })
  async orders(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => OrderFilter, { nullable: true, description: "Status and search filters; all orders when omitted." }) filter: OrderFilter | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    const caller = requireCaller(ctx);
    return pageConnection(ctx, this.pageServices, await this.orderService.listOrders(caller.shopId, { first: pageSize(first, this.maxPageSize), after, filter, ...pageReads(info, caller) }));
  }

  @Query(() => OrderConnection, {
    description:
      "The orders without stock (AWAITING_STOCK and ON_HOLD_FOR_RESTOCK), the merchant's work queue, in the order arriving stock serves them: orders marked priority first (setOrderPriority; by when they were marked), then oldest first.",
  })
  async ordersWithoutStock(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => OrdersWithoutStockFilter, { nullable: true, description: "Only one of the two statuses, only orders short of one sku, or only those the search matches." })
    filter: OrdersWithoutStockFilter | null,
    @Arg("orderBy", () => OrdersWithoutStockOrder, {
      nullable: true,
      description: "Another order than the serving order (the default): by when the order arrived, its value or its missing units. A cursor is valid only with the sort it came from.",
    })
    orderBy: OrdersWithoutStockOrder | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    const caller = requireCaller(ctx);
    return pageConnection(
      ctx,
      this.pageServices,
      await this.orderService.listOrdersWithoutStock(caller.shopId, { first: pageSize(first, this.maxPageSize), after, ...queueFilter(filter), orderBy, ...pageReads(info, caller) }),
    );
  }

  @Mutation(() => PlaceOrderPayload, {
    description:
      "Takes an order in and reserves stock for it at once. Lines that cannot be fully served are short and the order is AWAITING_STOCK; otherwise it is READY.",
  })
  async placeOrder(@Arg("input", () => PlaceOrderInput, { description: "The order to take in." }) input: PlaceOrderInput, @Ctx() ctx: RequestContext): Promise<PlaceOrderPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<PlaceOrderPayload>(
      async () => {
        const placed = await this.orderService.placeOrder(caller, input);
        // The response needs nothing the intake did not already have in hand.
        if (placed.lines.length) loaders.lines(ctx, this.orderService, caller).prime(placed.order.id, placed.lines);
        if (placed.customer) loaders.customers(ctx, this.customers, caller).prime(placed.customer.id, placed.customer);
        return { order: toOrderNode(placed.order) };
      },
      { order: null },
    );
  }

  @Subscription(() => OrderNode, {
    description: `The order as it is after each change (placed, put on hold, resumed, resolved, cancelled...), with the change's \`cursor\`. Without orderId, every order of your shop; a subscriber that falls behind then gets each order's latest change once, not every intermediate one. Delivered at least once, in order of the changes. With \`since\` (a \`cursor\` of an earlier push), the changes committed after it are replayed first (at most ${REPLAY_LIMIT} events), then live ones follow without a gap (a change may come twice). When more than ${SUBSCRIBER_QUEUE_LIMIT} pushes wait for this subscriber, or (without orderId) a change has waited more than ${ORDER_FEED_MAX_LAG_MS} ms to be sent to it because changes come faster than the server can send them, it catches up from the change log after the last push it was given (at most ${CATCH_UP_LIMIT} events). Ends with a GraphQL error of code ${RESYNC_REQUIRED} when it is further behind than that, or fell behind before its first push: read your queries again and subscribe again.`,
    subscribe: ({ args, context, info }) => {
      const caller = requireCaller(context as RequestContext);
      const orderId = args.orderId ? parseId(args.orderId) : null;
      if (args.orderId && orderId === null) throw badUserInput("`orderId` is not an order id.", "orderId");
      return subscriptionService(info, OrderFeed).orderChanges(caller.shopId, orderId, parseCursor(args.since));
    },
  })
  async orderUpdated(
    @Root() change: OrderChanged,
    @Arg("orderId", () => ID, { nullable: true, description: "Only this order." }) _orderId: string | null,
    @Arg("since", () => ID, { nullable: true, description: "Resume after this cursor (the `cursor` of the last push you received)." }) _since: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderNode> {
    startSubscriptionEvent(ctx);
    const order = await this.pushedOrders.order(requireCaller(ctx).shopId, change.orderId, change.eventId);
    if (!order) throw new Error(`Order ${change.orderId} vanished`);
    return { ...toOrderNode(order), cursor: String(change.eventId) } as OrderNode;
  }

  @Subscription(() => OrdersChangedNode, {
    description: `The light signal for screens that only need to know that orders changed (a queue, a count): once per delivery of your shop's order events (a burst read in batches of ${LIVE_BATCH}: at most every ${SUMMARY_EVERY_MS} ms and at its end; what a subscriber has not read yet is merged into one push) and at most once per ${ORDERS_CHANGED_INTERVAL_MS} ms (changes within that time come merged in the next push), how many orders changed, the first of their ids, and the cursor; nothing is read from the database per push. Without \`since\`, the first push carries the current cursor and no orders. With \`since\`, the changes committed after it are replayed first (at most ${REPLAY_LIMIT} events), then live ones follow without a gap. Ends with a GraphQL error of code ${RESYNC_REQUIRED} when more than ${SUBSCRIBER_QUEUE_LIMIT} pushes wait for this subscriber or there is more than the limit to replay: read your queries again and subscribe again.`,
    subscribe: ({ args, context, info }) =>
      subscriptionService(info, OrderFeed).ordersChanged(requireCaller(context as RequestContext).shopId, parseCursor(args.since)),
  })
  ordersChanged(
    @Root() changed: OrdersChanged,
    @Arg("since", () => ID, { nullable: true, description: "Resume after this cursor (the `cursor` of the last push you received)." }) _since: string | null,
  ): OrdersChangedNode {
    return toOrdersChangedNode(changed);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: "In an `orderUpdated` push: the cursor of the change pushed (pass it as `since` to resume after it). Null in queries and mutations.",
  })
  cursor(@Root() order: OrderNode & { cursor?: string }): string | null {
    return order.cursor ?? null;
  }

  @FieldResolver(() => CustomerNode, { description: "Who placed the order." })
  customer(@Root() order: OrderNode, @Ctx() ctx: RequestContext): CustomerNode | Promise<CustomerNode> {
    return andThen(loaders.customers(ctx, this.customers, requireCaller(ctx)).load(order.customerId), toCustomerNode);
  }

  @FieldResolver(() => [OrderLineNode], { description: "The order's lines, in the order they were given." })
  lines(@Root() order: OrderNode, @Ctx() ctx: RequestContext): OrderLineNode[] | Promise<OrderLineNode[]> {
    return andThen(loaders.lines(ctx, this.orderService, requireCaller(ctx)).load(Number(order.id)), (lines) => lines.map((l) => toOrderLineNode(l, order.currency)));
  }

  @FieldResolver(() => Int, { description: "Units still missing across all lines (sum of short)." })
  missingQuantity(@Root() order: OrderNode, @Ctx() ctx: RequestContext): number | Promise<number> {
    return andThen(loaders.lines(ctx, this.orderService, requireCaller(ctx)).load(Number(order.id)), (lines) => lines.reduce((sum, l) => sum + l.short, 0));
  }

  @FieldResolver(() => [RefundNode], { description: "The order's refunds, oldest first." })
  async refunds(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<RefundNode[]> {
    return loaders.refunds(ctx, this.refundService, requireCaller(ctx)).load(Number(order.id));
  }

  @FieldResolver(() => Money, { description: "Sum of the order's refunds." })
  async refundedTotal(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<Money> {
    const refunds = await loaders.refunds(ctx, this.refundService, requireCaller(ctx)).load(Number(order.id));
    return money(
      refunds.reduce((sum, r) => sum + r.amount.amount, 0),
      order.currency,
    );
  }

  @FieldResolver(() => [Resolution], {
    description: "The resolutions the merchant may choose now (empty once the order is shipped, delivered or cancelled, or once the customer chose on their order page).",
  })
  allowedResolutions(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Resolution[] | Promise<Resolution[]> {
    if (order.resolvedBy === "CUSTOMER") return [];
    return andThen(loaders.lines(ctx, this.orderService, requireCaller(ctx)).load(Number(order.id)), (lines) => allowedResolutions(order, lines));
  }

  @FieldResolver(() => [OrderEventNode], { description: "The order's timeline, oldest first." })
  async events(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<OrderEventNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, OrderEventNode[]>("order.events", async (ids) => {
      const byOrder = await this.orderService.eventsByOrderIds(caller.shopId, ids);
      return ids.map((id) => (byOrder.get(id) ?? []).map(toOrderEventNode));
    });
    return loader.load(Number(order.id));
  }
}

@Resolver(() => RefundLineNode)
export class RefundLineResolver {
  constructor(private readonly orderService: OrderService) {}

  @FieldResolver(() => OrderLineNode, { description: "The order line paid back." })
  async orderLine(@Root() refundLine: RefundLineNode, @Ctx() ctx: RequestContext): Promise<OrderLineNode> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, OrderLine>("orderLine.byId", async (ids) => {
      const byId = await this.orderService.linesByIds(caller.shopId, ids);
      return ids.map((id) => byId.get(id) ?? new Error(`Order line ${id} not found`));
    });
    return toOrderLineNode(await loader.load(refundLine.orderLineId), caller.shopCurrency);
  }
}

@Resolver(() => OrderLineNode)
export class OrderLineResolver {
  constructor(private readonly catalog: CatalogService) {}

  @FieldResolver(() => SkuNode, { description: "The sku as it is now (price and stock may have changed since the order)." })
  sku(@Root() line: OrderLineNode, @Ctx() ctx: RequestContext): SkuNode | Promise<SkuNode> {
    return loaders.skus(ctx, this.catalog, requireCaller(ctx)).load(line.skuId);
  }
}
