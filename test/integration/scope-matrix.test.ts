import { GraphQLSchema } from "graphql";
import { createSchema } from "../../server/src/app";
import { DOWNLOAD_ACCESS, keyRefusal, OPERATION_ACCESS, refusal, UPLOAD_ACCESS } from "../../server/src/modules/auth/access";
import { ApiScope, DOWNLOAD_SCOPE, KeyAccess, OPERATION_SCOPE, SCOPE_NAMES, UPLOAD_SCOPE } from "../../server/src/modules/auth/scopes";
import { Caller } from "../../server/src/infra/graphql/context";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { Operation, RootType, schemaOperations } from "../helpers/schema-operations";
import { startTestServer, TestServer } from "../helpers/server";
import { wsClient } from "../helpers/subscriptions";

const SCOPES = Object.values(ApiScope) as ApiScope[];
const keyAccessOf = (op: Operation): KeyAccess | undefined => OPERATION_SCOPE[op.root][op.name];

describe("the scope map", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema(null, { maxPageSize: 100 });
  });

  it("says for every Query, Mutation and Subscription what an API key needs (add a line to modules/auth/scopes.ts for a new one)", () => {
    const unclassified = schemaOperations(schema)
      .filter((op) => !keyAccessOf(op))
      .map((op) => `${op.root}.${op.name}`);
    expect(unclassified).toEqual([]);
  });

  it("lists no operation the schema does not have", () => {
    const names = new Set(schemaOperations(schema).map((op) => `${op.root}.${op.name}`));
    const stale = (Object.keys(OPERATION_SCOPE) as RootType[]).flatMap((root) => Object.keys(OPERATION_SCOPE[root]).map((name) => `${root}.${name}`)).filter((name) => !names.has(name));
    expect(stale).toEqual([]);
  });

  it("covers every download and upload", () => {
    expect(Object.keys(DOWNLOAD_SCOPE).sort()).toEqual(Object.keys(DOWNLOAD_ACCESS).sort());
    expect(Object.keys(UPLOAD_SCOPE).sort()).toEqual(Object.keys(UPLOAD_ACCESS).sort());
  });

  it("keeps keys away from the team, the payout account, accounts and sessions, sign-up and API keys themselves", () => {
    const staffOnly = (Object.keys(OPERATION_SCOPE) as RootType[]).flatMap((root) => Object.entries(OPERATION_SCOPE[root]).filter(([, a]) => a.kind === "STAFF_ONLY").map(([name]) => name));
    expect(staffOnly).toEqual(
      expect.arrayContaining(["team", "inviteStaff", "changeStaffRole", "removeStaff", "setPayoutAccount", "me", "changePassword", "mySessions", "revokeSession", "logout", "login", "signUp", "apiKeys", "createApiKey", "revokeApiKey"]),
    );
    // A subscription needs a read scope.
    for (const access of Object.values(OPERATION_SCOPE.Subscription)) expect(access.kind === "SCOPE" && access.scope.endsWith("_READ")).toBe(true);
  });

  it("refuses an operation missing from the scope map to every key, and names what is missing", () => {
    const key = { shopId: 1, staffUserId: null, role: null, apiKey: { id: 1, scopes: SCOPES } } as unknown as Caller;
    const error = refusal(OPERATION_ACCESS.Query.orders, key, "newThing", undefined);
    expect(error?.extensions.code).toBe("FORBIDDEN");
    expect(error?.message).toContain("newThing is not classified in the scope map");
    expect(keyRefusal({ kind: "SCOPE", scope: ApiScope.ORDERS_READ }, [ApiScope.STOCK_READ], "orders")?.message).toBe("orders needs the API key scope orders:read.");
    expect(keyRefusal({ kind: "SCOPE", scope: ApiScope.ORDERS_READ }, [ApiScope.STOCK_READ], "orders")?.extensions.requiredScope).toBe("orders:read");
  });
});

describe.each(databaseKinds())("every API key scope against every operation on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let ops: Operation[];
  /** A key with exactly this scope, one with every scope but it, and one with every scope. */
  const only = {} as Record<ApiScope, string>;
  const allBut = {} as Record<ApiScope, string>;
  let every: string;
  const createKey = async (name: string, scopes: ApiScope[]) =>
    (await gqlData(server.graphqlUrl, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { message } } }`, { input: { name, scopes } }, shop.token)).createApiKey
      .secret as string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { A: [1000, 5] }, "Escopos");
    for (const scope of SCOPES) {
      only[scope] = await createKey(`only ${scope}`, [scope]);
      allBut[scope] = await createKey(`all but ${scope}`, SCOPES.filter((s) => s !== scope));
    }
    every = await createKey("every scope", SCOPES);
    ops = schemaOperations(await createSchema(null, { maxPageSize: 100 }));
  });
  afterAll(() => server.stop());

  const codes = (errors: Array<{ extensions?: { code?: string } }> | undefined) => (errors ?? []).map((e) => e.extensions?.code);
  const forbiddenMessage = (errors: Array<{ message: string; extensions?: { code?: string } }> | undefined) => errors?.find((e) => e.extensions?.code === "FORBIDDEN")?.message ?? null;

  it("over HTTP: a key with exactly the scope passes, a key with every other scope gets FORBIDDEN naming it, staff-only operations refuse every key", async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.root !== "Subscription")) {
      const access = keyAccessOf(op)!;
      const call = (key: string) => gql(server.graphqlUrl, op.document, op.variables, key);
      if (access.kind === "SCOPE") {
        const passed = await call(only[access.scope]);
        if (passed.status === 400) wrong.push(`${op.name}: not executed (${JSON.stringify(passed.errors)})`);
        if (codes(passed.errors).includes("FORBIDDEN") || codes(passed.errors).includes("UNAUTHENTICATED")) wrong.push(`${op.name}: refused with ${access.scope}: ${JSON.stringify(passed.errors)}`);
        const refused = await call(allBut[access.scope]);
        const expected = `${op.name} needs the API key scope ${SCOPE_NAMES[access.scope]}.`;
        if (forbiddenMessage(refused.errors) !== expected) wrong.push(`${op.name}: without ${access.scope}: ${JSON.stringify(refused.errors)}`);
      } else if (access.kind === "STAFF_ONLY") {
        const refused = await call(every);
        const expected = `${op.name} is for signed-in staff users only (${access.what}): API keys may not call it.`;
        if (forbiddenMessage(refused.errors) !== expected) wrong.push(`${op.name}: a key with every scope: ${JSON.stringify(refused.errors)}`);
      } else {
        const passed = await call(only[ApiScope.WEBHOOKS]);
        if (codes(passed.errors).includes("FORBIDDEN")) wrong.push(`${op.name}: public, yet refused to a key`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("over WebSocket: the same refusals, subscriptions included, and a subscription with its read scope runs", async () => {
    const clients = new Map<string, ReturnType<typeof wsClient>>();
    const clientFor = (key: string) => clients.get(key) ?? clients.set(key, wsClient(server.wsUrl, key)).get(key)!;
    /** The operation's errors, or [] when it ran (a subscription that is still running after 300 ms counts as running). */
    const run = (key: string, op: Operation) =>
      new Promise<Array<{ message: string; extensions?: { code?: string } }>>((resolve) => {
        let stop = () => {};
        const timer = op.root === "Subscription" ? setTimeout(() => (stop(), resolve([])), 300) : undefined;
        const done = (errors: unknown) => {
          clearTimeout(timer);
          stop();
          resolve(Array.isArray(errors) ? errors : errors ? [errors as never] : []);
        };
        stop = clientFor(key).subscribe({ query: op.document, variables: op.variables }, { next: (result) => done(result.errors ?? []), error: (e) => done(e), complete: () => done([]) });
      });
    const wrong: string[] = [];
    try {
      for (const op of ops) {
        const access = keyAccessOf(op)!;
        if (access.kind === "SCOPE") {
          const expected = `${op.name} needs the API key scope ${SCOPE_NAMES[access.scope]}.`;
          const refused = forbiddenMessage(await run(allBut[access.scope], op));
          if (refused !== expected) wrong.push(`${op.name}: without ${access.scope} over WebSocket: ${refused}`);
          if (op.root === "Subscription") {
            const errors = await run(only[access.scope], op);
            if (errors.length) wrong.push(`${op.name}: with ${access.scope} over WebSocket: ${JSON.stringify(errors)}`);
          }
        } else if (access.kind === "STAFF_ONLY") {
          if (!forbiddenMessage(await run(every, op))?.includes("for signed-in staff users only")) wrong.push(`${op.name}: staff only, yet not refused over WebSocket`);
        }
      }
    } finally {
      await Promise.all([...clients.values()].map((c) => c.dispose()));
    }
    expect(wrong).toEqual([]);
  });

  it("on the file routes: exports need their read scope, the catalogue import catalog:write (403 naming it, before the file is read)", async () => {
    for (const [path, access] of Object.entries(DOWNLOAD_SCOPE)) {
      if (access.kind !== "SCOPE") throw new Error(`${path}: expected a scope`);
      const get = (key: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      expect((await get(only[access.scope])).status).toBe(200);
      const refused = await get(allBut[access.scope]);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: { code: "FORBIDDEN", message: `GET ${path} needs the API key scope ${SCOPE_NAMES[access.scope]}.` } });
    }
    for (const [path, access] of Object.entries(UPLOAD_SCOPE)) {
      if (access.kind !== "SCOPE") throw new Error(`${path}: expected a scope`);
      const post = (key: string) =>
        fetch(`${server.url}${path}?mode=preview`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" }, body: "code,name,price\nX-1,Item,100\n" });
      expect((await post(only[access.scope])).status).toBe(200);
      const refused = await post(allBut[access.scope]);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: { code: "FORBIDDEN", message: `POST ${path} needs the API key scope ${SCOPE_NAMES[access.scope]}.` } });
    }
  });
});
