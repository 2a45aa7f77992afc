import http from "node:http";
import path from "node:path";
import { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";

/**
 * OpenTelemetry on the built server (run `npm run build:server` first): with
 * OTEL_EXPORTER_OTLP_ENDPOINT set, spans of a GraphQL request reach a real OTLP/HTTP receiver
 * (this test's own); without it, nothing of OpenTelemetry is loaded.
 */
jest.setTimeout(120_000);

const TELEMETRY = path.resolve(__dirname, "..", "..", "dist", "server", "infra", "telemetry.js");
const EMAIL = "owner@tracing.test";
const PASSWORD = "tracing-secret-passw0rd";

interface ReceivedSpan {
  scope: string;
  name: string;
  traceId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
}

/** A minimal OTLP/HTTP trace receiver: POST /v1/traces with the JSON encoding. */
async function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      bodies.push(body);
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{ scopeSpans: Array<{ scope: { name: string }; spans: Array<{ name: string; traceId: string; parentSpanId?: string; attributes?: Array<{ key: string; value: Record<string, unknown> }> }> }> }>;
      };
      for (const resource of payload.resourceSpans) {
        for (const scope of resource.scopeSpans) {
          for (const span of scope.spans) {
            const attributes = Object.fromEntries((span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]));
            spans.push({ scope: scope.scope.name, name: span.name, traceId: span.traceId, parentSpanId: span.parentSpanId ?? "", attributes });
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  for (let waited = 0; ; waited += 50) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Which OpenTelemetry packages a process has loaded after requiring the telemetry module. */
function openTelemetryModulesLoaded(env: NodeJS.ProcessEnv): number {
  const script = `require(${JSON.stringify(TELEMETRY)}); console.log(Object.keys(require.cache).filter((f) => f.includes("@opentelemetry")).length)`;
  return Number(execFileSync(process.execPath, ["-e", script], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" }).trim());
}

describe("tracing off", () => {
  it("loads nothing of OpenTelemetry without OTEL_EXPORTER_OTLP_ENDPOINT", () => {
    expect(openTelemetryModulesLoaded({})).toBe(0);
    expect(openTelemetryModulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" })).toBeGreaterThan(0);
  });
});

describe.each(databaseKinds())("tracing on %s, real server process", (kind) => {
  let testDb: TestDatabase;
  let server: ServerProcess | undefined;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  afterEach(async () => {
    await server?.kill("SIGKILL");
    server = undefined;
    await receiver?.close();
    await testDb?.drop();
  });

  it("sends spans of a GraphQL request (HTTP, GraphQL and the database) to the OTLP endpoint, without values", async () => {
    testDb = await createTestDatabase(kind);
    const db = await openAppDatabase(testDb.options);
    try {
      const services = createServices(db, { sessionTtlHours: 1 });
      const shop = await services.shops.createShop({ name: "Tracing", currency: "BRL", locale: "pt-BR" });
      await services.auth.createStaffUser({ shopId: shop.id, email: EMAIL, name: "Owner", password: PASSWORD });
    } finally {
      await db.close();
    }
    receiver = await otlpReceiver();
    server = await spawnServer(testDb, await freePort(), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "100", OTEL_SERVICE_NAME: "ruptura-test" } });

    const { login } = await gqlData(server.graphqlUrl, `mutation { login(email: "${EMAIL}", password: "${PASSWORD}") { token } }`);
    await gqlData(server.graphqlUrl, `query Me { me { email } }`, {}, login.token);

    const graphqlSpan = await until("a GraphQL execution span of the query", () =>
      receiver.spans.find((s) => s.scope === "@opentelemetry/instrumentation-graphql" && s.attributes["graphql.operation.name"] === "Me"),
    );
    const trace = receiver.spans.filter((s) => s.traceId === graphqlSpan.traceId);
    expect(trace.some((s) => s.scope === "@opentelemetry/instrumentation-http" && s.parentSpanId === "")).toBe(true);
    expect(trace.some((s) => s.scope === "@opentelemetry/instrumentation-express")).toBe(true);
    if (kind === "mysql") {
      // The request's statements (its session, its staff user) are in its trace; the delivery loops' polls make no traces.
      await until("the query's statements in its trace", () => receiver.spans.some((s) => s.traceId === graphqlSpan.traceId && s.scope === "@opentelemetry/instrumentation-mysql2"));
      expect(receiver.spans.filter((s) => s.scope === "@opentelemetry/instrumentation-mysql2" && s.parentSpanId === "")).toEqual([]);
    }
    // Health probes and the web app's paths are not traced; values never leave the process.
    const everything = receiver.bodies.join("");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(login.token);
    expect(receiver.spans.some((s) => s.scope === "@opentelemetry/instrumentation-http" && String(s.attributes["url.path"] ?? s.attributes["http.target"] ?? "").includes("healthz"))).toBe(false);
  });
});
