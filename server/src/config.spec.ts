import path from "node:path";
import { loadConfig } from "./config";

const root = path.resolve(__dirname, "..", "..");

describe("config", () => {
  it("defaults to the embedded SQLite file and the built web app inside the repository", () => {
    const config = loadConfig({});
    expect(config.sqlitePath).toBe(path.join(root, "data", "ruptura.sqlite"));
    expect(config.webDist).toBe(path.join(root, "dist", "web"));
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, seedDemo: true, maxPageSize: 100 });
  });

  it("reads the environment and refuses a malformed number", () => {
    expect(loadConfig({ PORT: "8080", DATABASE_URL: "mysql://x@h/db", SEED_DEMO: "false" })).toMatchObject({
      port: 8080,
      databaseUrl: "mysql://x@h/db",
      seedDemo: false,
    });
    expect(() => loadConfig({ PORT: "eighty" })).toThrow("PORT must be an integer");
  });

  it("takes REFUND_LINK_DAYS, the validity new shops start with, from 1 to 90 days", () => {
    expect(loadConfig({}).refundLinkDays).toBe(14);
    expect(loadConfig({ REFUND_LINK_DAYS: "90" }).refundLinkDays).toBe(90);
    expect(() => loadConfig({ REFUND_LINK_DAYS: "0" })).toThrow("REFUND_LINK_DAYS must be between 1 and 90");
    expect(() => loadConfig({ REFUND_LINK_DAYS: "365" })).toThrow("REFUND_LINK_DAYS must be between 1 and 90");
  });

  it("keeps /metrics private by default and validates the operations settings", () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ metricsToken: undefined, metricsPort: undefined, metricsHost: "127.0.0.1", shutdownTimeoutMs: 25_000, shutdownDelayMs: 0, otelEndpoint: undefined });
    expect(loadConfig({ METRICS_TOKEN: "a".repeat(32), METRICS_PORT: "9464", SHUTDOWN_TIMEOUT_MS: "5000", SHUTDOWN_DELAY_MS: "2000", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toMatchObject({
      metricsToken: "a".repeat(32),
      metricsPort: 9464,
      shutdownTimeoutMs: 5000,
      shutdownDelayMs: 2000,
      otelEndpoint: "http://collector:4318",
    });
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow("METRICS_TOKEN must be at least 16 characters");
    expect(() => loadConfig({ METRICS_PORT: "4000" })).toThrow("METRICS_PORT must differ from PORT");
    expect(() => loadConfig({ METRICS_PORT: "70000" })).toThrow("METRICS_PORT must be between 1 and 65535");
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "10" })).toThrow("SHUTDOWN_TIMEOUT_MS must be between 1000 and 600000");
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "5000", SHUTDOWN_DELAY_MS: "5000" })).toThrow("SHUTDOWN_DELAY_MS must be between 0 and 4000");
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow("OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL");
  });
});

describe("Redis settings", () => {
  it("are off unless REDIS_URL is set, and refuse what is not a redis:// URL", () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, redisPrefix: "ruptura:" });
    expect(loadConfig({ REDIS_URL: "redis://:secret@cache:6379/2", REDIS_PREFIX: "shop-a:" })).toMatchObject({ redisUrl: "redis://:secret@cache:6379/2", redisPrefix: "shop-a:" });
    expect(loadConfig({ REDIS_URL: "rediss://cache.example.com" }).redisUrl).toBe("rediss://cache.example.com");
    expect(() => loadConfig({ REDIS_URL: "cache:6379" })).toThrow("REDIS_URL must start with redis:// or rediss://");
    expect(() => loadConfig({ REDIS_URL: "http://cache:6379" })).toThrow("REDIS_URL must start with redis:// or rediss://");
    expect(() => loadConfig({ REDIS_URL: "redis://cache:6379/zero" })).toThrow("database number");
    expect(() => loadConfig({ REDIS_PREFIX: "has space" })).toThrow("REDIS_PREFIX");
  });
});
