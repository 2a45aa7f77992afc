import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { CreditNoteService } from "../credit-notes/credit-note.service";
import { CreditNoteNode, toCreditNoteNode } from "../credit-notes/credit-note.types";
import { Order } from "../orders/order.entity";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OrderNode } from "../orders/order.types";
import { RefundDestination } from "../refunds/refund.entity";
import { RefundPayouts } from "../refunds/payouts.service";
import { RefundNode } from "../refunds/refund.types";
import { ReturnService } from "../returns/return.service";
import { toReturnNode } from "../returns/return.resolver";
import { ReturnNode } from "../returns/return.types";
import { ClaimOutcome } from "./claim.entity";
import { ClaimLineRequest, ClaimService, ClaimView } from "./claim.service";
import {
  ClaimableLineNode,
  ClaimConnection,
  ClaimFilter,
  ClaimLineInput,
  ClaimNode,
  ClaimPreviewPayload,
  RejectClaimPayload,
  ReportMissingItemsPayload,
  ResolveClaimPayload,
  toClaimNode,
  toClaimPreviewNode,
} from "./claim.types";

const idOf = (id: string, field: string, what: string): number => {
  const parsed = parseId(id);
  if (parsed === null) throw new UserInputError([userError(field, UserErrorCode.NOT_FOUND, `No ${what} with this id in your shop.`)]);
  return parsed;
};
/** The API's lines (ids as strings); an unparseable id is a line no order has. */
export const claimLines = (lines: ClaimLineInput[]): ClaimLineRequest[] => lines.map((l) => ({ orderLineId: parseId(l.orderLineId) ?? 0, quantity: l.quantity }));

/** Incomplete-delivery claims: reading them, reporting missing units, resolving and rejecting. */
@Resolver(() => ClaimNode)
export class ClaimResolver {
  constructor(
    private readonly service: ClaimService,
    private readonly orders: OrderService,
    private readonly creditNotes: CreditNoteService,
    private readonly payouts: RefundPayouts,
    private readonly returns: ReturnService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => ClaimConnection, { description: "Your shop's incomplete-delivery claims, newest first." })
  async claims(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => ClaimFilter, { nullable: true, description: "Status filter; all claims when omitted." }) filter: ClaimFilter | null,
  ) {
    const caller = requireCaller(ctx);
    const page = await this.service.listClaims(caller.shopId, { first: pageSize(first, this.maxPageSize), after, status: filter?.status });
    return { ...page, nodes: page.nodes.map(toClaimNode) };
  }

  @Query(() => ClaimNode, { nullable: true, description: "One claim of your shop; null when there is none with this id." })
  async claim(@Arg("id", () => ID, { description: "The claim's id." }) id: string, @Ctx() ctx: RequestContext): Promise<ClaimNode | null> {
    const caller = requireCaller(ctx);
    const claimId = parseId(id);
    const view = claimId === null ? null : await this.service.findClaim(caller.shopId, claimId);
    return view && toClaimNode(view);
  }

  @Query(() => ClaimPreviewPayload, {
    description: "What each outcome would do now for these units of a DELIVERED order: what RESHIP would send and whether it is in stock, what KEEP_AND_SETTLE would refund (and credit). Changes nothing. With `claimId`, that OPEN claim's own units do not count as already claimed.",
  })
  async claimPreview(
    @Arg("orderId", () => ID, { description: "The delivered order." }) orderId: string,
    @Arg("lines", () => [ClaimLineInput], { description: "The missing units." }) lines: ClaimLineInput[],
    @Arg("claimId", () => ID, { nullable: true, description: "An OPEN claim of these units, being resolved." }) claimId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ClaimPreviewPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ClaimPreviewPayload>(
      async () => ({ preview: toClaimPreviewNode(await this.service.preview(caller.shopId, idOf(orderId, "orderId", "order"), claimLines(lines), claimId ? parseId(claimId) : null)) }),
      { preview: null },
    );
  }

  @Mutation(() => ReportMissingItemsPayload, {
    description:
      "Reports units missing from a DELIVERED order: a new OPEN claim (numbered within the order; the order stays DELIVERED) and CLAIM_OPENED on its timeline. Refused, changing nothing: not DELIVERED (INVALID_TRANSITION), a line not of the order (NOT_FOUND), more units than were delivered and are not already claimed or returned (EXCEEDS_DELIVERED).",
  })
  async reportMissingItems(
    @Arg("orderId", () => ID, { description: "The delivered order." }) orderId: string,
    @Arg("lines", () => [ClaimLineInput], { description: "The missing units, per order line." }) lines: ClaimLineInput[],
    @Arg("note", () => String, { nullable: true, description: "What happened, up to 500 characters." }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportMissingItemsPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReportMissingItemsPayload>(async () => ({ claim: toClaimNode(await this.service.reportMissingItems(caller, idOf(orderId, "orderId", "order"), claimLines(lines), note)) }), {
      claim: null,
    });
  }

  @Mutation(() => ResolveClaimPayload, {
    description:
      "Resolves an OPEN claim: RESHIP places a follow-up order of kind RESHIPMENT for the missing units (price 0; reserved now, or waiting for stock FIFO with other orders); KEEP_AND_SETTLE refunds what was paid for them (refundTo required) and issues a numbered credit note. Whoever acts first wins: a claim the customer resolved on their order page is refused with CUSTOMER_CHOSE, a closed one with INVALID_TRANSITION. WITHDRAW opens a return of every delivered unit (approved at once): receiving it refunds everything paid, shipping included; when nothing arrived to send back, everything is refunded at once (refundTo required).",
  })
  async resolveClaim(
    @Arg("claimId", () => ID, { description: "The claim." }) claimId: string,
    @Arg("outcome", () => ClaimOutcome, { description: "What is done." }) outcome: ClaimOutcome,
    @Arg("refundTo", () => RefundDestination, { nullable: true, description: "KEEP_AND_SETTLE: who receives the refund." }) refundTo: RefundDestination | null,
    @Arg("message", () => String, { nullable: true, description: "A word for the customer, up to 500 characters." }) message: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolveClaimPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ResolveClaimPayload>(
      async () => {
        const resolved = await this.service.resolveClaim(caller, idOf(claimId, "claimId", "claim"), outcome, { refundTo, message });
        return { claim: toClaimNode(resolved.view), refundLink: resolved.refundLink };
      },
      { claim: null, refundLink: null },
    );
  }

  @Mutation(() => RejectClaimPayload, { description: "Turns an OPEN claim down with a message for the customer (required). A closed claim is refused (CUSTOMER_CHOSE, INVALID_TRANSITION)." })
  async rejectClaim(
    @Arg("claimId", () => ID, { description: "The claim." }) claimId: string,
    @Arg("message", { description: "Why, for the customer, up to 500 characters." }) message: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RejectClaimPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<RejectClaimPayload>(async () => ({ claim: toClaimNode(await this.service.rejectClaim(caller, idOf(claimId, "claimId", "claim"), message)) }), { claim: null });
  }

  private loadOrder(ctx: RequestContext, id: number): Order | null | Promise<Order | null> {
    const caller = requireCaller(ctx);
    return ctx.loaders
      .get<number, Order | null>("order.originById", async (ids) => {
        const found = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
        return ids.map((i) => found.get(i) ?? null);
      })
      .load(id);
  }

  @FieldResolver(() => OrderNode, { description: "The delivered order the units are missing from." })
  async order(@Root() claim: ClaimNode, @Ctx() ctx: RequestContext): Promise<OrderNode> {
    return toOrderNode((await this.loadOrder(ctx, claim.orderId))!);
  }

  @FieldResolver(() => OrderNode, { nullable: true, description: "RESHIP: the reshipment (a follow-up order of kind RESHIPMENT)." })
  async followUpOrder(@Root() claim: ClaimNode, @Ctx() ctx: RequestContext): Promise<OrderNode | null> {
    if (claim.followUpOrderId === null) return null;
    const order = await this.loadOrder(ctx, claim.followUpOrderId);
    return order && toOrderNode(order);
  }

  @FieldResolver(() => CreditNoteNode, { nullable: true, description: "KEEP_AND_SETTLE: the credit note issued." })
  async creditNote(@Root() claim: ClaimNode, @Ctx() ctx: RequestContext): Promise<CreditNoteNode | null> {
    if (claim.creditNoteId === null) return null;
    const view = await this.creditNotes.findCreditNote(requireCaller(ctx).shopId, claim.creditNoteId);
    return view && toCreditNoteNode(view);
  }

  @FieldResolver(() => ReturnNode, { nullable: true, description: "WITHDRAW: the return that brings the delivered goods back (everything paid is refunded when it is received)." })
  async orderReturn(@Root() claim: ClaimNode, @Ctx() ctx: RequestContext): Promise<ReturnNode | null> {
    if (claim.returnId === null) return null;
    const view = await this.returns.findReturn(requireCaller(ctx).shopId, claim.returnId);
    return view && toReturnNode(view);
  }

  @FieldResolver(() => RefundNode, { nullable: true, description: "KEEP_AND_SETTLE (or a WITHDRAW with nothing to send back): the refund." })
  async refund(@Root() claim: ClaimNode, @Ctx() ctx: RequestContext): Promise<RefundNode | null> {
    if (claim.refundId === null) return null;
    return this.payouts.findRefund(requireCaller(ctx).shopId, claim.refundId);
  }
}

/** An order's claims, on the order itself. */
@Resolver(() => OrderNode)
export class OrderClaimsResolver {
  constructor(private readonly service: ClaimService) {}

  @FieldResolver(() => [ClaimNode], { description: "Incomplete-delivery claims on this order, oldest first." })
  async claims(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<ClaimNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, ClaimView[]>("order.claims", async (ids) => {
      const byOrder = await this.service.claimsByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toClaimNode);
  }

  @FieldResolver(() => [ClaimableLineNode], { description: "On a DELIVERED order: its delivered lines and how many units of each may still be reported missing; empty otherwise. One order at a time (for the claim dialog)." })
  async claimableLines(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<ClaimableLineNode[]> {
    if (order.status !== "DELIVERED") return [];
    const lines = await this.service.claimableLines(requireCaller(ctx).shopId, Number(order.id));
    return lines.map(({ line, claimable }) => ({ orderLineId: String(line.id), skuCode: line.skuCode, name: line.name, shipped: line.shipped, claimable }));
  }
}
