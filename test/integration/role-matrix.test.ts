import { GraphQLSchema } from "graphql";
import { createSchema } from "../../server/src/app";
import { OPERATION_ACCESS, refusal } from "../../server/src/modules/auth/access";
import { StaffRole, roleAtLeast } from "../../server/src/modules/auth/roles";
import { Caller } from "../../server/src/infra/graphql/context";
import { addStaff, createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { Operation, RootType, schemaOperations } from "../helpers/schema-operations";
import { wsClient } from "../helpers/subscriptions";

const ROLES = [StaffRole.OPERATOR, StaffRole.MANAGER, StaffRole.OWNER];

/** Every root field as a runnable operation; the session ends last. */
const operations = (schema: GraphQLSchema) => schemaOperations(schema).sort((a, b) => Number(a.name === "logout") - Number(b.name === "logout"));

describe("the role map", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema(null, { maxPageSize: 100 });
  });

  it("classifies every Query, Mutation and Subscription field of the schema (add a line to modules/auth/access.ts for a new one)", () => {
    const unclassified = operations(schema)
      .filter((op) => !OPERATION_ACCESS[op.root][op.name])
      .map((op) => `${op.root}.${op.name}`);
    expect(unclassified).toEqual([]);
  });

  it("lists no operation the schema does not have", () => {
    const names = new Set(operations(schema).map((op) => `${op.root}.${op.name}`));
    const stale = (Object.keys(OPERATION_ACCESS) as RootType[]).flatMap((root) => Object.keys(OPERATION_ACCESS[root]).map((name) => `${root}.${name}`)).filter((name) => !names.has(name));
    expect(stale).toEqual([]);
  });

  it("refuses an unclassified operation to everyone, and names what is missing", () => {
    const owner = { shopId: 1, staffUserId: 1, role: "OWNER" } as Caller;
    expect(refusal(undefined, owner, "newThing")?.extensions.code).toBe("FORBIDDEN");
    expect(refusal(undefined, owner, "newThing")?.message).toContain("newThing is not classified");
    expect(refusal(OPERATION_ACCESS.Mutation.markRefundPaid, { ...owner, role: "OPERATOR" }, "markRefundPaid")?.message).toBe("Marking refunds paid needs the MANAGER role.");
    // A caller that is not a staff user (an API key, later) gets no staff operation.
    expect(refusal(OPERATION_ACCESS.Query.orders, { ...owner, staffUserId: null, role: null }, "orders")?.extensions.code).toBe("FORBIDDEN");
  });

  it("keeps the operator from money, settings and the team, and the manager from the team", () => {
    const needing = (role: StaffRole) =>
      (Object.keys(OPERATION_ACCESS) as RootType[])
        .flatMap((root) => Object.entries(OPERATION_ACCESS[root]).map(([name, access]) => ({ name, access })))
        .filter(({ access }) => access.kind === "ROLE" && access.role === role)
        .map(({ name }) => name);
    expect(needing(StaffRole.MANAGER)).toEqual(expect.arrayContaining(["markRefundPaid", "setPayoutAccount", "setCustomersMayChoose", "setNotificationEnabled"]));
  });
});

describe.each(databaseKinds())("every role against every operation on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let ops: Operation[];
  const tokens = {} as Record<StaffRole, string>;
  const staff = {} as Record<StaffRole, { email: string; password: string; token: string }>;
  /** A session of its own (the matrix calls logout last). */
  const freshToken = async (role: StaffRole) =>
    (await gql(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: staff[role].email, p: staff[role].password })).data.login.token as string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { A: [1000, 5] }, "Matriz");
    for (const role of ROLES) {
      staff[role] = await addStaff(server, shop, role);
      tokens[role] = staff[role].token;
    }
    ops = operations(await createSchema(null, { maxPageSize: 100 }));
  });
  afterAll(() => server.stop());

  const codes = (errors: Array<{ extensions?: { code?: string } }> | undefined) => (errors ?? []).map((e) => e.extensions?.code);

  it.each(ROLES)("as %s: FORBIDDEN exactly for the operations above the role, over HTTP", async (role) => {
    const wrong: string[] = [];
    const token = await freshToken(role);
    for (const op of ops.filter((o) => o.root !== "Subscription")) {
      const access = OPERATION_ACCESS[op.root][op.name]!;
      const result = await gql(server.graphqlUrl, op.document, op.variables, token);
      // A validation failure would hide the check: the generated operation must reach the resolver.
      if (result.status === 400) wrong.push(`${op.name}: not executed (${JSON.stringify(result.errors)})`);
      const forbidden = codes(result.errors).includes("FORBIDDEN");
      const shouldBe = access.kind === "ROLE" && !roleAtLeast(role, access.role);
      if (forbidden !== shouldBe) wrong.push(`${op.name}: ${forbidden ? "FORBIDDEN" : "allowed"} for ${role}`);
      if (forbidden) {
        const message = result.errors!.find((e) => e.extensions?.code === "FORBIDDEN")!.message;
        if (access.kind === "ROLE" && message !== `${access.what} needs the ${access.role} role.`) wrong.push(`${op.name}: message ${message}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers a signed-out caller UNAUTHENTICATED on every staff operation, and serves the public ones", async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.root !== "Subscription")) {
      const access = OPERATION_ACCESS[op.root][op.name]!;
      const result = await gql(server.graphqlUrl, op.document, op.variables);
      const unauthenticated = codes(result.errors).includes("UNAUTHENTICATED");
      if (unauthenticated !== (access.kind !== "PUBLIC")) wrong.push(`${op.name}: ${JSON.stringify(result.errors)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(ROLES)("as %s: operations above the role are refused over WebSocket with FORBIDDEN too", async (role) => {
    const client = wsClient(server.wsUrl, tokens[role]);
    try {
      for (const op of ops) {
        const access = OPERATION_ACCESS[op.root][op.name]!;
        if (access.kind !== "ROLE" || roleAtLeast(role, access.role)) continue;
        const error = await new Promise<unknown>((resolve) => {
          const stop = client.subscribe({ query: op.document, variables: op.variables }, { next: (result) => resolve(result.errors ?? []), error: (e) => resolve(e), complete: () => resolve(null) });
          void stop;
        });
        expect({ op: op.name, codes: codes(error as never) }).toEqual({ op: op.name, codes: ["FORBIDDEN"] });
      }
    } finally {
      await client.dispose();
    }
  });

  it("exports payouts to MANAGER and OWNER only: 403 FORBIDDEN for an OPERATOR", async () => {
    const get = (token: string) => fetch(`${server.url}/exports/refunds.csv`, { headers: { authorization: `Bearer ${token}` } });
    const refused = await get(tokens.OPERATOR);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "FORBIDDEN", message: "Exporting payouts needs the MANAGER role." } });
    expect((await get(tokens.MANAGER)).status).toBe(200);
    expect((await get(tokens.OWNER)).status).toBe(200);
  });

  it("takes the catalogue import from MANAGER and OWNER only: an OPERATOR is refused (403) before the file is read", async () => {
    const post = (token: string) =>
      fetch(`${server.url}/imports/skus.csv?mode=preview`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: "code,name,price\nX-1,Item,100\n" });
    const refused = await post(tokens.OPERATOR);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "FORBIDDEN", message: "Importing the catalogue needs the MANAGER role." } });
    expect((await post(tokens.MANAGER)).status).toBe(200);
    // The catalogue export is for everyone on the team.
    expect((await fetch(`${server.url}/exports/skus.csv`, { headers: { authorization: `Bearer ${tokens.OPERATOR}` } })).status).toBe(200);
  });

  it("says the role in `me`", async () => {
    for (const role of ROLES) expect((await gql(server.graphqlUrl, `{ me { role } }`, {}, tokens[role])).data).toEqual({ me: { role } });
  });
});
