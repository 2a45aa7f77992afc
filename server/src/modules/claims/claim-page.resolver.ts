import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from "type-graphql";
import { RequestContext } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { OrderPageService, OrderPageView } from "../order-page/order-page.service";
import { toOrderPage as toOrderPageNode } from "../order-page/order-page.resolver";
import { OrderPage, OrderPageShipment } from "../order-page/order-page.types";
import { OrderStatus } from "../orders/order.entity";
import { RefundLinkThrottled } from "../refunds/refund-link-throttle";
import { ClaimOutcome, ClaimStatus } from "./claim.entity";
import { claimLines } from "./claim.resolver";
import { ClaimService, ClaimView } from "./claim.service";
import { ClaimLineInput } from "./claim.types";

const THROTTLING = "Counted with the order page's requests: each address may make 60 requests, and each link take 30, per 15 minutes (THROTTLED).";

@ObjectType({ description: "RESHIP: the reshipment of a claim's missing items, as the order page shows it: where it stands and its parcels, with their tracking." })
export class OrderPageClaimReshipment {
  @Field(() => Int, { description: "The reshipment's order number." })
  number!: number;

  @Field(() => OrderStatus, { description: "AWAITING_STOCK while it waits for stock, READY, SHIPPED, DELIVERED (or CANCELLED: then the missing items are refunded)." })
  status!: OrderStatus;

  @Field(() => [OrderPageShipment], { description: "Its parcels, with their tracking." })
  shipments!: OrderPageShipment[];
}

@ObjectType({ description: "A missing item of a claim, as the order page shows it." })
export class OrderPageClaimItem {
  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units missing." })
  quantity!: number;
}

@ObjectType({ description: "A claim of missing items on the order, as its page shows it." })
export class OrderPageClaim {
  @Field(() => ID, { description: "The claim's id (for chooseClaimOutcome)." })
  id!: string;

  @Field(() => Int, { description: "1, 2, … within the order." })
  number!: number;

  @Field(() => ClaimStatus, { description: "OPEN, RESOLVED or REJECTED." })
  status!: ClaimStatus;

  @Field(() => ClaimOutcome, { nullable: true, description: "What was done, once RESOLVED." })
  outcome!: ClaimOutcome | null;

  @Field(() => String, { nullable: true, description: "The shop's message (why it was rejected)." })
  message!: string | null;

  @Field({ description: "When it was reported." })
  createdAt!: Date;

  @Field(() => [OrderPageClaimItem], { description: "The missing items." })
  items!: OrderPageClaimItem[];

  @Field(() => OrderPageClaimReshipment, { nullable: true, description: "RESHIP: the reshipment, its status and its parcels' tracking." })
  reshipment!: OrderPageClaimReshipment | null;

  @Field(() => [ClaimOutcome], { description: "While OPEN: the outcomes the customer may choose (KEEP_AND_SETTLE needs the CPF on the order, for the refund link; WITHDRAW sends the goods back through a return)." })
  choices!: ClaimOutcome[];
}

@ObjectType({ description: "A line of a delivered order, and how many of its units may still be reported missing." })
export class OrderPageClaimableLine {
  @Field(() => ID, { description: "The order line (for reportMissingItemsOnOrderPage)." })
  orderLineId!: string;

  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units delivered and not already claimed or returned." })
  claimable!: number;
}

@InputType({ description: "Missing items reported by the customer on their order page." })
export class ReportMissingItemsOnOrderPageInput {
  @Field({ description: "The order page's token." })
  token!: string;

  @Field(() => [ClaimLineInput], { description: "The missing units, per order line." })
  lines!: ClaimLineInput[];

  @Field(() => String, { nullable: true, description: "What happened, up to 500 characters." })
  note?: string | null;
}

@InputType({ description: "The customer's outcome for their OPEN claim." })
export class ChooseClaimOutcomeInput {
  @Field({ description: "The order page's token." })
  token!: string;

  @Field(() => ID, { description: "The claim (OrderPage.claims)." })
  claimId!: string;

  @Field(() => ClaimOutcome, { description: "RESHIP, KEEP_AND_SETTLE or WITHDRAW." })
  outcome!: ClaimOutcome;
}

@ObjectType({ description: "Result of the customer's claim actions on their order page." })
export class OrderPageClaimPayload {
  @Field(() => OrderPage, { nullable: true, description: "The page as it is now (also after a refusal); null for an unknown token." })
  orderPage!: OrderPage | null;

  @Field(() => OrderPageClaim, { nullable: true, description: "The claim reported or resolved." })
  claim!: OrderPageClaim | null;

  @Field(() => String, { nullable: true, description: "KEEP_AND_SETTLE: the customer's refund link, shown this once." })
  refundLink!: string | null;

  @Field(() => [UserError], {
    description: "Why nothing changed: NOT_FOUND, INVALID_TRANSITION (not delivered, or the claim is closed), EXCEEDS_DELIVERED, MERCHANT_RESOLVED (the shop acted first), CUSTOMER_CPF_MISSING, THROTTLED.",
  })
  userErrors!: UserError[];

  @Field(() => Int, { nullable: true, description: "With THROTTLED: seconds to wait before trying again." })
  retryAfterSeconds!: number | null;
}

const toPageClaim = ({ claim, lines }: ClaimView, refundable: boolean, reshipment: OrderPageView | null = null): OrderPageClaim => ({
  id: String(claim.id),
  number: claim.number,
  status: claim.status,
  outcome: claim.outcome,
  message: claim.message,
  createdAt: claim.createdAt,
  items: lines.map((l) => ({ name: l.name, quantity: l.quantity })),
  reshipment: reshipment && { number: reshipment.orderNumber, status: reshipment.status, shipments: reshipment.shipments },
  choices: claim.status === ClaimStatus.OPEN ? [ClaimOutcome.RESHIP, ...(refundable ? [ClaimOutcome.KEEP_AND_SETTLE] : []), ClaimOutcome.WITHDRAW] : [],
});

/**
 * Claims on the customer's order page: public through its token (like chooseForOrder), rate-limited
 * with the page. The customer reports missing items on a delivered order, sees their claims, and
 * may choose the outcome of an OPEN one (whoever acts first, shop or customer, wins).
 */
@Resolver(() => OrderPage)
export class OrderPageClaimsResolver {
  constructor(
    private readonly service: ClaimService,
    private readonly pages: OrderPageService,
  ) {}

  private async pageData(ctx: RequestContext, page: Pick<OrderPage, "shopId" | "orderId">) {
    return ctx.loaders.get<string, Awaited<ReturnType<ClaimService["forOrderPage"]>>>("orderPage.claims", async (keys) =>
      Promise.all(keys.map((key) => {
        const [shopId, orderId] = key.split(":").map(Number);
        return this.service.forOrderPage(shopId!, orderId!);
      })),
    ).load(`${page.shopId}:${page.orderId}`);
  }

  @FieldResolver(() => [OrderPageClaim], { description: "The order's claims of missing items, oldest first." })
  async claims(@Root() page: OrderPage, @Ctx() ctx: RequestContext): Promise<OrderPageClaim[]> {
    const data = await this.pageData(ctx, page);
    return Promise.all(data.claims.map(async (c) => toPageClaim(c, data.refundable, await this.reshipmentOf(page.shopId, c))));
  }

  /** A RESHIP claim's reshipment as its own order page would show it (same customer, same shop). */
  private async reshipmentOf(shopId: number, view: ClaimView): Promise<OrderPageView | null> {
    return view.claim.followUpOrderId === null ? null : this.pages.viewOf(shopId, view.claim.followUpOrderId);
  }

  @FieldResolver(() => [OrderPageClaimableLine], { description: "On a DELIVERED order: its delivered lines and how many units of each may still be reported missing (\"Faltou algum item?\"); empty otherwise." })
  async claimableLines(@Root() page: OrderPage, @Ctx() ctx: RequestContext): Promise<OrderPageClaimableLine[]> {
    return (await this.pageData(ctx, page)).claimable.map((l) => ({ ...l, orderLineId: String(l.orderLineId) }));
  }

  @Mutation(() => OrderPageClaimPayload, {
    description: `Public, no sign-in: the customer reports items missing from their DELIVERED order (an OPEN claim, like reportMissingItems). ${THROTTLING}`,
  })
  async reportMissingItemsOnOrderPage(
    @Arg("input", () => ReportMissingItemsOnOrderPageInput, { description: "The token and the missing units." }) input: ReportMissingItemsOnOrderPageInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPageClaimPayload> {
    return this.act(input.token, ctx, async (caller, orderId) => ({ view: await this.service.reportMissingItems(caller, orderId, claimLines(input.lines), input.note), refundLink: null }));
  }

  @Mutation(() => OrderPageClaimPayload, {
    description: `Public, no sign-in: the customer's outcome for their OPEN claim: RESHIP, KEEP_AND_SETTLE (refunded to them: their refund link comes back) or WITHDRAW (a return of the delivered goods). Whoever acts first wins: after the shop, MERCHANT_RESOLVED. ${THROTTLING}`,
  })
  async chooseClaimOutcome(
    @Arg("input", () => ChooseClaimOutcomeInput, { description: "The token, the claim and the outcome." }) input: ChooseClaimOutcomeInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPageClaimPayload> {
    return this.act(input.token, ctx, async (caller, orderId) => {
      const claimId = parseId(input.claimId) ?? 0;
      const claim = await this.service.findClaim(caller.shopId, claimId);
      // A claim of another order is not this token's.
      if (!claim || claim.claim.orderId !== orderId) throw new UserInputError([userError("claimId", UserErrorCode.NOT_FOUND, "This order has no such claim.")]);
      const resolved = await this.service.resolveClaim(caller, claimId, input.outcome);
      return { view: resolved.view, refundLink: resolved.refundLink };
    });
  }

  private async act(
    token: string,
    ctx: RequestContext,
    work: (caller: NonNullable<Awaited<ReturnType<OrderPageService["customerOf"]>>>["caller"], orderId: number) => Promise<{ view: ClaimView; refundLink: string | null }>,
  ): Promise<OrderPageClaimPayload> {
    let customer;
    try {
      customer = await this.pages.customerOf(token, ctx.clientAddress ?? null);
    } catch (error) {
      if (error instanceof RefundLinkThrottled) {
        return { orderPage: null, claim: null, refundLink: null, userErrors: [userError(null, UserErrorCode.THROTTLED, error.message)], retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
    if (!customer) return { orderPage: null, claim: null, refundLink: null, userErrors: [userError("token", UserErrorCode.NOT_FOUND, "This link does not open any order.")], retryAfterSeconds: null };
    const page = async () => {
      const view: OrderPageView | null = await this.pages.viewOf(customer.caller.shopId, customer.orderId);
      return view && toOrderPageNode(view);
    };
    try {
      const done = await work(customer.caller, customer.orderId);
      const refundable = (await this.service.forOrderPage(customer.caller.shopId, customer.orderId)).refundable;
      return { orderPage: await page(), claim: toPageClaim(done.view, refundable, await this.reshipmentOf(customer.caller.shopId, done.view)), refundLink: done.refundLink, userErrors: [], retryAfterSeconds: null };
    } catch (error) {
      if (error instanceof UserInputError) return { orderPage: await page(), claim: null, refundLink: null, userErrors: error.errors, retryAfterSeconds: null };
      throw error;
    }
  }
}

