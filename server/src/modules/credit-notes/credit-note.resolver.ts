import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { parseId } from "../../infra/graphql/ids";
import { Order } from "../orders/order.entity";
import { toOrderNode } from "../orders/order.mappers";
import { OrderService } from "../orders/order.service";
import { OrderNode } from "../orders/order.types";
import { CreditNoteService, CreditNoteView } from "./credit-note.service";
import { CreditNoteNode, toCreditNoteNode } from "./credit-note.types";

/** Reading credit notes. Issuing has no public mutation: the claims and returns flows issue them. */
@Resolver(() => CreditNoteNode)
export class CreditNoteResolver {
  constructor(
    private readonly creditNotes: CreditNoteService,
    private readonly orders: OrderService,
  ) {}

  @Query(() => CreditNoteNode, { nullable: true, description: "One credit note of your shop; null when there is none with this id." })
  async creditNote(@Arg("id", () => ID, { description: "The credit note's id." }) id: string, @Ctx() ctx: RequestContext): Promise<CreditNoteNode | null> {
    const caller = requireCaller(ctx);
    const creditNoteId = parseId(id);
    const view = creditNoteId === null ? null : await this.creditNotes.findCreditNote(caller.shopId, creditNoteId);
    return view && toCreditNoteNode(view);
  }

  @FieldResolver(() => OrderNode, { description: "The order credited." })
  async order(@Root() creditNote: CreditNoteNode, @Ctx() ctx: RequestContext): Promise<OrderNode> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, Order>("order.byId", async (ids) => {
      const byId = new Map((await this.orders.ordersByIds(caller.shopId, ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? new Error(`Order ${id} not found`));
    });
    return toOrderNode(await loader.load(creditNote.orderId));
  }
}

/** The credit notes of an order, on the order itself: two statements per page of orders. */
@Resolver(() => OrderNode)
export class OrderCreditNotesResolver {
  constructor(private readonly service: CreditNoteService) {}

  @FieldResolver(() => [CreditNoteNode], { description: "Credit notes issued on this order, oldest first." })
  async creditNotes(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<CreditNoteNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, CreditNoteView[]>("order.creditNotes", async (ids) => {
      const byOrder = await this.service.creditNotesByOrderIds(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toCreditNoteNode);
  }
}
