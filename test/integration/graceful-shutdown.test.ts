import http from "node:http";
import WebSocket from "ws";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";

/**
 * SIGTERM on the built server (`node dist/server/main.js`, as `npm start` runs it; run
 * `npm run build:server` first): /readyz turns 503 while requests are still served, then the
 * listener closes, a request in flight is still answered, a subscriber's socket is closed with
 * 1001 (going away) and the process exits 0.
 */
jest.setTimeout(120_000);

const METRICS_TOKEN = "graceful-shutdown-test-token";
const EMAIL = "owner@shutdown.test";
const PASSWORD = "correct horse battery staple";

/** A shop with its owner, written before the server starts. */
async function seedShop(testDb: TestDatabase): Promise<void> {
  const db = await openAppDatabase(testDb.options);
  try {
    const services = createServices(db, { sessionTtlHours: 1 });
    const shop = await services.shops.createShop({ name: "Shutdown", currency: "BRL", locale: "pt-BR" });
    await services.auth.createStaffUser({ shopId: shop.id, email: EMAIL, name: "Owner", password: PASSWORD });
  } finally {
    await db.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let waited = 0; ; waited += 50) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A POST whose headers and first bytes are sent, its body finished only when the test says so. */
function requestInFlight(port: number, token: string, query: string) {
  const body = JSON.stringify({ query });
  const request = http.request({
    host: "127.0.0.1",
    port,
    path: "/graphql",
    method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}`, "x-request-id": "in-flight-1" },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
  request.write(body.slice(0, 10));
  return { answered, finish: () => request.end(body.slice(10)) };
}

/** A subscriber over graphql-transport-ws, by hand: what matters here is the close code. */
async function subscriber(url: string, token: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url, "graphql-transport-ws");
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const acknowledged = new Promise<void>((resolve) => socket.on("message", (data) => JSON.parse(String(data)).type === "connection_ack" && resolve()));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
  await acknowledged;
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { restockUpdates { unitsAllocated } }" } }));
  return { closed };
}

const liveSubscriptions = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^ruptura_graphql_subscriptions_active (\S+)$/m.exec(text)?.[1]);
};

describe.each(databaseKinds())("graceful shutdown of a real server process on %s", (kind) => {
  let testDb: TestDatabase;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.kill("SIGKILL");
    server = undefined;
    await testDb?.drop();
  });

  it("turns /readyz 503, answers the request in flight, closes sockets with 1001 and exits 0", async () => {
    testDb = await createTestDatabase(kind);
    await seedShop(testDb);
    const port = await freePort();
    server = await spawnServer(testDb, port, { env: { SHUTDOWN_DELAY_MS: "2000", SHUTDOWN_TIMEOUT_MS: "30000", METRICS_TOKEN } });
    const running = server;
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });

    const { login } = await gqlData(running.graphqlUrl, `mutation { login(email: "${EMAIL}", password: "${PASSWORD}") { token } }`);
    const { closed } = await subscriber(running.wsUrl, login.token);
    await until("the subscription to run", async () => (await liveSubscriptions(running.url)) === 1);
    const inFlight = requestInFlight(port, login.token, "{ me { email } }");

    running.child.kill("SIGTERM");
    // First the load balancer hears it: 503 while requests are still served.
    const stopping = await until("/readyz to answer 503", async () => {
      const response = await fetch(`${running.url}/readyz`).catch(() => null);
      return response?.status === 503 && ((await response.json()) as unknown);
    });
    expect(stopping).toEqual({ status: "stopping", checks: { database: "ok" } });
    // Then the listener closes: new connections are refused...
    await until("the listener to close", async () => (await fetch(`${running.url}/healthz`).then(() => false, () => true)) || undefined);
    // ...the subscriber is told to go elsewhere...
    expect(await closed).toEqual({ code: 1001, reason: "Going away" });
    expect(running.alive()).toBe(true);
    // ...and the request in flight is still answered in full.
    inFlight.finish();
    const answer = await inFlight.answered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data).toEqual({ me: { email: EMAIL } });
    expect(await running.exited).toBe("0");
    expect(running.stderr()).toBe("");
  });

  it("cuts a request that never finishes once the drain's share of SHUTDOWN_TIMEOUT_MS is spent, and still exits", async () => {
    testDb = await createTestDatabase(kind);
    await seedShop(testDb);
    const port = await freePort();
    server = await spawnServer(testDb, port, { env: { SHUTDOWN_TIMEOUT_MS: "3000" } });
    const { login } = await gqlData(server.graphqlUrl, `mutation { login(email: "${EMAIL}", password: "${PASSWORD}") { token } }`);
    const stuck = requestInFlight(port, login.token, "{ me { email } }");
    const outcome = stuck.answered.then(
      () => "answered",
      () => "cut",
    );
    // The request is on the server before the signal (its body half sent): /readyz over another connection says so.
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe("0");
    expect(await outcome).toBe("cut");
  });
});
