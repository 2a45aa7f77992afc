import { createTestDatabase, TestDatabase } from "../helpers/databases";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";

/** METRICS_PORT on the built server (run `npm run build:server` first): /metrics on a listener of its own, and only there. */
jest.setTimeout(120_000);

describe("METRICS_PORT, real server process", () => {
  let testDb: TestDatabase;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.kill("SIGKILL");
    server = undefined;
    await testDb?.drop();
  });

  it("serves /metrics on its own port, not on the public one, and closes it at shutdown", async () => {
    testDb = await createTestDatabase("sqlite");
    const metricsPort = await freePort();
    server = await spawnServer(testDb, await freePort(), { env: { METRICS_PORT: String(metricsPort), METRICS_HOST: "127.0.0.1" } });
    await fetch(`${server.graphqlUrl}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });

    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/^ruptura_graphql_operations_total\{operation="__typename",type="query",transport="http",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Nothing else is served there.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);

    expect(await server.kill("SIGTERM")).toBe("0");
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});
