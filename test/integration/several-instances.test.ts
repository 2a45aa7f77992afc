import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { customer, PLACE_ORDER } from "../helpers/fixtures";
import { gql, gqlData } from "../helpers/graphql";
import { describeWithRedis, dropRedisPrefix, testRedisPrefix, testRedisUrl } from "../helpers/redis";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";
import { sleep, subscribe } from "../helpers/subscriptions";

/**
 * Issue 17: several instances over one database and one Redis (REDIS_URL), as real processes
 * (`node dist/server/main.js`; run `npm run build:server` first). Over MariaDB two instances, A and
 * B; over SQLite (one instance by design) the same checks on one instance with REDIS_URL set, so
 * the Redis path is exercised on the default database too.
 */
jest.setTimeout(180_000);

const PASSWORD = "correct horse battery staple";
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token retryAfterSeconds userErrors { code } } }`;
const SKUS = `{ skus(first: 100) { nodes { id price { amount } stock { onHand } } } }`;

interface Shop {
  email: string;
  token: string;
}

/** A shop with a signed-in owner and 100 skus (HOT among them, 5 on hand), straight in the test database. */
async function seedShop(testDb: TestDatabase): Promise<Shop> {
  const db = await openAppDatabase(testDb.options);
  try {
    const services = createServices(db, { sessionTtlHours: 1 });
    const shop = await services.shops.createShop({ name: "Two instances", currency: "BRL", locale: "pt-BR" });
    const email = `multi.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}@shop.test`;
    await services.auth.createStaffUser({ shopId: shop.id, email, name: "Owner", password: PASSWORD });
    await services.catalog.createSkus(shop.id, [
      { code: "HOT", name: "Hot item", price: 1000, onHand: 5 },
      ...Array.from({ length: 99 }, (_, i) => ({ code: `S${i}`, name: `Item ${i}`, price: 100 + i, onHand: 1 })),
    ]);
    const login = await services.auth.login(email, PASSWORD);
    return { email, token: login.token };
  } finally {
    await db.close();
  }
}

/** A graphql-ws client that records how its socket closed. */
function watchedClient(url: string, token: string): { client: Client; closes: number[]; connected: () => boolean } {
  const closes: number[] = [];
  let connected = false;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // the 4403 close is what the test waits for
    on: { connected: () => (connected = true), closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { client, closes, connected: () => connected };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 15_000) => {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

describeWithRedis("several instances over one database and one Redis", () => {
  describe.each(databaseKinds())("on %s", (kind) => {
    let testDb: TestDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let shop: Shop;
    const clients: Client[] = [];
    const prefix = testRedisPrefix();

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      shop = await seedShop(testDb);
      const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix };
      a = await spawnServer(testDb, await freePort(), { env });
      b = kind === "mysql" ? await spawnServer(testDb, await freePort(), { env }) : a;
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
    });
    afterAll(async () => {
      await a?.kill("SIGKILL");
      await b?.kill("SIGKILL");
      await testDb?.drop();
      await dropRedisPrefix(prefix);
    });

    it("hands an event raised by a mutation on A to a subscriber on B", async () => {
      const client = createClient({ url: b.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${shop.token}` }, retryAttempts: 0 });
      clients.push(client);
      const updates = subscribe<{ orderUpdated: { id: string; status: string } }>(client, `subscription { orderUpdated { id status } }`);
      // The subscription registers asynchronously: orders are placed on A until B's subscriber hears one.
      const placed: string[] = [];
      await until("B's subscriber to hear an order placed on A", async () => {
        const order = await gqlData(a.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "S1", quantity: 1 }] } }, shop.token);
        placed.push(order.placeOrder.order.id);
        await sleep(200);
        return updates.received.some((u) => placed.includes(u.orderUpdated.id));
      });
      // From now on every order placed on A is heard on B (not only those B's own outbox poll happens to find).
      for (let i = 0; i < 5; i++) {
        const next = await gqlData(a.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "HOT", quantity: 1 }] } }, shop.token);
        const heard = await updates.waitFor((u) => u.orderUpdated.id === next.placeOrder.order.id);
        expect(heard.orderUpdated.status).toBe("READY");
      }
      expect({ a: a.stderr(), b: b.stderr() }).toEqual({ a: "", b: "" });
    });

    it("closes B's sockets of a session that logs out on A, and B refuses its token at once", async () => {
      const { login } = await gqlData(a.graphqlUrl, LOGIN, { email: shop.email, password: PASSWORD });
      // B has verified (and cached) the session, and holds a socket of it.
      expect((await gqlData(b.graphqlUrl, `{ me { email } }`, {}, login.token)).me.email).toBe(shop.email);
      const watched = watchedClient(b.wsUrl, login.token);
      clients.push(watched.client);
      let pushes = 0;
      watched.client.subscribe({ query: `subscription { ordersChanged { cursor } }` }, { next: () => pushes++, error: () => undefined, complete: () => undefined });
      await until("the subscription's first push (the socket is open and authenticated)", () => pushes > 0);
      expect((await gqlData(a.graphqlUrl, `mutation { logout { loggedOut } }`, {}, login.token)).logout.loggedOut).toBe(true);
      await until("B to close the socket", () => watched.closes.length > 0);
      expect(watched.closes).toEqual([4403]);
      const refused = await gql(b.graphqlUrl, `{ me { email } }`, {}, login.token);
      expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses on B, from the very next request, an API key revoked on A", async () => {
      const created = await gqlData(a.graphqlUrl, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret userErrors { code } } }`, { input: { name: "ERP", scopes: ["STOCK_READ"] } }, shop.token);
      const { secret, apiKey } = created.createApiKey;
      // B has it cached (valid for 10 s without asking the database).
      expect((await gqlData(b.graphqlUrl, `{ skus(first: 1) { nodes { code } } }`, {}, secret)).skus.nodes).toHaveLength(1);
      const watched = watchedClient(b.wsUrl, secret);
      clients.push(watched.client);
      await until("B to accept the key's socket", () => watched.connected());
      const revoked = await gqlData(a.graphqlUrl, `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } userErrors { code } } }`, { id: apiKey.id }, shop.token);
      expect(revoked.revokeApiKey.userErrors).toEqual([]);
      const refused = await gql(b.graphqlUrl, `{ skus(first: 1) { nodes { code } } }`, {}, secret);
      expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      await until("B to close the key's socket", () => watched.closes.length > 0);
      expect(watched.closes).toEqual([4403]);
    });

    it("charges one query-cost bucket per session on A and B together", async () => {
      const { login } = await gqlData(a.graphqlUrl, LOGIN, { email: shop.email, password: PASSWORD });
      const token: string = login.token;
      type Cost = { requestedQueryCost: number; actualQueryCost: number; throttleStatus: { currentlyAvailable: number } };
      const page = async (server: ServerProcess) => {
        const response = await fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: SKUS }) });
        return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }>; extensions?: { cost?: Cost } };
      };
      // Pages of 100 skus, each keeping ~300 of the 1,000 points (50 come back a second), on A
      // until A refuses one (THROTTLED: less than a page's price is left)...
      let cost: Cost | undefined;
      let throttledOnA = false;
      for (let i = 0; i < 10 && !throttledOnA; i++) {
        const answer = await page(a);
        if (answer.errors) throttledOnA = answer.errors[0]?.extensions?.code === "THROTTLED";
        else cost = answer.extensions!.cost!;
      }
      expect(throttledOnA).toBe(true);
      expect(cost!.actualQueryCost).toBeGreaterThan(250);
      // ...then B, whose own bucket for this session would be full, finds the same bucket nearly empty.
      const onB = await page(b);
      expect(onB.errors?.[0]?.extensions?.code).toBe("THROTTLED");
    });

    it("counts failed logins on A and B together", async () => {
      const from = (server: ServerProcess) => gql(server.graphqlUrl, LOGIN, { email: shop.email, password: "wrong" });
      // Ten wrong passwords in a row are tolerated (DEFAULT_LOGIN_LIMITS), five on each instance...
      for (let i = 0; i < 5; i++) {
        expect((await from(a)).data.login.userErrors).toEqual([{ code: "INVALID_CREDENTIALS" }]);
        expect((await from(b)).data.login.userErrors).toEqual([{ code: "INVALID_CREDENTIALS" }]);
      }
      // ...the eleventh is throttled wherever it lands, and so is the right password now.
      expect((await from(a)).data.login.userErrors).toEqual([{ code: "THROTTLED" }]);
      const right = await gql(b.graphqlUrl, LOGIN, { email: shop.email, password: PASSWORD });
      expect(right.data.login.userErrors).toEqual([{ code: "THROTTLED" }]);
      expect(right.data.login.retryAfterSeconds).toBeGreaterThan(60);
    });
  });
});
