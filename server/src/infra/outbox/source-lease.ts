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
    private readonly leaseMs = SOURCE_LEASE_MS,
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
    const now = Date.now();
    // InnoDB evaluates the WHERE on the latest committed row under the row's lock: of two
    // instances taking a free lease at once, the second sees the first's owner and changes nothing.
    // The position is read after the UPDATE committed (autocommit), so it is the one the last holder left.
    const statements = [
      {
        sql: "UPDATE outbox_lease SET owner = ?, lease_until = ? WHERE name = ? AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until <= ?)",
        params: [this.owner, sqlTimestamp(new Date(now + this.leaseMs)), this.name, this.owner, sqlTimestamp(new Date(now))],
      },
      { sql: "SELECT last_id, gap_since FROM outbox_lease WHERE name = ?", params: [this.name] },
      ...(read ? [{ sql: read.sql, params: read.params }] : []),
    ];
    const insert = this.db.dialect === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
    const creating = this.created ? [] : [{ sql: `${insert} outbox_lease (name) VALUES (?)`, params: [this.name] }];
    const results = await this.inOneRoundTrip([...creating, ...statements]);
    this.created = true;
    const [taken, position, batch] = results.slice(creating.length) as [BatchResult, BatchResult, BatchResult | undefined];
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

  /** Gives the lease back with the position; `first` (the last batch's mark) goes before it, in the same round trip. */
  async release(order: IdOrder, first: Statement[] = []): Promise<void> {
    await this.save(order, null, first);
  }

  private async save(order: IdOrder, until: Date | null, first: Statement[] = []): Promise<boolean> {
    const update = {
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
    const results = await this.inOneRoundTrip([...first, update]);
    return results[results.length - 1]!.affected === 1;
  }

  /** Statements that each commit on their own, in one round trip on MySQL (SQLite, in-process, runs them one by one). */
  private async inOneRoundTrip(statements: Statement[]): Promise<BatchResult[]> {
    return this.db.autocommit(async (tx) => {
      if (tx.dialect === "mysql") return tx.batch(statements);
      const results: BatchResult[] = [];
      for (const s of statements) {
        if (/^\s*SELECT/i.test(s.sql)) results.push({ affected: 0, firstInsertId: 0, rows: await tx.query(s.sql, s.params) });
        else results.push({ ...(await tx.run(s.sql, s.params)), rows: [] });
      }
      return results;
    });
  }
}
