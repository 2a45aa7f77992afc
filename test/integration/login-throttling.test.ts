import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { startTestServer, TestServer } from "../helpers/server";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token retryAfterSeconds userErrors { field code message } } }`;

/** A login over real HTTP, from the client address `from` (an X-Forwarded-For the server may trust). */
async function login(server: TestServer, email: string, password: string, from?: string) {
  const response = await fetch(server.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(from ? { "x-forwarded-for": from } : {}) },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  const body = (await response.json()) as { data?: { login: { token: string | null; retryAfterSeconds: number | null; userErrors: Array<{ code: string; message: string }> } }; errors?: unknown };
  if (!body.data) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.data.login;
}

// Small limits for the test: 3 wrong passwords in a row per e-mail and address, then a 2 s wait;
// 10 failures per address in the day-long window, then a 2 s wait.
const limits = { failuresPerAccountAndAddress: 3, accountAndAddressBlockSeconds: 2, failuresPerAddress: 10, addressWindowSeconds: 86400, addressBlockSeconds: 2 };

describe.each(databaseKinds())("login throttling on %s (behind a trusted proxy)", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let another: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer(kind, { config: { loginLimits: limits }, trustProxy: "loopback" });
    shop = await createShop(server);
    another = await createShop(server);
  });
  afterAll(() => server.stop());

  it("wrong passwords in a row get THROTTLED; the right one is refused too until the wait passes; others are unaffected", async () => {
    const from = "203.0.113.10";
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(server, shop.email, "wrong", from)).userErrors.map((e) => e.code)).toEqual(["INVALID_CREDENTIALS"]);
    }
    const throttled = await login(server, shop.email, "wrong", from);
    expect(throttled.token).toBeNull();
    expect(throttled.userErrors).toEqual([{ field: null, code: "THROTTLED", message: expect.stringMatching(/Too many failed sign-in attempts.*try again in [12] seconds?/i) }]);
    expect(throttled.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(throttled.retryAfterSeconds).toBeLessThanOrEqual(2);

    // Refused without looking at the password.
    const right = await login(server, shop.email, shop.password, from);
    expect(right.token).toBeNull();
    expect(right.userErrors.map((e) => e.code)).toEqual(["THROTTLED"]);

    // Another account from the same address, and the same account from another address, are unaffected.
    expect((await login(server, another.email, another.password, from)).token).toEqual(expect.any(String));
    expect((await login(server, shop.email, shop.password, "198.51.100.7")).token).toEqual(expect.any(String));

    await new Promise((r) => setTimeout(r, 2100));
    const after = await login(server, shop.email, shop.password, from);
    expect(after.userErrors).toEqual([]);
    expect(after.token).toEqual(expect.any(String));

    // Success reset the count: three more wrong ones are answered INVALID_CREDENTIALS again, not THROTTLED.
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(server, shop.email, "wrong", from)).userErrors.map((e) => e.code)).toEqual(["INVALID_CREDENTIALS"]);
    }
  });

  it("one address trying many accounts is throttled per address", async () => {
    const from = "203.0.113.20";
    const emails = Array.from({ length: 10 }, (_, i) => `nobody${i}@example.com`);
    for (const email of emails) expect((await login(server, email, "guess", from)).userErrors.map((e) => e.code)).toEqual(["INVALID_CREDENTIALS"]);
    const throttled = await login(server, "someone.else@example.com", "guess", from);
    expect(throttled.userErrors.map((e) => e.code)).toEqual(["THROTTLED"]);
    // Even a real account's right password, from that address.
    expect((await login(server, another.email, another.password, from)).userErrors.map((e) => e.code)).toEqual(["THROTTLED"]);
    expect((await login(server, another.email, another.password, "203.0.113.21")).token).toEqual(expect.any(String));
  });

  it("counts logins over WebSocket against the same address, with the same refusal", async () => {
    const from = "203.0.113.30";
    for (let attempt = 1; attempt <= 4; attempt++) await login(server, shop.email, "wrong", from);
    // A socket from that address (through the proxy), opened with another session's token.
    class FromAddress extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { "x-forwarded-for": from } });
      }
    }
    const client = createClient({ url: server.wsUrl, webSocketImpl: FromAddress, connectionParams: { authorization: `Bearer ${another.token}` }, retryAttempts: 0 });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe({ query: LOGIN, variables: { email: shop.email, password: shop.password } }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(result.data.login.token).toBeNull();
      expect(result.data.login.userErrors.map((e: { code: string }) => e.code)).toEqual(["THROTTLED"]);
      expect(result.data.login.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await client.dispose();
    }
  });
});

describe("login throttling without TRUST_PROXY (the default)", () => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { config: { loginLimits: limits } });
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  it("ignores X-Forwarded-For: a client cannot get a fresh budget by making one up", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) await login(server, shop.email, "wrong", `192.0.2.${attempt}`);
    expect((await login(server, shop.email, "wrong", "192.0.2.99")).userErrors.map((e) => e.code)).toEqual(["THROTTLED"]);
  });
});
