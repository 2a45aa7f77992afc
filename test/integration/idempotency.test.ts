import fs from "node:fs";
import path from "node:path";
import { buildSchema, GraphQLSchema, isNonNullType } from "graphql";
import { MUTATION_IDEMPOTENCY } from "../../server/src/modules/auth/idempotency";
import { OPERATION_ACCESS } from "../../server/src/modules/auth/access";
import { IDEMPOTENCY_ARG, IdempotencyStore, unpack } from "../../server/src/infra/idempotency/idempotency";
import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { schemaOperations } from "../helpers/schema-operations";
import { startTestServer, TestServer } from "../helpers/server";
import { wsClient } from "../helpers/subscriptions";

const contract: GraphQLSchema = buildSchema(fs.readFileSync(path.resolve(__dirname, "..", "..", "schema", "schema.graphql"), "utf8"));
const mutations = Object.values(contract.getMutationType()!.getFields());

describe("the idempotency map", () => {
  it("classifies every mutation (add a line to modules/auth/idempotency.ts for a new one) and lists none the schema lacks", () => {
    expect(mutations.map((m) => m.name).filter((name) => !MUTATION_IDEMPOTENCY[name])).toEqual([]);
    expect(Object.keys(MUTATION_IDEMPOTENCY).filter((name) => !contract.getMutationType()!.getFields()[name])).toEqual([]);
  });

  it("gives idempotencyKey (an optional String argument) to exactly the IDEMPOTENT and OWN mutations, and a reason to every exempt one", () => {
    for (const field of mutations) {
      const rule = MUTATION_IDEMPOTENCY[field.name]!;
      const arg = field.args.find((a) => a.name === IDEMPOTENCY_ARG);
      if (rule.kind === "EXEMPT") {
        expect([field.name, arg]).toEqual([field.name, undefined]);
        expect(rule.reason.length).toBeGreaterThan(20);
      } else {
        expect([field.name, arg && String(arg.type)]).toEqual([field.name, "String"]);
        expect(isNonNullType(arg!.type)).toBe(false);
      }
    }
  });

  it("exempts no staff mutation that creates or moves something (by its name), so a new one cannot slip through", () => {
    const creating = /^(place|cancel|hold|ship|mark|deliver|restock|adjust|add|receive|create|update(Sku|Incoming)|upsert|apply|archive|unarchive|resolve|reject|report|request(Return)$|approve|refuse|close|invite|offer|substitute|resend(Refund))/;
    const slipped = mutations
      .filter((m) => creating.test(m.name) && OPERATION_ACCESS.Mutation[m.name]?.kind !== "PUBLIC")
      .filter((m) => MUTATION_IDEMPOTENCY[m.name]!.kind === "EXEMPT")
      .map((m) => m.name);
    expect(slipped).toEqual([]);
  });
});

/** POST with the whole body (extensions too). */
async function post(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[]; extensions?: any }) };
}

describe.each(databaseKinds())("idempotency keys on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let clockOffset = 0;
  beforeAll(async () => {
    server = await startTestServer(kind, { config: { clock: () => new Date(Date.now() + clockOffset) } });
    shop = await createShop(server, { "ID-1": [1000, 10], "ID-2": [500, 0] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const onHand = async (skuId: number) => Number((await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [skuId]))[0]!.on_hand);
  const records = async (operation: string, key: string) =>
    server.db.query<{ response: string | null }>("SELECT response FROM idempotency_record WHERE shop_id = ? AND operation = ? AND idempotency_key = ?", [shop.shopId, operation, key]);

  it("replays every IDEMPOTENT mutation: the same key and input answers the first response without running it again (a refusal too)", async () => {
    const generated = schemaOperations(contract).filter((op) => op.root === "Mutation" && MUTATION_IDEMPOTENCY[op.name]?.kind === "IDEMPOTENT");
    expect(generated.length).toBeGreaterThan(25);
    const notStored: string[] = [];
    for (const op of generated) {
      const field = contract.getMutationType()!.getFields()[op.name]!;
      const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const declared = [...required.map((a) => `$${a.name}: ${String(a.type)}`), "$key: String"].join(", ");
      const passed = [...required.map((a) => `${a.name}: $${a.name}`), "idempotencyKey: $key"].join(", ");
      const document = `mutation(${declared}) { ${op.name}(${passed}) { __typename userErrors { field code message } } }`;
      const variables = { ...op.variables, key: `every-${op.name}` };
      const first = await post(server.graphqlUrl, document, variables, shop.token);
      const again = await server.queries.measure(async () => {
        const second = await post(server.graphqlUrl, document, variables, shop.token);
        expect([op.name, second.data, second.errors]).toEqual([op.name, first.data, first.errors]);
      });
      const stored = await records(op.name, `every-${op.name}`);
      if (first.errors) {
        // A call that failed with a GraphQL error did nothing: its key is free again.
        expect([op.name, stored]).toEqual([op.name, []]);
        notStored.push(op.name);
      } else {
        expect([op.name, unpack(stored[0]!.response!)]).toEqual([op.name, first.data[op.name]]);
        // The replay: the claim's INSERT (refused by the unique index) and the SELECT of the stored
        // answer; nothing else is written (the outbox's poller and the session check may read meanwhile).
        const own = again.statements.filter((sql) => sql.includes("idempotency_record"));
        const writes = again.statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql) && !/\b(session|api_key)\b/.test(sql));
        expect([op.name, own.length, writes.length]).toEqual([op.name, 2, 1]);
      }
    }
    // Dummy ids exist nowhere: every call is a NOT_FOUND-style refusal, replayed as a result (Stripe's rule).
    expect(notStored).toEqual([]);
  });

  it("restocks once for a retried key, refuses the key with another input (IDEMPOTENCY_KEY_REUSED), and keys per operation", async () => {
    const skuId = String(shop.skus["ID-1"]);
    const before = await onHand(shop.skus["ID-1"]!);
    const doc = `mutation($skuId: ID!, $quantity: Int!, $key: String) { restock(skuId: $skuId, quantity: $quantity, idempotencyKey: $key) { sku { stock { onHand } } ordersResumedCount userErrors { field code message } } }`;
    const first = await gqlData(server.graphqlUrl, doc, { skuId, quantity: 5, key: "restock-1" }, shop.token);
    const second = await gqlData(server.graphqlUrl, doc, { skuId, quantity: 5, key: "restock-1" }, shop.token);
    expect(second).toEqual(first);
    expect(first.restock.sku.stock.onHand).toBe(before + 5);
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 5);

    const reused = await gqlData(server.graphqlUrl, doc, { skuId, quantity: 6, key: "restock-1" }, shop.token);
    expect(reused.restock.userErrors).toEqual([{ field: "idempotencyKey", code: "IDEMPOTENCY_KEY_REUSED", message: expect.stringContaining("different input") }]);
    expect(reused.restock.sku).toBeNull();
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 5);

    // The same key on another operation is another key.
    const adjust = `mutation($skuId: ID!, $key: String) { adjustStock(skuId: $skuId, delta: -1, reason: "count", idempotencyKey: $key) { sku { stock { onHand } } userErrors { code } } }`;
    const adjusted = await gqlData(server.graphqlUrl, adjust, { skuId, key: "restock-1" }, shop.token);
    expect(adjusted.adjustStock.userErrors).toEqual([]);
    expect(await gqlData(server.graphqlUrl, adjust, { skuId, key: "restock-1" }, shop.token)).toEqual(adjusted);
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 4);
    // A key must be 1 to 100 characters: refused before anything runs.
    const long = await gql(server.graphqlUrl, doc, { skuId, quantity: 1, key: "k".repeat(101) }, shop.token);
    expect(long.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(long.errors?.[0]?.message).toContain("idempotencyKey must be 1 to 100 characters");
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 4);
    // Without a key, every call runs.
    await gqlData(server.graphqlUrl, doc, { skuId, quantity: 1 }, shop.token);
    await gqlData(server.graphqlUrl, doc, { skuId, quantity: 1 }, shop.token);
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 6);
  });

  it("creates one sku, cancels once (one refund), places one order through the argument, and replays createApiKey without its secret", async () => {
    const create = `mutation($key: String) { createSku(input: { code: "IDEM-NEW", name: "Idempotent", price: 990 }, idempotencyKey: $key) { sku { id code } userErrors { code } } }`;
    const a = await gqlData(server.graphqlUrl, create, { key: "sku-1" }, shop.token);
    const b = await gqlData(server.graphqlUrl, create, { key: "sku-1" }, shop.token);
    expect(b).toEqual(a);
    expect(a.createSku.userErrors).toEqual([]);
    expect(await server.db.query("SELECT id FROM sku WHERE shop_id = ? AND code = 'IDEM-NEW'", [shop.shopId])).toHaveLength(1);

    const place = `mutation($input: PlaceOrderInput!, $key: String) { placeOrder(input: $input, idempotencyKey: $key) { order { id number status } userErrors { code } } }`;
    const input = { customer: customer(), lines: [{ skuCode: "ID-1", quantity: 1 }] };
    const placed = await gqlData(server.graphqlUrl, place, { input, key: "order-1" }, shop.token);
    expect(await gqlData(server.graphqlUrl, place, { input, key: "order-1" }, shop.token)).toEqual(placed);
    // The argument is the input's key: placeOrder's own mechanism (kept with the order).
    const viaInput = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { ...input, idempotencyKey: "order-1" } }, shop.token);
    expect(viaInput.placeOrder.order.id).toBe(placed.placeOrder.order.id);
    const clash = await gql(server.graphqlUrl, place, { input: { ...input, idempotencyKey: "other" }, key: "order-1" }, shop.token);
    expect(clash.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const cancel = `mutation($id: ID!, $key: String) { cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "customer asked", idempotencyKey: $key) { order { status } refund { id } userErrors { code } } }`;
    const c1 = await gqlData(server.graphqlUrl, cancel, { id: placed.placeOrder.order.id, key: "cancel-1" }, shop.token);
    const c2 = await gqlData(server.graphqlUrl, cancel, { id: placed.placeOrder.order.id, key: "cancel-1" }, shop.token);
    expect(c2).toEqual(c1);
    expect(c1.cancelOrder.order.status).toBe("CANCELLED");
    expect(await server.db.query("SELECT id FROM refund WHERE shop_id = ?", [shop.shopId])).toHaveLength(1);

    const key = `mutation($key: String) { createApiKey(input: { name: "ERP", scopes: [ORDERS_READ] }, idempotencyKey: $key) { secret apiKey { id name } userErrors { code } } }`;
    const k1 = await gqlData(server.graphqlUrl, key, { key: "apikey-1" }, shop.token);
    const k2 = await gqlData(server.graphqlUrl, key, { key: "apikey-1" }, shop.token);
    expect(k1.createApiKey.secret).toMatch(/^rpt_/);
    // The secret is shown once: never stored, so a replay answers null there.
    expect(k2.createApiKey).toEqual({ ...k1.createApiKey, secret: null });
    expect(unpack((await records("createApiKey", "apikey-1"))[0]!.response!)).toEqual({ ...k1.createApiKey, secret: null });
    expect(await server.db.query("SELECT id FROM api_key WHERE shop_id = ? AND name = 'ERP'", [shop.shopId])).toHaveLength(1);
  });

  it("does it once for concurrent calls with one key: every caller gets the same answer", async () => {
    const skuId = String(shop.skus["ID-2"]);
    const before = await onHand(shop.skus["ID-2"]!);
    const doc = `mutation($skuId: ID!, $key: String) { restock(skuId: $skuId, quantity: 3, idempotencyKey: $key) { sku { stock { onHand } } userErrors { code } } }`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => gqlData(server.graphqlUrl, doc, { skuId, key: "concurrent-1" }, shop.token)));
    expect(await onHand(shop.skus["ID-2"]!)).toBe(before + 3);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].restock.sku.stock.onHand).toBe(before + 3);
    const movements = await server.db.query("SELECT id FROM stock_movement WHERE sku_id = ? AND kind = 'RESTOCK'", [shop.skus["ID-2"]]);
    expect(movements).toHaveLength(1);
  });

  it("claims a key once: a second claim waits for the answer, then gives up with in_progress; a released key is free again", async () => {
    const store = new IdempotencyStore(server.db, () => new Date(), 200);
    const first = await store.claim(shop.shopId, "restock", "store-1", "hash-a");
    expect(first.kind).toBe("claimed");
    const started = Date.now();
    expect(await store.claim(shop.shopId, "restock", "store-1", "hash-a")).toEqual({ kind: "in_progress" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await store.claim(shop.shopId, "restock", "store-1", "hash-b")).toEqual({ kind: "reused" });
    // The answer arrives while another call waits: that call answers it.
    const waiting = store.claim(shop.shopId, "restock", "store-1", "hash-a");
    await store.complete((first as { id: number }).id, { sku: null, userErrors: [] });
    expect(await waiting).toEqual({ kind: "replay", response: { sku: null, userErrors: [] } });
    // An answer too large to keep (over 60 kB compressed): done once, retries say so.
    const big = await store.claim(shop.shopId, "upsertSkus", "store-3", "hash-a");
    await store.complete((big as { id: number }).id, { skus: Array.from({ length: 20_000 }, () => ({ id: Math.random().toString(36) })) });
    expect(await store.claim(shop.shopId, "upsertSkus", "store-3", "hash-a")).toEqual({ kind: "not_kept" });
    // A failed call frees its key.
    const other = await store.claim(shop.shopId, "restock", "store-2", "hash-a");
    await store.release((other as { id: number }).id);
    expect((await store.claim(shop.shopId, "restock", "store-2", "hash-a")).kind).toBe("claimed");
  });

  it("marks the claim in the call's first transaction: a call cut short before it committed frees its key after 10 minutes; one cut short after answers IDEMPOTENT_ANSWER_NOT_KEPT", async () => {
    let at = Date.now();
    const store = new IdempotencyStore(server.db, () => new Date(at), 50);
    // Cut short before any commit (the server stopped): in progress, then free again.
    const lost = await store.claim(shop.shopId, "restock", "crash-1", "h");
    expect(await store.claim(shop.shopId, "restock", "crash-1", "h")).toEqual({ kind: "in_progress" });
    at += 11 * 60_000;
    const again = await store.claim(shop.shopId, "restock", "crash-1", "h");
    expect(again.kind).toBe("claimed");
    expect((again as { id: number }).id).not.toBe((lost as { id: number }).id);

    // Cut short after its transaction committed: the mark committed with the change.
    const done = (await store.claim(shop.shopId, "restock", "crash-2", "h")) as { id: number };
    await store.runMarked(done.id, () => server.db.transaction(async (tx) => void (await tx.query("SELECT 1"))));
    const [row] = await server.db.query<{ committed_at: unknown }>("SELECT committed_at FROM idempotency_record WHERE id = ?", [done.id]);
    expect(row!.committed_at).not.toBeNull();
    expect(await store.claim(shop.shopId, "restock", "crash-2", "h")).toEqual({ kind: "in_progress" });
    at += 11 * 60_000;
    expect(await store.claim(shop.shopId, "restock", "crash-2", "h")).toEqual({ kind: "not_kept" });

    // A transaction that rolls back leaves no mark; a failure after a commit keeps the key used.
    const rolledBack = (await store.claim(shop.shopId, "restock", "crash-3", "h")) as { id: number };
    await expect(store.runMarked(rolledBack.id, () => server.db.transaction(async () => Promise.reject(new Error("boom"))))).rejects.toThrow("boom");
    await store.release(rolledBack.id);
    expect((await store.claim(shop.shopId, "restock", "crash-3", "h")).kind).toBe("claimed");
    const failedAfter = (await store.claim(shop.shopId, "restock", "crash-4", "h")) as { id: number };
    await store.runMarked(failedAfter.id, () => server.db.transaction(async (tx) => void (await tx.query("SELECT 1"))));
    await store.release(failedAfter.id);
    expect(await store.claim(shop.shopId, "restock", "crash-4", "h")).toEqual({ kind: "not_kept" });
  });

  it("replays over WebSocket what HTTP answered (one store for both transports)", async () => {
    const skuId = String(shop.skus["ID-1"]);
    const doc = `mutation($skuId: ID!, $key: String) { restock(skuId: $skuId, quantity: 2, idempotencyKey: $key) { sku { stock { onHand } } userErrors { code } } }`;
    const before = await onHand(shop.skus["ID-1"]!);
    const overHttp = await gqlData(server.graphqlUrl, doc, { skuId, key: "ws-1" }, shop.token);
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const overWs = await new Promise<any>((resolve, reject) => {
        let result: unknown;
        client.subscribe({ query: doc, variables: { skuId, key: "ws-1" } }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
      expect(overWs.data).toEqual(overHttp);
      expect(overWs.extensions.cost.requestedQueryCost).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 2);
  });

  it("keeps a key 24 hours: after that the same key runs again, and the sweep forgets old keys", async () => {
    const skuId = String(shop.skus["ID-1"]);
    const doc = `mutation($skuId: ID!, $key: String) { restock(skuId: $skuId, quantity: 1, idempotencyKey: $key) { sku { stock { onHand } } userErrors { code } } }`;
    const before = await onHand(shop.skus["ID-1"]!);
    await gqlData(server.graphqlUrl, doc, { skuId, key: "expiry-1" }, shop.token);
    clockOffset = 23 * 3600_000;
    await gqlData(server.graphqlUrl, doc, { skuId, key: "expiry-1" }, shop.token);
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 1);
    clockOffset = 24 * 3600_000 + 60_000;
    await gqlData(server.graphqlUrl, doc, { skuId, key: "expiry-1" }, shop.token);
    expect(await onHand(shop.skus["ID-1"]!)).toBe(before + 2);
    // Everything written at the real time is now older than 24 hours: the sweep deletes it.
    clockOffset = 49 * 3600_000;
    expect(await server.services.idempotency.sweep()).toBeGreaterThan(0);
    expect(await server.db.query("SELECT id FROM idempotency_record WHERE shop_id = ?", [shop.shopId])).toEqual([]);
    clockOffset = 0;
  });
});
