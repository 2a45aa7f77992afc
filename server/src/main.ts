import "reflect-metadata";
import { createDispatcher, createDownloads, createUploads, createNotificationPipeline, createSchema, createServices, createWebhookPipeline } from "./app";
import { createEventBus } from "./infra/graphql/pubsub";
import { loadConfig } from "./config";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoShop } from "./demo/seed-demo";
import { openAppDatabase } from "./persistence";
import { startHttpServer } from "./infra/http/server";
import { CostBuckets } from "./infra/graphql/cost";
import { LIMITS } from "./infra/http/limits";
import { createLogger } from "./infra/logging/logger";
import { loadDataCipher } from "./infra/crypto/data-cipher";

/** Boot: config -> database (migrations) -> demo data -> schema -> HTTP + WebSocket. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openAppDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  logger.info({ database: config.databaseUrl ? db.dataSource.options.type : config.sqlitePath }, "database ready, migrations applied");

  const { cipher, generated } = loadDataCipher({ dataKey: config.dataKey, keyFile: config.dataKeyFile });
  if (generated) logger.warn({ keyFile: config.dataKeyFile }, "generated a data key for personal data at rest: back it up, or set DATA_KEY");
  const services = createServices(db, { ...config, cipher });
  services.bulkResolutions.useLogger(logger);
  if (config.seedDemo) {
    const started = Date.now();
    if (await seedDemoShop(services, db)) {
      // The demo's 200 orders are history: customers are mailed about what happens from now on.
      await services.notifications.skipHistory();
      logger.info({ ms: Date.now() - started }, "demo shop created");
    }
  }
  const pubSub = createEventBus();
  const dispatcher = createDispatcher(db, pubSub, logger);
  dispatcher.start();
  const mail = createNotificationPipeline(db, services, config, logger);
  mail.start();
  logger.info(config.smtpUrl ? { mail: "smtp" } : { mail: "files", dir: config.mailDir }, "customer e-mail ready");
  const schema = await createSchema(services, config, pubSub);
  // Started once the schema renders event bodies.
  const webhooks = createWebhookPipeline(db, services, logger);
  webhooks.start();
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
    costBuckets: new CostBuckets({ capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, enforce: config.apiCostLimits }),
    trustProxy: config.trustProxy,
    introspection: config.graphqlIntrospection,
  });

  logger.info({ url: server.url }, "Ruptura is listening");
  // Printed plainly, not as a log line: this is what a person running `npm start` looks for.
  console.log(`\n  Ruptura is running at ${server.url}\n  GraphQL API: ${server.url}/graphql`);
  if (config.signup) console.log(`  Create your shop: ${server.url}/signup`);
  if (config.seedDemo && (await services.auth.hasStaffUser(DEMO_EMAIL))) {
    console.log(`  Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await server.stop();
    await dispatcher.stop();
    await mail.stop();
    await webhooks.stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("Ruptura failed to start:", error);
  process.exit(1);
});
