// First: with OTEL_EXPORTER_OTLP_ENDPOINT set, tracing must patch http, express, graphql and mysql2 before they load.
import { shutdownTelemetry, tracing } from "./infra/telemetry";
import "reflect-metadata";
import { createDispatcher, createDownloads, createUploads, createNotificationPipeline, createSchema, createServices, createWebhookPipeline } from "./app";
import { loadConfig } from "./config";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoShop } from "./demo/seed-demo";
import { openAppDatabase } from "./persistence";
import { startHttpServer } from "./infra/http/server";
import { createLogger } from "./infra/logging/logger";
import { loadDataCipher } from "./infra/crypto/data-cipher";
import { createSharedState } from "./infra/redis/shared-state";
import { createMetrics, createReadiness } from "./operations";
import { startMetricsServer } from "./infra/http/observability";

/** Boot: config -> database (migrations) -> demo data -> schema -> HTTP + WebSocket. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (tracing) logger.info({ endpoint: new URL(config.otelEndpoint!).origin }, "OpenTelemetry tracing on");
  const db = await openAppDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  logger.info({ database: config.databaseUrl ? db.dataSource.options.type : config.sqlitePath }, "database ready, migrations applied");

  const { cipher, generated } = loadDataCipher({ dataKey: config.dataKey, keyFile: config.dataKeyFile });
  if (generated) logger.warn({ keyFile: config.dataKeyFile }, "generated a data key for personal data at rest: back it up, or set DATA_KEY");
  // In memory, or in Redis when REDIS_URL is set (several instances): live updates, session ends, rate limits, cost buckets.
  const shared = createSharedState(config, logger);
  if (shared.redis) logger.info({ prefix: config.redisPrefix }, "sharing live updates, sessions and rate limits through Redis");
  const services = createServices(db, { ...config, cipher, sessionEvents: shared.sessionEvents, limiterStore: shared.limiterStore });
  services.bulkResolutions.useLogger(logger);
  services.bulkResolutions.useHeartbeat(config.bulkJobHeartbeatSeconds * 1000);
  if (config.seedDemo) {
    const started = Date.now();
    if (await db.exclusively("ruptura.demo-seed", () => seedDemoShop(services, db))) {
      // The demo's 200 orders are history: customers are mailed about what happens from now on.
      await services.notifications.skipHistory();
      logger.info({ ms: Date.now() - started }, "demo shop created");
    }
  }
  const pubSub = shared.eventBus;
  await shared.ready();
  const dispatcher = createDispatcher(db, pubSub, logger);
  dispatcher.start();
  const mail = createNotificationPipeline(db, services, config, logger);
  mail.start();
  logger.info(config.smtpUrl ? { mail: "smtp" } : { mail: "files", dir: config.mailDir }, "customer e-mail ready");
  const schema = await createSchema(services, config, pubSub);
  // Started once the schema renders event bodies.
  const webhooks = createWebhookPipeline(db, services, logger);
  webhooks.start();
  const readiness = createReadiness(db);
  const metrics = createMetrics(db);
  const server = await startHttpServer({
    schema,
    port: config.port,
    host: config.host,
    webDist: config.webDist,
    logger,
    authenticate: (token) => services.auth.authenticate(token),
    sessions: services.sessionEvents,
    downloads: createDownloads(services, logger),
    uploads: createUploads(services),
    idempotency: services.idempotency,
    costBuckets: shared.costBuckets,
    trustProxy: config.trustProxy,
    introspection: config.graphqlIntrospection,
    readiness,
    metrics,
    // With a port of its own, /metrics is served there only.
    metricsToken: config.metricsPort ? null : config.metricsToken,
    // In-flight requests get what is left of SHUTDOWN_TIMEOUT_MS after the delay, less time to close the rest.
    drainMs: Math.max(500, config.shutdownTimeoutMs - config.shutdownDelayMs - 2000),
  });
  const metricsServer = config.metricsPort
    ? await startMetricsServer(metrics, { port: config.metricsPort, host: config.metricsHost, token: config.metricsToken ?? null })
    : null;
  if (metricsServer) logger.info({ host: config.metricsHost, port: metricsServer.port }, "metrics listening");
  readiness.markReady();

  logger.info({ url: server.url }, "Ruptura is listening");
  // Printed plainly, not as a log line: this is what a person running `npm start` looks for.
  console.log(`\n  Ruptura is running at ${server.url}\n  GraphQL API: ${server.url}/graphql`);
  if (config.signup) console.log(`  Create your shop: ${server.url}/signup`);
  if (config.seedDemo && (await services.auth.hasStaffUser(DEMO_EMAIL))) {
    console.log(`  Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`);
  }

  /**
   * Graceful shutdown: /readyz answers 503 at once (for SHUTDOWN_DELAY_MS requests are still
   * served, while load balancers notice), then the listener closes, in-flight HTTP requests finish,
   * WebSockets close with 1001 (clients reconnect elsewhere), the delivery loops finish their
   * current round, the pool closes and the process exits 0. Past SHUTDOWN_TIMEOUT_MS it exits 1
   * whatever is left. A second Ctrl-C exits at once.
   */
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      if (signal === "SIGINT") process.exit(130);
      return;
    }
    stopping = true;
    readiness.markStopping();
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "shutting down");
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown took longer than SHUTDOWN_TIMEOUT_MS: exiting anyway");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    try {
      if (config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      await server.stop();
      await Promise.all([dispatcher.stop(), mail.stop(), webhooks.stop()]);
      await metricsServer?.stop();
      await shutdownTelemetry();
      await db.close();
      await shared.close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("Ruptura failed to start:", error);
  process.exit(1);
});
