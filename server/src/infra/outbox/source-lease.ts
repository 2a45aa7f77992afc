import { BatchResult, Database, Read, Statement } from "../db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../db/dialect";

/** Where a reader stands in a log held in id order: the last id delivered, and since when a gap after it is waited for. */
export interface IdOrder {
  lastId: number | undefined;
  gapSince: number | undefined;
}

/**
 * How long a source's reader holds it without renewing: it renews before every batch, so this
 * only has to outlast one batch's delivery; it is also how long an instance killed while reading
 * holds the log back from the others.
 */
export const SOURCE_LEASE_MS = 15_000;

/**
 * One reader of one outbox log at a time across server instances (outbox_lease, a row per
 * consumer and log). A round takes the lease with one conditional UPDATE (free, run out, or
 * already its own: it sets owner and lease_until) and reads where the log's reader stood, both in
 * one round trip; reads and delivers in id order, renews it before each batch, and gives it back
 * at the end with where it stands in the log; any instance's next round goes on from there. Held
 * past its end (a crash, a stall), it is free for the others; a reader that lost it stops at its
 * next renewal. (SQLite is one instance: its dispatchers take no leases.)
 */
export class SourceLease {
  private created = false;

  constructor(
    private readonly db: Database,
    readonly name: string,
    private readonly owner: string,
    readonly leaseMs = SOURCE_LEASE_MS,
  ) {}

  /** Takes the lease; returns where the log's reader stood, or null when another instance holds it. */
  async acquire(): Promise<IdOrder | null> {
    return (await this.take())?.order ?? null;
  }

  /**
   * Takes the lease and, in the same round trip, runs `read` (the log's first batch: it runs after
   * the lease is taken, so it is read under the lease). Null when another instance holds it.
   */
  async take<T>(read?: Read<T>): Promise<{ order: IdOrder; read: T | undefined } | null> {
    return (await SourceLease.takeAll(this.db, [{ lease: this, read }]))[0]!;
  }

  /**
   * Takes several leases (a dispatcher's logs), each with its first batch, all in one round trip;
   * for each, what `take` returns. Each lease is taken or not on its own (statements that commit
   * one by one): holding one says nothing of the others.
   */
  static async takeAll<T>(db: Database, wanted: Array<{ lease: SourceLease; read?: Read<T> }>): Promise<Array<{ order: IdOrder; read: T | undefined } | null>> {
    const statements = wanted.map(({ lease, read }) => lease.takeStatements(read));
    const results = await inOneRoundTrip(db, statements.flat());
    let at = 0;
    return wanted.map(({ lease, read }, i) => {
      const mine = results.slice(at, (at += statements[i]!.length));
      lease.created = true;
      return lease.takeResult(mine.slice(mine.length - (read ? 3 : 2)), read);
    });
  }

  private takeStatements(read?: Read<unknown>): Statement[] {
    const now = Date.now();
    // InnoDB evaluates the WHERE on the latest committed row under the row's lock: of two
    // instances taking a free lease at once, the second sees the first's owner and changes nothing.
    // The position is read after the UPDATE committed (autocommit), so it is the one the last holder left.
    const insert = this.db.dialect === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
    return [
      ...(this.created ? [] : [{ sql: `${insert} outbox_lease (name) VALUES (?)`, params: [this.name] }]),
      {
        sql: "UPDATE outbox_lease SET owner = ?, lease_until = ? WHERE name = ? AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until <= ?)",
        params: [this.owner, sqlTimestamp(new Date(now + this.leaseMs)), this.name, this.owner, sqlTimestamp(new Date(now))],
      },
      { sql: "SELECT last_id, gap_since FROM outbox_lease WHERE name = ?", params: [this.name] },
      ...(read ? [{ sql: read.sql, params: read.params }] : []),
    ];
  }

  private takeResult<T>(results: BatchResult[], read?: Read<T>): { order: IdOrder; read: T | undefined } | null {
    const [taken, position, batch] = results as [BatchResult, BatchResult, BatchResult | undefined];
    if (taken.affected !== 1) return null;
    const row = position.rows[0] as { last_id: number | null; gap_since: string | Date | null } | undefined;
    return {
      order: {
        lastId: row?.last_id === null || row?.last_id === undefined ? undefined : Number(row.last_id),
        gapSince: row?.gap_since ? fromSqlTimestamp(row.gap_since).getTime() : undefined,
      },
      read: read && batch ? read.map(batch.rows) : undefined,
    };
  }

  /** Extends the lease and saves the position; false when it was lost (another instance has it now). */
  async renew(order: IdOrder): Promise<boolean> {
    return this.save(order, new Date(Date.now() + this.leaseMs));
  }

  /**
   * Runs `before` (the last batch's mark), renews the lease with the position and, if it was still
   * ours, reads the next batch: one round trip. Null when the lease was lost (nothing is read then).
   */
  async renewAndRead<T>(order: IdOrder, before: Statement[], read: Read<T>): Promise<T | null> {
    const renewal = this.saveStatement(order, new Date(Date.now() + this.leaseMs));
    const results = await inOneRoundTrip(this.db, [...before, renewal, { sql: read.sql, params: read.params }]);
    if (results[before.length]!.affected !== 1) return null;
    return read.map(results[before.length + 1]!.rows);
  }

  /** Gives the lease back with the position; `first` (the last batch's mark) goes before it, in the same round trip. */
  async release(order: IdOrder, first: Statement[] = []): Promise<void> {
    await inOneRoundTrip(this.db, [...first, this.releaseStatement(order)]);
  }

  /** The statement that gives the lease back with the position (several leases' go in one round trip: `inOneRoundTrip`). */
  releaseStatement(order: IdOrder): Statement {
    return this.saveStatement(order, null);
  }

  private async save(order: IdOrder, until: Date | null): Promise<boolean> {
    const results = await inOneRoundTrip(this.db, [this.saveStatement(order, until)]);
    return results[0]!.affected === 1;
  }

  private saveStatement(order: IdOrder, until: Date | null): Statement {
    return {
      sql: "UPDATE outbox_lease SET owner = ?, lease_until = ?, last_id = ?, gap_since = ? WHERE name = ? AND owner = ?",
      params: [
        until ? this.owner : null,
        until ? sqlTimestamp(until) : null,
        order.lastId ?? null,
        order.gapSince !== undefined ? sqlTimestamp(new Date(order.gapSince)) : null,
        this.name,
        this.owner,
      ],
    };
  }
}

/** Statements that each commit on their own, in one round trip on MySQL (SQLite, in-process, runs them one by one). */
export async function inOneRoundTrip(db: Database, statements: Statement[]): Promise<BatchResult[]> {
  return db.autocommit(async (tx) => {
    if (tx.dialect === "mysql") return tx.batch(statements);
    const results: BatchResult[] = [];
    for (const s of statements) {
      if (/^\s*SELECT/i.test(s.sql)) results.push({ affected: 0, firstInsertId: 0, rows: await tx.query(s.sql, s.params) });
      else results.push({ ...(await tx.run(s.sql, s.params)), rows: [] });
    }
    return results;
  });
}
