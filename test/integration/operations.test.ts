import fs from "node:fs";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { captureLogs } from "../helpers/logs";
import { createTestDatabase, databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";
import { CostBuckets } from "../../server/src/infra/graphql/cost";

const TOKEN = "metrics-token-for-tests-0123456789";
const DASHBOARD = path.resolve(__dirname, "..", "..", "docs", "grafana-dashboard.json");

async function scrape(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample: `name{labels}` with at least these labels, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let waited = 0; ; waited += 25) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(databaseKinds())("operations endpoints on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startTestServer(kind, {
      metrics: { token: TOKEN },
      dispatch: false,
      logSink: logs.sink,
      // Query cost enforced (1,000 points, 50 a second) and login throttled after 2 failures.
      costBuckets: new CostBuckets({ capacity: 1000, restoreRate: 50, enforce: true }),
      config: { loginLimits: { failuresPerAccountAndAddress: 2, accountAndAddressBlockSeconds: 60, failuresPerAddress: 1000, addressWindowSeconds: 60, addressBlockSeconds: 60 } },
    });
    shop = await createShop(server, { A: [1000, 5] });
  });
  afterAll(() => server.stop());

  it("answers /healthz and /readyz without a login, with states by name only", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });

    // Probes are not API calls: neither counted nor logged per request.
    const text = await scrape(server);
    expect(text).not.toMatch(/route="\/(healthz|readyz|metrics)"/);
  });

  it("serves /metrics only to a bearer of METRICS_TOKEN", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const text = await scrape(server);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sample(text, "ruptura_db_pool_max_connections")).toBe(kind === "mysql" ? 40 : 1);
    if (kind === "mysql") expect(sample(text, "ruptura_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(0);
  });

  it("counts operations by schema root field and outcome, never by client-chosen names or shop", async () => {
    const url = server.graphqlUrl;
    const placed = await gqlData(url, PLACE_ORDER.replace("mutation PlaceOrder", "mutation Campaign_Shop_42_Secret"), { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 1 }] } }, shop.token);
    expect(placed.placeOrder.userErrors).toEqual([]);
    const refused = await gqlData(url, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "NOPE", quantity: 1 }] } }, shop.token);
    expect(refused.placeOrder.userErrors[0].code).toBe("UNKNOWN_SKU");
    expect((await gql(url, `query Anonymous_Probe { me { id } }`)).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect((await gql(url, `query X { notAField }`, {}, shop.token)).errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");

    const text = await scrape(server);
    expect(sample(text, "ruptura_graphql_operations_total", { operation: "placeOrder", type: "mutation", transport: "http", outcome: "ok" })).toBe(1);
    expect(sample(text, "ruptura_graphql_operations_total", { operation: "placeOrder", outcome: "user_error" })).toBe(1);
    expect(sample(text, "ruptura_graphql_operations_total", { operation: "me", outcome: "error" })).toBe(1);
    expect(sample(text, "ruptura_graphql_operations_total", { operation: "unknown", outcome: "error" })).toBe(1);
    expect(sample(text, "ruptura_graphql_user_errors_total", { code: "UNKNOWN_SKU" })).toBe(1);
    expect(sample(text, "ruptura_graphql_errors_total", { code: "UNAUTHENTICATED" })).toBe(1);
    expect(sample(text, "ruptura_graphql_errors_total", { code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
    expect(sample(text, "ruptura_graphql_operation_duration_seconds_count", { operation: "placeOrder", type: "mutation" })).toBe(2);
    expect(sample(text, "ruptura_http_requests_total", { method: "POST", route: "/graphql", status: "200" })).toBeGreaterThanOrEqual(4);
    expect(text).not.toMatch(/Campaign_Shop_42_Secret|Anonymous_Probe|notAField|shop(_id)?="|maria souza|example\.com/i);
  });

  it("reports the outbox's lag: what waits undispatched, and for how long", async () => {
    await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 1 }] } }, shop.token);
    const waiting = await scrape(server);
    expect(sample(waiting, "ruptura_outbox_pending_messages", { source: "order_event" })).toBeGreaterThanOrEqual(1);
    expect(sample(waiting, "ruptura_outbox_oldest_pending_age_seconds", { source: "order_event" })).toBeGreaterThanOrEqual(0);
    await server.dispatcher.flush();
    const drained = await scrape(server);
    expect(sample(drained, "ruptura_outbox_pending_messages", { source: "order_event" })).toBe(0);
    expect(sample(drained, "ruptura_outbox_oldest_pending_age_seconds", { source: "order_event" })).toBe(0);
    expect(sample(drained, "ruptura_outbox_pending_messages", { source: "outbox_message" })).toBe(0);
  });

  it("counts throttled calls: the query-cost bucket and the login throttle", async () => {
    // A session of its own, so its bucket is not the other tests'.
    const { login } = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: shop.email, p: shop.password });
    // 15 refused intakes in one operation: mutations keep their cost (10 points each), so the bucket empties.
    const costly = `mutation($input: PlaceOrderInput!) { ${Array.from({ length: 15 }, (_, i) => `a${i}: placeOrder(input: $input) { userErrors { code } }`).join(" ")} }`;
    const input = { customer: customer(), lines: [{ skuCode: "NOPE", quantity: 1 }] };
    let throttled = false;
    for (let i = 0; i < 30 && !throttled; i++) throttled = (await gql(server.graphqlUrl, costly, { input }, login.token)).errors?.[0]?.extensions?.code === "THROTTLED";
    expect(throttled).toBe(true);
    let refused = false;
    for (let i = 0; i < 5 && !refused; i++) {
      const answer = await gqlData(server.graphqlUrl, `mutation { login(email: "${shop.email}", password: "wrong") { userErrors { code } } }`);
      refused = answer.login.userErrors[0]?.code === "THROTTLED";
    }
    expect(refused).toBe(true);
    const text = await scrape(server);
    expect(sample(text, "ruptura_throttled_total", { limit: "query_cost" })).toBe(1);
    expect(sample(text, "ruptura_throttled_total", { limit: "rate_limit" })).toBe(1);
  });

  it("counts WebSocket connections, live subscriptions and their operations, with the socket's request id in the log", async () => {
    class WithRequestId extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { "X-Request-Id": "ws-socket-7" } });
      }
    }
    const client = createClient({ url: server.wsUrl, webSocketImpl: WithRequestId, connectionParams: { authorization: `Bearer ${shop.token}` }, retryAttempts: 0 });
    const stop = client.subscribe({ query: `subscription { restockUpdates { unitsAllocated } }` }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    const live = await until("a live subscription", async () => {
      const text = await scrape(server);
      return sample(text, "ruptura_graphql_subscriptions_active") === 1 && text;
    });
    expect(sample(live, "ruptura_websocket_connections")).toBe(1);
    stop();
    await client.dispose();
    const ended = await until("the subscription's end", async () => {
      const text = await scrape(server);
      return sample(text, "ruptura_graphql_subscriptions_active") === 0 && sample(text, "ruptura_websocket_connections") === 0 && text;
    });
    expect(sample(ended, "ruptura_graphql_operations_total", { operation: "restockUpdates", type: "subscription", transport: "ws", outcome: "ok" })).toBe(1);
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === "graphql" && l.transport === "ws");
    expect(line).toMatchObject({ requestId: "ws-socket-7.1", operation: "restockUpdates" });
  });

  it("takes a well-formed X-Request-Id or makes one, returns it, and puts it on every log line of the request", async () => {
    const ask = (id: string | null) =>
      fetch(server.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${shop.token}`, ...(id ? { "x-request-id": id } : {}) },
        body: JSON.stringify({ query: `{ skus(first: 1) { nodes { id } } }` }),
      });
    expect((await ask("lb-1f2e3d")).headers.get("x-request-id")).toBe("lb-1f2e3d");
    const generated = (await ask(null)).headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    for (const bad of ["has space", "x".repeat(129), "a\"b", "<script>"]) {
      const id = (await ask(bad)).headers.get("x-request-id");
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }

    // An internal error (the table is gone): the log lines of that request and the error's extensions share its id.
    await server.db.query(kind === "sqlite" ? "ALTER TABLE sku RENAME TO sku_away" : "RENAME TABLE sku TO sku_away");
    try {
      const response = await ask("req-internal-9");
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-internal-9" } });
    } finally {
      await server.db.query(kind === "sqlite" ? "ALTER TABLE sku_away RENAME TO sku" : "RENAME TABLE sku_away TO sku");
    }
    const lines = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.requestId === "req-internal-9");
    expect(lines.map((l) => l.msg).sort()).toEqual(["graphql", "unexpected error in resolver"]);
    const text = await scrape(server);
    expect(sample(text, "ruptura_graphql_errors_total", { code: "INTERNAL_SERVER_ERROR" })).toBe(1);
    // Nothing of a caller's token reaches the logs.
    expect(logs.lines.join("")).not.toContain(shop.token);
  });

  it("has every metric the Grafana dashboard queries", async () => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        for (const [name] of target.expr.matchAll(/\b(?:ruptura|process|nodejs)_[a-z0-9_]+/g)) queried.add(name.replace(/_(bucket|sum|count)$/, ""));
      }
    }
    expect(queried.size).toBeGreaterThanOrEqual(10);
    const text = await scrape(server);
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });
});

describe("/metrics without METRICS_TOKEN", () => {
  it("is not served on the public port", async () => {
    const testDb = await createTestDatabase("sqlite");
    const server = await startTestServer("sqlite", { testDb });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
