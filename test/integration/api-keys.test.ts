import { createHash } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createShop, customer, PLACE_ORDER, ShopFixture, addStaff } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name scopes maskedSecret createdAt lastUsedAt revokedAt } userErrors { field code message } }
}`;
const LIST = `{ apiKeys { id name scopes maskedSecret createdAt lastUsedAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id revokedAt } userErrors { field code message } } }`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function waitUntil(check: () => Promise<boolean> | boolean, ms = 3000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(databaseKinds())("API keys on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  const create = async (token: string, name: string, scopes: string[]) => {
    const result = (await gqlData(server.graphqlUrl, CREATE, { input: { name, scopes } }, token)).createApiKey;
    expect(result.userErrors).toEqual([]);
    return result as { secret: string; apiKey: { id: string; name: string; scopes: string[]; maskedSecret: string } };
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { "K-1": [1000, 10] }, "Chaves");
    other = await createShop(server, { "K-1": [1000, 10] }, "Outra");
  });
  afterAll(() => server.stop());

  it("creates a key whose secret is shown once and stored only as its SHA-256; lists it masked", async () => {
    const { secret, apiKey } = await create(shop.token, "  Loja VTEX ", ["ORDERS_WRITE", "ORDERS_READ"]);
    expect(secret).toMatch(/^rpt_live_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "Loja VTEX", scopes: ["ORDERS_READ", "ORDERS_WRITE"], maskedSecret: `rpt_live_…${secret.slice(-4)}` });
    const [row] = await server.db.query<Record<string, unknown>>("SELECT * FROM api_key WHERE id = ?", [Number(apiKey.id)]);
    expect(row!.secret_hash).toBe(sha256(secret));
    expect(Object.values(row!).some((v) => typeof v === "string" && v.includes(secret.slice(9, 20)))).toBe(false);
    expect(row!.shop_id).toBe(shop.shopId);
    const list = (await gqlData(server.graphqlUrl, LIST, {}, shop.token)).apiKeys;
    expect(list[0]).toMatchObject({ id: apiKey.id, name: "Loja VTEX", maskedSecret: `rpt_live_…${secret.slice(-4)}`, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(secret);
    // The secret is nowhere to be read again.
    expect(JSON.stringify(await gql(server.graphqlUrl, `{ apiKeys { __typename } }`, {}, shop.token))).not.toContain(secret);
  });

  it("refuses a key without a name or without scopes, and an OPERATOR altogether", async () => {
    const noName = (await gqlData(server.graphqlUrl, CREATE, { input: { name: " ", scopes: ["ORDERS_READ"] } }, shop.token)).createApiKey;
    expect(noName.userErrors).toEqual([expect.objectContaining({ field: "name", code: "REQUIRED" })]);
    const noScopes = (await gqlData(server.graphqlUrl, CREATE, { input: { name: "ERP", scopes: [] } }, shop.token)).createApiKey;
    expect(noScopes.userErrors).toEqual([expect.objectContaining({ field: "scopes", code: "REQUIRED" })]);
    const operator = await addStaff(server, shop, "OPERATOR");
    const refused = await gql(server.graphqlUrl, CREATE, { input: { name: "ERP", scopes: ["ORDERS_READ"] } }, operator.token);
    expect(refused.errors?.[0]).toMatchObject({ message: "Managing API keys needs the MANAGER role.", extensions: { code: "FORBIDDEN" } });
    const manager = await addStaff(server, shop, "MANAGER");
    expect((await create(manager.token, "By a manager", ["STOCK_READ"])).secret).toMatch(/^rpt_live_/);
  });

  it("authenticates as the shop, writes last_used_at (not in the request's way), and refuses a revoked key at once", async () => {
    const { secret, apiKey } = await create(shop.token, "ERP", ["ORDERS_READ"]);
    const orders = `{ orders(first: 5) { totalCount } }`;
    expect((await gql(server.graphqlUrl, orders, {}, secret)).errors).toBeUndefined();
    await waitUntil(async () => (await server.db.query<{ last_used_at: unknown }>("SELECT last_used_at FROM api_key WHERE id = ?", [Number(apiKey.id)]))[0]!.last_used_at !== null);
    const listed = (await gqlData(server.graphqlUrl, LIST, {}, shop.token)).apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed.lastUsedAt).not.toBeNull();
    // A missing scope is named, in the message and as a value.
    const write = await gql(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "K-1", quantity: 1 }] } }, secret);
    expect(write.errors?.[0]).toMatchObject({ message: "placeOrder needs the API key scope orders:write.", extensions: { code: "FORBIDDEN", requiredScope: "orders:write" } });
    // A staff-only operation names why.
    const me = await gql(server.graphqlUrl, `{ me { id } }`, {}, secret);
    expect(me.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: "me is for signed-in staff users only (a staff user's own account and sessions): API keys may not call it." });
    // The key's caller is cached now (10 s); revoking it must still refuse the very next request.
    const revoked = (await gqlData(server.graphqlUrl, REVOKE, { id: apiKey.id }, shop.token)).revokeApiKey;
    expect(revoked.userErrors).toEqual([]);
    expect(revoked.apiKey.revokedAt).not.toBeNull();
    const after = await gql(server.graphqlUrl, orders, {}, secret);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // Revoking again is harmless; it stays listed as revoked.
    expect((await gqlData(server.graphqlUrl, REVOKE, { id: apiKey.id }, shop.token)).revokeApiKey.userErrors).toEqual([]);
    const list = (await gqlData(server.graphqlUrl, LIST, {}, shop.token)).apiKeys;
    expect(list.find((k: { id: string }) => k.id === apiKey.id).revokedAt).not.toBeNull();
    // The download routes refuse it too.
    expect((await fetch(`${server.url}/exports/skus.csv`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  it("closes an open WebSocket authenticated with a key when the key is revoked", async () => {
    const { secret, apiKey } = await create(shop.token, "Painel", ["ORDERS_READ"]);
    const closes: number[] = [];
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${secret}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    try {
      const received: unknown[] = [];
      client.subscribe({ query: `subscription { orderUpdated { id status } }` }, { next: (v) => received.push(v), error: () => undefined, complete: () => undefined });
      await server.subscribed("ORDER_UPDATED", shop.shopId, 1);
      const started = Date.now();
      await gqlData(server.graphqlUrl, REVOKE, { id: apiKey.id }, shop.token);
      await waitUntil(() => closes.length > 0, 1000);
      expect(closes[0]).toBe(4403);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await client.dispose();
    }
  });

  it("sees only its own shop: another shop's orders, skus and keys are out of reach", async () => {
    const mine = await create(shop.token, "Mine", ["ORDERS_READ", "ORDERS_WRITE", "STOCK_READ"]);
    const theirs = await create(other.token, "Theirs", ["ORDERS_READ"]);
    const placed = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "K-1", quantity: 1 }] } }, other.token)).placeOrder.order;
    expect((await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { id } }`, { id: placed.id }, mine.secret)).order).toBeNull();
    expect((await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { id } }`, { id: placed.id }, theirs.secret)).order).toEqual({ id: placed.id });
    const ids = (await gqlData(server.graphqlUrl, `{ orders(first: 100) { nodes { id } } }`, {}, mine.secret)).orders.nodes.map((o: { id: string }) => o.id);
    expect(ids).not.toContain(placed.id);
    const sku = (await gqlData(server.graphqlUrl, `query($id: ID!) { sku(id: $id) { id } }`, { id: String(other.skus["K-1"]) }, mine.secret)).sku;
    expect(sku).toBeNull();
    // The other shop's owner cannot revoke this shop's key, nor list it.
    const refused = (await gqlData(server.graphqlUrl, REVOKE, { id: mine.apiKey.id }, other.token)).revokeApiKey;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    expect((await gqlData(server.graphqlUrl, LIST, {}, other.token)).apiKeys.map((k: { id: string }) => k.id)).not.toContain(mine.apiKey.id);
    expect((await gql(server.graphqlUrl, `{ orders(first: 1) { totalCount } }`, {}, mine.secret)).errors).toBeUndefined();
  });

  it("is the actor, by its name, on the order's timeline and in the stock history", async () => {
    const { secret, apiKey } = await create(shop.token, "Marketplace XYZ", ["ORDERS_READ", "ORDERS_WRITE", "STOCK_READ", "STOCK_WRITE"]);
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "K-1", quantity: 2 }] } }, secret);
    expect(placed.placeOrder.userErrors).toEqual([]);
    const events = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { events { type actor { type id name } } } }`, { id: placed.placeOrder.order.id }, secret)).order.events;
    expect(events[0].actor).toEqual({ type: "API_KEY", id: apiKey.id, name: "Marketplace XYZ" });
    const adjusted = await gqlData(server.graphqlUrl, `mutation($sku: ID!) { adjustStock(skuId: $sku, delta: 3, reason: "inventário") { userErrors { message } } }`, { sku: String(shop.skus["K-1"]) }, secret);
    expect(adjusted.adjustStock.userErrors).toEqual([]);
    const movements = (await gqlData(server.graphqlUrl, `query($sku: ID!) { stockMovements(skuId: $sku, first: 10) { nodes { kind reason actor { type id name } } } }`, { sku: String(shop.skus["K-1"]) }, secret)).stockMovements.nodes;
    expect(movements[0]).toMatchObject({ kind: "ADJUSTMENT", actor: { type: "API_KEY", id: apiKey.id, name: "Marketplace XYZ" } });
    expect(movements.find((m: { kind: string }) => m.kind === "ALLOCATION").actor).toEqual({ type: "API_KEY", id: apiKey.id, name: "Marketplace XYZ" });
  });

  it("counts as the shop's first step 'API key'", async () => {
    const fresh = await createShop(server, {}, "Nova");
    const step = async () => (await gqlData(server.graphqlUrl, `{ firstSteps { apiKeyCreated } }`, {}, fresh.token)).firstSteps.apiKeyCreated;
    expect(await step()).toBe(false);
    await create(fresh.token, "Loja", ["ORDERS_WRITE"]);
    expect(await step()).toBe(true);
  });
});
