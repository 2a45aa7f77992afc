import fs from "node:fs";
import path from "node:path";
import { buildSchema, GraphQLSchema, Kind, parse } from "graphql";
import { CostBuckets, queryCost } from "../../server/src/infra/graphql/cost";
import { LIMITS } from "../../server/src/infra/http/limits";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { wsClient } from "../helpers/subscriptions";

const ROOT = path.resolve(__dirname, "..", "..");
const contract: GraphQLSchema = buildSchema(fs.readFileSync(path.join(ROOT, "schema", "schema.graphql"), "utf8"));

describe("the query cost estimate", () => {
  const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(contract, parse(query), undefined, variables);

  it("counts objects 1, scalars 0, connections 2 + first x their nodes, mutations 10", () => {
    expect(cost("{ me { id name } }")).toBe(1);
    expect(cost("{ skus(first: 10) { nodes { id code } } }")).toBe(2 + 10 * 1);
    expect(cost("query($n: Int) { skus(first: $n) { nodes { id stock { onHand } } pageInfo { hasNextPage } } }", { n: 50 })).toBe(2 + 50 * (1 + 1 + 1));
    // `first` omitted: the argument's default (25).
    expect(cost("{ orders { nodes { id customer { name } } } }")).toBe(2 + 25 * 2);
    expect(cost(`mutation { restock(skuId: "1", quantity: 1) { sku { id } userErrors { code } } }`)).toBe(10 + 1 + 1);
    // Fragments count where they are spread.
    expect(cost("query { ...Q } fragment Q on Query { me { id } order(id: \"1\") { id } }")).toBe(2);
  });

  it("keeps every operation of the web app (the desk is a staff session) well under the bucket, at the largest page it asks for", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".graphql")) files.push(full);
      }
    };
    walk(path.join(ROOT, "web", "src"));
    const costs: Record<string, number> = {};
    for (const file of files) {
      const document = parse(fs.readFileSync(file, "utf8"));
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
        // The desk's page sizes: 50 on the stock page and its history, 25 elsewhere (web/src/**/*Page*.tsx, *Tab.tsx).
        const first = ["Skus", "StockMovements"].includes(definition.name.value) ? 50 : 25;
        costs[definition.name.value] = queryCost(contract, document, definition.name.value, { first });
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThan(40);
    // At most a third of the bucket: several pages at once never throttle; what a page does not
    // fill (few rows) goes back to the bucket after the answer.
    const dear = Object.entries(costs).filter(([, c]) => c > LIMITS.costBucketCapacity / 3);
    expect(dear).toEqual([]);
  });
});

describe("the leaky bucket", () => {
  it("drains, refuses with the seconds to wait, and fills back at the restore rate up to its capacity", () => {
    let now = 0;
    const buckets = new CostBuckets({ capacity: 100, restoreRate: 10, now: () => now });
    expect(buckets.take("a", 60)).toEqual({ ok: true, available: 40 });
    expect(buckets.take("a", 60)).toEqual({ ok: false, available: 40, retryAfterSeconds: 2 });
    now += 2000;
    expect(buckets.take("a", 60)).toEqual({ ok: true, available: 0 });
    expect(buckets.available("b")).toBe(100);
    now += 60_000;
    expect(buckets.available("a")).toBe(100);
  });
});

async function post(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), ...((await response.json()) as { data?: any; errors?: any[]; extensions?: any }) };
}

const SKUS = "query($first: Int) { skus(first: $first) { nodes { id stock { onHand } } } }"; // 2 + first x 2
const RESTOCK = `mutation($skuId: ID!) { restock(skuId: $skuId, quantity: 1) { sku { id } userErrors { code } } }`;

describe.each(databaseKinds())("query cost and throttling on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let now = 1_000_000;
  beforeAll(async () => {
    server = await startTestServer(kind, { costBuckets: new CostBuckets({ capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, now: () => now }) });
    // 100 skus: a page of 100 holds what it asked for.
    shop = await createShop(server, Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`C-${i + 1}`, [100, 5] as [number, number]])));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reports extensions.cost on every answer, with the bucket left (Shopify's shape); what the answer does not hold goes back", async () => {
    now += 3600_000;
    const answer = await post(server.graphqlUrl, SKUS, { first: 10 }, shop.token);
    // Requested 2 + 10 x 2; the answer holds the connection and 10 nodes with their stock: 21.
    expect(answer.extensions.cost).toEqual({
      requestedQueryCost: 22,
      actualQueryCost: 21,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 979, restoreRate: 50 },
    });
    now += 3600_000;
    const few = await post(server.graphqlUrl, `query { skus(first: 100, filter: { search: "C-100" }) { nodes { id stock { onHand } } } }`, {}, shop.token);
    expect(few.data.skus.nodes).toHaveLength(1);
    expect(few.extensions.cost).toEqual({ requestedQueryCost: 202, actualQueryCost: 3, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 997, restoreRate: 50 } });
  });

  it("throttles a drained session with THROTTLED and the seconds to wait (HTTP 429, Retry-After), running nothing; restores at 50 a second", async () => {
    now += 3600_000;
    // 100 skus a page: 202 points asked, 201 kept; four leave 196.
    for (let i = 0; i < 4; i++) expect((await post(server.graphqlUrl, SKUS, { first: 100 }, shop.token)).status).toBe(200);
    const refused = await post(server.graphqlUrl, SKUS, { first: 100 }, shop.token);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toEqual({ code: "THROTTLED", retryAfterSeconds: 1 });
    expect(refused.retryAfter).toBe("1");
    expect(refused.data).toBeUndefined();
    expect(refused.extensions.cost.throttleStatus.currentlyAvailable).toBe(196);

    // A throttled mutation changes nothing.
    const skuId = String(shop.skus["C-1"]);
    // A restock asks 12 (10 + sku + userErrors) and keeps 11 (no userErrors): 17 leave 9.
    for (let i = 0; i < 17; i++) expect((await post(server.graphqlUrl, RESTOCK, { skuId }, shop.token)).status).toBe(200);
    const onHand = async () => Number((await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [shop.skus["C-1"]]))[0]!.on_hand);
    const before = await onHand();
    const throttled = await post(server.graphqlUrl, RESTOCK, { skuId }, shop.token);
    expect(throttled.errors?.[0]?.extensions?.code).toBe("THROTTLED");
    expect(await onHand()).toBe(before);

    // 50 points a second come back.
    now += 1000;
    const after = await post(server.graphqlUrl, RESTOCK, { skuId }, shop.token);
    expect(after.data.restock.userErrors).toEqual([]);
    expect(after.extensions.cost.throttleStatus.currentlyAvailable).toBe(9 + 50 - 11);
  });

  it("refuses a single operation dearer than the bucket with MAX_COST_EXCEEDED, naming the limit", async () => {
    now += 3600_000;
    const page = "(first: 100) { nodes { id customer { name } lines { sku { id } } } }"; // 2 + 100 x 3
    const dear = `query { a: orders${page} b: orders${page} c: orders${page} d: orders${page} }`;
    const refused = await post(server.graphqlUrl, dear, {}, shop.token);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.code).toBe("MAX_COST_EXCEEDED");
    expect(refused.errors?.[0]?.extensions?.maximumAvailable).toBe(1000);
    expect(refused.errors?.[0]?.message).toContain("1000");
    // Nothing was taken from the bucket.
    expect(refused.extensions.cost.throttleStatus.currentlyAvailable).toBe(1000);
  });

  it("keeps an API key's bucket apart from the staff session's, and charges WebSocket operations from the same buckets", async () => {
    now += 3600_000;
    const created = await gqlData(server.graphqlUrl, `mutation { createApiKey(input: { name: "Loja", scopes: [STOCK_READ] }) { secret } }`, {}, shop.token);
    const secret = created.createApiKey.secret as string;
    while ((await post(server.graphqlUrl, SKUS, { first: 100 }, shop.token)).status === 200);
    const byKey = await post(server.graphqlUrl, SKUS, { first: 10 }, secret);
    expect(byKey.status).toBe(200);
    expect(byKey.extensions.cost.throttleStatus.currentlyAvailable).toBe(1000 - 21);

    // Over WebSocket: the session's drained bucket refuses; the key's answers with extensions.cost.
    const run = async (token: string, first: number) => {
      const client = wsClient(server.wsUrl, token);
      try {
        return await new Promise<any>((resolve) => {
          let result: unknown;
          client.subscribe({ query: SKUS, variables: { first } }, { next: (r) => (result = r), error: (e) => resolve({ errors: e }), complete: () => resolve(result) });
        });
      } finally {
        await client.dispose();
      }
    };
    const sessionOverWs = await run(shop.token, 100);
    expect(sessionOverWs.errors[0].extensions).toEqual({ code: "THROTTLED", retryAfterSeconds: expect.any(Number) });
    const keyOverWs = await run(secret, 10);
    expect(keyOverWs.extensions.cost).toEqual({ requestedQueryCost: 22, actualQueryCost: 21, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 1000 - 42, restoreRate: 50 } });
  });

  it("buckets no public (customer page) operation: it reports its cost without a bucket", async () => {
    const answer = await fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ orderPage(token: "nope") { __typename } }` }) });
    const body = (await answer.json()) as { extensions: any };
    expect(body.extensions.cost).toEqual({ requestedQueryCost: 1, actualQueryCost: 0, throttleStatus: null });
  });
});
