import { Database, Tx } from "../db/database";
import { placeholders, sqlTimestamp } from "../db/dialect";

/**
 * Claiming work from a table that several server instances read (webhook deliveries, customer
 * e-mail). The protocol, the same for every delivery loop:
 *
 * 1. Claim, in one short transaction: select due rows `FOR UPDATE SKIP LOCKED` (MySQL 8, MariaDB
 *    10.6+: rows another instance is claiming right now are skipped, not waited for), then mark
 *    them leased: `lease_owner` = this instance, and the row's due time moved to `lease_until`. A
 *    leased row is not due until its lease runs out, so no other instance takes it meanwhile.
 * 2. Deliver outside any transaction.
 * 3. Record the outcome with an UPDATE conditional on still holding the lease (same owner, same
 *    attempt number): an instance that lost its lease (it stalled past it and another took the
 *    row) records nothing.
 *
 * An instance killed mid-delivery leaves its rows leased; when the lease runs out they are due
 * again and any instance claims them: delivered at least once, under the same idempotency id
 * (webhook-id, Message-ID), so a receiver can drop the repeat. Exactly once when nothing crashes.
 * SQLite is one instance (transactions take turns in-process): the same claim, without SKIP LOCKED.
 */
export interface ClaimSpec {
  /** The table, with an alias if `where` uses one (`webhook_delivery d`). */
  from: string;
  /** The columns returned, qualified as `where` needs them; one of them is `id` (`d.id, d.attempts`). */
  columns: string;
  /** Which rows are due, with `?` parameters. */
  where: string;
  params: unknown[];
  /** The claim order: along the index that finds due rows (see claimSelect). */
  orderBy: string;
  limit: number;
  /** The table to mark (no alias) and the column that holds the row's due time. */
  table: string;
  dueColumn: string;
}

/**
 * The locking SELECT of a claim. Its plan matters on InnoDB: a locking read keeps the lock on
 * every row that matched the WHERE, also those a filesort then cut off by LIMIT. So `orderBy` must
 * follow an index that serves the WHERE (the due-time index: `next_attempt_at, id`), so the scan
 * stops after `limit` rows and locks those only; and no semi-join (write "endpoint enabled" as a
 * scalar subquery, not EXISTS, which MariaDB turns into a join and a temporary table). A claim
 * that locked every due row would leave the other instances nothing to claim meanwhile.
 */
export function claimSelect(spec: ClaimSpec, tx: Pick<Tx, "dialect">): { sql: string; params: unknown[] } {
  return { sql: `SELECT ${spec.columns} FROM ${spec.from} WHERE ${spec.where} ORDER BY ${spec.orderBy} LIMIT ?${lockClause(tx)}`, params: [...spec.params, spec.limit] };
}

/** Claims up to `limit` due rows for `owner` until `leaseUntil`; returns them as they were when claimed, longest due first. */
export async function claimRows<T extends { id: number }>(db: Database, spec: ClaimSpec, owner: string, leaseUntil: Date): Promise<T[]> {
  return db.claimTransaction(async (tx) => {
    const select = claimSelect(spec, tx);
    const rows = await tx.query<T>(select.sql, select.params);
    const ids = rows.map((r) => Number(r.id));
    if (ids.length) {
      const mark = { sql: `UPDATE ${spec.table} SET lease_owner = ?, ${spec.dueColumn} = ? WHERE id IN (${placeholders(ids.length)})`, params: [owner, sqlTimestamp(leaseUntil), ...ids] };
      // MySQL: the mark and the COMMIT in one round trip.
      if (tx.dialect === "mysql") await tx.batch([mark], { commit: true });
      else await tx.run(mark.sql, mark.params);
    }
    return rows;
  });
}

/** The locking clause of a claim: SKIP LOCKED on MySQL/MariaDB; nothing on SQLite (one writer at a time). */
export const lockClause = (tx: Pick<Tx, "dialect">) => (tx.dialect === "mysql" ? " FOR UPDATE SKIP LOCKED" : "");
