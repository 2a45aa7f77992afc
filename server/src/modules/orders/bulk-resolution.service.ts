import { randomUUID } from "node:crypto";
import { Database } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { chunks } from "../../infra/collections";
import { Caller } from "../../infra/graphql/context";
import { EventBus, keyedTopic } from "../../infra/graphql/pubsub";
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
  /** INTERRUPTED: RUNNING in the table, but its instance stopped touching it (see BULK_JOB_STALE_MS). */
  status: "RUNNING" | "FINISHED" | "INTERRUPTED";
  total: number;
  /** Orders resolved, in the order they were processed. */
  done: Array<{ orderId: number; number: number | null }>;
  refused: BulkRefusal[];
  startedAt: Date;
  finishedAt: Date | null;
}

/** A job's progress as it travels on the event bus (plain JSON, so it crosses Redis unchanged). */
export interface BulkProgress {
  id: string;
  status: "RUNNING" | "FINISHED";
  doneCount: number;
  refusedCount: number;
}

/** The bus topic of one job's progress (keyed by the job's id, under its shop). */
export const BULK_RESOLUTION_PROGRESS = "BULK_RESOLUTION_PROGRESS";

/**
 * A RUNNING job whose row (heartbeat: updated_at) was not touched for this long reads as
 * INTERRUPTED: its instance died or was stopped. The running instance touches it after each order
 * and every BULK_JOB_HEARTBEAT_MS (BULK_JOB_HEARTBEAT_SECONDS) while an order takes long; keep it well under BULK_JOB_STALE_MS.
 */
export const BULK_JOB_STALE_MS = 60_000;
export const BULK_JOB_HEARTBEAT_MS = 10_000;

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
 * Jobs live in the database (bulk_resolution, one row per job, and bulk_resolution_order, one row
 * per processed order), written by the instance that runs the job after each order, so any
 * instance answers bulkResolution(id); progress is published on the event bus (Redis with
 * REDIS_URL), so a subscriber on any instance follows it. A job whose instance stopped reads as
 * INTERRUPTED once its heartbeat is older than BULK_JOB_STALE_MS; it is not resumed (each order
 * was committed or not). Finished jobs are deleted BULK_JOB_RETENTION_MS after they finished.
 * Concurrent jobs on the same orders cannot double-apply: each resolution locks the order and
 * checks its status before changing it, so the second is refused (INVALID_TRANSITION).
 */
export class BulkResolutionService {
  private readonly running = new Map<string, Promise<void>>();
  private bus: EventBus | null = null;

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

  private heartbeatMs = BULK_JOB_HEARTBEAT_MS;

  /** How often a running job touches its row and a subscriber looks at the table (BULK_JOB_HEARTBEAT_SECONDS). */
  useHeartbeat(ms: number): void {
    this.heartbeatMs = ms;
  }

  /** Where progress is published and heard (the composition root hands the app's bus, shared by every instance with REDIS_URL). */
  useBus(bus: EventBus): void {
    this.bus = bus;
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

    await this.prune();
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
    await this.db.autocommit((tx) =>
      tx.run(
        "INSERT INTO bulk_resolution (id, shop_id, status, resolution, total, done_count, refused_count, created_by, created_at, updated_at, finished_at) VALUES (?, ?, 'RUNNING', ?, ?, 0, 0, ?, ?, ?, NULL)",
        [job.id, job.shopId, job.resolution, job.total, caller.staffUserId ?? null, sqlTimestamp(job.startedAt), sqlTimestamp(job.startedAt)],
      ),
    );
    const run = this.run(job, caller, ids, numbers, request.options).finally(() => this.running.delete(job.id));
    this.running.set(job.id, run);
    return job;
  }

  /** The shop's job with this id, from the table, or null (another shop's jobs look the same as missing ones). */
  async find(shopId: number, id: string): Promise<BulkJob | null> {
    return this.read(shopId, id, null);
  }

  /**
   * The job read from the table; given the state read before (`known`), only the orders processed
   * since are read and appended to its lists (a subscriber's reads stay linear in the job's size).
   */
  private async read(shopId: number, id: string, known: BulkJob | null): Promise<BulkJob | null> {
    if (id.length > 36) return null;
    const [row] = await this.db.query<JobRow>(
      "SELECT id, shop_id, status, resolution, total, created_at, updated_at, finished_at FROM bulk_resolution WHERE id = ? AND shop_id = ?",
      [id, shopId],
    );
    if (!row) return null;
    const after = known ? known.done.length + known.refused.length : 0;
    const items = await this.db.query<{ order_id: number; number: number | null; code: string | null; message: string | null }>(
      "SELECT order_id, number, code, message FROM bulk_resolution_order WHERE job_id = ? AND shop_id = ? AND seq > ? ORDER BY seq",
      [id, shopId, after],
    );
    const job: BulkJob = {
      id: row.id,
      shopId: Number(row.shop_id),
      resolution: row.resolution as Resolution,
      status: this.statusOf(row),
      total: Number(row.total),
      done: known ? [...known.done] : [],
      refused: known ? [...known.refused] : [],
      startedAt: fromSqlTimestamp(row.created_at),
      finishedAt: row.finished_at === null ? null : fromSqlTimestamp(row.finished_at),
    };
    for (const item of items) {
      const number = item.number === null ? null : Number(item.number);
      if (item.code === null) job.done.push({ orderId: Number(item.order_id), number });
      else job.refused.push({ orderId: Number(item.order_id), number, code: item.code as UserErrorCode, message: item.message ?? "" });
    }
    return job;
  }

  /** Resolves when the job, run by this instance, has finished (at once for an unknown or finished one). */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  /** Every job this instance runs finished (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  /**
   * The job as it is now (read from the table, so on any instance), then after each change heard on
   * the event bus (a subscriber that falls behind gets the latest state, not every step), ending
   * with the FINISHED (or INTERRUPTED) state. Null for an unknown job.
   */
  async watch(shopId: number, id: string): Promise<AsyncIterableIterator<BulkJob> | null> {
    if (!this.bus) throw new Error("BulkResolutionService.useBus was not called");
    // Listening before reading: a change committed in between is heard, not missed.
    const live = this.bus.subscribe<BulkProgress>(keyedTopic(BULK_RESOLUTION_PROGRESS, shopId, id), { coalesceBy: () => 1 });
    const first = await this.find(shopId, id).catch(async (error) => {
      await live.return?.();
      throw error;
    });
    if (!first) {
      await live.return?.();
      return null;
    }
    let pending: BulkJob | null = first;
    let last: BulkJob = first;
    let heard: Promise<IteratorResult<BulkProgress>> | null = null;
    let ended = false;
    const end = async () => {
      ended = true;
      await live.return?.();
    };
    const iterator: AsyncIterableIterator<BulkJob> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        if (ended) return { done: true, value: undefined };
        let job = pending;
        pending = null;
        while (!job) {
          // A push, or every BULK_JOB_HEARTBEAT_MS a look at the table: a job whose instance died
          // publishes nothing more, and must still end here (INTERRUPTED) once its heartbeat is stale.
          heard ??= live.next();
          let timer: NodeJS.Timeout | undefined;
          const tick = new Promise<"tick">((resolve) => (timer = setTimeout(() => resolve("tick"), this.heartbeatMs)));
          const result = await Promise.race([heard, tick]).finally(() => clearTimeout(timer));
          if (result !== "tick") {
            heard = null;
            if (result.done || ended) {
              await end();
              return { done: true, value: undefined };
            }
          }
          if (ended) return { done: true, value: undefined };
          job = await this.read(shopId, id, last);
          if (!job) {
            await end();
            return { done: true, value: undefined };
          }
          last = job;
          // A look without a push sends nothing unless the job ended meanwhile.
          if (result === "tick" && job.status === "RUNNING") job = null;
        }
        // The last state delivered is the finished (or interrupted) one.
        if (job.status !== "RUNNING") await end();
        return { done: false, value: job };
      },
      return: async () => {
        await end();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  private statusOf(row: JobRow): BulkJob["status"] {
    if (row.status === "FINISHED") return "FINISHED";
    return this.now().getTime() - fromSqlTimestamp(row.updated_at).getTime() > BULK_JOB_STALE_MS ? "INTERRUPTED" : "RUNNING";
  }

  private async run(job: BulkJob, caller: Caller, ids: number[], numbers: Map<number, number>, options: ResolveOptions): Promise<void> {
    // The heartbeat, for an order that takes long (locks held by others): the job does not look interrupted meanwhile.
    const heartbeat = setInterval(() => {
      void this.db
        .autocommit((tx) => tx.run("UPDATE bulk_resolution SET updated_at = ? WHERE id = ? AND status = 'RUNNING'", [sqlTimestamp(this.now()), job.id]))
        .catch((error) => this.logger?.error({ err: error, job: job.id }, "bulk resolution: heartbeat failed"));
    }, this.heartbeatMs);
    heartbeat.unref();
    try {
      let seq = 0;
      for (const orderId of ids) {
        const number = numbers.get(orderId) ?? null;
        let refusal: BulkRefusal | null = null;
        try {
          await this.resolutions.resolve(caller, orderId, job.resolution, options);
          job.done.push({ orderId, number });
        } catch (error) {
          if (error instanceof UserInputError && error.errors.length) {
            const first = error.errors[0];
            refusal = { orderId, number, code: first.code, message: first.message };
          } else {
            this.logger?.error({ err: error, shopId: job.shopId, orderId, job: job.id }, "bulk resolution: order failed");
            refusal = { orderId, number, code: UserErrorCode.UNEXPECTED_FAILURE, message: "This order failed for an unexpected reason and was not changed: try it alone." };
          }
          job.refused.push(refusal);
        }
        seq += 1;
        await this.record(job, seq, orderId, number, refusal);
        this.publish(job);
      }
      job.status = "FINISHED";
      job.finishedAt = this.now();
      await this.db.autocommit((tx) =>
        tx.run("UPDATE bulk_resolution SET status = 'FINISHED', finished_at = ?, updated_at = ? WHERE id = ?", [sqlTimestamp(job.finishedAt!), sqlTimestamp(job.finishedAt!), job.id]),
      );
      this.publish(job);
    } catch (error) {
      // The table could not be written: the job stays RUNNING there and reads as INTERRUPTED once stale.
      this.logger?.error({ err: error, shopId: job.shopId, job: job.id }, "bulk resolution: the job's record could not be written");
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** One processed order and the job's counters, in their own small transaction (the order's resolution committed before). */
  private async record(job: BulkJob, seq: number, orderId: number, number: number | null, refusal: BulkRefusal | null): Promise<void> {
    const now = sqlTimestamp(this.now());
    await this.db.transaction(async (tx) => {
      await tx.run("INSERT INTO bulk_resolution_order (shop_id, job_id, seq, order_id, number, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)", [
        job.shopId,
        job.id,
        seq,
        orderId,
        number,
        refusal?.code ?? null,
        refusal ? refusal.message.slice(0, 500) : null,
      ]);
      await tx.run(`UPDATE bulk_resolution SET ${refusal ? "refused_count = refused_count + 1" : "done_count = done_count + 1"}, updated_at = ? WHERE id = ?`, [now, job.id]);
    });
  }

  private publish(job: BulkJob): void {
    const progress: BulkProgress = { id: job.id, status: job.status === "FINISHED" ? "FINISHED" : "RUNNING", doneCount: job.done.length, refusedCount: job.refused.length };
    this.bus?.publish(keyedTopic(BULK_RESOLUTION_PROGRESS, job.shopId, job.id), progress);
  }

  private async numbers(shopId: number, ids: number[]): Promise<Map<number, number>> {
    const numbers = new Map<number, number>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db.query<{ id: number; number: number }>(`SELECT id, number FROM orders WHERE shop_id = ? AND id IN (${placeholders(chunk.length)})`, [shopId, ...chunk]);
      for (const row of rows) numbers.set(Number(row.id), Number(row.number));
    }
    return numbers;
  }

  /** Deletes finished jobs past their retention (any shop's: housekeeping, done when a job starts). */
  private async prune(): Promise<void> {
    const cutoff = sqlTimestamp(new Date(this.now().getTime() - BULK_JOB_RETENTION_MS));
    const old = await this.db.query<{ id: string }>("SELECT id FROM bulk_resolution WHERE finished_at < ? LIMIT 100", [cutoff]);
    if (old.length === 0) return;
    const ids = old.map((r) => r.id);
    await this.db.autocommit(async (tx) => {
      await tx.run(`DELETE FROM bulk_resolution_order WHERE job_id IN (${placeholders(ids.length)})`, ids);
      await tx.run(`DELETE FROM bulk_resolution WHERE id IN (${placeholders(ids.length)})`, ids);
    });
  }
}

interface JobRow {
  id: string;
  shop_id: number;
  status: string;
  resolution: string;
  total: number;
  created_at: string | Date;
  updated_at: string | Date;
  finished_at: string | Date | null;
}

/** The job as it stands, with its counts. */
export interface BulkJobState extends BulkJob {
  doneCount: number;
  refusedCount: number;
}

export function snapshot(job: BulkJob): BulkJobState {
  return { ...job, doneCount: job.done.length, refusedCount: job.refused.length };
}
