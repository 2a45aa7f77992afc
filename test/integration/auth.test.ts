import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { hashToken } from "../../server/src/modules/auth/auth.service";
import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { name email shop { name currency locale } } userErrors { field code message } } }`;

describe.each(databaseKinds())("staff authentication on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  it("logs in with e-mail (any case) and password, and `me` answers with the user and shop", async () => {
    const login = await gqlData(server.graphqlUrl, LOGIN, { email: shop.email.toUpperCase(), password: shop.password });
    expect(login.login.userErrors).toEqual([]);
    expect(login.login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(login.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await gqlData(server.graphqlUrl, `{ me { email shop { currency locale } } }`, {}, login.login.token);
    expect(me.me).toEqual({ email: shop.email, shop: { currency: "BRL", locale: "pt-BR" } });
  });

  it("stores only a hash of the token and of the password", async () => {
    const login = await gqlData(server.graphqlUrl, LOGIN, { email: shop.email, password: shop.password });
    const sessions = await server.db.query<{ token_hash: string }>("SELECT token_hash FROM staff_session");
    expect(sessions.some((s) => s.token_hash === login.login.token)).toBe(false);
    const [user] = await server.db.query<{ password_hash: string }>("SELECT password_hash FROM staff_user WHERE email = ?", [shop.email]);
    expect(user!.password_hash).toMatch(/^scrypt\$/);
    expect(user!.password_hash).not.toContain(shop.password);
  });

  it("refuses a wrong password or unknown e-mail with the same userError", async () => {
    const wrong = await gqlData(server.graphqlUrl, LOGIN, { email: shop.email, password: "nope" });
    const unknown = await gqlData(server.graphqlUrl, LOGIN, { email: "nobody@example.com", password: "nope" });
    for (const result of [wrong, unknown]) {
      expect(result.login.token).toBeNull();
      expect(result.login.userErrors).toEqual([{ field: null, code: "INVALID_CREDENTIALS", message: "E-mail or password is incorrect." }]);
    }
  });

  it("logout ends the session at once", async () => {
    const login = await gqlData(server.graphqlUrl, LOGIN, { email: shop.email, password: shop.password });
    const token = login.login.token;
    expect((await gqlData(server.graphqlUrl, `mutation { logout { loggedOut } }`, {}, token)).logout.loggedOut).toBe(true);
    const after = await gql(server.graphqlUrl, `{ me { id } }`, {}, token);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // The fixture's own session is untouched.
    expect((await gqlData(server.graphqlUrl, `{ me { email } }`, {}, shop.token)).me.email).toBe(shop.email);
  });

  it("an expired session is refused", async () => {
    const login = await gqlData(server.graphqlUrl, LOGIN, { email: shop.email, password: shop.password });
    await server.db.transaction((tx) => tx.run("UPDATE staff_session SET expires_at = ? WHERE token_hash <> ''", ["2000-01-01 00:00:00.000"]));
    const result = await gql(server.graphqlUrl, `{ me { id } }`, {}, login.login.token);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

/** A graphql-ws client that records how its socket was closed, and what each operation got. */
function socketFor(url: string, token: string) {
  const closes: Array<{ code: number; reason: string }> = [];
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false, // one socket for the client's whole life, as the web app's stays open on a page
    onNonLazyError: () => undefined, // the close is what the tests look at
    on: { closed: (event) => closes.push({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    client,
    closes,
    closed: (ms = 2000) =>
      new Promise<{ code: number; reason: string }>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (closes[0]) resolve(closes[0]);
          else if (Date.now() - started > ms) reject(new Error(`socket still open after ${ms} ms`));
          else return;
          clearInterval(poll);
        }, 10);
      }),
    /** Runs a query or mutation: its data, or its errors (a closed socket's close event counts as one). */
    run: (query: string) =>
      new Promise<{ data?: any; errors?: any[] }>((resolve) => {
        let result: any = {};
        client.subscribe({ query }, { next: (v) => (result = v), error: (e) => resolve({ errors: Array.isArray(e) ? e : [e] }), complete: () => resolve(result) });
      }),
    /** A subscription: every value it got, and whether it ended in an error. */
    listen: (query: string) => {
      const state = { received: [] as any[], ended: null as unknown };
      client.subscribe({ query }, { next: (v) => state.received.push(v), error: (e) => (state.ended = e ?? "error"), complete: () => (state.ended = "complete") });
      return state;
    },
  };
}

describe.each(databaseKinds())("sessions on open WebSockets on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    // Verified sessions are trusted for 300 ms here (10 s by default), so staleness is testable.
    server = await startTestServer(kind, { config: { sessionCacheMs: 300 } });
    shop = await createShop(server, { "WS-1": [1000, 10] });
  });
  afterAll(() => server.stop());

  const login = async () => (await gqlData(server.graphqlUrl, LOGIN, { email: shop.email, password: shop.password })).login.token as string;
  const ORDERS = `subscription { orderUpdated { id status } }`;
  const placeOrder = () =>
    gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "WS-1", quantity: 1 }] } }, shop.token).then((d) => d.placeOrder.order);

  it("logout closes that session's sockets at once with 4403; they run nothing and hear nothing more", async () => {
    const token = await login();
    const ended = socketFor(server.wsUrl, token);
    const alsoEnded = socketFor(server.wsUrl, token);
    const other = socketFor(server.wsUrl, shop.token);
    try {
      expect((await ended.run(`{ me { email } }`)).data.me.email).toBe(shop.email);
      const endedEvents = ended.listen(ORDERS);
      alsoEnded.listen(ORDERS);
      const otherEvents = other.listen(ORDERS);
      await server.subscribed("ORDER_UPDATED", shop.shopId, 3);

      const started = Date.now();
      await gqlData(server.graphqlUrl, `mutation { logout { loggedOut } }`, {}, token);
      const closed = await ended.closed(1000);
      expect(closed).toEqual({ code: 4403, reason: "Session ended" });
      expect((await alsoEnded.closed(1000)).code).toBe(4403);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(endedEvents.ended).not.toBeNull();

      const order = await placeOrder();
      await server.dispatcher.flush();
      await waitUntil(() => otherEvents.received.some((v) => v.data?.orderUpdated?.id === order.id));
      expect(endedEvents.received).toEqual([]);
      // The other session's socket is untouched.
      expect(other.closes).toEqual([]);
      expect((await other.run(`{ me { email } }`)).data.me.email).toBe(shop.email);
    } finally {
      await Promise.all([ended.client.dispose(), alsoEnded.client.dispose(), other.client.dispose()]);
    }
  });

  it("a socket is closed when its session expires", async () => {
    const token = await login();
    await server.db.transaction((tx) => tx.run("UPDATE staff_session SET expires_at = ? WHERE token_hash = ?", [sqlTimestamp(new Date(Date.now() + 1500)), hashToken(token)]));
    const socket = socketFor(server.wsUrl, token);
    try {
      const events = socket.listen(`subscription { orderUpdated { id status } }`);
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      expect(socket.closes).toEqual([]);
      expect((await socket.closed(3000)).code).toBe(4403);
      expect(events.ended).not.toBeNull();
    } finally {
      await socket.client.dispose();
    }
  });

  it("a socket re-checks its session on each operation: a session ended elsewhere runs nothing once the cache lapses", async () => {
    const token = await login();
    const socket = socketFor(server.wsUrl, token);
    try {
      expect((await socket.run(`{ me { email } }`)).data.me.email).toBe(shop.email);
      // Ended without this process hearing of it (another instance, an operator): only the row goes.
      await server.db.transaction((tx) => tx.run("DELETE FROM staff_session WHERE token_hash = ?", [hashToken(token)]));
      await new Promise((r) => setTimeout(r, 400));
      const refused = await socket.run(`mutation { adjustStock(skuId: "${shop.skus["WS-1"]}", delta: 5, reason: "stale socket") { userErrors { code } } }`);
      expect(refused.data).toBeUndefined();
      expect((await socket.closed(1000)).code).toBe(4403);
      const [level] = await server.db.query<{ on_hand: number }>("SELECT on_hand FROM stock_level WHERE sku_id = ?", [shop.skus["WS-1"]]);
      expect(Number(level!.on_hand)).toBe(10);
    } finally {
      await socket.client.dispose();
    }
  });
});

async function waitUntil(condition: () => boolean, ms = 5000) {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
