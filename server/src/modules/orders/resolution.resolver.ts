import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserInputError, mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { money } from "../../infra/graphql/money";
import { ApologyCouponInput, toCouponNode } from "../coupons/coupon.types";
import { RefundDestination } from "../refunds/refund.entity";
import { RefundService } from "../refunds/refund.service";
import { toOrderLineNode, toOrderNode } from "./order.mappers";
import { Resolution } from "./resolution";
import { orderNotFound, ResolutionService, ResolveOptions } from "./resolution.service";
import { ResolutionPreviewNode, ResolveOrderPayload } from "./resolution.types";

@Resolver()
export class ResolutionResolver {
  constructor(
    private readonly resolutions: ResolutionService,
    private readonly refunds: RefundService,
  ) {}

  @Query(() => ResolutionPreviewNode, {
    description: "Exactly what a resolution would cancel, release and refund for an order, or why it is not allowed. Changes nothing.",
  })
  async resolutionPreview(
    @Arg("orderId", () => ID, { description: "The order." }) orderId: string,
    @Arg("resolution", () => Resolution, { description: "The resolution to preview." }) resolution: Resolution,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolutionPreviewNode> {
    const caller = requireCaller(ctx);
    const id = parseId(orderId);
    const { plan, userErrors } = id === null ? { plan: null, userErrors: [orderNotFound()] } : await this.resolutions.preview(caller.shopId, id, resolution);
    const currency = caller.shopCurrency;
    const refundOf = new Map(plan?.refund?.lines.map((l) => [l.orderLineId, l.amount]) ?? []);
    return {
      resolution,
      resultingStatus: plan?.resultingStatus ?? null,
      lines:
        plan?.lines.map((p) => ({
          orderLine: toOrderLineNode(p.line, currency),
          cancelQuantity: p.cancel,
          releaseQuantity: p.release,
          keepQuantity: p.keep,
          refundAmount: money(refundOf.get(p.line.id) ?? 0, currency),
        })) ?? [],
      refundAmount: money(plan?.refund?.amount ?? 0, currency),
      refundShippingAmount: money(plan?.refund?.shippingAmount ?? 0, currency),
      userErrors,
    };
  }

  @Mutation(() => ResolveOrderPayload, {
    description: "AWAITING_STOCK -> ON_HOLD_FOR_RESTOCK: the order keeps what it has and resumes by itself when every line is allocated.",
  })
  holdOrderForRestock(
    @Arg("orderId", () => ID, { description: "The order." }) orderId: string,
    @Arg("note", () => String, { nullable: true, description: "A note for the timeline, up to 500 characters." }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolveOrderPayload> {
    return this.resolve(requireCaller(ctx), orderId, Resolution.WAIT_FOR_RESTOCK, { note });
  }

  @Mutation(() => ResolveOrderPayload, {
    description:
      "AWAITING_STOCK or ON_HOLD_FOR_RESTOCK -> READY: the missing units are cancelled and refunded (without shipping), the order ships what it has. SHIPPED instead of READY when everything it keeps has already shipped (a line found short at packing after the other parcels left). Refused when nothing is allocated: that is a cancellation.",
  })
  shipAvailableItems(
    @Arg("orderId", () => ID, { description: "The order." }) orderId: string,
    @Arg("refundTo", () => RefundDestination, { description: "Who receives the refund." }) refundTo: RefundDestination,
    @Arg("note", () => String, { nullable: true, description: "A note for the timeline, up to 500 characters." }) note: string | null,
    @Arg("apologyCoupon", () => ApologyCouponInput, { nullable: true, description: "Also issue an apology coupon for the customer (in the same transaction)." })
    apologyCoupon: ApologyCouponInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolveOrderPayload> {
    return this.resolve(requireCaller(ctx), orderId, Resolution.SHIP_AVAILABLE, { refundTo, note, apologyCoupon });
  }

  @Mutation(() => ResolveOrderPayload, {
    description:
      "AWAITING_STOCK, ON_HOLD_FOR_RESTOCK or READY -> CANCELLED: allocations are released (and offered at once to waiting orders) and everything paid is refunded, shipping included.",
  })
  cancelOrder(
    @Arg("orderId", () => ID, { description: "The order." }) orderId: string,
    @Arg("refundTo", () => RefundDestination, { description: "Who receives the refund." }) refundTo: RefundDestination,
    @Arg("reason", { description: "Why the order is cancelled (for the timeline), up to 500 characters." }) reason: string,
    @Arg("apologyCoupon", () => ApologyCouponInput, { nullable: true, description: "Also issue an apology coupon for the customer (in the same transaction)." })
    apologyCoupon: ApologyCouponInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolveOrderPayload> {
    return this.resolve(requireCaller(ctx), orderId, Resolution.CANCEL, { refundTo, note: reason, apologyCoupon });
  }

  private resolve(caller: Caller, orderId: string, resolution: Resolution, options: ResolveOptions): Promise<ResolveOrderPayload> {
    return mutationPayload<ResolveOrderPayload>(
      async () => {
        const id = parseId(orderId);
        if (id === null) throw new UserInputError([orderNotFound()]);
        const resolved = await this.resolutions.resolve(caller, id, resolution, options);
        const refund = resolved.refund ? ((await this.refunds.refundsByOrderIds(caller.shopId, [id])).get(id) ?? []).find((r) => r.id === String(resolved.refund!.id)) ?? null : null;
        const apologyCoupon = resolved.coupon
          ? toCouponNode({ ...resolved.coupon, issuedForOrderNumber: resolved.order.number, usedByOrderNumber: null })
          : null;
        return { order: toOrderNode(resolved.order), refund, apologyCoupon, refundLink: resolved.refundLink };
      },
      { order: null, refund: null, apologyCoupon: null, refundLink: null },
    );
  }
}
