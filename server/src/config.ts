import path from "node:path";

/**
 * Every setting Ruptura reads from the environment, read once at start-up.
 * The README's configuration table mirrors this file.
 */
export interface Config {
  /** HTTP and WebSocket port. */
  port: number;
  host: string;
  /** `mysql://user:pass@host:3306/db`; unset means the embedded SQLite file at `sqlitePath`. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  /** Directory with the built web app, served at `/`. */
  webDist: string;
  logLevel: string;
  /** How long a staff session token stays valid. */
  sessionTtlHours: number;
  /** Create the demo shop on first start with an empty database. */
  seedDemo: boolean;
  /**
   * Whether the GraphQL schema answers introspection (`__schema`, `__type`): on by default, also in
   * production, because the schema is the integration documentation; GRAPHQL_INTROSPECTION=false turns it off.
   */
  graphqlIntrospection: boolean;
  /**
   * Whether the query-cost buckets throttle (API_COST_LIMITS, default true): false reports
   * `extensions.cost` and throttles nothing (benchmarks driving one session at full speed).
   */
  apiCostLimits: boolean;
  /** Largest page a list query returns. */
  maxPageSize: number;
  /**
   * Express's `trust proxy`: whose X-Forwarded-For to believe for the client address (login
   * throttling keys on it). false (default): the TCP peer is the client; a hop count; or addresses
   * and subnets such as "loopback" or "10.0.0.0/8".
   */
  trustProxy: boolean | number | string;
  /**
   * Keys that encrypt personal data at rest (bank details, PIX keys): base64, 32 bytes; several,
   * comma-separated and newest first, during a rotation. Unset: a key generated into `dataKeyFile`.
   */
  dataKey: string | undefined;
  /** Where the generated data key lives when DATA_KEY is unset (beside the SQLite file). */
  dataKeyFile: string;
  /** The address customers reach the public pages at (refund links): no trailing slash. */
  publicUrl: string;
  /** How many days a refund link stays valid in a new shop (1 to 90); each shop then sets its own in its settings. */
  refundLinkDays: number;
  /** `smtp://user:pass@host:587` (or smtps://): where customer e-mail goes. Unset: written as .eml files under `mailDir`. */
  smtpUrl: string | undefined;
  /** Where messages are written as .eml files when SMTP_URL is unset. */
  mailDir: string;
  /** The From address of customer e-mail; unset: `"<shop name>" <no-reply@localhost>`, the shop's name as display name. */
  mailFrom: string | undefined;
  /** Whether anyone may create a shop on the sign-up page (SIGNUP=false closes it; `npm run shop:create` still works). */
  signup: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE=true lets webhook URLs resolve to loopback, private and link-local addresses (tests; never in production: SSRF). */
  webhooksAllowPrivate: boolean;
  /**
   * `redis://[:password@]host:6379[/db]` (or rediss://): several instances share live updates,
   * session ends and rate limits through it. Unset: one instance, all of that in memory.
   */
  redisUrl: string | undefined;
  /** What every Redis key and channel starts with (REDIS_PREFIX, default "ruptura:"): deployments sharing one Redis keep apart. */
  redisPrefix: string;
  /**
   * METRICS_TOKEN: /metrics is served on the main port to requests bearing `Authorization: Bearer
   * <token>` (at least 16 characters). Unset, and METRICS_PORT unset: no /metrics at all.
   */
  metricsToken: string | undefined;
  /** METRICS_PORT: /metrics on a listener of its own (no token needed unless METRICS_TOKEN is set too), on `metricsHost`. */
  metricsPort: number | undefined;
  /** METRICS_HOST: the address the metrics listener binds (default 127.0.0.1; 0.0.0.0 only on a private network). */
  metricsHost: string;
  /** SHUTDOWN_TIMEOUT_MS: how long a graceful shutdown (SIGTERM, SIGINT) may take before the process exits anyway (code 1). */
  shutdownTimeoutMs: number;
  /**
   * SHUTDOWN_DELAY_MS: after the signal, how long /readyz answers 503 while requests are still served,
   * so load balancers stop routing here before the listener closes (default 0).
   */
  shutdownDelayMs: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: OpenTelemetry traces go there over OTLP/HTTP (infra/telemetry.ts); unset: no tracing. */
  otelEndpoint: string | undefined;
  /**
   * DELIVERY_LEASE_SECONDS: how long an instance holds a webhook delivery or a customer e-mail it
   * claimed before any instance may claim it again (a crash mid-delivery is retried after this).
   * Unset: 60 s for webhooks (5 s timeout per attempt), 5 min for e-mail (SMTP timeouts). Tests
   * shorten it; it must stay above the longest delivery attempt.
   */
  deliveryLeaseSeconds: number | undefined;
  /** BULK_JOB_HEARTBEAT_SECONDS (default 10): how often a running bulk resolution touches its row, and a progress subscriber looks at the table without a push. */
  bulkJobHeartbeatSeconds: number;
}

// server/src (tests) and dist/server (built) are both two levels below the repository root.
const root = path.resolve(__dirname, "..", "..");

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

function range(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  return !["0", "false", "no", "off"].includes(raw.toLowerCase());
}

function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? "";
  if (["", "0", "false", "no", "off"].includes(value.toLowerCase())) return false;
  if (value.toLowerCase() === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Checks REDIS_URL: redis:// or rediss://, with a host. Returns it as given. */
function validRedisUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("REDIS_URL must be a URL such as redis://127.0.0.1:6379/0");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//"`);
  if (!url.hostname) throw new Error("REDIS_URL has no host");
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) throw new Error(`REDIS_URL's path is a database number (redis://host:6379/0), got "/${db}"`);
  return raw;
}

function redisPrefix(raw: string | undefined): string {
  const value = raw ?? "ruptura:";
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(value)) throw new Error(`REDIS_PREFIX is 1 to 64 letters, digits and ":_.-", got "${value}"`);
  return value;
}

function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < 16 || /\s/.test(raw)) throw new Error("METRICS_TOKEN must be at least 16 characters, without spaces");
  return raw;
}

function url(name: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    if (!/^https?:$/.test(new URL(value).protocol)) throw new Error();
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const shutdownTimeoutMs = range("SHUTDOWN_TIMEOUT_MS", int("SHUTDOWN_TIMEOUT_MS", 25_000, env), 1000, 600_000);
  const metricsPort = env.METRICS_PORT ? range("METRICS_PORT", int("METRICS_PORT", 0, env), 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === int("PORT", 4000, env)) throw new Error("METRICS_PORT must differ from PORT");
  return {
    port: int("PORT", 4000, env),
    host: env.HOST || "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: path.resolve(root, env.SQLITE_PATH || "data/ruptura.sqlite"),
    webDist: path.resolve(root, env.WEB_DIST || "dist/web"),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === "test" ? "silent" : "info"),
    sessionTtlHours: int("SESSION_TTL_HOURS", 24 * 14, env),
    seedDemo: bool("SEED_DEMO", true, env),
    graphqlIntrospection: bool("GRAPHQL_INTROSPECTION", true, env),
    apiCostLimits: bool("API_COST_LIMITS", true, env),
    maxPageSize: int("MAX_PAGE_SIZE", 100, env),
    trustProxy: trustProxy(env.TRUST_PROXY),
    dataKey: env.DATA_KEY || undefined,
    dataKeyFile: path.resolve(root, env.DATA_KEY_FILE || "data/data.key"),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${int("PORT", 4000, env)}`).replace(/\/+$/, ""),
    refundLinkDays: range("REFUND_LINK_DAYS", int("REFUND_LINK_DAYS", 14, env), 1, 90),
    smtpUrl: env.SMTP_URL || undefined,
    mailDir: path.resolve(root, env.MAIL_DIR || "data/mail"),
    mailFrom: env.MAIL_FROM || undefined,
    signup: bool("SIGNUP", true, env),
    webhooksAllowPrivate: bool("WEBHOOKS_ALLOW_PRIVATE", false, env),
    redisUrl: env.REDIS_URL ? validRedisUrl(env.REDIS_URL) : undefined,
    redisPrefix: redisPrefix(env.REDIS_PREFIX),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    metricsPort,
    metricsHost: env.METRICS_HOST || "127.0.0.1",
    shutdownTimeoutMs,
    shutdownDelayMs: range("SHUTDOWN_DELAY_MS", int("SHUTDOWN_DELAY_MS", 0, env), 0, shutdownTimeoutMs - 1000),
    otelEndpoint: url("OTEL_EXPORTER_OTLP_ENDPOINT", env.OTEL_EXPORTER_OTLP_ENDPOINT),
    bulkJobHeartbeatSeconds: range("BULK_JOB_HEARTBEAT_SECONDS", int("BULK_JOB_HEARTBEAT_SECONDS", 10, env), 1, 3600),
    deliveryLeaseSeconds: env.DELIVERY_LEASE_SECONDS ? range("DELIVERY_LEASE_SECONDS", int("DELIVERY_LEASE_SECONDS", 60, env), 6, 3600) : undefined,
  };
}
