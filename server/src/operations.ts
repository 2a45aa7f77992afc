import { Database } from "./infra/db/database";
import { Readiness } from "./infra/http/health";
import { databasePoolStats, outboxLag } from "./infra/metrics/database";
import { Metrics } from "./infra/metrics/metrics";

/** The outbox tables whose lag /metrics reports: order events (modules/orders) and infra's outbox_message. */
export const OUTBOX_TABLES = ["order_event", "outbox_message"];

/** The metrics of one server process: requests and operations (counted by the HTTP layer), pool use, outbox lag. */
export function createMetrics(db: Database, options: { defaultMetrics?: boolean } = {}): Metrics {
  const metrics = new Metrics(options);
  metrics.watchPool(databasePoolStats(db));
  metrics.watchOutbox(outboxLag(db, OUTBOX_TABLES));
  return metrics;
}

/**
 * What /readyz asks, one named check per dependency. Redis is deliberately not one: every instance
 * shares the one Redis, so failing readiness on it would take all of them out of the load balancer
 * at once, while each of them works on without it (limits per instance, events waiting in the
 * outbox; docs/scaling.md). Its outage shows in the logs and in /metrics instead.
 */
export function createReadiness(db: Database): Readiness {
  return new Readiness().add("database", () => db.query("SELECT 1"));
}
