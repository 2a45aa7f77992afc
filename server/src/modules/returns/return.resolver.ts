import { GraphQLError } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { ErrorCode, mutationPayload, UserErrorCode, userError, UserInputError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { money } from "../../infra/graphql/money";
import { pageSize } from "../../infra/graphql/pagination";
import { Order } from "../orders/order.entity";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OrderNode } from "../orders/order.types";
import { OrderPageService } from "../order-page/order-page.service";
import { OrderPage } from "../order-page/order-page.types";
import { RefundLinkThrottled } from "../refunds/refund-link-throttle";
import { Shop } from "../shops/shop.entity";
import { ShopService } from "../shops/shop.service";
import { ReturnReason } from "./return.entity";
import { Returnable, ReturnService, ReturnView } from "./return.service";
import {
  OrderPageReturnNode,
  ReceiveReturnInput,
  ReceiveReturnPayload,
  RequestReturnFromOrderPageInput,
  RequestReturnFromOrderPagePayload,
  RequestReturnInput,
  ReturnConnection,
  ReturnFilter,
  ReturnNode,
  ReturnOptionsNode,
  ReturnPayload,
  ReturnReceiptPreviewNode,
} from "./return.types";

export const toReturnNode = ({ ret, lines }: ReturnView): ReturnNode => ({
  id: String(ret.id),
  status: ret.status,
  lines: lines.map((l) => ({
    id: String(l.id),
    orderLineId: String(l.orderLineId),
    skuCode: l.skuCode,
    name: l.name,
    quantity: l.quantity,
    reason: l.reason,
    quantityGood: l.quantityGood,
    quantityDamaged: l.quantityDamaged,
  })),
  note: ret.note,
  instructions: ret.instructions,
  refusalMessage: ret.refusalMessage,
  settlement: ret.settlement,
  refundId: ret.refundId === null ? null : String(ret.refundId),
  creditNoteId: ret.creditNoteId === null ? null : String(ret.creditNoteId),
  exchangeOrderId: ret.exchangeOrderId === null ? null : String(ret.exchangeOrderId),
  claimId: ret.claimId === null ? null : String(ret.claimId),
  withdrawal: ret.claimId !== null || lines.some((l) => l.reason === ReturnReason.WITHDRAWAL),
  requestedBy: { type: ret.requestedByType, id: ret.requestedById === null ? null : String(ret.requestedById), name: ret.requestedByName },
  requestedAt: ret.requestedAt,
  decidedAt: ret.decidedAt,
  receivedAt: ret.receivedAt,
  closedAt: ret.closedAt,
  orderId: ret.orderId,
});

const toOrderPageReturn = ({ ret, lines }: ReturnView): OrderPageReturnNode => ({
  status: ret.status,
  lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, reason: l.reason })),
  instructions: ret.instructions,
  refusalMessage: ret.refusalMessage,
  settlement: ret.settlement,
  requestedAt: ret.requestedAt,
});

const toOptions = (r: Returnable, now: Date): ReturnOptionsNode => ({
  lines: r.lines.map((l) => ({ orderLineId: String(l.line.id), skuCode: l.line.skuCode, name: l.line.name, delivered: l.delivered, returned: l.returned, claimed: l.claimed, returnable: l.returnable })),
  regretWindowDays: r.regretWindowDays,
  deliveredAt: r.deliveredAt,
  regretUntil: r.regretUntil,
  regretOpen: r.regretUntil !== null && now.getTime() <= r.regretUntil.getTime(),
});

const id = (value: string, field: string, what: string): number => {
  const parsed = parseId(value);
  if (parsed === null) throw new UserInputError([userError(field, UserErrorCode.NOT_FOUND, `No ${what} with this id in your shop.`)]);
  return parsed;
};

const THROTTLING = "Counted with the order page's own requests: each address may make 60 requests, and each link take 30, per 15 minutes (THROTTLED).";

/** Returns and exchanges: the merchant's queue and actions, and the customer's request on their order page. */
@Resolver(() => ReturnNode)
export class ReturnResolver {
  constructor(
    private readonly service: ReturnService,
    private readonly orders: OrderService,
    private readonly pages: OrderPageService,
    private readonly shops: ShopService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => ReturnConnection, { description: "The shop's returns, newest first." })
  async returns(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => ReturnFilter, { nullable: true, description: "Statuses and an order; everything when omitted." }) filter: ReturnFilter | null,
  ) {
    const caller = requireCaller(ctx);
    const orderId = filter?.orderId ? (parseId(filter.orderId) ?? 0) : null;
    const page = await this.service.listReturns(caller.shopId, { first: pageSize(first, this.maxPageSize), after, statuses: filter?.status, orderId });
    return { ...page, nodes: page.nodes.map(toReturnNode) };
  }

  @Query(() => ReturnNode, { nullable: true, description: "One return of your shop; null when there is none with this id." })
  async orderReturn(@Arg("id", () => ID, { description: "The return's id." }) returnId: string, @Ctx() ctx: RequestContext): Promise<ReturnNode | null> {
    const caller = requireCaller(ctx);
    const parsed = parseId(returnId);
    const view = parsed === null ? null : await this.service.findReturn(caller.shopId, parsed);
    return view && toReturnNode(view);
  }

  @Query(() => ReturnReceiptPreviewNode, {
    description: "What receiving a return as given would do now: good units back in stock and the waiting orders they serve, damaged units, the refund or the exchange and whether it is in stock. Changes nothing; refusals are BAD_USER_INPUT errors.",
  })
  async returnReceiptPreview(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("input", () => ReceiveReturnInput, { description: "What arrived and how it would be settled." }) input: ReceiveReturnInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReturnReceiptPreviewNode> {
    const caller = requireCaller(ctx);
    try {
      const preview = await this.service.receiptPreview(caller.shopId, id(returnId, "returnId", "return"), input);
      return {
        ...preview,
        backToStock: preview.backToStock.map((b) => ({ ...b, skuId: String(b.skuId) })),
        refundAmount: money(preview.refundAmount, preview.currency),
      };
    } catch (error) {
      if (error instanceof UserInputError) throw new GraphQLError(error.message, { extensions: { code: ErrorCode.BAD_USER_INPUT, userErrors: error.errors } });
      throw error;
    }
  }

  @Mutation(() => ReturnPayload, {
    description:
      "A return request for a DELIVERED order (the order itself does not change). Each line at most what was delivered and is not yet returned or claimed missing (EXCEEDS_RETURNABLE); REGRET only within 7 days of delivery for BRL shops (CDC art. 49), 14 otherwise (RETURN_WINDOW_CLOSED). Other orders: INVALID_TRANSITION. Nothing changes on a refusal.",
  })
  async requestReturn(
    @Arg("orderId", () => ID, { description: "The delivered order." }) orderId: string,
    @Arg("input", () => RequestReturnInput, { description: "What comes back and why." }) input: RequestReturnInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReturnPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReturnPayload>(async () => ({ return: toReturnNode(await this.service.requestReturn(caller, id(orderId, "orderId", "order"), input)) }), { return: null });
  }

  @Mutation(() => ReturnPayload, { description: "REQUESTED -> APPROVED with the instructions for sending the goods back (shown to the customer). Other statuses: INVALID_TRANSITION." })
  async approveReturn(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("instructions", { description: "How to send the goods back (at most 2000 characters)." }) instructions: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReturnPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReturnPayload>(async () => ({ return: toReturnNode(await this.service.approveReturn(caller, id(returnId, "returnId", "return"), instructions)) }), { return: null });
  }

  @Mutation(() => ReturnPayload, { description: "REQUESTED -> REFUSED with a message for the customer. Final; nothing else changes. Other statuses: INVALID_TRANSITION." })
  async refuseReturn(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("message", { description: "Why (at most 1000 characters)." }) message: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReturnPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReturnPayload>(async () => ({ return: toReturnNode(await this.service.refuseReturn(caller, id(returnId, "returnId", "return"), message)) }), { return: null });
  }

  @Mutation(() => ReceiveReturnPayload, {
    description:
      "APPROVED -> RECEIVED: good units go back to stock (a RETURN movement) and are offered at once to waiting orders, oldest first; damaged units are recorded only. Settled in the same transaction: REFUND (what was paid for the units received, never more than is left, with a credit note; a withdrawal refunds everything paid, shipping included) or EXCHANGE (a follow-up order of kind EXCHANGE, nothing charged, reserving its skus at once or waiting for stock FIFO).",
  })
  async receiveReturn(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("input", () => ReceiveReturnInput, { description: "What arrived and how it is settled." }) input: ReceiveReturnInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ReceiveReturnPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReceiveReturnPayload>(
      async () => {
        const received = await this.service.receiveReturn(caller, id(returnId, "returnId", "return"), input);
        const resumed = await this.orders.ordersByIds(caller.shopId, received.offer.resumedOrderIds);
        return { return: toReturnNode(received.view), ordersResumed: resumed.map(toOrderNode), refundLink: received.refundLink };
      },
      { return: null, ordersResumed: [], refundLink: null },
    );
  }

  @Mutation(() => ReturnPayload, { description: "RECEIVED -> CLOSED: the shop files a settled return. Other statuses: INVALID_TRANSITION." })
  async closeReturn(@Arg("returnId", () => ID, { description: "The return." }) returnId: string, @Ctx() ctx: RequestContext): Promise<ReturnPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReturnPayload>(async () => ({ return: toReturnNode(await this.service.closeReturn(caller, id(returnId, "returnId", "return"))) }), { return: null });
  }

  @Mutation(() => RequestReturnFromOrderPagePayload, {
    description: `Public, no sign-in: the customer asks for a return of their delivered order on their order page, with the same rules as requestReturn. ${THROTTLING}`,
  })
  async requestReturnFromOrderPage(
    @Arg("input", () => RequestReturnFromOrderPageInput, { description: "The token, what comes back and why." }) input: RequestReturnFromOrderPageInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RequestReturnFromOrderPagePayload> {
    try {
      const opened = await this.pages.admitOrder(input.token, ctx.clientAddress ?? null);
      if (!opened) return { return: null, userErrors: [userError("token", UserErrorCode.NOT_FOUND, "This link does not open any order.")], retryAfterSeconds: null };
      const shop = (await this.shops.findShop(opened.shopId)) as Shop;
      const caller: Caller = {
        shopId: shop.id,
        shopCurrency: shop.currency,
        shopLocale: shop.locale,
        actor: { type: "CUSTOMER", id: null, name: null },
        staffUserId: null,
        sessionTokenHash: null,
      };
      const result = await mutationPayload<{ return: OrderPageReturnNode | null; userErrors: never[] }>(
        async () => ({ return: toOrderPageReturn(await this.service.requestReturn(caller, opened.orderId, { lines: input.lines, note: input.note })) }),
        { return: null },
      );
      return { ...result, retryAfterSeconds: null };
    } catch (error) {
      if (error instanceof RefundLinkThrottled) {
        return { return: null, userErrors: [userError(null, UserErrorCode.THROTTLED, error.message)], retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
  }

  @FieldResolver(() => OrderNode, { description: "The order the goods came from." })
  async order(@Root() ret: ReturnNode, @Ctx() ctx: RequestContext): Promise<OrderNode> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order>("order.byId", async (ids) => {
      const byId = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? new Error(`Order ${id} not found`));
    });
    return toOrderNode(await loader.load(ret.orderId));
  }

  @FieldResolver(() => OrderNode, { nullable: true, description: "The exchange order (EXCHANGE settlement)." })
  async exchangeOrder(@Root() ret: ReturnNode, @Ctx() ctx: RequestContext): Promise<OrderNode | null> {
    if (!ret.exchangeOrderId) return null;
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order | null>("order.byIdOrNull", async (ids) => {
      const byId = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    const order = await loader.load(Number(ret.exchangeOrderId));
    return order && toOrderNode(order);
  }
}

/** An order's returns and what can still be returned of it. */
@Resolver(() => OrderNode)
export class OrderReturnsResolver {
  constructor(
    private readonly service: ReturnService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  @FieldResolver(() => [ReturnNode], { description: "Returns of this order, oldest first." })
  async returns(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<ReturnNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, ReturnView[]>("order.returns", async (ids) => {
      const byOrder = await this.service.returnsByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toReturnNode);
  }

  @FieldResolver(() => ReturnOptionsNode, { description: "What can be returned of this order now (nothing unless it is DELIVERED), and the regret window." })
  async returnOptions(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<ReturnOptionsNode> {
    const caller = requireCaller(ctx);
    const returnable = await this.service.returnable(caller.shopId, Number(order.id));
    if (!returnable) throw new Error(`Order ${order.id} not found`);
    return toOptions(returnable, this.now());
  }
}

/** The customer's part: their returns and what they may still return, on their order page. */
@Resolver(() => OrderPage)
export class OrderPageReturnsResolver {
  constructor(
    private readonly service: ReturnService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  @FieldResolver(() => [OrderPageReturnNode], { description: "The order's returns, oldest first." })
  async returns(@Root() page: OrderPage): Promise<OrderPageReturnNode[]> {
    return ((await this.service.returnsByOrderIds(page.shopId, [page.orderId])).get(page.orderId) ?? []).map(toOrderPageReturn);
  }

  @FieldResolver(() => ReturnOptionsNode, { description: "What the customer may still return (nothing unless the order is DELIVERED), and the regret window." })
  async returnOptions(@Root() page: OrderPage): Promise<ReturnOptionsNode> {
    const returnable = await this.service.returnable(page.shopId, page.orderId);
    if (!returnable) throw new Error("Order not found");
    return toOptions(returnable, this.now());
  }
}
