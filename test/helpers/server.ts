import "reflect-metadata";
import { Writable } from "node:stream";
import { Logger as TypeOrmLogger } from "typeorm";
import { createDispatcher, createDownloads, createUploads, createNotificationPipeline, createSchema, createServices, createWebhookPipeline, ServiceOverrides, Services } from "../../server/src/app";
import { WebhookPipeline } from "../../server/src/modules/webhooks/webhook-pipeline";
import { NotificationPipeline } from "../../server/src/modules/notifications/notification-pipeline";
import { createEventBus, shopTopic } from "../../server/src/infra/graphql/pubsub";
import { OutboxDispatcher } from "../../server/src/infra/outbox/outbox";
import { openAppDatabase } from "../../server/src/persistence";
import { Database } from "../../server/src/infra/db/database";
import { startHttpServer } from "../../server/src/infra/http/server";
import { CostBuckets } from "../../server/src/infra/graphql/cost";
import { LIMITS } from "../../server/src/infra/http/limits";
import { createLogger } from "../../server/src/infra/logging/logger";
import { createTestDatabase, DatabaseKind, TestDatabase } from "./databases";
import { freePort } from "./server-process";
import { createMetrics, createReadiness } from "../../server/src/operations";
import { Metrics } from "../../server/src/infra/metrics/metrics";
import { Readiness } from "../../server/src/infra/http/health";

/**
 * Counts every SQL statement the server sends, and the round trips they took (Tx.batch sends
 * several statements, joined by ";\n", in one). Tests compare counts before and after a request.
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  roundTrips = 0;
  statements: string[] = [];
  recording = false;
  /**
   * The event dispatcher, paused while `measure` runs: its background polls (every 200 ms) are
   * not the measured work's statements, and under load one would land inside the count.
   */
  background: { start(): void; stop(): Promise<void> } | null = null;
  logQuery(query: string) {
    const statements = query.split(";\n");
    this.count += statements.length;
    this.roundTrips++;
    if (this.recording) this.statements.push(...statements);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
  /** Runs `work` and returns how many statements it caused. */
  async measure(work: () => Promise<unknown>): Promise<{ count: number; roundTrips: number; statements: string[] }> {
    const background = this.background;
    await background?.stop();
    const before = this.count;
    const roundTripsBefore = this.roundTrips;
    this.statements = [];
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
      background?.start();
    }
    return { count: this.count - before, roundTrips: this.roundTrips - roundTripsBefore, statements: this.statements };
  }
}

export interface TestServer {
  kind: DatabaseKind;
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  db: Database;
  services: Services;
  queries: QueryCounter;
  /** Delivers committed events to subscribers; started unless `dispatch: false`. */
  dispatcher: OutboxDispatcher;
  /** Resolves once `count` subscriptions listen to a shop's topic (a subscription registers asynchronously). */
  subscribed(topic: string, shopId: number, count?: number): Promise<void>;
  testDb: TestDatabase;
  /** Customer e-mail, when started with `mail`. */
  mail: NotificationPipeline | null;
  /** Webhooks, when started with `webhooks`. */
  webhooks: WebhookPipeline | null;
  /** What /readyz answers (the database checked when started with `metrics`). */
  readiness: Readiness;
  /** The metrics, when started with `metrics`. */
  metrics: Metrics | null;
  /** Stops the server; the database is dropped unless `keepDatabase`. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  webDist?: string;
  /** Reopen this database (a restart) instead of creating a fresh one. */
  testDb?: TestDatabase;
  /** Start delivering events at once (default true). */
  dispatch?: boolean;
  /** Shorter session cache, smaller login limits, another PUBLIC_URL. */
  config?: ServiceOverrides & { publicUrl?: string; signup?: boolean };
  /** TRUST_PROXY (default off). */
  trustProxy?: boolean | number | string;
  /** GRAPHQL_INTROSPECTION (default true). */
  introspection?: boolean;
  /** How often WebSockets are pinged (default LIMITS.heartbeatMs). */
  webSocketHeartbeatMs?: number;
  /** PUBLIC_URL is this server's own address (refund links open here); by default it is the app's default. */
  publicUrlIsServer?: boolean;
  /** Where the server's log lines go (at level debug unless TEST_LOG_LEVEL); by default nowhere. */
  logSink?: Writable;
  /**
   * Runs customer e-mail: to `smtpUrl` (a test SMTP server), else as .eml files in `mailDir`.
   * Without it no e-mail is planned or sent (the other suites count statements).
   */
  mail?: { smtpUrl?: string; mailDir?: string; send?: boolean };
  /**
   * The query-cost buckets. By default they report costs and throttle nothing (suites that drive
   * hundreds of operations at once from one session would otherwise wait on the bucket), except
   * with `webDist` (the browser tests: the desk in use must not be throttled); the cost tests pass their own.
   */
  costBuckets?: CostBuckets;
  /** Runs webhooks (their clock, DNS and WEBHOOKS_ALLOW_PRIVATE come through `config`). */
  webhooks?: boolean;
  /** Counts metrics and serves /metrics to this METRICS_TOKEN, with /readyz checking the database, as main.ts does. */
  metrics?: { token: string };
}

/** A real Ruptura server on a fresh database of the given kind, listening on a free port. */
export async function startTestServer(kind: DatabaseKind, options: TestServerOptions = {}): Promise<TestServer> {
  const testDb: TestDatabase = options.testDb ?? (await createTestDatabase(kind));
  const queries = new QueryCounter();
  const db = await openAppDatabase({ ...testDb.options, logger: queries, poolSize: 40 });
  // A port known in advance when links must point at this server.
  const port = options.publicUrlIsServer ? await freePort() : 0;
  const config = { sessionTtlHours: 1, maxPageSize: 100, ...(port ? { publicUrl: `http://127.0.0.1:${port}` } : {}), ...options.config };
  const services = createServices(db, config);
  const logger = options.logSink ? createLogger(process.env.TEST_LOG_LEVEL ?? "debug", options.logSink) : createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const pubSub = createEventBus();
  const dispatcher = createDispatcher(db, pubSub, logger, 200);
  if (options.dispatch !== false) {
    dispatcher.start();
    queries.background = dispatcher;
  }
  const mail = options.mail
    ? createNotificationPipeline(db, services, { smtpUrl: options.mail.smtpUrl, mailDir: options.mail.mailDir ?? "/nonexistent" }, logger, { pollMs: 200, send: options.mail.send, smtpTimeoutMs: 5000 })
    : null;
  mail?.start();
  const schema = await createSchema(services, config, pubSub);
  const webhooks = options.webhooks ? createWebhookPipeline(db, services, logger, { pollMs: 200 }) : null;
  webhooks?.start();
  const metrics = options.metrics ? createMetrics(db, { defaultMetrics: true }) : null;
  const server = await startHttpServer({
    schema,
    port,
    host: "127.0.0.1",
    webDist: options.webDist ?? "/nonexistent",
    logger,
    authenticate: (token) => services.auth.authenticate(token),
    sessions: services.sessionEvents,
    downloads: createDownloads(services, logger),
    uploads: createUploads(services),
    idempotency: services.idempotency,
    // The web app (browser tests) runs against the real buckets, as in production: a desk page refused
    // THROTTLED is sent again after retryAfterSeconds (web/src/app/throttle-retry-link.ts).
    costBuckets: options.costBuckets ?? new CostBuckets({ capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, enforce: options.webDist !== undefined }),
    trustProxy: options.trustProxy,
    introspection: options.introspection,
    webSocketHeartbeatMs: options.webSocketHeartbeatMs,
    ...(metrics ? { metrics, metricsToken: options.metrics!.token, readiness: createReadiness(db).markReady() } : {}),
  });
  return {
    kind,
    url: server.url,
    graphqlUrl: `${server.url}/graphql`,
    wsUrl: `${server.url.replace("http", "ws")}/graphql`,
    db,
    services,
    queries,
    dispatcher,
    subscribed: async (topic, shopId, count = 1) => {
      for (let waited = 0; pubSub.subscribers(shopTopic(topic, shopId)) < count; waited += 10) {
        if (waited > 5000) throw new Error(`no ${count} subscriber(s) on ${topic} of shop ${shopId} after 5 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    testDb,
    mail,
    webhooks,
    readiness: server.readiness,
    metrics,
    stop: async ({ keepDatabase = false } = {}) => {
      await server.stop();
      await dispatcher.stop();
      await mail?.stop();
      await webhooks?.stop();
      await db.close();
      if (!keepDatabase) await testDb.drop();
    },
  };
}
