import { Arg, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserErrorCode, mutationPayload, refuse } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { subscriptionService } from "../../infra/graphql/pubsub";
import { BulkJob, BulkJobState, BulkResolutionService, snapshot } from "./bulk-resolution.service";
import { BulkJobStatus, BulkRefusalGroupNode, BulkResolutionJobNode, StartBulkResolutionInput, StartBulkResolutionPayload } from "./bulk-resolution.types";
import { queueFilter } from "./order.resolver";

export function toBulkJobNode(state: BulkJobState): BulkResolutionJobNode {
  const groups = new Map<string, BulkRefusalGroupNode>();
  for (const refusal of state.refused.slice(0, state.refusedCount)) {
    const group = groups.get(refusal.code) ?? { code: refusal.code, count: 0, orders: [] };
    group.count += 1;
    group.orders.push({ orderId: String(refusal.orderId), number: refusal.number, message: refusal.message });
    groups.set(refusal.code, group);
  }
  return {
    id: state.id,
    resolution: state.resolution,
    status: state.status as BulkJobStatus,
    total: state.total,
    doneCount: state.doneCount,
    refusedCount: state.refusedCount,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    resolvedOrders: state.done.slice(0, state.doneCount).map((d) => ({ orderId: String(d.orderId), number: d.number })),
    refusals: [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

@Resolver()
export class BulkResolutionResolver {
  constructor(private readonly bulk: BulkResolutionService) {}

  @Mutation(() => StartBulkResolutionPayload, {
    description:
      "Starts applying one resolution to many orders without stock and answers at once with the job (RUNNING). Each order is resolved in its own transaction exactly as holdOrderForRestock, shipAvailableItems or cancelOrder would (refunds, released stock offered to waiting orders, timeline): an order that cannot be resolved is left unchanged and listed in the job's refusals with the single mutation's code and message. Orders already resolved meanwhile, by anyone or another job, are refused (INVALID_TRANSITION), never resolved twice. Follow the job with bulkResolutionProgress; read its summary with bulkResolution.",
  })
  startBulkResolution(@Arg("input", () => StartBulkResolutionInput, { description: "The orders and the resolution." }) input: StartBulkResolutionInput, @Ctx() ctx: RequestContext) {
    const caller = requireCaller(ctx);
    return mutationPayload<StartBulkResolutionPayload>(
      async () => {
        const orderIds = input.orderIds?.map((id) => {
          const parsed = parseId(id);
          if (parsed === null) throw refuse("orderIds", UserErrorCode.INVALID_FORMAT, `"${id.slice(0, 40)}" is not an order id.`);
          return parsed;
        });
        const job = await this.bulk.start(caller, {
          orderIds: orderIds ?? null,
          filter: input.filter ? queueFilter(input.filter) : null,
          resolution: input.resolution,
          options: { refundTo: input.refundTo ?? undefined, note: input.note ?? null },
        });
        return { job: toBulkJobNode(snapshot(job)) };
      },
      { job: null },
    );
  }

  @Query(() => BulkResolutionJobNode, { nullable: true, description: "A bulk resolution of your shop, running or finished (its summary); null when there is none with this id (or it was forgotten)." })
  async bulkResolution(@Arg("id", () => ID, { description: "The job's id." }) id: string, @Ctx() ctx: RequestContext): Promise<BulkResolutionJobNode | null> {
    const job = await this.bulk.find(requireCaller(ctx).shopId, id);
    return job && toBulkJobNode(snapshot(job));
  }

  @Subscription(() => BulkResolutionJobNode, {
    nullable: true,
    description:
      "A bulk resolution's progress, on whichever server instance runs it: the job as it is now, then after each order it processed (a subscriber that falls behind gets the latest state, not every step); ends after the FINISHED (or INTERRUPTED) state. For a job that is not your shop's, or no longer kept, one null push, then the end.",
    subscribe: async ({ args, context, info }) => {
      const caller = requireCaller(context as RequestContext);
      return (await subscriptionService(info, BulkResolutionService).watch(caller.shopId, String(args.id))) ?? unknownJob();
    },
  })
  bulkResolutionProgress(@Root() job: BulkJob | null, @Arg("id", () => ID, { description: "The job's id." }) _id: string): BulkResolutionJobNode | null {
    return job && toBulkJobNode(snapshot(job));
  }
}

/** What a subscriber to an unknown job gets: one null, then the end (as bulkResolution answers null). */
async function* unknownJob(): AsyncGenerator<null> {
  yield null;
}
