import { getIntrospectionQuery } from "graphql";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { gql } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/**
 * The same parse limits, validation rules and cost limits on both transports: what HTTP refuses,
 * graphql-ws refuses too, with the same `extensions.code`; and over HTTP a refusal is a 400.
 */
describe("GraphQL limits over HTTP and WebSocket", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let ws: Client;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    shop = await createShop(server, { "LIM-1": [1000, 5] });
    ws = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${shop.token}` }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await ws.dispose();
    await server.stop();
  });

  /** One operation over graphql-ws: its data, or the errors the server refused it with. */
  const overWebSocket = (query: string) =>
    new Promise<{ data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }>((resolve) => {
      let result: any = {};
      ws.subscribe(
        { query },
        {
          next: (value) => (result = value),
          error: (errors) => resolve({ errors: Array.isArray(errors) ? (errors as any) : [{ message: String(errors) }] }),
          complete: () => resolve(result),
        },
      );
    });

  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: orders(first: 100) { totalCount }`).join(" ")} }`;
  // The schema itself has no cycles; introspection's `ofType` nests as deep as one likes.
  const deep = (depth: number) => `{ __type(name: "Order") { ${"ofType { ".repeat(depth - 2)}name${" }".repeat(depth - 2)} } }`;
  const manyTokens = `{ me { ${Array.from({ length: 4100 }, () => "__typename").join(" ")} } }`;

  it.each([
    ["300 aliases of orders(first: 100)", aliases(300), "GRAPHQL_VALIDATION_FAILED", /Aliases limit of 20 exceeded/],
    ["a query of depth 32", deep(32), "GRAPHQL_VALIDATION_FAILED", /depth limit of 20 exceeded/],
    ["a query over 4,000 tokens", manyTokens, "GRAPHQL_PARSE_FAILED", /4000 tokens/],
  ])("refuses %s on both transports with the same code, HTTP 400", async (_name, query, code, message) => {
    const http = await gql(server.graphqlUrl, query, {}, shop.token);
    expect(http.status).toBe(400);
    expect(http.data).toBeUndefined();
    expect(http.errors?.map((e) => e.extensions?.code)).toEqual(http.errors?.map(() => code));
    expect(http.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(message));

    const overWs = await overWebSocket(query);
    expect(overWs.data).toBeUndefined();
    expect(overWs.errors?.map((e) => e.message)).toEqual(http.errors?.map((e) => e.message));
    expect(overWs.errors?.map((e) => e.extensions?.code)).toEqual(http.errors?.map(() => code));
  });

  it("the cost limit applies over WebSocket too", async () => {
    const costly = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: orders(first: 100) { nodes { id number status total { amount currency } customer { name email } lines { skuCode quantity allocated short unitPrice { amount currency } } } }`).join(" ")} }`;
    const http = await gql(server.graphqlUrl, costly, {}, shop.token);
    expect(http.status).toBe(400);
    expect(http.errors?.[0]?.message).toMatch(/Cost limit of 20000 exceeded/);
    const overWs = await overWebSocket(costly);
    expect(overWs.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(overWs.errors?.[0]?.message).toMatch(/Cost limit of 20000 exceeded/);
  });

  it("an unknown field gets the same validation error on both, without suggesting field names", async () => {
    const query = `{ me { emai } }`;
    const http = await gql(server.graphqlUrl, query, {}, shop.token);
    const overWs = await overWebSocket(query);
    expect(http.status).toBe(400);
    for (const errors of [http.errors, overWs.errors]) {
      expect(errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(errors?.[0]?.message).not.toMatch(/Did you mean/);
    }
  });

  it("the standard introspection query (GraphiQL, Apollo's tools) is within the limits (introspection is on by default)", async () => {
    const http = await gql(server.graphqlUrl, getIntrospectionQuery(), {}, shop.token);
    expect(http.errors).toBeUndefined();
    expect((await overWebSocket(getIntrospectionQuery())).data.__schema.queryType.name).toBe("Query");
  });

  it("operations within the limits still run on both transports", async () => {
    const query = `{ me { email } skus(first: 10) { nodes { code } } }`;
    const http = await gql(server.graphqlUrl, query, {}, shop.token);
    expect(http.errors).toBeUndefined();
    expect((await overWebSocket(query)).data).toEqual(http.data);
  });
});
