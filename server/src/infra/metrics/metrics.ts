import client from "prom-client";

/** Connections of the database pool, as the pool reports them (MySQL/MariaDB; SQLite has one connection). */
export interface PoolStats {
  /** Largest number of connections the pool opens. */
  max: number;
  /** Connections running a statement or held by a transaction. */
  inUse: number;
  /** Open connections waiting for work. */
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

/** Messages committed but not yet delivered, per outbox table. */
export interface OutboxLag {
  source: string;
  pending: number;
  /** Age of the oldest undelivered message (0 when nothing waits). */
  oldestAgeSeconds: number;
}

/** WebSocket connections and the subscriptions running on them. */
export interface LiveStats {
  connections: number;
  subscriptions: number;
}

/** How long a scrape waits for the outbox's lag before it reports the last figures it had. */
const OUTBOX_LAG_TIMEOUT_MS = 2000;

/** Request latency buckets (seconds): from a cached read (a few ms) to a slow export. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric Ruptura exposes at /metrics, in a registry of its own. Labels are bounded: routes
 * are Express route patterns, GraphQL operations the schema's root fields, error codes the known
 * codes; no shop, user, id or address ever becomes a label. docs/operations.md lists them.
 */
export class Metrics {
  readonly registry = new client.Registry();

  readonly httpRequests = new client.Counter({
    name: "ruptura_http_requests_total",
    help: "HTTP requests answered (health probes and /metrics excluded), by method, route pattern and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new client.Histogram({
    name: "ruptura_http_request_duration_seconds",
    help: "Time to answer an HTTP request, from its arrival to the last byte written, by method and route pattern.",
    labelNames: ["method", "route"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlOperations = new client.Counter({
    name: "ruptura_graphql_operations_total",
    help: "GraphQL operations by root field (the first one of the operation), type, transport (http, ws) and outcome (ok, user_error, error).",
    labelNames: ["operation", "type", "transport", "outcome"] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new client.Histogram({
    name: "ruptura_graphql_operation_duration_seconds",
    help: "Time to run a GraphQL query or mutation (subscriptions excluded), by root field and type.",
    labelNames: ["operation", "type"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlErrors = new client.Counter({
    name: "ruptura_graphql_errors_total",
    help: "GraphQL errors sent to clients, by extensions.code (INTERNAL_SERVER_ERROR is ours; the rest the client's).",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly userErrors = new client.Counter({
    name: "ruptura_graphql_user_errors_total",
    help: "userErrors returned in mutation payloads (input refused, nothing changed), by UserErrorCode.",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly throttled = new client.Counter({
    name: "ruptura_throttled_total",
    help: "Calls refused with THROTTLED: limit=query_cost (the cost bucket of an API key or session) or rate_limit (login, password reset, sign-up, public pages).",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  private live: () => LiveStats = () => ({ connections: 0, subscriptions: 0 });
  private pool: (() => PoolStats | null) | null = null;
  private outbox: (() => Promise<OutboxLag[]>) | null = null;
  private lastLag: OutboxLag[] = [];
  /** One reading serves both outbox gauges of a scrape. */
  private lagReading: Promise<OutboxLag[]> | null = null;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) client.collectDefaultMetrics({ register: this.registry });
    const metrics = this;
    new client.Gauge({
      name: "ruptura_websocket_connections",
      help: "Open GraphQL WebSocket connections on this instance.",
      registers: [this.registry],
      collect() {
        this.set(metrics.live().connections);
      },
    });
    new client.Gauge({
      name: "ruptura_graphql_subscriptions_active",
      help: "GraphQL subscriptions running on this instance (live subscribers).",
      registers: [this.registry],
      collect() {
        this.set(metrics.live().subscriptions);
      },
    });
    new client.Gauge({
      name: "ruptura_db_pool_connections",
      help: "Database pool connections by state (in_use, idle); MySQL/MariaDB only (SQLite has one connection).",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        const stats = metrics.pool?.();
        if (!stats) return;
        this.set({ state: "in_use" }, stats.inUse);
        this.set({ state: "idle" }, stats.idle);
      },
    });
    new client.Gauge({
      name: "ruptura_db_pool_max_connections",
      help: "Largest number of connections the database pool opens (1 on SQLite).",
      registers: [this.registry],
      collect() {
        this.set(metrics.pool?.()?.max ?? 1);
      },
    });
    new client.Gauge({
      name: "ruptura_db_pool_waiting",
      help: "Callers waiting for a database connection (the pool is exhausted while this is above 0).",
      registers: [this.registry],
      collect() {
        this.set(metrics.pool?.()?.waiting ?? 0);
      },
    });
    new client.Gauge({
      name: "ruptura_outbox_pending_messages",
      help: "Committed messages not yet dispatched, by outbox table (order_event, outbox_message); counted up to 100,000.",
      labelNames: ["source"] as const,
      registers: [this.registry],
      async collect() {
        for (const row of await metrics.outboxLag()) this.set({ source: row.source }, row.pending);
      },
    });
    new client.Gauge({
      name: "ruptura_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest committed message not yet dispatched, by outbox table: the outbox's lag (0 when nothing waits).",
      labelNames: ["source"] as const,
      registers: [this.registry],
      async collect() {
        for (const row of await metrics.outboxLag()) this.set({ source: row.source }, row.oldestAgeSeconds);
      },
    });
  }

  /** Where the live figures come from (the WebSocket server). */
  watchLive(stats: () => LiveStats): void {
    this.live = stats;
  }

  /** Where the pool's figures come from (null: no pool, SQLite). */
  watchPool(stats: () => PoolStats | null): void {
    this.pool = stats;
  }

  /** How the outbox's lag is read, at each scrape (a couple of indexed statements per table). */
  watchOutbox(lag: () => Promise<OutboxLag[]>): void {
    this.outbox = lag;
  }

  /** The outbox's lag, read once for the gauges of one scrape. */
  private outboxLag(): Promise<OutboxLag[]> {
    this.lagReading ??= this.readOutboxLag();
    return this.lagReading;
  }

  /** The outbox's lag now, or the last figures when the database does not answer within 2 s. */
  private async readOutboxLag(): Promise<OutboxLag[]> {
    if (!this.outbox) return [];
    let timer: NodeJS.Timeout | undefined;
    try {
      this.lastLag = await Promise.race([
        this.outbox(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), OUTBOX_LAG_TIMEOUT_MS))),
      ]);
    } catch {
      // A scrape never fails on the database: the last figures stand (and /readyz says what is down).
    } finally {
      clearTimeout(timer);
    }
    return this.lastLag;
  }

  /** The exposition text, and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    this.lagReading = null;
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
