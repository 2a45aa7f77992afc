import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from "typeorm";
import { Database } from "./database";
import { OutboxMessageRow } from "../outbox/outbox-message.entity";
import { OutboxLeaseRow } from "../outbox/outbox-lease.entity";
import { Initial1763900000000 } from "./migrations/1763900000000-Initial";
import { Refunds1763990000000 } from "./migrations/1763990000000-Refunds";
import { Outbox1764000000000 } from "./migrations/1764000000000-Outbox";
import { OrderEventReplay1764100000000 } from "./migrations/1764100000000-OrderEventReplay";
import { RefundLinks1764400000000 } from "./migrations/1764400000000-RefundLinks";
import { Coupons1764500000000 } from "./migrations/1764500000000-Coupons";
import { RefundPayouts1764600000000 } from "./migrations/1764600000000-RefundPayouts";
import { PayoutAccounts1764700000000 } from "./migrations/1764700000000-PayoutAccounts";
import { IncomingStock1764800000000 } from "./migrations/1764800000000-IncomingStock";
import { Substitutes1764900000000 } from "./migrations/1764900000000-Substitutes";
import { CustomerMessages1765000000000 } from "./migrations/1765000000000-CustomerMessages";
import { OrderPage1765100000000 } from "./migrations/1765100000000-OrderPage";
import { Catalogue1765200000000 } from "./migrations/1765200000000-Catalogue";
import { Roles1765300000000 } from "./migrations/1765300000000-Roles";
import { ShopSettings1765400000000 } from "./migrations/1765400000000-ShopSettings";
import { Shipments1765700000000 } from "./migrations/1765700000000-Shipments";
import { CreditNotes1765800000000 } from "./migrations/1765800000000-CreditNotes";
import { Claims1766000000000 } from "./migrations/1766000000000-Claims";
import { Returns1766100000000 } from "./migrations/1766100000000-Returns";
import { ApiKeys1766200000000 } from "./migrations/1766200000000-ApiKeys";
import { Webhooks1766300000000 } from "./migrations/1766300000000-Webhooks";
import { IdempotencyRecords1766400000000 } from "./migrations/1766400000000-IdempotencyRecords";
import { ReportIndexes1766500000000 } from "./migrations/1766500000000-ReportIndexes";
import { OrderPriority1766600000000 } from "./migrations/1766600000000-OrderPriority";
import { BulkResolutionJobs1767300000000 } from "./migrations/1767300000000-BulkResolutionJobs";
import { ReportCoveringIndexes1767400000000 } from "./migrations/1767400000000-ReportCoveringIndexes";
import { ReportFacts1767510000000 } from "./migrations/1767510000000-ReportFacts";
import { OrderSearchWords1767650000000 } from "./migrations/1767650000000-OrderSearchWords";
import { ShortLinesBySku1767800000000 } from "./migrations/1767800000000-ShortLinesBySku";
import { DispatchLeases1766900000000 } from "./migrations/1766900000000-DispatchLeases";
import { ReadsAtScale1767100000000 } from "./migrations/1767100000000-ReadsAtScale";
import { OrderStatusCounts1767600000000 } from "./migrations/1767600000000-OrderStatusCounts";
import { SnakeNamingStrategy } from "./naming";

export const migrations = [
  Initial1763900000000,
  Refunds1763990000000,
  Outbox1764000000000,
  OrderEventReplay1764100000000,
  RefundLinks1764400000000,
  Coupons1764500000000,
  RefundPayouts1764600000000,
  PayoutAccounts1764700000000,
  IncomingStock1764800000000,
  Substitutes1764900000000,
  CustomerMessages1765000000000,
  OrderPage1765100000000,
  Catalogue1765200000000,
  Roles1765300000000,
  ShopSettings1765400000000,
  Shipments1765700000000,
  CreditNotes1765800000000,
  Claims1766000000000,
  Returns1766100000000,
  ApiKeys1766200000000,
  Webhooks1766300000000,
  IdempotencyRecords1766400000000,
  ReportIndexes1766500000000,
  OrderPriority1766600000000,
  DispatchLeases1766900000000,
  ReadsAtScale1767100000000,
  BulkResolutionJobs1767300000000,
  ReportCoveringIndexes1767400000000,
  ReportFacts1767510000000,
  OrderStatusCounts1767600000000,
  OrderSearchWords1767650000000,
  ShortLinesBySku1767800000000,
];

export interface DatabaseOptions {
  /**
   * The domain's entities, handed in by the composition root (server/src/persistence.ts): infra
   * knows no module. Infrastructure's own tables (the outbox) are added here.
   */
  entities: Function[];
  /** mysql://… for MySQL 8 / MariaDB; undefined for the embedded SQLite file. */
  databaseUrl?: string;
  sqlitePath: string;
  /** Receives every SQL statement (tests count them). */
  logger?: TypeOrmLogger;
  /** Connections in the MySQL pool. */
  poolSize?: number;
}

/**
 * MariaDB must be driven as `mariadb` and MySQL as `mysql`: under `mysql`, TypeORM reads MariaDB's
 * quoted NULL column defaults literally and reports false schema drift. The server says which it is.
 */
async function mysqlFlavour(url: string): Promise<"mariadb" | "mysql"> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query("SELECT VERSION() AS version");
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? "");
    return /mariadb/i.test(version) ? "mariadb" : "mysql";
  } finally {
    await connection.end();
  }
}

/**
 * mysql2's per-connection cache of prepared statements. Its default, 16,000, is allocated at full
 * size when a connection opens (four arrays of 16,000 slots: 0.5 MB a connection, 10 MB of the
 * server's 60 MB of live heap with the pool of 20, and V8 lets the heap grow to a multiple of what
 * is live). Nothing here prepares a statement (TypeORM and Tx send text queries), so it stays empty.
 */
export const MYSQL_PREPARED_STATEMENT_CACHE = 16;

export async function dataSourceOptions(options: DatabaseOptions): Promise<DataSourceOptions> {
  const common = {
    entities: [...options.entities, OutboxMessageRow, OutboxLeaseRow],
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logger: options.logger,
    logging: options.logger ? ["query" as const] : false,
  };
  if (options.databaseUrl) {
    return {
      ...common,
      type: await mysqlFlavour(options.databaseUrl),
      url: options.databaseUrl,
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      poolSize: options.poolSize ?? 20,
      // trace: mysql2 would capture a stack trace for every query (about 6% of the server's CPU
      // under intake load); TypeORM wraps failures in QueryFailedError with the SQL anyway.
      extra: { waitForConnections: true, trace: false, maxPreparedStatements: MYSQL_PREPARED_STATEMENT_CACHE },
      // Tx.batch sends several statements in one round trip. Every value in this code base goes
      // through placeholders, so this opens no door to injection.
      multipleStatements: true,
    };
  }
  fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
  return {
    ...common,
    type: "better-sqlite3",
    database: options.sqlitePath,
    timeout: 10000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    },
  };
}

/** Connects, runs pending migrations and returns the handle services use. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const dataSource = new DataSource(await dataSourceOptions(options));
  await dataSource.initialize();
  const db = new Database(dataSource, options.databaseUrl ? "mysql" : "sqlite");
  // Instances starting together would race to create the same tables.
  await db.exclusively("ruptura.migrations", () => dataSource.runMigrations({ transaction: "each" }));
  return db;
}
