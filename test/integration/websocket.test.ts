import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";

describe("GraphQL over WebSocket (graphql-ws, same port and path)", () => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  const client = (authorization: string | undefined) =>
    createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: authorization ? { authorization } : {}, retryAttempts: 0, lazy: true });

  it("runs operations for a socket authenticated with the session token", async () => {
    const ws = client(`Bearer ${shop.token}`);
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        ws.subscribe({ query: "{ me { email shop { currency } } }" }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(result.data.me).toEqual({ email: shop.email, shop: { currency: "BRL" } });
    } finally {
      await ws.dispose();
    }
  });

  it.each([["no token", undefined], ["a bad token", "Bearer forged"]])("closes the socket with 4403 for %s", async (_name, authorization) => {
    const ws = client(authorization);
    const closed = await new Promise<{ code: number }>((resolve) => {
      ws.on("closed", (event) => resolve(event as { code: number }));
      ws.subscribe({ query: "{ me { email } }" }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(closed.code).toBe(4403);
    await ws.dispose();
  });
});
