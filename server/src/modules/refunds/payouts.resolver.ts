import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { Order } from "../orders/order.entity";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OrderNode } from "../orders/order.types";
import { MAX_PAYOUT_REFERENCE, RefundPayouts } from "./payouts.service";
import { MarkRefundPaidPayload, RefundConnection, RefundFilter } from "./payouts.types";
import { RefundNode } from "./refund.types";

@Resolver(() => RefundNode)
export class PayoutsResolver {
  constructor(
    private readonly payouts: RefundPayouts,
    private readonly orders: OrderService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => RefundConnection, { description: "Your shop's refunds, newest first: the merchant's payout list." })
  async refunds(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => RefundFilter, { nullable: true, description: "Status and destination filters; all refunds when omitted." }) filter: RefundFilter | null,
  ) {
    const caller = requireCaller(ctx);
    return this.payouts.listRefunds(caller.shopId, { first: pageSize(first, this.maxPageSize), after, status: filter?.status, destination: filter?.destination });
  }

  @Query(() => RefundNode, { nullable: true, description: "One refund of your shop; null when there is none with this id." })
  async refund(@Arg("id", () => ID, { description: "The refund's id." }) id: string, @Ctx() ctx: RequestContext): Promise<RefundNode | null> {
    const caller = requireCaller(ctx);
    const refundId = parseId(id);
    return refundId === null ? null : this.payouts.findRefund(caller.shopId, refundId);
  }

  @Mutation(() => MarkRefundPaidPayload, {
    description: `READY_FOR_PAYOUT -> PAID: the money was sent. Records a REFUND_PAID event with who did it. Safe to repeat: on a refund already PAID it answers the refund as paid the first time and changes nothing. Any other status is refused with INVALID_TRANSITION; a payoutReference longer than ${MAX_PAYOUT_REFERENCE} characters with OUT_OF_RANGE.`,
  })
  async markRefundPaid(
    @Arg("refundId", () => ID, { description: "The refund paid." }) refundId: string,
    @Arg("payoutReference", () => String, { nullable: true, description: `Your reference for the transfer (e.g. the PIX end-to-end id), up to ${MAX_PAYOUT_REFERENCE} characters.` })
    payoutReference: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<MarkRefundPaidPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<MarkRefundPaidPayload>(async () => {
      const id = parseId(refundId);
      if (id === null) throw new UserInputError([userError("refundId", UserErrorCode.NOT_FOUND, "No refund with this id in your shop.")]);
      return { refund: await this.payouts.markRefundPaid(caller, id, payoutReference) };
    }, { refund: null });
  }

  @FieldResolver(() => OrderNode, { description: "The order refunded." })
  async order(@Root() refund: RefundNode, @Ctx() ctx: RequestContext): Promise<OrderNode> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order>("order.byId", async (ids) => {
      const byId = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? new Error(`Order ${id} not found`));
    });
    return toOrderNode(await loader.load(refund.orderId));
  }
}
