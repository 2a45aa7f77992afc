import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { buildSchema, DocumentNode, getOperationAST, GraphQLSchema, parse, validate } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { withErrorCodeTables, INTEGRATIONS_DOC } from "../../server/src/infra/graphql/error-codes-doc";
import { ErrorCode, GRAPHQL_ERROR_CODE_DESCRIPTIONS, UserErrorCode } from "../../server/src/infra/graphql/errors";
import { RESYNC_REQUIRED } from "../../server/src/infra/graphql/pubsub";
import { SCHEMA_FILE } from "../../server/src/infra/graphql/schema";
import { CLIENT_CODES, HTTP_ERRORS } from "../../server/src/infra/http/errors";
import { LIMITS } from "../../server/src/infra/http/limits";
import { loadConfig } from "../../server/src/config";
import { DEFAULT_LOGIN_LIMITS } from "../../server/src/modules/auth/login-throttle";
import { MAX_IMPORT_BYTES } from "../../server/src/modules/catalog/sku-import.resolver";
import { MAX_IMPORT_ROWS } from "../../server/src/modules/catalog/sku-import.service";
import { MAX_UPSERT } from "../../server/src/modules/catalog/sku.service";
import { MAX_LINE_QUANTITY, MAX_LINES } from "../../server/src/modules/orders/place-order.validation";
import { MAX_ADJUSTMENT, MAX_ON_HAND } from "../../server/src/modules/stock/stock.service";
import { DISABLE_AFTER_MS, MAX_ATTEMPTS, retryDelayMs } from "../../server/src/modules/webhooks/webhook.service";
import { DELIVERY_TIMEOUT_MS } from "../../server/src/modules/webhooks/webhook-http";
import { WebhookEventType, wireName } from "../../server/src/modules/webhooks/webhook-events";
import { databaseKinds } from "../helpers/databases";
import { startTestServer, TestServer } from "../helpers/server";
import { subscribe, wsClient } from "../helpers/subscriptions";

/**
 * docs/integrations.md cannot drift from the code: its GraphQL documents validate against the
 * committed contract, its error code tables are the ones errors.ts writes, and its walk-through
 * (the curl calls and each operation with its variables, in the order of the text, then the CSV
 * import) runs against a real server.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const doc = fs.readFileSync(INTEGRATIONS_DOC, "utf8");

interface Block {
  info: string;
  text: string;
}

/** Every fenced code block, in order, with its info string (```graphql, ```json variables...). */
function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const fence = /^```([^\n`]*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) found.push({ info: m[1]!.trim(), text: m[2]! });
  return found;
}

interface Example {
  /** Where it comes from, for messages. */
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Sent with the token of the login before it. */
  authenticated: boolean;
}

/**
 * The operations the doc shows, in order: the JSON bodies of its curl calls (`-d '{...}'`), each
 * ```graphql block with the ```json variables block right after it, and the queries of its
 * TypeScript examples (template literals that start with an operation keyword).
 */
function examples(markdown: string): Example[] {
  const all = blocks(markdown);
  const found: Example[] = [];
  all.forEach((block, i) => {
    const language = block.info.split(/\s+/)[0];
    if (language === "sh") {
      for (const m of block.text.matchAll(/-d '(\{[^']*\})'/g)) {
        const body = JSON.parse(m[1]!) as { query: string; variables?: Record<string, unknown> };
        found.push({ label: `curl #${found.length + 1}`, query: body.query, variables: body.variables, authenticated: /authorization: Bearer/.test(block.text) });
      }
    } else if (language === "graphql") {
      const next = all[i + 1];
      const variables = next?.info === "json variables" ? (JSON.parse(next.text) as Record<string, unknown>) : undefined;
      found.push({ label: `graphql block ${block.text.trim().split("\n")[0]}`, query: block.text, variables, authenticated: true });
    } else if (language === "ts") {
      for (const m of block.text.matchAll(/`\s*((?:query|mutation|subscription)\b[^`]*)`/g)) {
        found.push({ label: `ts ${m[1]!.split("\n")[0]}`, query: m[1]!, authenticated: true });
      }
    }
  });
  return found;
}

const schema: GraphQLSchema = buildSchema(fs.readFileSync(SCHEMA_FILE, "utf8"));

describe("docs/integrations.md", () => {
  const shown = examples(doc);

  it("shows the walk-through and subscriptions it promises", () => {
    const operations = shown.map((e) => getOperationAST(parse(e.query))?.name?.value ?? e.label);
    for (const name of ["UpsertSkus", "Restock", "AdjustStock", "PlaceOrder", "Orders", "OrderUpdates", "Restocks", "RestockOnce", "CreateWebhookEndpoint", "WebhookDeliveries", "SendTestWebhook", "RotateWebhookSecret"])
      expect(operations).toContain(name);
    expect(shown.some((e) => e.query.includes("login("))).toBe(true);
  });

  it.each(shown.map((e) => [e.label, e] as const))("%s is valid against schema/schema.graphql, with its variables", (_label, example) => {
    let document: DocumentNode;
    expect(() => (document = parse(example.query))).not.toThrow();
    expect(validate(schema, document!).map((e) => e.message)).toEqual([]);
    const operation = getOperationAST(document!);
    expect(operation).toBeTruthy();
    const coerced = getVariableValues(schema, operation!.variableDefinitions ?? [], example.variables ?? {});
    expect(coerced.errors?.map((e) => e.message) ?? []).toEqual([]);
  });

  it("its TypeScript examples compile (strict, with the project's compiler options)", () => {
    const sources = blocks(doc).filter((b) => b.info === "ts");
    expect(sources.length).toBeGreaterThan(0);
    const options = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config, ts.sys, ROOT).options;
    const files = sources.map((b, i) => [path.join(ROOT, "docs", `example-${i}.ts`), b.text] as const);
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, ...rest) => {
      const example = files.find(([name]) => name === fileName);
      return example ? ts.createSourceFile(fileName, example[1], language) : read(fileName, language, ...rest);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => files.some(([name]) => name === fileName) || fileExists(fileName);
    const program = ts.createProgram(files.map(([name]) => name), { ...options, noEmit: true, types: ["node"] }, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("states the limits the code enforces", () => {
    const n = (value: number) => value.toLocaleString("en-US");
    const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;
    /** The row of the Limits table whose first cell starts with `label`. */
    const row = (label: string) => {
      const found = doc.split("\n").find((line) => line.startsWith(`| ${label}`));
      if (!found) throw new Error(`no row "${label}" in the Limits table`);
      return found;
    };
    const expected: Array<[string, string[]]> = [
      ["Request body / WebSocket message", [mib(LIMITS.bodyBytes)]],
      ["Tokens in a document", [n(LIMITS.maxTokens)]],
      ["Depth of a selection", [`| ${LIMITS.maxDepth} |`]],
      ["Aliases in a document", [`| ${LIMITS.maxAliases} |`]],
      ["Directives in a document", [`| ${LIMITS.maxDirectives} |`]],
      ["Cost (", [n(LIMITS.maxCost)]],
      ["Page size", [`default ${loadConfig({}).maxPageSize}`]],
      ["`placeOrder`", [`1 to ${MAX_LINES} lines`, `1 to ${n(MAX_LINE_QUANTITY)} units`]],
      ["`upsertSkus` items", [`1 to ${n(MAX_UPSERT)}`]],
      ["`restock` / `adjustStock`", [`1 to ${n(MAX_ADJUSTMENT)}`, `±${n(MAX_ADJUSTMENT)}`, `${n(MAX_ON_HAND)} on hand`]],
      ["CSV import", [mib(MAX_IMPORT_BYTES), `${n(MAX_IMPORT_ROWS)} rows`]],
      ["Operations at once on one WebSocket", [`| ${LIMITS.operationsPerSocket} |`]],
      ["WebSocket `connection_init`", [`within ${LIMITS.connectionInitTimeoutMs / 1000} s`]],
      ["`login`", [`${DEFAULT_LOGIN_LIMITS.failuresPerAccountAndAddress} wrong passwords`, `${DEFAULT_LOGIN_LIMITS.failuresPerAddress} failures per address a day`]],
      ["Query cost bucket, per API key and per staff session", [`${n(LIMITS.costBucketCapacity)} points`, `${LIMITS.costRestoreRate} restored a second`]],
      ["Query cost of one operation", [`${n(LIMITS.costBucketCapacity)} points`]],
    ];
    const wrong = expected.flatMap(([label, parts]) => parts.filter((part) => !row(label).includes(part)).map((part) => `${label}: "${part}"`));
    expect(wrong).toEqual([]);
    expect(DEFAULT_LOGIN_LIMITS.addressWindowSeconds).toBe(24 * 3600);
  });

  it("states the webhook delivery rules the code follows", () => {
    const section = doc.slice(doc.indexOf("## Webhooks"), doc.indexOf("## Limits"));
    expect(section).toContain(`**${MAX_ATTEMPTS} tries over about 4 hours**`);
    expect(section).toContain(`**${DELIVERY_TIMEOUT_MS / 1000} seconds**`);
    expect(DISABLE_AFTER_MS).toBe(24 * 3600_000);
    // The waits the doc lists are the backoff's midpoints (jitter aside).
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0.5) / 1000);
    const shown = (seconds: number) => (seconds < 60 ? `${Math.round(seconds)} s` : seconds < 3600 ? `${Math.round((seconds / 60) * 2) / 2} min` : `${(seconds / 3600).toFixed(1)} h`);
    expect(section).toContain(`about ${waits.map(shown).join(", ")})`);
    for (const type of Object.values(WebhookEventType)) expect(section).toContain(`| \`${type}\` | \`${wireName(type)}\` |`);
  });

  it("has every error code's table as errors.ts writes it (run `npm run schema` when this fails)", () => {
    expect(doc).toBe(withErrorCodeTables(doc));
  });

  it("describes every UserErrorCode and every GraphQL error code the server can answer", () => {
    const codes = [
      ...Object.values(UserErrorCode),
      ...Object.values(ErrorCode),
      ...[...CLIENT_CODES].map(String),
      ...Object.values(HTTP_ERRORS).map((e) => e.code),
      RESYNC_REQUIRED,
      "TOO_MANY_OPERATIONS",
    ];
    const listed = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect(codes.filter((code) => !listed.has(code))).toEqual([]);
    expect([...CLIENT_CODES].map(String).filter((code) => !(code in GRAPHQL_ERROR_CODE_DESCRIPTIONS))).toEqual([]);
  });

  it("is linked from README.md", () => {
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("(docs/integrations.md)");
  });

  it("links only to files that exist", () => {
    const missing = [...doc.matchAll(/\]\((\.\.?\/[^)#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !fs.existsSync(path.resolve(path.dirname(INTEGRATIONS_DOC), target)));
    expect(missing).toEqual([]);
  });
});

/** Every `userErrors` array anywhere in a response, with where it was. */
function userErrorsIn(value: unknown, at = "data"): Array<{ at: string; errors: unknown[] }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => userErrorsIn(v, `${at}.${i}`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "userErrors" && Array.isArray(v) && v.length ? [{ at: `${at}.${k}`, errors: v }] : userErrorsIn(v, `${at}.${k}`)));
  }
  return [];
}

describe.each(databaseKinds())("docs/integrations.md's walk-through runs as written (%s)", (kind) => {
  let server: TestServer;
  let shopId: number;
  let token: string | null = null;
  beforeAll(async () => {
    // The doc's webhook host (erp.example.com) resolves to a public address here, without DNS.
    server = await startTestServer(kind, { config: { webhookLookup: async () => [{ address: "203.0.113.10", family: 4 }] } });
    // The demo shop's login the doc uses; a fresh database, so its first skus get ids 1 and 2.
    const shop = await server.services.shops.createShop({ name: "Loja Demo", currency: "BRL", locale: "pt-BR" });
    shopId = shop.id;
    await server.services.auth.createStaffUser({ shopId: shop.id, email: "demo@ruptura.dev", name: "Demo", password: "ruptura-demo" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = async (example: Example, token: string | null) => {
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...(example.authenticated && token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: example.query, variables: example.variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] } };
  };

  const named = (name: string) => examples(doc).find((e) => getOperationAST(parse(e.query))?.name?.value === name)!;

  it("every query and mutation, in order, succeeds with no errors and no userErrors; a retried placeOrder returns the same order", async () => {
    const runnable = examples(doc).filter((e) => getOperationAST(parse(e.query))?.operation !== "subscription");
    const answers: Record<string, any> = {};
    for (const example of runnable) {
      const { status, body } = await post(example, token);
      expect({ example: example.label, status, errors: body.errors, userErrors: userErrorsIn(body.data) }).toEqual({ example: example.label, status: 200, errors: undefined, userErrors: [] });
      if (body.data?.login) token = body.data.login.token;
      // From the key's creation on, the walk-through runs with the key, as an integration does.
      if (body.data?.createApiKey) token = body.data.createApiKey.secret;
      Object.assign(answers, body.data);
    }
    expect(answers.upsertSkus.skus.map((s: { id: string; code: string }) => [s.id, s.code])).toEqual([
      ["1", "CAM-BAS-G"],
      ["2", "CAF-ESP-500"],
    ]);
    expect(answers.placeOrder.order.status).toBe("READY");
    expect(answers.orders.totalCount).toBe(1);
    // Everything after createApiKey ran with the key: its name signs the order's timeline.
    expect(token).toMatch(/^rpt_live_/);
    const [placedBy] = await server.db.query<{ actor_name: string; actor_type: string }>("SELECT actor_name, actor_type FROM order_event WHERE type = 'ORDER_PLACED' ORDER BY id LIMIT 1");
    expect(placedBy).toMatchObject({ actor_name: "Loja virtual", actor_type: "API_KEY" });

    // The Idempotency section's call, retried: the same answer, the stock moved once; another input refused.
    const once = named("RestockOnce");
    const onHand = answers.restock.sku.stock.onHand;
    const replayed = await post(once, token);
    expect(replayed.body.data!.restock).toEqual(answers.restock);
    const reused = await post({ ...once, variables: { ...once.variables, quantity: 6 } }, token);
    expect(reused.body.data!.restock.userErrors).toEqual([{ field: "idempotencyKey", code: "IDEMPOTENCY_KEY_REUSED", message: expect.any(String) }]);
    const [level] = await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = 2");
    expect(Number(level!.on_hand)).toBe(onHand);
    // Every answer reports its cost as the Limits section shows it.
    expect(Object.keys((replayed.body as { extensions?: { cost?: object } }).extensions?.cost ?? {})).toEqual(["requestedQueryCost", "actualQueryCost", "throttleStatus"]);

    const retry = await post(named("PlaceOrder"), token);
    expect(retry.body.data!.placeOrder.order.id).toBe(answers.placeOrder.order.id);
    expect(retry.body.data!.placeOrder.order.number).toBe(answers.placeOrder.order.number);

    // The CSV file shown, previewed then applied over the routes shown, and exported back.
    const csv = blocks(doc).find((b) => b.info === "csv")!.text;
    const upload = async (mode: string) => {
      const response = await fetch(`${server.url}/imports/skus.csv?mode=${mode}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: csv });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    for (const mode of ["preview", "apply"]) {
      const { status, body } = await upload(mode);
      expect({ mode, status, errorCount: body.errorCount, userErrors: body.userErrors, rows: body.rows }).toEqual({ mode, status: 200, errorCount: 0, userErrors: [], rows: 2 });
    }
    const exported = await fetch(`${server.url}/exports/skus.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe(csv.split("\n")[0]);
    expect(lines.slice(1).map((l) => l.split(",").at(-1))).toEqual(["25", "40"]);
  });

  it("the TypeScript example's subscriptions receive the restock and the new order", async () => {
    expect(token).toBeTruthy();
    const client = wsClient(server.wsUrl, token!);
    try {
      const orders = subscribe(client, named("OrderUpdates").query, {});
      const restocks = subscribe(client, named("Restocks").query, { skuIds: ["1", "2"] });
      await server.subscribed("ORDER_UPDATED", shopId);
      await server.subscribed("STOCK_OFFERED", shopId);

      expect((await post(named("Restock"), token)).status).toBe(200);
      const restocked = await restocks.waitFor((v: any) => v.restockUpdates.sku.code === "CAM-BAS-G");
      expect(restocked).toEqual({ restockUpdates: { sku: { code: "CAM-BAS-G" }, unitsAllocated: 0, ordersResumedCount: 0 } });

      const placeOrder = named("PlaceOrder");
      const input = { ...(placeOrder.variables!.input as Record<string, unknown>), idempotencyKey: "checkout-another" };
      const placed = await post({ ...placeOrder, variables: { input } }, token);
      const number = placed.body.data!.placeOrder.order.number;
      const update = await orders.waitFor((v: any) => v.orderUpdated.number === number);
      expect(update.orderUpdated).toEqual({ id: placed.body.data!.placeOrder.order.id, number, status: "READY", cursor: expect.any(String) });
      orders.stop();
      restocks.stop();
    } finally {
      await client.dispose();
    }
  });
});
