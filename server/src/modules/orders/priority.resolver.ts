import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserInputError, mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { toOrderNode } from "./order.mappers";
import { PRIORITY_REASON_MAX, PriorityService } from "./priority.service";
import { SetOrderPriorityPayload } from "./priority.types";
import { orderNotFound } from "./resolution.service";

@Resolver()
export class PriorityResolver {
  constructor(private readonly priorities: PriorityService) {}

  @Mutation(() => SetOrderPriorityPayload, {
    description: `Marks an order waiting for stock (AWAITING_STOCK or ON_HOLD_FOR_RESTOCK) priority, or unmarks it. Arriving stock goes to priority orders first among those waiting for the same sku (by when they were marked), then oldest first; partial reservations hold as for any order. Recorded on the timeline (PRIORITY_SET, PRIORITY_CLEARED) with the reason and who did it. Sets a value: marking again with the same reason, or unmarking an order that is not marked, changes nothing; marking again with another reason keeps the order's place. Refused (INVALID_TRANSITION) for an order that is not waiting for stock; reason required when marking (REQUIRED), at most ${PRIORITY_REASON_MAX} characters (OUT_OF_RANGE).`,
  })
  setOrderPriority(
    @Arg("orderId", () => ID, { description: "The order." }) orderId: string,
    @Arg("priority", () => Boolean, { description: "true to mark the order priority, false to unmark it." }) priority: boolean,
    @Arg("reason", () => String, {
      nullable: true,
      description: `Why (a VIP customer, a marketplace deadline...), up to ${PRIORITY_REASON_MAX} characters; required when marking, an optional note when unmarking.`,
    })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SetOrderPriorityPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SetOrderPriorityPayload>(
      async () => {
        const id = parseId(orderId);
        if (id === null) throw new UserInputError([orderNotFound()]);
        return { order: toOrderNode(await this.priorities.setPriority(caller, id, priority, reason)) };
      },
      { order: null },
    );
  }
}
