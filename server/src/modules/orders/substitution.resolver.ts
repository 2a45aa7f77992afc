import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserInputError, mutationPayload, userError, UserErrorCode } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { money } from "../../infra/graphql/money";
import { CatalogService } from "../catalog/sku.service";
import { SkuNode } from "../catalog/sku.types";
import { skuNotFound } from "../stock/stock.service";
import { RefundDestination } from "../refunds/refund.entity";
import { RefundService } from "../refunds/refund.service";
import { toOrderLineNode, toOrderNode } from "./order.mappers";
import { OrderLineNode } from "./order.types";
import { MAX_SUBSTITUTE_OFFERS } from "./substitution";
import { SubstitutionService } from "./substitution.service";
import { OfferSubstitutesPayload, SubstituteLinePayload, SubstituteOfferNode, SubstitutionPreviewNode } from "./substitution.types";

const lineNotFound = () => userError("orderLineId", UserErrorCode.NOT_FOUND, "No order line with this id in your shop.");

const skuLoader = (ctx: RequestContext, catalog: CatalogService) => {
  const caller = requireCaller(ctx);
  return ctx.loaders.get<number, SkuNode>("sku.byId", async (ids) => {
    const byId = await catalog.skusByIds(caller.shopId, caller.shopCurrency, ids);
    return ids.map((id) => byId.get(id) ?? new Error(`Sku ${id} not found`));
  });
};

/** Equivalent products: offer substitutes for a short line, preview and apply a substitution. */
@Resolver()
export class SubstitutionResolver {
  constructor(
    private readonly substitutions: SubstitutionService,
    private readonly refunds: RefundService,
    private readonly catalog: CatalogService,
  ) {}

  @Query(() => SubstitutionPreviewNode, {
    description: "Exactly what substituteLine would do for this line and sku now — availability, the price difference, the refund, the order's status — or why it is not possible. Changes nothing.",
  })
  async substitutionPreview(
    @Arg("orderLineId", () => ID, { description: "The short line." }) orderLineId: string,
    @Arg("skuId", () => ID, { description: "The substitute." }) skuId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SubstitutionPreviewNode> {
    const caller = requireCaller(ctx);
    const lineId = parseId(orderLineId);
    const sku = parseId(skuId);
    const currency = caller.shopCurrency;
    const empty = { orderLine: null, sku: null, quantity: 0, available: 0, unitPrice: null, priceDifference: null, refundAmount: null, absorbedAmount: null, resultingStatus: null };
    if (lineId === null) return { ...empty, userErrors: [lineNotFound()] };
    if (sku === null) return { ...empty, userErrors: [skuNotFound()] };
    const { plan, available, userErrors } = await this.substitutions.preview(caller, lineId, sku);
    if (!plan) return { ...empty, available, userErrors };
    return {
      orderLine: toOrderLineNode(plan.line, currency),
      sku: await skuLoader(ctx, this.catalog).load(plan.sku.id),
      quantity: plan.quantity,
      available,
      unitPrice: money(plan.unitPrice, currency),
      priceDifference: money(plan.priceDifference, currency),
      refundAmount: money(plan.refund?.amount ?? 0, currency),
      absorbedAmount: money(plan.absorbed, currency),
      resultingStatus: plan.resultingStatus,
      userErrors: [],
    };
  }

  @Mutation(() => OfferSubstitutesPayload, {
    description: `Offers equivalent skus (of your shop, not the line's own) for a short line of an order waiting for stock, for the customer to accept; they add to the line's earlier offers (one offered again changes nothing), at most ${MAX_SUBSTITUTE_OFFERS} per line. Refused with LINE_NOT_SHORT, SAME_SKU, NOT_FOUND, TOO_MANY_SUBSTITUTES or INVALID_TRANSITION, changing nothing. Writes SUBSTITUTES_OFFERED.`,
  })
  offerSubstitutes(
    @Arg("orderLineId", () => ID, { description: "The short line." }) orderLineId: string,
    @Arg("skuIds", () => [ID], { description: `The substitutes: at least one, at most ${MAX_SUBSTITUTE_OFFERS} offered per line in all.` }) skuIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<OfferSubstitutesPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<OfferSubstitutesPayload>(
      async () => {
        const lineId = parseId(orderLineId);
        if (lineId === null) throw new UserInputError([lineNotFound()]);
        // An id that is no id matches no sku: refused as NOT_FOUND like another shop's.
        const ids = skuIds.map((id) => parseId(id) ?? -1);
        const offered = await this.substitutions.offer(caller, lineId, ids);
        return { order: toOrderNode(offered.order), orderLine: toOrderLineNode(offered.line, offered.order.currency) };
      },
      { order: null, orderLine: null },
    );
  }

  @Mutation(() => SubstituteLinePayload, {
    description:
      "AWAITING_STOCK or ON_HOLD_FOR_RESTOCK: replaces the short units of a line with an equivalent sku, in one transaction (e.g. the customer agreed by phone). The units are cancelled on the line and reserved of the substitute on a new line (replacesLineId), all of them or nothing (INSUFFICIENT_STOCK). A cheaper substitute: the difference is refunded (refundTo required); a dearer one: the shop absorbs it. The order's subtotal, discount and total stay what the customer was charged. The order is READY when no other line is short (ORDER_RESUMED). Writes LINE_SUBSTITUTED. Preview it with substitutionPreview.",
  })
  substituteLine(
    @Arg("orderLineId", () => ID, { description: "The short line." }) orderLineId: string,
    @Arg("skuId", () => ID, { description: "The substitute." }) skuId: string,
    @Arg("refundTo", () => RefundDestination, { nullable: true, description: "Who receives the difference when the substitute is cheaper (required then)." })
    refundTo: RefundDestination | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SubstituteLinePayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SubstituteLinePayload>(
      async () => {
        const lineId = parseId(orderLineId);
        if (lineId === null) throw new UserInputError([lineNotFound()]);
        const sku = parseId(skuId);
        if (sku === null) throw new UserInputError([skuNotFound()]);
        const done = await this.substitutions.substitute(caller, lineId, sku, { refundTo });
        const orderId = done.order.id;
        const refund = done.refund ? ((await this.refunds.refundsByOrderIds(caller.shopId, [orderId])).get(orderId) ?? []).find((r) => r.id === String(done.refund!.id)) ?? null : null;
        return { order: toOrderNode(done.order), orderLine: toOrderLineNode(done.newLine, done.order.currency), refund, refundLink: done.refundLink };
      },
      { order: null, orderLine: null, refund: null, refundLink: null },
    );
  }
}

/** The offers of a line, and each offer's sku. */
@Resolver(() => OrderLineNode)
export class SubstituteOffersResolver {
  constructor(private readonly substitutions: SubstitutionService) {}

  @FieldResolver(() => [SubstituteOfferNode], {
    description: "The substitutes offered for this line (offerSubstitutes), oldest first; the one accepted is the sku of the line that replaced it (replacesLineId).",
  })
  async substituteOffers(@Root() line: OrderLineNode, @Ctx() ctx: RequestContext): Promise<SubstituteOfferNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, SubstituteOfferNode[]>("orderLine.substituteOffers", async (ids) => {
      const byLine = await this.substitutions.offersByLineIds(caller.shopId, ids);
      return ids.map((id) => (byLine.get(id) ?? []).map((o) => ({ id: String(o.id), offeredAt: o.createdAt, skuId: o.skuId })));
    });
    return loader.load(Number(line.id));
  }
}

@Resolver(() => SubstituteOfferNode)
export class SubstituteOfferResolver {
  constructor(private readonly catalog: CatalogService) {}

  @FieldResolver(() => SkuNode, { description: "The substitute as it is now (price and stock may have changed since the offer)." })
  sku(@Root() offer: SubstituteOfferNode, @Ctx() ctx: RequestContext): SkuNode | Promise<SkuNode> {
    return skuLoader(ctx, this.catalog).load(offer.skuId);
  }
}
