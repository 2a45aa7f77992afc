import { GraphQLError } from "graphql";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { ErrorCode, UserErrorCode, UserInputError, mutationPayload, userError } from "../../infra/graphql/errors";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { parseId } from "../../infra/graphql/ids";
import { money } from "../../infra/graphql/money";
import { BANK_SEARCH_LIMIT, searchBanks } from "../payments/payment-details";
import { Bank } from "../payments/payment-details.types";
import { RefundLinkThrottled } from "./refund-link-throttle";
import { MAX_CPF_ATTEMPTS, RefundLinkService, RefundRequestView } from "./refund-link.service";
import { RefundRequest, ResendRefundLinkPayload, SubmitRefundDetailsInput, SubmitRefundDetailsPayload } from "./refund-link.types";
import { RefundService } from "./refund.service";

const toRefundRequest = (view: RefundRequestView): RefundRequest => ({
  ...view,
  amount: money(view.amount, view.currency),
  lines: view.lines.map((l) => ({ ...l, amount: money(l.amount, view.currency) })),
});

const THROTTLING = "Each address may make 60 requests, and each link take 30, per 15 minutes; then it waits 15 minutes (THROTTLED).";

/**
 * The customer's refund link: the shop re-sends it; whoever holds it, without signing in, sees the
 * refund and answers with their CPF and where to send the money.
 */
@Resolver()
export class RefundLinkResolver {
  constructor(
    private readonly links: RefundLinkService,
    private readonly refunds: RefundService,
  ) {}

  @Mutation(() => ResendRefundLinkPayload, {
    description:
      "A new link for a refund to the customer: the previous link stops working, an EXPIRED refund reopens, a LOCKED one unlocks (its CPF attempts start again). The link is returned this once.",
  })
  async resendRefundLink(@Arg("refundId", () => ID, { description: "The refund." }) refundId: string, @Ctx() ctx: RequestContext): Promise<ResendRefundLinkPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ResendRefundLinkPayload>(
      async () => {
        const id = parseId(refundId);
        if (id === null) throw new UserInputError([userError("refundId", UserErrorCode.NOT_FOUND, "No refund with this id in your shop.")]);
        const { orderId, link } = await this.links.resend(caller, id);
        const refund = ((await this.refunds.refundsByOrderIds(caller.shopId, [orderId])).get(orderId) ?? []).find((r) => r.id === String(id)) ?? null;
        return { refund, link };
      },
      { refund: null, link: null },
    );
  }

  @Query(() => RefundRequest, {
    nullable: true,
    description: `Public, no sign-in: the refund a link's token names, or null for an unknown or tampered token. ${THROTTLING}`,
  })
  async refundRequest(@Arg("token", { description: "The token from the link." }) token: string, @Ctx() ctx: RequestContext): Promise<RefundRequest | null> {
    try {
      const view = await this.links.request(token, ctx.clientAddress ?? null);
      return view && toRefundRequest(view);
    } catch (error) {
      if (error instanceof RefundLinkThrottled) throw new GraphQLError(error.message, { extensions: { code: ErrorCode.THROTTLED, retryAfterSeconds: error.retryAfterSeconds } });
      throw error;
    }
  }

  @Mutation(() => SubmitRefundDetailsPayload, {
    description: `Public, no sign-in: the customer's CPF and exactly one of a PIX key or a bank account, for the refund the token names. A link takes details once; after ${MAX_CPF_ATTEMPTS} wrong CPFs it locks until the shop re-sends it. ${THROTTLING}`,
  })
  async submitRefundDetails(@Arg("input", () => SubmitRefundDetailsInput, { description: "The token, the CPF and where to send the money." }) input: SubmitRefundDetailsInput, @Ctx() ctx: RequestContext): Promise<SubmitRefundDetailsPayload> {
    try {
      const { request, errors, attemptsLeft } = await this.links.submit(input, ctx.clientAddress ?? null);
      return { refundRequest: request && toRefundRequest(request), userErrors: errors, attemptsLeft: attemptsLeft ?? null, retryAfterSeconds: null };
    } catch (error) {
      if (error instanceof RefundLinkThrottled) {
        return { refundRequest: null, userErrors: [userError(null, UserErrorCode.THROTTLED, error.message)], attemptsLeft: null, retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
  }

  @Query(() => [Bank], { description: `Public: Brazilian banks whose name or 3-digit code contains \`search\` (case and accents ignored), at most ${BANK_SEARCH_LIMIT}.` })
  banks(@Arg("search", () => String, { nullable: true, description: "Part of a name or code; all banks (the first 20) when empty." }) search: string | null): Bank[] {
    return searchBanks(search);
  }
}
