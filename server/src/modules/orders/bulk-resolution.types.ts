import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError, UserErrorCode } from "../../infra/graphql/errors";
import { RefundDestination } from "../refunds/refund.entity";
import { Resolution } from "./resolution";
import { OrdersWithoutStockFilter } from "./resolution.types";
import { BULK_JOB_RETENTION_MS, BULK_JOB_STALE_MS, MAX_BULK_ORDERS } from "./bulk-resolution.service";

export enum BulkJobStatus {
  RUNNING = "RUNNING",
  FINISHED = "FINISHED",
  INTERRUPTED = "INTERRUPTED",
}
registerEnumType(BulkJobStatus, {
  name: "BulkJobStatus",
  description: "Where a bulk resolution stands.",
  valuesConfig: {
    RUNNING: { description: "Orders are being resolved, one transaction each." },
    FINISHED: { description: "Every order was resolved or refused; the summary is final." },
    INTERRUPTED: {
      description: `The server instance running it stopped (no progress for ${BULK_JOB_STALE_MS / 1000} seconds): the orders listed were resolved or refused, the others were not touched; start a new job for them (it is not resumed).`,
    },
  },
});

@InputType({ description: `A resolution to apply to many orders without stock: the orders by id, or every order a queue filter matches now (resolved to ids when the job starts). At most ${MAX_BULK_ORDERS.toLocaleString("en-US")} orders (TOO_MANY_ITEMS).` })
export class StartBulkResolutionInput {
  @Field(() => [ID], { nullable: true, description: "The orders; give this or `filter`." })
  orderIds?: string[] | null;

  @Field(() => OrdersWithoutStockFilter, { nullable: true, description: "Every order of the queue this filter matches (status, sku, search) when the job starts; give this or `orderIds`." })
  filter?: OrdersWithoutStockFilter | null;

  @Field(() => Resolution, { description: "WAIT_FOR_RESTOCK, SHIP_AVAILABLE or CANCEL (a substitution is per order: INVALID_FORMAT)." })
  resolution!: Resolution;

  @Field(() => RefundDestination, { nullable: true, description: "Who receives the refunds: required for SHIP_AVAILABLE and CANCEL (REQUIRED)." })
  refundTo?: RefundDestination | null;

  @Field(() => String, { nullable: true, description: "For every order's timeline, up to 500 characters: the reason, required for CANCEL (REQUIRED); an optional note otherwise." })
  note?: string | null;
}

@ObjectType("BulkResolvedOrder", { description: "An order a bulk resolution resolved." })
export class BulkResolvedOrderNode {
  @Field(() => ID, { description: "The order's id." })
  orderId!: string;

  @Field(() => Int, { nullable: true, description: "The order's number (null for an id that is no order of your shop)." })
  number!: number | null;
}

@ObjectType("BulkRefusedOrder", { description: "An order a bulk resolution did not change, and why." })
export class BulkRefusedOrderNode {
  @Field(() => ID, { description: "The order's id." })
  orderId!: string;

  @Field(() => Int, { nullable: true, description: "The order's number (null for an id that is no order of your shop)." })
  number!: number | null;

  @Field({ description: "Why, as the single-order mutation would have said (its userError's message)." })
  message!: string;
}

@ObjectType("BulkRefusalGroup", { description: "The orders a bulk resolution refused for one reason." })
export class BulkRefusalGroupNode {
  @Field(() => UserErrorCode, { description: "The reason: the userError code the single-order mutation answers (INVALID_TRANSITION, NOTHING_ALLOCATED, CUSTOMER_CHOSE, NOT_FOUND...)." })
  code!: UserErrorCode;

  @Field(() => Int, { description: "How many orders." })
  count!: number;

  @Field(() => [BulkRefusedOrderNode], { description: "The orders, in the order they were processed." })
  orders!: BulkRefusedOrderNode[];
}

@ObjectType("BulkResolutionJob", {
  description: `A bulk resolution: each order resolved in its own transaction with the same rules as one at a time; its progress while it runs and its summary once FINISHED. Kept in the database, readable from any server instance, for ${BULK_JOB_RETENTION_MS / 3_600_000} hours after it finished.`,
})
export class BulkResolutionJobNode {
  @Field(() => ID, { description: "The job's id (bulkResolution(id), bulkResolutionProgress(id))." })
  id!: string;

  @Field(() => Resolution, { description: "The resolution applied." })
  resolution!: Resolution;

  @Field(() => BulkJobStatus, { description: "RUNNING, then FINISHED (INTERRUPTED when the server instance running it stopped)." })
  status!: BulkJobStatus;

  @Field(() => Int, { description: "Orders in the job." })
  total!: number;

  @Field(() => Int, { description: "Orders resolved so far." })
  doneCount!: number;

  @Field(() => Int, { description: "Orders refused so far." })
  refusedCount!: number;

  @Field({ description: "When the job started." })
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the last order was processed; null while RUNNING (and when INTERRUPTED)." })
  finishedAt!: Date | null;

  @Field(() => [BulkResolvedOrderNode], { description: "The orders resolved so far, in the order they were processed." })
  resolvedOrders!: BulkResolvedOrderNode[];

  @Field(() => [BulkRefusalGroupNode], { description: "The orders refused so far, grouped by reason (largest group first)." })
  refusals!: BulkRefusalGroupNode[];
}

@ObjectType({ description: "Result of startBulkResolution." })
export class StartBulkResolutionPayload {
  @Field(() => BulkResolutionJobNode, { nullable: true, description: "The job, RUNNING: follow it with bulkResolutionProgress, read it again with bulkResolution." })
  job!: BulkResolutionJobNode | null;

  @Field(() => [UserError], { description: "Why the job did not start (nothing changed): REQUIRED, INVALID_FORMAT, OUT_OF_RANGE, TOO_MANY_ITEMS." })
  userErrors!: UserError[];
}
