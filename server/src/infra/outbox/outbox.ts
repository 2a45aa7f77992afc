import { Database, Read, Statement, Tx } from "../db/database";
import { placeholders, sqlTimestamp } from "../db/dialect";
import { Rounds } from "./rounds";
import { Logger } from "../logging/logger";
import { IdOrder, inOneRoundTrip, SourceLease } from "./source-lease";

/** One committed notification, waiting to be delivered. */
export interface OutboxMessage {
  id: number;
  shopId: number;
  topic: string;
  payload: Record<string, unknown>;
  /** What the message is about within its shop (an order's id): also announced on that thing's own topic. */
  key?: string | number;
}

/** Somewhere committed notifications wait: order events, or the outbox_message table. */
export interface OutboxSource {
  name: string;
  /** The oldest undelivered messages, in the order they were committed. */
  pending(limit: number): Promise<OutboxMessage[]>;
  markDispatched(ids: number[]): Promise<void>;
  /**
   * `pending` as one statement, when it is one: a round under a lease (MySQL) sends it in the same
   * round trip as it takes the lease.
   */
  pendingRead?(limit: number): Read<OutboxMessage[]>;
  /** `markDispatched` as one statement: a round under a lease sends the last batch's with the lease's release. */
  markStatement?(ids: number[]): Statement;
  /**
   * `pendingRead` of the messages after an id only (the last one delivered): a round under a lease
   * then reads a burst on without waiting for the marks of what it delivered, and marks it all at
   * the end. Only for sources whose pending read does not depend on the marks for its place.
   */
  pendingAfterRead?(limit: number, afterId: number): Read<OutboxMessage[]>;
  /**
   * Ids are taken at insert, so a transaction may commit a smaller id after a larger one was
   * delivered (MariaDB; SQLite has one writer at a time). With this set, messages past a gap in
   * the ids wait up to GAP_WAIT_MS for it to fill, so they go out in id order: a cursor (the last
   * id a client saw) then never passes a message still to come. A gap that stays (a rolled-back
   * insert) is passed after the wait.
   */
  heldInIdOrder?: boolean;
  /** Extra messages that sum up a delivered batch (one per shop, say), delivered after it; they have no row of their own. */
  summarize?(messages: OutboxMessage[]): OutboxMessage[];
}

/** Where messages are delivered to (the GraphQL PubSub; Redis, webhooks and mail later). */
export interface MessageSink {
  /** A batch, in commit order. */
  deliver(messages: OutboxMessage[]): void | Promise<void>;
  /** Most messages per batch (default BATCH). */
  batch?: number;
}

/** Writes a message in the caller's transaction; it is delivered after commit. */
export async function enqueueMessage(tx: Tx, shopId: number, topic: string, payload: Record<string, unknown>): Promise<void> {
  await tx.run("INSERT INTO outbox_message (shop_id, topic, payload, created_at) VALUES (?, ?, ?, ?)", [
    shopId,
    topic,
    JSON.stringify(payload),
    sqlTimestamp(new Date()),
  ]);
}

/** The outbox_message table as a source. */
export function outboxTableSource(db: Database): OutboxSource {
  const pendingAfterRead = (limit: number, afterId: number): Read<OutboxMessage[]> => ({
    sql: "SELECT id, shop_id, topic, payload FROM outbox_message WHERE dispatched_at IS NULL AND id > ? ORDER BY id LIMIT ?",
    params: [afterId, limit],
    map: (rows) => rows.map((r) => ({ id: Number(r.id), shopId: Number(r.shop_id), topic: String(r.topic), payload: JSON.parse(String(r.payload)) })),
  });
  const pendingRead = (limit: number) => pendingAfterRead(limit, 0);
  return {
    name: "outbox_message",
    pending: (limit) => readCommitted(db, pendingRead(limit)),
    pendingRead,
    pendingAfterRead,
    markDispatched: (ids) => markDispatched(db, "outbox_message", ids),
    markStatement: (ids) => markDispatchedStatement("outbox_message", ids),
  };
}

/** A Read run so that it sees only committed rows (Database.committedQuery). */
export async function readCommitted<T>(db: Database, read: Read<T>): Promise<T> {
  return read.map(await db.committedQuery(read.sql, read.params));
}

/** Sets dispatched_at on these rows of an outbox table. */
export async function markDispatched(db: Database, table: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const mark = markDispatchedStatement(table, ids);
  await db.autocommit((tx) => tx.run(mark.sql, mark.params));
}

/** The UPDATE that sets dispatched_at on these rows (at least one) of an outbox table. */
export function markDispatchedStatement(table: string, ids: number[]): Statement {
  return { sql: `UPDATE ${table} SET dispatched_at = ? WHERE id IN (${placeholders(ids.length)})`, params: [sqlTimestamp(new Date()), ...ids] };
}

/** Messages read and delivered at a time, unless the sink says otherwise. */
export const BATCH = 500;
/**
 * During a burst a source's summary goes at most this often (and after the burst's last batch,
 * never before the messages it sums up): each summary costs every subscriber of it one push, and
 * a burst read in a fraction of a second is better told in one push, at its end, than in one per
 * batch (screens that just had a push wait their interval for the next, ORDERS_CHANGED_INTERVAL_MS).
 */
export const SUMMARY_EVERY_MS = 500;
/** ...or once it covers this many messages, whichever comes first. */
const SUMMARY_MOST = 20_000;
/**
 * Most delivered messages whose marks a round under a lease keeps for its end (pendingAfterRead);
 * more are marked on the way, with the next read.
 */
const MARKS_KEPT = 10_000;
/** How long messages wait for a gap in the ids before them to fill (see OutboxSource.heldInIdOrder). */
export const GAP_WAIT_MS = 1000;

/** After finding a source's lease held by another instance, how soon to look again (its round may end before it read our commit). */
const BUSY_RETRY_MS = 100;

/** Reading each source under a lease (outbox_lease), so that one instance at a time reads it. */
export interface LeaseOptions {
  db: Database;
  /** This instance (INSTANCE_ID). */
  owner: string;
  leaseMs?: number;
}

/**
 * Delivers committed messages, in order, at least once. It runs shortly after every commit and,
 * as a safety net, every `pollMs`: a message committed just before a crash is delivered by the
 * next start. A message is marked dispatched only after it was handed to the sink.
 *
 * With `lease` (every server on MySQL/MariaDB), each source is read under its SourceLease: with several
 * instances over one database one of them at a time reads a log, in id order, and hands each
 * message to the sink once (again only when the reader died or stalled past its lease between
 * delivering and marking). Whatever the sink must do on every instance is the sink's business:
 * the subscriptions' EventBus fans a publish out to every instance's subscribers.
 */
export class OutboxDispatcher {
  private readonly rounds: Rounds;
  private soon: NodeJS.Timeout | undefined;
  private gapTimer: NodeJS.Timeout | undefined;
  private busyTimer: NodeJS.Timeout | undefined;
  private readonly idOrder = new Map<OutboxSource, IdOrder>();
  private readonly leases = new Map<OutboxSource, SourceLease>();
  private readonly leaseDb: Database | undefined;

  /**
   * @param settleMs after a kick, how long to wait for more commits before a round: under load one
   *   round then carries many orders' events (fewer statements per order), at a latency of ~settleMs.
   */
  constructor(
    private readonly sources: OutboxSource[],
    private readonly sink: MessageSink,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
    private readonly settleMs = 25,
    lease?: LeaseOptions,
  ) {
    this.rounds = new Rounds(() => this.drain(), pollMs);
    // SQLite is one instance: nobody to share the logs with.
    if (lease && lease.db.dialect === "mysql") {
      this.leaseDb = lease.db;
      for (const source of sources) this.leases.set(source, new SourceLease(lease.db, source.name, lease.owner, lease.leaseMs));
    }
  }

  start(): void {
    this.rounds.start();
  }

  /** Asks for a delivery round soon; kicks close together share one round (rounds never overlap). */
  kick(): void {
    if (this.rounds.isStopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.rounds.kick();
    }, this.settleMs);
  }

  /** Delivers everything pending now, without waiting for gaps in the ids (tests and shutdown use it). */
  async flush(): Promise<void> {
    // As a round of its own: a kick's round never reads the same messages beside it.
    await this.rounds.runNow(() => this.drain(true));
  }

  async stop(): Promise<void> {
    const stopped = this.rounds.stop();
    if (this.soon) clearTimeout(this.soon);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.soon = undefined;
    this.busyTimer = undefined;
    await stopped;
  }

  /**
   * The messages of a batch that may go now: for a source held in id order, those before the
   * first gap after the last id delivered, until the gap has been waited for GAP_WAIT_MS.
   */
  private deliverable(source: OutboxSource, messages: OutboxMessage[], force: boolean): OutboxMessage[] {
    if (!source.heldInIdOrder || messages.length === 0) return messages;
    const order = this.orderOf(source);
    // After a start nothing is known of what came before: the first batch goes as it is.
    let expected = order.lastId === undefined ? messages[0]!.id : order.lastId + 1;
    let ready = 0;
    while (ready < messages.length && messages[ready]!.id <= expected) expected = Math.max(expected, messages[ready++]!.id + 1);
    const now = Date.now();
    if (ready < messages.length && !force) {
      order.gapSince ??= now;
      const waited = now - order.gapSince;
      if (waited < GAP_WAIT_MS) {
        if (!this.gapTimer && !this.rounds.isStopped) {
          this.gapTimer = setTimeout(() => {
            this.gapTimer = undefined;
            this.kick();
          }, GAP_WAIT_MS - waited);
          this.gapTimer.unref();
        }
        messages = messages.slice(0, ready);
      } else {
        order.gapSince = undefined; // waited long enough: the gap is passed
      }
    } else {
      order.gapSince = undefined;
    }
    if (messages.length) order.lastId = Math.max(order.lastId ?? 0, messages[messages.length - 1]!.id);
    return messages;
  }

  private async drain(force = false): Promise<void> {
    if (this.leases.size === 0) {
      for (const source of this.sources) {
        try {
          await this.drainSource(source, force, undefined, undefined);
        } catch (error) {
          // Undelivered messages stay pending and the next round tries again.
          this.logger.error({ err: error, source: source.name }, "outbox delivery failed");
        }
      }
      return;
    }
    // Every source's lease, each with its first batch, in one round trip; and every release (with
    // the last batch's mark) in one more at the end: a round costs two round trips, not two per log.
    let taken: Array<{ order: IdOrder; read: OutboxMessage[] | undefined } | null>;
    try {
      taken = await SourceLease.takeAll(
        this.leaseDb!,
        this.sources.map((source) => ({ lease: this.leases.get(source)!, read: source.pendingRead?.(this.batch) })),
      );
    } catch (error) {
      this.logger.error({ err: error }, "outbox lease failed");
      return;
    }
    const takenAt = Date.now();
    const releases: Statement[] = [];
    for (const [i, source] of this.sources.entries()) {
      const held = taken[i];
      if (!held) {
        this.retryWhenFree();
        continue;
      }
      const lease = this.leases.get(source)!;
      // Where the last reader stopped, on whichever instance.
      this.idOrder.set(source, held.order);
      // The last batch's mark, sent with the release; none after a failure.
      let mark: Statement | undefined;
      try {
        // A log taken while the ones before it were delivered, long ago: its lease is renewed (or
        // found lost) before its first batch goes.
        if (Date.now() - takenAt > lease.leaseMs / 3 && !(await lease.renew(held.order))) {
          this.logger.warn({ source: source.name }, "outbox lease lost before its turn: another instance reads on");
          continue;
        }
        mark = await this.drainSource(source, force, lease, held.read);
      } catch (error) {
        // Undelivered messages stay pending and the next round tries again.
        this.logger.error({ err: error, source: source.name }, "outbox delivery failed");
      }
      releases.push(...(mark ? [mark] : []), lease.releaseStatement(this.orderOf(source)));
    }
    if (releases.length) await inOneRoundTrip(this.leaseDb!, releases).catch((error) => this.logger.error({ err: error }, "outbox lease release failed"));
  }

  private orderOf(source: OutboxSource): IdOrder {
    let order = this.idOrder.get(source);
    if (!order) this.idOrder.set(source, (order = { lastId: undefined, gapSince: undefined }));
    return order;
  }

  /** Another instance reads the source now: look again soon, in case its round ended before our commit. */
  private retryWhenFree(): void {
    if (this.busyTimer || this.rounds.isStopped) return;
    this.busyTimer = setTimeout(() => {
      this.busyTimer = undefined;
      this.kick();
    }, BUSY_RETRY_MS);
    this.busyTimer.unref();
  }

  /**
   * Delivers the source's pending messages, batch by batch. Under a lease, the last batch is not
   * marked here: its mark is returned, for the release to send (at least once all the same: a
   * reader that dies before the release delivers that batch again, as one dying before a mark).
   */
  private async drainSource(source: OutboxSource, force: boolean, lease: SourceLease | undefined, first: OutboxMessage[] | undefined): Promise<Statement | undefined> {
    let unsummarized: OutboxMessage[] = [];
    let summarizedAt = Date.now();
    /** Delivered, to be marked at the end of the round (see pendingAfterRead). */
    let unmarked: number[] = [];
    let read = first;
    for (;;) {
      const pending = read ?? (await source.pending(this.batch));
      read = undefined;
      const messages = this.deliverable(source, pending, force);
      if (source.summarize) unsummarized.push(...messages);
      const last = pending.length < this.batch || messages.length < pending.length;
      const summaryDue = last || unsummarized.length >= SUMMARY_MOST || Date.now() - summarizedAt >= SUMMARY_EVERY_MS;
      const summaries = source.summarize && unsummarized.length && summaryDue ? source.summarize(unsummarized) : [];
      if (summaries.length) {
        unsummarized = [];
        summarizedAt = Date.now();
      }
      if (messages.length || summaries.length) await this.sink.deliver([...messages, ...summaries]);
      const ids = messages.map((m) => m.id);
      if (last && lease && source.markStatement) {
        const marks = [...unmarked, ...ids];
        return marks.length ? source.markStatement(marks) : undefined;
      }
      if (lease && !last && source.markStatement && source.pendingRead) {
        // A long burst, under a lease: the renewal and the next batch's read in one round trip (the
        // read counts only if the lease was still ours). The marks wait for the round's end when the
        // source can read on past them, else they go first in the same round trip.
        // Not last: the whole batch was delivered, in id order.
        const after = ids[ids.length - 1];
        const readOn = source.pendingAfterRead && after !== undefined && unmarked.length + ids.length <= MARKS_KEPT;
        if (readOn) unmarked.push(...ids);
        const marks = readOn ? [] : [...unmarked, ...ids];
        if (!readOn) unmarked = [];
        const next = await lease.renewAndRead(
          this.orderOf(source),
          marks.length ? [source.markStatement(marks)] : [],
          readOn ? source.pendingAfterRead!(this.batch, after) : source.pendingRead(this.batch),
        );
        if (next === null) return this.lostMidRound(source);
        read = next;
        continue;
      }
      if (ids.length) await source.markDispatched(ids);
      if (last) return undefined;
      // A long burst: hold on to the log for the next batch, or stop if another instance took it over.
      if (lease && !(await lease.renew(this.orderOf(source)))) return this.lostMidRound(source);
    }
  }

  private lostMidRound(source: OutboxSource): undefined {
    this.logger.warn({ source: source.name }, "outbox lease lost mid-round: another instance reads on");
    return undefined;
  }

  private get batch(): number {
    return this.sink.batch ?? BATCH;
  }
}
