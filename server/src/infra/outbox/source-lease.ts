import { Database } from "../db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../db/dialect";
import { lockClause } from "./claim";

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
 * consumer and log). A round takes the lease (`SELECT … FOR UPDATE SKIP LOCKED`, then marks
 * owner and lease_until), reads and delivers in id order, renews it before each batch, and gives it
 * back at the end with where it stands in the log; any instance's next round goes on from there.
 * Held past its end (a crash, a stall), it is free for the others; a reader that lost it stops at
 * its next renewal. SQLite is one instance: the same, without SKIP LOCKED.
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
    if (!this.created) {
      const insert = this.db.dialect === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
      await this.db.autocommit((tx) => tx.run(`${insert} outbox_lease (name) VALUES (?)`, [this.name]));
      this.created = true;
    }
    return this.db.claimTransaction(async (tx) => {
      const [row] = await tx.query<{ owner: string | null; lease_until: string | Date | null; last_id: number | null; gap_since: string | Date | null }>(
        `SELECT owner, lease_until, last_id, gap_since FROM outbox_lease WHERE name = ?${lockClause(tx)}`,
        [this.name],
      );
      // No row: another instance is taking it this very moment (SKIP LOCKED).
      if (!row) return null;
      const now = Date.now();
      if (row.owner && row.owner !== this.owner && row.lease_until && fromSqlTimestamp(row.lease_until).getTime() > now) return null;
      await tx.run("UPDATE outbox_lease SET owner = ?, lease_until = ? WHERE name = ?", [this.owner, sqlTimestamp(new Date(now + this.leaseMs)), this.name]);
      return {
        lastId: row.last_id === null || row.last_id === undefined ? undefined : Number(row.last_id),
        gapSince: row.gap_since ? fromSqlTimestamp(row.gap_since).getTime() : undefined,
      };
    });
  }

  /** Extends the lease and saves the position; false when it was lost (another instance has it now). */
  async renew(order: IdOrder): Promise<boolean> {
    return this.save(order, new Date(Date.now() + this.leaseMs));
  }

  /** Gives the lease back with the position. */
  async release(order: IdOrder): Promise<void> {
    await this.save(order, null);
  }

  private async save(order: IdOrder, until: Date | null): Promise<boolean> {
    const result = await this.db.autocommit((tx) =>
      tx.run(`UPDATE outbox_lease SET owner = ?, lease_until = ?, last_id = ?, gap_since = ? WHERE name = ? AND owner = ?`, [
        until ? this.owner : null,
        until ? sqlTimestamp(until) : null,
        order.lastId ?? null,
        order.gapSince !== undefined ? sqlTimestamp(new Date(order.gapSince)) : null,
        this.name,
        this.owner,
      ]),
    );
    return result.affected === 1;
  }
}
