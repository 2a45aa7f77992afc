import { AsyncLocalStorage } from "node:async_hooks";
import { DataSource, QueryRunner } from "typeorm";
import { Dialect } from "./dialect";

/** What a write statement reports: rows changed and, for an INSERT, the first new id. */
export interface WriteResult {
  affected: number;
  firstInsertId: number;
}

/** What one statement of a batch reports: a write's counts, a SELECT's rows. */
export interface BatchResult extends WriteResult {
  rows: Array<Record<string, unknown>>;
}

/** One SQL statement with its `?` parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** A SELECT and how its rows become what the caller wants: services hand these out for `Database.reads`. */
export interface Read<T> extends Statement {
  map(rows: Array<Record<string, unknown>>): T;
}

/** What a TypeORM MySQL query runner keeps about its transaction (a deferred BEGIN sets it by hand). */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * A transaction in progress. Services write through `run` (hand-written SQL where a statement
 * count matters) or `manager` (TypeORM's EntityManager), never through both halves of a
 * read-then-write: reservations are single conditional statements.
 */
export class Tx {
  /**
   * MySQL, `Database.transaction(work, { batched: true })`: START TRANSACTION has not been sent
   * yet; it travels in front of the first statement (in the same round trip when that is a batch).
   */
  private beginPending = false;
  /** The isolation level the deferred START TRANSACTION sets first (claims: READ COMMITTED). */
  private isolation: string | undefined;
  /** The transaction was committed by `batch(..., { commit: true })`: nothing may run in it any more. */
  committed = false;

  constructor(
    readonly runner: QueryRunner,
    readonly dialect: Dialect,
    /** Whether a batch may end with COMMIT (no statement waits to be added before the commit). */
    private readonly mayCommitInBatch: () => boolean = () => false,
  ) {}

  /** Marks the transaction started without a round trip of its own (see `beginPending`). */
  deferBegin(isolation?: string): void {
    const state = this.runner as unknown as TransactionState;
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    this.beginPending = true;
    this.isolation = isolation;
  }

  /** The statements that open a deferred transaction. */
  private beginStatements(): Statement[] {
    return [...(this.isolation ? [{ sql: `SET TRANSACTION ISOLATION LEVEL ${this.isolation}`, params: [] }] : []), { sql: "START TRANSACTION", params: [] }];
  }

  get manager() {
    // TypeORM's manager talks to the runner directly and would run before START TRANSACTION.
    if (this.beginPending) throw new Error("A batched transaction runs its statements through run, query and batch");
    return this.runner.manager;
  }

  /** Sends the deferred START TRANSACTION on its own (a statement that cannot carry it). */
  private async begin(): Promise<void> {
    this.assertOpen();
    if (!this.beginPending) return;
    this.beginPending = false;
    await this.runner.query(this.beginStatements().map((s) => s.sql).join(";\n"));
  }

  private assertOpen(): void {
    if (this.committed) throw new Error("This transaction was already committed");
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    // A deferred BEGIN travels with the first read, in the same round trip.
    if (this.beginPending) return (await this.batch([{ sql, params }]))[0]!.rows as T[];
    await this.begin();
    return this.runner.query(sql, params);
  }

  /**
   * MySQL only: runs the statements in one round trip (each database round trip is the main cost
   * of intake there) and reports each statement's result. SQLite runs in-process and has no
   * round trips to save, so callers run statements one by one there.
   */
  async batch(statements: Statement[], options: { commit?: boolean } = {}): Promise<BatchResult[]> {
    if (this.dialect !== "mysql") throw new Error("Tx.batch is for MySQL/MariaDB");
    this.assertOpen();
    // A deferred BEGIN goes in front, and COMMIT (when asked and nothing must precede it) at the
    // end: MySQL stops a multi-statement query at its first error, so a failed statement leaves
    // the transaction open, uncommitted, for the rollback.
    const begin = this.beginPending ? this.beginStatements() : [];
    const commit = options.commit && this.mayCommitInBatch() ? [{ sql: "COMMIT", params: [] }] : [];
    const all = [...begin, ...statements, ...commit];
    this.beginPending = false;
    const result = await this.runner.query(
      all.map((s) => s.sql).join(";\n"),
      all.flatMap((s) => s.params),
      true,
    );
    if (commit.length) {
      const state = this.runner as unknown as TransactionState;
      state.isTransactionActive = false;
      state.transactionDepth = 0;
      this.committed = true;
    }
    const raws: Array<{ affectedRows?: number; insertId?: number } | Array<Record<string, unknown>>> = all.length === 1 ? [result.raw] : result.raw;
    return raws.slice(begin.length, begin.length + statements.length).map((raw) =>
      Array.isArray(raw)
        ? { affected: 0, firstInsertId: 0, rows: raw }
        : { affected: Number(raw?.affectedRows ?? 0), firstInsertId: Number(raw?.insertId ?? 0), rows: [] },
    );
  }

  /** Runs an INSERT/UPDATE/DELETE. For a multi-row INSERT, ids are consecutive from firstInsertId. */
  async run(sql: string, params: unknown[] = [], insertedRows = 1): Promise<WriteResult> {
    await this.begin();
    const result = await this.runner.query(sql, params, true);
    const affected = result.affected ?? 0;
    let firstInsertId = 0;
    if (this.dialect === "mysql") {
      firstInsertId = Number(result.raw?.insertId ?? 0);
    } else if (typeof result.raw === "number" || typeof result.raw === "bigint") {
      // better-sqlite3 reports the last rowid; writers are serialised, so the rows are consecutive.
      firstInsertId = Number(result.raw) - insertedRows + 1;
    }
    return { affected, firstInsertId };
  }
}

export interface TransactionOptions {
  /**
   * MySQL: START TRANSACTION travels with the first statement or batch instead of alone, and a
   * `tx.batch(..., { commit: true })` may carry COMMIT: a short transaction such as intake's then
   * costs two round trips. `work` must use `tx.run`, `tx.query` and `tx.batch` only (not `manager`).
   */
  batched?: boolean;
}

const RETRYABLE_MYSQL_ERRNOS = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */]);
const MAX_ATTEMPTS = 6;

function isRetryable(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: number; code?: string } }).driverError;
  if (!driverError) return false;
  if (driverError.errno !== undefined && RETRYABLE_MYSQL_ERRNOS.has(driverError.errno)) return true;
  return driverError.code === "SQLITE_BUSY" || driverError.code === "SQLITE_BUSY_SNAPSHOT";
}

/** A FIFO async mutex: SQLite has one connection here, so its transactions take turns. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }
}

/** The database handle every service receives: the TypeORM DataSource plus transactions with retry. */
export class Database {
  private readonly sqliteWriteLock = new Mutex();
  private readonly commitListeners: Array<() => void> = [];
  /** A statement to add to the first transaction `work` commits (withFirstCommit). */
  private readonly firstCommit = new AsyncLocalStorage<{ statement: (tx: Tx) => Promise<void>; done: boolean }>();

  constructor(
    readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  get manager() {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` so that the first transaction it commits also runs `statement`, just before its
   * COMMIT: a mark that commits with the effect or not at all (idempotency keys record that their
   * call's change was committed). Transactions after the first, and autocommits, are left alone.
   */
  withFirstCommit<T>(statement: (tx: Tx) => Promise<void>, work: () => Promise<T>): Promise<T> {
    return this.firstCommit.run({ statement, done: false }, work);
  }

  /** Called after every commit (the outbox dispatcher listens, to deliver new events at once). */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /** Listeners run after the commit, on their own: nothing they do can fail the transaction. */
  private notifyCommitted(): void {
    for (const listener of this.commitListeners) {
      setImmediate(() => {
        try {
          listener();
        } catch {
          // A listener's failure is its own (the dispatcher logs and retries by itself).
        }
      });
    }
  }

  /**
   * A read that sees only committed rows on both databases. On SQLite every statement shares one
   * connection, so a plain read could see the writes of a transaction still open (and perhaps
   * rolled back later); this one waits for its turn instead. The outbox reads this way.
   */
  async committedQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dialect === "sqlite" ? this.autocommit((tx) => tx.query<T>(sql, params)) : this.query<T>(sql, params);
  }

  /**
   * Runs `work` while holding a named lock that every process on this database shares, so that
   * several instances starting together take turns (migrations, the demo seed). MySQL's GET_LOCK
   * belongs to one connection, held here for the length of `work`; SQLite serves one process only.
   */
  async exclusively<T>(name: string, work: () => Promise<T>, timeoutSeconds = 300): Promise<T> {
    if (this.dialect === "sqlite") return work();
    const runner = this.dataSource.createQueryRunner();
    try {
      const [row] = await runner.query("SELECT GET_LOCK(?, ?) AS granted", [name, timeoutSeconds]);
      if (Number(row?.granted) !== 1) throw new Error(`waited ${timeoutSeconds} s for the lock "${name}" that another instance holds`);
      try {
        return await work();
      } finally {
        await runner.query("SELECT RELEASE_LOCK(?)", [name]);
      }
    } finally {
      await runner.release();
    }
  }

  /** A read outside any transaction. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /**
   * Several reads outside any transaction, in one round trip on MySQL (one after another on
   * SQLite, which has no round trips to save); each result mapped by its Read.
   */
  async reads<T extends unknown[]>(...reads: { [K in keyof T]: Read<T[K]> }): Promise<T> {
    const all = reads as Array<Read<unknown>>;
    if (this.dialect !== "mysql" || all.length === 1) {
      const out: unknown[] = [];
      for (const read of all) out.push(read.map(await this.query(read.sql, read.params)));
      return out as T;
    }
    const results = (await this.dataSource.query(all.map((r) => r.sql).join(";\n"), all.flatMap((r) => r.params))) as Array<Array<Record<string, unknown>>>;
    return all.map((read, i) => read.map(results[i]!)) as T;
  }

  /**
   * Statements that each commit on their own, outside any transaction: for counters that must not
   * stay locked for the length of a transaction. On SQLite it still takes its turn as a writer.
   */
  async autocommit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const unlock = this.dialect === "sqlite" ? await this.sqliteWriteLock.lock() : undefined;
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(new Tx(runner, this.dialect));
    } finally {
      await runner.release();
      unlock?.();
    }
  }

  /**
   * Runs `work` in one transaction and commits, or rolls everything back. A transaction the
   * database aborts (deadlock, lock wait timeout, SQLite busy) is run again, a bounded number of times.
   * `work` may therefore run more than once: it must not have effects outside the transaction.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work, options);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** attempt));
      }
    }
  }

  /**
   * A short transaction that takes work (outbox claims and leases): READ COMMITTED on MySQL, so a
   * `FOR UPDATE SKIP LOCKED` scan locks only the rows it returns (no gap locks that would hold back
   * inserts into the outbox), and no commit listeners, since a claim changes nothing to deliver.
   * Retried like `transaction`.
   */
  async claimTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work, { claim: true });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** attempt));
      }
    }
  }

  private async attempt<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions & { claim?: boolean }): Promise<T> {
    const claim = options.claim === true;
    const unlock = this.dialect === "sqlite" ? await this.sqliteWriteLock.lock() : undefined;
    const runner = this.dataSource.createQueryRunner();
    const first = this.firstCommit.getStore();
    // A claim's BEGIN (with its isolation level) also travels with its first statement.
    const batched = (options.batched === true || claim) && this.dialect === "mysql";
    // A statement that must run just before the commit (withFirstCommit) keeps COMMIT on its own;
    // a claim is never the commit that statement waits for.
    const tx = new Tx(runner, this.dialect, () => batched && (claim || !first || first.done));
    try {
      if (batched) tx.deferBegin(claim ? "READ COMMITTED" : undefined);
      else await runner.startTransaction();
      try {
        const result = await work(tx);
        if (claim) {
          if (!tx.committed) await runner.commitTransaction();
          return result;
        }
        if (!tx.committed) {
          if (first && !first.done) await first.statement(tx);
          await runner.commitTransaction();
        }
        if (first) first.done = true;
        this.notifyCommitted();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
      unlock?.();
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** True when a statement failed on a unique index (MySQL/MariaDB or SQLite). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return driverError?.code === "ER_DUP_ENTRY" || driverError?.code === "SQLITE_CONSTRAINT_UNIQUE";
}
