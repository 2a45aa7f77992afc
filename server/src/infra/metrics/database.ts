import { Database } from "../db/database";
import { OutboxLag, PoolStats } from "./metrics";

/** What mysql2's pool keeps (not in its typings): every connection, the free ones, the waiting callers. */
interface Mysql2PoolInternals {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/** The MySQL pool's use, read from mysql2's pool at each scrape; null on SQLite (one connection, no pool). */
export function databasePoolStats(db: Database): () => PoolStats | null {
  return () => {
    if (db.dialect !== "mysql") return null;
    const pool = (db.dataSource.driver as { pool?: Mysql2PoolInternals }).pool;
    if (!pool?._allConnections) return null;
    const all = pool._allConnections.length;
    const idle = pool._freeConnections?.length ?? 0;
    return { max: pool.config?.connectionLimit ?? all, inUse: all - idle, idle, waiting: pool._connectionQueue?.length ?? 0 };
  };
}

/** Pending messages are counted up to this many: a scrape stays a short index range whatever the backlog. */
const PENDING_CAP = 100_000;

/** A committed timestamp as the drivers return it: a Date (mysql2, UTC) or `YYYY-MM-DD HH:MM:SS.sss` (SQLite, UTC). */
function parseTimestamp(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The lag of outbox tables (rows with `dispatched_at` NULL until delivered, indexed on
 * (dispatched_at, id)): how many wait, and how old the oldest is. Table names come from the
 * composition root (infra knows no module's tables); they are never user input.
 */
export function outboxLag(db: Database, tables: string[], now: () => Date = () => new Date()): () => Promise<OutboxLag[]> {
  for (const table of tables) if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  return async () =>
    Promise.all(
      tables.map(async (source) => {
        const [count] = await db.query<{ pending: number | string }>(
          `SELECT COUNT(*) AS pending FROM (SELECT 1 AS one FROM ${source} WHERE dispatched_at IS NULL LIMIT ${PENDING_CAP}) waiting`,
        );
        const [oldest] = await db.query<{ created_at: unknown }>(`SELECT created_at FROM ${source} WHERE dispatched_at IS NULL ORDER BY id LIMIT 1`);
        const created = parseTimestamp(oldest?.created_at);
        return {
          source,
          pending: Number(count?.pending ?? 0),
          oldestAgeSeconds: created ? Math.max(0, (now().getTime() - created.getTime()) / 1000) : 0,
        };
      }),
    );
}
