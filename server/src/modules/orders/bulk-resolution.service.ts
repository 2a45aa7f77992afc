import { randomUUID } from "node:crypto";
import { Database } from "../../infra/db/database";
import { placeholders } from "../../infra/db/dialect";
import { chunks } from "../../infra/collections";
import { Caller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, refuse } from "../../infra/graphql/errors";
import { Logger } from "../../infra/logging/logger";
import { OrderService, QueueFilter } from "./order.service";
import { Resolution } from "./resolution";
import { ResolutionService, ResolveOptions } from "./resolution.service";

/** Most orders one bulk resolution takes (ids given, or the filter's matches resolved at start). */
export const MAX_BULK_ORDERS = 5000;
/** How long a finished job stays readable (bulkResolution(id)). */
export const BULK_JOB_RETENTION_MS = 24 * 60 * 60_000;
/** The resolutions a bulk job applies (a substitution needs a line and a sku per order). */
export const BULK_RESOLUTIONS = [Resolution.WAIT_FOR_RESTOCK, Resolution.SHIP_AVAILABLE, Resolution.CANCEL] as const;

export interface BulkRefusal {
  orderId: number;
  number: number | null;
  code: UserErrorCode;
  message: string;
}

/** A bulk resolution and where it stands. */
export interface BulkJob {
  id: string;
  shopId: number;
  resolution: Resolution;
  status: "RUNNING" | "FINISHED";
  total: number;
  /** Orders resolved, in the order they were processed. */
  done: Array<{ orderId: number; number: number | null }>;
  refused: BulkRefusal[];
  startedAt: Date;
  finishedAt: Date | null;
}

export interface StartBulk {
  orderIds?: number[] | null;
  filter?: QueueFilter | null;
  resolution: Resolution;
  options: ResolveOptions;
}

/**
 * Bulk resolutions of the orders without stock: one resolution applied to many orders, each in its
 * own transaction through ResolutionService.resolve (the same rules, locks and refusals as one
 * order at a time), so nothing is ever half applied and an order refused (already resolved by
 * someone else, by another job, by the customer...) is listed with its userError's code and message.
 *
 * Jobs live in this process (documented in docs/integrations.md, "The queue at scale"): progress and summary are
 * readable on the instance that runs the job, for BULK_JOB_RETENTION_MS after it finished; a
 * restart loses the job's record, never an order's consistency (each order committed or not).
 * Concurrent jobs on the same orders cannot double-apply: each resolution locks the order and
 * checks its status before changing it, so the second is refused (INVALID_TRANSITION).
 */
export class BulkResolutionService {
  private readonly jobs = new Map<string, BulkJob>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly resolutions: ResolutionService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private logger: Pick<Logger, "error"> | null = null;

  /** Where an order's unexpected failure is logged (the composition root hands the server's logger). */
  useLogger(logger: Pick<Logger, "error">): void {
    this.logger = logger;
  }

  /**
   * Checks the request, resolves the filter to order ids (at most MAX_BULK_ORDERS, else refused with
   * TOO_MANY_ITEMS naming the limit) and starts the job; answers it at once, RUNNING.
   */
  async start(caller: Caller, request: StartBulk): Promise<BulkJob> {
    if (!(BULK_RESOLUTIONS as readonly Resolution[]).includes(request.resolution)) {
      throw refuse("resolution", UserErrorCode.INVALID_FORMAT, "A bulk resolution waits for restock, ships what is available or cancels; substitute orders one at a time.");
    }
    this.resolutions.checkOptions(request.resolution, request.options);
    const hasIds = request.orderIds !== null && request.orderIds !== undefined;
    if (hasIds === Boolean(request.filter)) {
      throw refuse("orderIds", UserErrorCode.REQUIRED, "Give either the orders (orderIds) or the filter whose matching orders to resolve, not both.");
    }
    const limit = MAX_BULK_ORDERS.toLocaleString("en-US");
    let ids: number[];
    if (hasIds) {
      ids = [...new Set(request.orderIds!)];
      if (ids.length > MAX_BULK_ORDERS) throw refuse("orderIds", UserErrorCode.TOO_MANY_ITEMS, `At most ${limit} orders in one bulk resolution (${ids.length.toLocaleString("en-US")} given).`);
    } else {
      ids = await this.orders.orderIdsWithoutStock(caller.shopId, request.filter!, MAX_BULK_ORDERS + 1);
      if (ids.length > MAX_BULK_ORDERS) {
        throw refuse("filter", UserErrorCode.TOO_MANY_ITEMS, `At most ${limit} orders in one bulk resolution: more than ${limit} orders match this filter; narrow it.`);
      }
    }
    if (ids.length === 0) throw refuse(hasIds ? "orderIds" : "filter", UserErrorCode.REQUIRED, "No order to resolve: select at least one.");

    this.prune();
    const numbers = await this.numbers(caller.shopId, ids);
    const job: BulkJob = {
      id: randomUUID(),
      shopId: caller.shopId,
      resolution: request.resolution,
      status: "RUNNING",
      total: ids.length,
      done: [],
      refused: [],
      startedAt: this.now(),
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    const run = this.run(job, caller, ids, numbers, request.options).finally(() => this.running.delete(job.id));
    this.running.set(job.id, run);
    return job;
  }

  /** The shop's job with this id, or null (another shop's jobs look the same as missing ones). */
  find(shopId: number, id: string): BulkJob | null {
    const job = this.jobs.get(id);
    return job && job.shopId === shopId ? job : null;
  }

  /** Resolves when the job has finished (at once for an unknown or finished one). */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  /** Every running job finished (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  /**
   * The job as it is now, then after each change (a subscriber that falls behind gets the latest
   * state, not every step), ending with the FINISHED state. Null for an unknown job.
   */
  watch(shopId: number, id: string): AsyncIterableIterator<BulkJobState> | null {
    const job = this.find(shopId, id);
    if (!job) return null;
    const listeners = this.listeners.get(id) ?? new Set<() => void>();
    this.listeners.set(id, listeners);
    let changed = true;
    let wake: (() => void) | null = null;
    let closed = false;
    const listener = () => {
      changed = true;
      wake?.();
    };
    listeners.add(listener);
    const close = () => {
      closed = true;
      listeners.delete(listener);
      wake?.();
    };
    const iterator: AsyncIterableIterator<BulkJobState> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (!closed && !changed) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (closed) return { done: true, value: undefined };
        changed = false;
        // The last state delivered is the finished one.
        if (job.status === "FINISHED") close();
        return { done: false, value: snapshot(job) };
      },
      return: async () => {
        close();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  private async run(job: BulkJob, caller: Caller, ids: number[], numbers: Map<number, number>, options: ResolveOptions): Promise<void> {
    for (const orderId of ids) {
      try {
        await this.resolutions.resolve(caller, orderId, job.resolution, options);
        job.done.push({ orderId, number: numbers.get(orderId) ?? null });
      } catch (error) {
        if (error instanceof UserInputError && error.errors.length) {
          const first = error.errors[0];
          job.refused.push({ orderId, number: numbers.get(orderId) ?? null, code: first.code, message: first.message });
        } else {
          this.logger?.error({ err: error, shopId: job.shopId, orderId, job: job.id }, "bulk resolution: order failed");
          job.refused.push({ orderId, number: numbers.get(orderId) ?? null, code: UserErrorCode.UNEXPECTED_FAILURE, message: "This order failed for an unexpected reason and was not changed: try it alone." });
        }
      }
      this.notify(job.id);
    }
    job.status = "FINISHED";
    job.finishedAt = this.now();
    this.notify(job.id);
    this.listeners.delete(job.id);
  }

  private notify(id: string): void {
    for (const listener of this.listeners.get(id) ?? []) listener();
  }

  private async numbers(shopId: number, ids: number[]): Promise<Map<number, number>> {
    const numbers = new Map<number, number>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db.query<{ id: number; number: number }>(`SELECT id, number FROM orders WHERE shop_id = ? AND id IN (${placeholders(chunk.length)})`, [shopId, ...chunk]);
      for (const row of rows) numbers.set(Number(row.id), Number(row.number));
    }
    return numbers;
  }

  /** Forgets finished jobs past their retention. */
  private prune(): void {
    const cutoff = this.now().getTime() - BULK_JOB_RETENTION_MS;
    for (const [id, job] of this.jobs) if (job.finishedAt && job.finishedAt.getTime() < cutoff) this.jobs.delete(id);
  }
}

/** The job as it stands: the lists only grow, so their lengths now fix what this state holds (no copy). */
export interface BulkJobState extends BulkJob {
  doneCount: number;
  refusedCount: number;
}

export function snapshot(job: BulkJob): BulkJobState {
  return { ...job, doneCount: job.done.length, refusedCount: job.refused.length };
}
