import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { OrderNode } from "../orders/order.types";
import { MessageKind } from "./message-kind";
import { CustomerMessageView, NotificationService } from "./notification.service";
import { CustomerMessageConnection, CustomerMessageFilter, CustomerMessageNode, CustomerMessageSkipReason, MessagePreview, NotificationSetting, SetNotificationEnabledPayload } from "./notification.types";

const toNode = (v: CustomerMessageView): CustomerMessageNode => ({ ...v, id: String(v.id), orderId: String(v.orderId), skipReason: v.skipReason as CustomerMessageSkipReason | null });

@Resolver(() => CustomerMessageNode)
export class NotificationResolver {
  constructor(
    private readonly notifications: NotificationService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => CustomerMessageConnection, { description: "E-mails to your customers, newest first: sent, pending (with their next attempt), failed and skipped." })
  async customerMessages(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => CustomerMessageFilter, { nullable: true, description: "Status, kind and order filters; all messages when omitted." }) filter: CustomerMessageFilter | null,
  ) {
    const caller = requireCaller(ctx);
    const orderId = filter?.orderId ? parseId(filter.orderId) : null;
    if (filter?.orderId && orderId === null) return { nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, countAll: async () => 0 };
    const page = await this.notifications.listMessages(caller.shopId, {
      first: pageSize(first, this.maxPageSize),
      after,
      status: filter?.status,
      kind: filter?.kind,
      orderId,
    });
    return { ...page, nodes: page.nodes.map(toNode) };
  }

  @Query(() => [NotificationSetting], { description: "Which e-mails your customers receive: every kind, on unless you turned it off." })
  async notificationSettings(@Ctx() ctx: RequestContext): Promise<NotificationSetting[]> {
    return this.notifications.settings(requireCaller(ctx).shopId);
  }

  @Mutation(() => SetNotificationEnabledPayload, {
    description: "Turns one kind of customer e-mail on or off for your shop. Changes planned from then on; messages already planned keep their status. Staff users only (STAFF_ONLY).",
  })
  async setNotificationEnabled(
    @Arg("kind", () => MessageKind, { description: "The kind of message." }) kind: MessageKind,
    @Arg("enabled", { description: "True to send it, false to stop." }) enabled: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<SetNotificationEnabledPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SetNotificationEnabledPayload>(async () => ({ settings: await this.notifications.setEnabled(caller, kind, enabled) }), { settings: null });
  }

  @Query(() => MessagePreview, {
    nullable: true,
    description: "Any kind of message rendered with one of your orders, as the customer would get it now (a refund link shows as a placeholder). Null when the order is not yours.",
  })
  async messagePreview(
    @Arg("orderId", () => ID, { description: "One of your orders." }) orderId: string,
    @Arg("kind", () => MessageKind, { description: "The kind of message." }) kind: MessageKind,
    @Arg("locale", () => String, { nullable: true, description: "pt-BR, en or pl; the customer's language (else the shop's) when omitted." }) locale: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<MessagePreview | null> {
    const caller = requireCaller(ctx);
    const id = parseId(orderId);
    return id === null ? null : this.notifications.preview(caller.shopId, id, kind, locale);
  }
}

/** The e-mails of an order, on the order itself. One query per page of orders. */
@Resolver(() => OrderNode)
export class OrderMessagesResolver {
  constructor(private readonly notifications: NotificationService) {}

  @FieldResolver(() => [CustomerMessageNode], { description: "E-mails to the customer about this order, oldest first." })
  async messages(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<CustomerMessageNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, CustomerMessageView[]>("order.messages", async (ids) => {
      const byOrder = await this.notifications.messagesForOrders(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map(toNode);
  }
}
