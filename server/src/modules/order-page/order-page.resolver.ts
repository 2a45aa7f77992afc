import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { GraphQLError } from "graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { ErrorCode, mutationPayload, UserErrorCode, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { money } from "../../infra/graphql/money";
import { OrderNode } from "../orders/order.types";
import { RefundLinkThrottled } from "../refunds/refund-link-throttle";
import { ShopService } from "../shops/shop.service";
import { OrderPageService, OrderPageView } from "./order-page.service";
import { ResolvedBy } from "../orders/order.types";
import { ChooseForOrderInput, ChooseForOrderPayload, OrderPage, SetCustomersMayChoosePayload } from "./order-page.types";

export const toOrderPage = (view: OrderPageView): OrderPage => ({
  ...view,
  resolvedBy: view.resolvedBy as ResolvedBy | null,
  total: money(view.total, view.currency),
  lines: view.lines.map((l) => ({ ...l, unitPrice: money(l.unitPrice, view.currency) })),
  refunds: view.refunds.map((r) => ({ ...r, amount: money(r.amount, view.currency) })),
  choices: view.choices.map((c) => ({ ...c, refundAmount: money(c.refundAmount, view.currency) })),
  substituteOffers: view.substituteOffers.map((o) => ({
    ...o,
    orderLineId: String(o.orderLineId),
    skuId: String(o.skuId),
    unitPrice: money(o.unitPrice, view.currency),
    refundAmount: money(o.refundAmount, view.currency),
  })),
});

const THROTTLING = "Each address may make 60 requests, and each link take 30, per 15 minutes; then it waits 15 minutes (THROTTLED).";

/** The customer's order page: public through its token; the merchant gets the link to send. */
@Resolver(() => OrderNode)
export class OrderPageResolver {
  constructor(
    private readonly pages: OrderPageService,
    private readonly shops: ShopService,
  ) {}

  @FieldResolver(() => String, {
    nullable: true,
    description: "The customer's order page (<PUBLIC_URL>/order/<token>), to send them; made the first time it is read, the same ever after. Every message to the customer carries it.",
  })
  customerPageLink(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<string | null> {
    return this.pages.linkFor(requireCaller(ctx).shopId, Number(order.id));
  }

  @Query(() => OrderPage, {
    nullable: true,
    description: `Public, no sign-in: the order a link's token opens, or null for an unknown or altered token. ${THROTTLING}`,
  })
  async orderPage(@Arg("token", { description: "The token from the link." }) token: string, @Ctx() ctx: RequestContext): Promise<OrderPage | null> {
    try {
      const view = await this.pages.view(token, ctx.clientAddress ?? null);
      return view && toOrderPage(view);
    } catch (error) {
      if (error instanceof RefundLinkThrottled) throw new GraphQLError(error.message, { extensions: { code: ErrorCode.THROTTLED, retryAfterSeconds: error.retryAfterSeconds } });
      throw error;
    }
  }

  @Mutation(() => ChooseForOrderPayload, {
    description: `Public, no sign-in: the customer's choice for their order without stock (CDC art. 35), run as the merchant's resolution would be, with the customer as the actor; refunds go to the customer, whose refund link comes back. Whoever resolves first wins: after the shop resolved, MERCHANT_RESOLVED; after the customer chose, the shop's resolutions are refused with CUSTOMER_CHOSE. ${THROTTLING}`,
  })
  async chooseForOrder(@Arg("input", () => ChooseForOrderInput, { description: "The token and the choice." }) input: ChooseForOrderInput, @Ctx() ctx: RequestContext): Promise<ChooseForOrderPayload> {
    try {
      const substitute = input.substitute ? { orderLineId: parseId(input.substitute.orderLineId) ?? 0, skuId: parseId(input.substitute.skuId) ?? 0 } : null;
      const { view, refundLink, errors } = await this.pages.choose(input.token, input.choice, ctx.clientAddress ?? null, substitute);
      return { orderPage: view && toOrderPage(view), refundLink, userErrors: errors, retryAfterSeconds: null };
    } catch (error) {
      if (error instanceof RefundLinkThrottled) {
        return { orderPage: null, refundLink: null, userErrors: [userError(null, UserErrorCode.THROTTLED, error.message)], retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
  }

  @Mutation(() => SetCustomersMayChoosePayload, {
    description: "Whether customers may choose on their order page what happens to an order without stock (staff users only). Brazilian law gives them the choice: on by default for BRL shops.",
  })
  async setCustomersMayChoose(@Arg("enabled", { description: "On or off." }) enabled: boolean, @Ctx() ctx: RequestContext): Promise<SetCustomersMayChoosePayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SetCustomersMayChoosePayload>(async () => ({ customersMayChoose: await this.shops.setCustomersMayChoose(caller, enabled) }), {
      customersMayChoose: (await this.shops.findShop(caller.shopId))?.customersMayChoose ?? false,
    });
  }
}

