import { addStaff, createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code } } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { done userErrors { field code } } }`;
const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) { requested retryAfterSeconds userErrors { code } } }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { done userErrors { field code } } }`;
const SESSIONS = `{ mySessions { id current device createdAt lastSeenAt } }`;
const REVOKE = `mutation($id: ID!) { revokeSession(sessionId: $id) { done userErrors { code } } }`;
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describe.each(databaseKinds())("passwords and sessions on %s", (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let shop: ShopFixture;
  let clockOffset = 0;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, {
      trustProxy: true,
      mail: { smtpUrl: smtp.url },
      config: {
        publicUrl: "https://app.loja.test",
        clock: () => new Date(Date.now() + clockOffset),
        passwordResetLimits: { failuresPerAccountAndAddress: 3, accountAndAddressBlockSeconds: 3600, failuresPerAddress: 1000, addressWindowSeconds: 3600, addressBlockSeconds: 3600 },
      },
    });
    shop = await createShop(server, {}, "Conta");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const login = async (email: string, password: string) => (await gqlData(server.graphqlUrl, LOGIN, { e: email, p: password })).login;
  const me = async (token: string) => (await gql(server.graphqlUrl, `{ me { id } }`, {}, token)).errors?.[0]?.extensions?.code ?? "OK";
  const resetLink = async (email: string) => {
    const before = smtp.received.length;
    expect((await gqlData(server.graphqlUrl, REQUEST, { e: email })).requestPasswordReset).toEqual({ requested: true, retryAfterSeconds: null, userErrors: [] });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual([email]);
    return /https:\/\/app\.loja\.test\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  };

  it("changes the password after checking the current one, ending the other sessions but not this one", async () => {
    const user = await addStaff(server, shop, "OPERATOR");
    const other = (await login(user.email, user.password)).token;
    expect((await gqlData(server.graphqlUrl, CHANGE, { c: "wrong password", n: "a brand new password" }, user.token)).changePassword.userErrors).toEqual([
      { field: "currentPassword", code: "INVALID_CREDENTIALS" },
    ]);
    expect((await gqlData(server.graphqlUrl, CHANGE, { c: user.password, n: "short" }, user.token)).changePassword.userErrors).toEqual([{ field: "newPassword", code: "OUT_OF_RANGE" }]);
    expect((await gqlData(server.graphqlUrl, CHANGE, { c: user.password, n: "a brand new password" }, user.token)).changePassword).toEqual({ done: true, userErrors: [] });
    expect(await me(other)).toBe("UNAUTHENTICATED");
    expect(await me(user.token)).toBe("OK");
    expect((await login(user.email, user.password)).userErrors).toEqual([{ code: "INVALID_CREDENTIALS" }]);
    expect((await login(user.email, "a brand new password")).userErrors).toEqual([]);
  });

  it("resets a forgotten password by e-mail once; a reused, expired or forged token is refused; every session ends", async () => {
    const user = await addStaff(server, shop, "MANAGER");
    const token = await resetLink(user.email);
    const rows = await server.db.query<{ token_hash: string }>("SELECT token_hash FROM password_reset WHERE token_hash = ?", [token]);
    expect(rows).toEqual([]); // only the hash is stored

    expect((await gqlData(server.graphqlUrl, RESET, { t: token, p: "my new password here" })).resetPassword).toEqual({ done: true, userErrors: [] });
    expect(await me(user.token)).toBe("UNAUTHENTICATED");
    expect((await login(user.email, "my new password here")).userErrors).toEqual([]);

    expect((await gqlData(server.graphqlUrl, RESET, { t: token, p: "yet another password" })).resetPassword.userErrors).toEqual([{ field: "token", code: "LINK_EXPIRED" }]);
    expect((await gqlData(server.graphqlUrl, RESET, { t: token.slice(0, -2) + "xx", p: "yet another password" })).resetPassword.userErrors).toEqual([{ field: "token", code: "LINK_EXPIRED" }]);

    const late = await resetLink(user.email);
    clockOffset = 31 * 60_000;
    try {
      expect((await gqlData(server.graphqlUrl, RESET, { t: late, p: "yet another password" })).resetPassword.userErrors).toEqual([{ field: "token", code: "LINK_EXPIRED" }]);
    } finally {
      clockOffset = 0;
    }
    expect((await login(user.email, "my new password here")).userErrors).toEqual([]);
  });

  it("answers the same for an unknown e-mail, and throttles requests per e-mail and address", async () => {
    const before = smtp.received.length;
    const unknown = "ninguem@loja.test";
    for (let i = 0; i < 3; i++) expect((await gqlData(server.graphqlUrl, REQUEST, { e: unknown })).requestPasswordReset).toEqual({ requested: true, retryAfterSeconds: null, userErrors: [] });
    const fourth = (await gqlData(server.graphqlUrl, REQUEST, { e: unknown })).requestPasswordReset;
    expect(fourth).toMatchObject({ requested: false, userErrors: [{ code: "THROTTLED" }] });
    expect(fourth.retryAfterSeconds).toBeGreaterThan(0);
    const user = await addStaff(server, shop, "OPERATOR");
    for (let i = 0; i < 3; i++) await resetLink(user.email);
    expect((await gqlData(server.graphqlUrl, REQUEST, { e: user.email })).requestPasswordReset.userErrors).toEqual([{ code: "THROTTLED" }]);
    expect(smtp.received.slice(before).every((m) => m.to[0] === user.email)).toBe(true);
  });

  it("throttles requests for one e-mail from many addresses", async () => {
    const from = (address: string) =>
      fetch(server.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ query: REQUEST, variables: { e: "alvo@loja.test" } }),
      }).then(async (r) => ((await r.json()) as any).data.requestPasswordReset);
    for (let i = 1; i <= 5; i++) expect((await from(`203.0.113.${i}`)).userErrors).toEqual([]);
    expect((await from("203.0.113.99")).userErrors).toEqual([{ code: "THROTTLED" }]);
  });

  it("lists one's own sessions with the device, marks the current one, and revokes another", async () => {
    const user = await addStaff(server, shop, "OPERATOR");
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": CHROME },
      body: JSON.stringify({ query: LOGIN, variables: { e: user.email, p: user.password } }),
    });
    const chrome = ((await response.json()) as any).data.login.token as string;
    const sessions = (await gqlData(server.graphqlUrl, SESSIONS, {}, user.token)).mySessions;
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ current: false, device: "Chrome on Windows" });
    expect(sessions[1]).toMatchObject({ current: true });
    const other = await addStaff(server, shop, "OWNER");
    expect((await gqlData(server.graphqlUrl, REVOKE, { id: sessions[0].id }, other.token)).revokeSession.userErrors).toEqual([{ code: "NOT_FOUND" }]);
    expect((await gqlData(server.graphqlUrl, REVOKE, { id: sessions[0].id }, user.token)).revokeSession).toEqual({ done: true, userErrors: [] });
    expect(await me(chrome)).toBe("UNAUTHENTICATED");
    expect(await me(user.token)).toBe("OK");
  });
});
