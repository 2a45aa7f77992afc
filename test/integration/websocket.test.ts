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

describe("the WebSocket is bounded like HTTP", () => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  /** A raw socket speaking graphql-transport-ws, acknowledged, and how it was closed. */
  async function rawSocket(init = true) {
    const socket = new WebSocket(server.wsUrl, "graphql-transport-ws");
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)));
    if (init) {
      const acked = new Promise((resolve) => socket.once("message", resolve));
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${shop.token}` } }));
      await acked;
    }
    return { socket, closed };
  }

  it("closes a socket that sends a message over the 1 MiB body limit (1009), as HTTP answers 413", async () => {
    const { socket, closed } = await rawSocket();
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `{ me { email } }`, variables: { padding: "x".repeat(1024 * 1024) } } }));
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ code: "still open after 5 s" }), 5000));
    expect(await Promise.race([closed, timeout])).toEqual({ code: 1009, reason: "" });
    socket.terminate();
  });

  it("closes a socket that does not initialise within 3 s (4408)", async () => {
    const started = Date.now();
    const { closed } = await rawSocket(false);
    expect((await closed).code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("refuses more than 25 operations at once on one socket, with TOO_MANY_OPERATIONS", async () => {
    const { socket } = await rawSocket();
    const messages: any[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    for (let i = 1; i <= 26; i++) socket.send(JSON.stringify({ id: String(i), type: "subscribe", payload: { query: `subscription { orderUpdated { id } }` } }));
    await server.subscribed("ORDER_UPDATED", shop.shopId, 25);
    for (let waited = 0; !messages.some((m) => m.id === "26") && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    const refusal = messages.find((m) => m.id === "26");
    expect(refusal).toEqual({ id: "26", type: "error", payload: [{ message: "At most 25 operations may run at once on one WebSocket connection.", extensions: { code: "TOO_MANY_OPERATIONS" } }] });
    expect(messages.filter((m) => m.type === "error")).toHaveLength(1);
    // Completing one makes room for another.
    socket.send(JSON.stringify({ id: "1", type: "complete" }));
    socket.send(JSON.stringify({ id: "27", type: "subscribe", payload: { query: `subscription { orderUpdated { id } }` } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(messages.filter((m) => m.type === "error")).toHaveLength(1);
    socket.close();
  });
});

describe("a WebSocket that stops answering", () => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { webSocketHeartbeatMs: 500 });
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  it("is cut off after one heartbeat without a pong, and an answering one is kept", async () => {
    const open = async () => {
      const socket = new WebSocket(server.wsUrl, "graphql-transport-ws");
      let closedAt: number | null = null;
      socket.on("close", () => (closedAt = Date.now()));
      await new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)));
      const acked = new Promise((resolve) => socket.once("message", resolve));
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${shop.token}` } }));
      await acked;
      return { socket, closedAt: () => closedAt };
    };
    const silent = await open();
    const answering = await open();
    // Reads nothing from now on, so it never sees the server's pings (nor answers them).
    silent.socket.pause();
    await new Promise((r) => setTimeout(r, 2000));
    // Reading again, it finds the connection already gone (it only learns of it now).
    silent.socket.resume();
    await new Promise((r) => setTimeout(r, 100));
    expect(silent.closedAt()).not.toBeNull();
    expect(answering.closedAt()).toBeNull();
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close();
  });
});
