import { createShop, ShopFixture } from "../helpers/fixtures";
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
