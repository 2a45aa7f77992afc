import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { customer, PLACE_ORDER } from "../helpers/fixtures";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const SIGN_UP = `mutation($input: SignUpInput!) {
  signUp(input: $input) { token expiresAt retryAfterSeconds user { id email name role emailVerified shop { name currency locale timeZone } } userErrors { field code message } }
}`;
const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) { verified email userErrors { field code message } } }`;
const RESEND = `mutation { resendVerificationEmail { sent retryAfterSeconds userErrors { field code message } } }`;
const FIRST_STEPS = `{ firstSteps { emailVerified productsAdded payoutAccountSet teamInvited } }`;
const INVITE = `mutation($email: String!) { inviteStaff(email: $email, role: OPERATOR) { invitation { email } userErrors { field code message } } }`;
const PASSWORD = "a long enough password";

let counter = 0;
const newShop = (overrides: Record<string, unknown> = {}) => ({
  shopName: "Loja Nova",
  currency: "BRL",
  locale: "pt-BR",
  timeZone: "America/Sao_Paulo",
  name: "Dona Ana",
  email: `dona${++counter}.${process.pid}.${Date.now()}@loja.test`,
  password: PASSWORD,
  ...overrides,
});

/** Sign-up over real HTTP from `from` (X-Forwarded-For, trusted by these servers). */
async function signUp(server: TestServer, input: Record<string, unknown>, from: string) {
  const response = await fetch(server.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify({ query: SIGN_UP, variables: { input } }),
  });
  const body = (await response.json()) as { data?: { signUp: any }; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.signUp;
}

describe.each(databaseKinds())("sign-up on %s", (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let clockOffset = 0;
  let address = 0;
  const from = () => `203.0.113.${++address}`;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, {
      mail: { smtpUrl: smtp.url },
      trustProxy: true,
      config: {
        publicUrl: "https://app.loja.test",
        clock: () => new Date(Date.now() + clockOffset),
        signupLimits: { failuresPerAccountAndAddress: Number.MAX_SAFE_INTEGER, accountAndAddressBlockSeconds: 1, failuresPerAddress: 3, addressWindowSeconds: 3600, addressBlockSeconds: 3600 },
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  const linkFor = async (email: string) => {
    for (let waited = 0; waited < 5000; waited += 50) {
      const mail = [...smtp.received].reverse().find((m) => m.to.includes(email));
      if (mail) return { mail, link: /https:\/\/app\.loja\.test\/verify-email\/([A-Za-z0-9_-]+)/.exec(mail.text) };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail to ${email}`);
  };

  it("creates the shop and its owner, logs them in and e-mails a verification link that works once", async () => {
    const input = newShop({ email: "  Dona.Ana@Loja.test ".replace("Dona.Ana", `Dona.Ana${process.pid}${kind}`) });
    const email = String(input.email).trim().toLowerCase();
    const result = await signUp(server, input, from());
    expect(result).toMatchObject({
      userErrors: [],
      retryAfterSeconds: null,
      user: { email, name: "Dona Ana", role: "OWNER", emailVerified: false, shop: { name: "Loja Nova", currency: "BRL", locale: "pt-BR", timeZone: "America/Sao_Paulo" } },
    });
    expect(result.token).toEqual(expect.any(String));
    // The shop takes orders at once: it has its order number sequence.
    const shopId = Number((await server.db.query<{ shop_id: number }>("SELECT shop_id FROM staff_user WHERE email = ?", [email]))[0]!.shop_id);
    expect(await server.db.query("SELECT last_number FROM order_number_sequence WHERE shop_id = ?", [shopId])).toHaveLength(1);
    expect((await gqlData(server.graphqlUrl, FIRST_STEPS, {}, result.token)).firstSteps).toEqual({ emailVerified: false, productsAdded: false, payoutAccountSet: false, teamInvited: false });

    const { mail, link } = await linkFor(email);
    expect(mail.subject).toBe("Confirme seu e-mail para Loja Nova no Ruptura");
    const token = link![1]!;
    // Only the hash is stored.
    expect(await server.db.query("SELECT id FROM email_verification WHERE token_hash = ?", [token])).toHaveLength(0);

    expect((await gqlData(server.graphqlUrl, VERIFY, { token })).verifyEmail).toEqual({ verified: true, email, userErrors: [] });
    expect((await gqlData(server.graphqlUrl, `{ me { emailVerified } }`, {}, result.token)).me.emailVerified).toBe(true);
    expect((await gqlData(server.graphqlUrl, FIRST_STEPS, {}, result.token)).firstSteps.emailVerified).toBe(true);
    expect((await gqlData(server.graphqlUrl, VERIFY, { token })).verifyEmail).toMatchObject({ verified: false, userErrors: [{ field: "token", code: "LINK_USED" }] });
    expect((await gqlData(server.graphqlUrl, RESEND, {}, result.token)).resendVerificationEmail.userErrors).toEqual([expect.objectContaining({ code: "ALREADY_VERIFIED" })]);
    // The login works with the password chosen.
    const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code } } }`, { e: email, p: PASSWORD });
    expect(login.login.userErrors).toEqual([]);
  });

  it("reports every invalid field at once and creates nothing", async () => {
    const shopsBefore = (await server.db.query("SELECT id FROM shop")).length;
    const result = await signUp(server, { shopName: " ", currency: "JPY", locale: "de", timeZone: "Mars/Olympus", name: "A\u0007na", email: "not-an-address", password: "short" }, from());
    expect(result.token).toBeNull();
    expect(result.userErrors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(
      ["currency:INVALID_FORMAT", "email:INVALID_EMAIL", "locale:INVALID_FORMAT", "name:INVALID_FORMAT", "password:OUT_OF_RANGE", "shopName:REQUIRED", "timeZone:INVALID_FORMAT"].sort(),
    );
    const long = await signUp(server, newShop({ shopName: "x".repeat(121), email: "" }), from());
    expect(long.userErrors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(["email:REQUIRED", "shopName:OUT_OF_RANGE"]);
    expect((await server.db.query("SELECT id FROM shop")).length).toBe(shopsBefore);
  });

  it("refuses a taken e-mail, even from two sign-ups at once, and leaves no shop behind", async () => {
    const email = `twice.${kind}.${Date.now()}@loja.test`;
    const shopsBefore = (await server.db.query("SELECT id FROM shop")).length;
    const [a, b] = await Promise.all([signUp(server, newShop({ email, shopName: "Primeira" }), from()), signUp(server, newShop({ email: email.toUpperCase(), shopName: "Segunda" }), from())]);
    const winners = [a, b].filter((r) => r.token);
    const losers = [a, b].filter((r) => !r.token);
    expect(winners).toHaveLength(1);
    expect(losers[0].userErrors).toEqual([expect.objectContaining({ field: "email", code: "EMAIL_TAKEN" })]);
    expect((await server.db.query("SELECT id FROM shop")).length).toBe(shopsBefore + 1);
    expect(await server.db.query("SELECT id FROM staff_user WHERE email = ?", [email])).toHaveLength(1);
    const again = await signUp(server, newShop({ email }), from());
    expect(again.userErrors).toEqual([expect.objectContaining({ field: "email", code: "EMAIL_TAKEN" })]);
    expect((await server.db.query("SELECT id FROM shop")).length).toBe(shopsBefore + 1);
  });

  it("throttles sign-ups per client address", async () => {
    const address = from();
    for (let i = 0; i < 3; i++) expect((await signUp(server, newShop(), address)).userErrors).toEqual([]);
    const throttled = await signUp(server, newShop(), address);
    expect(throttled).toMatchObject({ token: null, userErrors: [{ code: "THROTTLED" }] });
    expect(throttled.retryAfterSeconds).toBeGreaterThan(3000);
    // Another address is not held back.
    expect((await signUp(server, newShop(), from())).userErrors).toEqual([]);
  });

  it("refuses expired, forged and stale-address links; resends a new one, throttled", async () => {
    const input = newShop();
    const email = String(input.email);
    const result = await signUp(server, input, from());
    const { link } = await linkFor(email);
    const first = link![1]!;
    expect((await gqlData(server.graphqlUrl, VERIFY, { token: "x".repeat(43) })).verifyEmail.userErrors).toEqual([expect.objectContaining({ field: "token", code: "LINK_INVALID" })]);
    expect((await gqlData(server.graphqlUrl, VERIFY, { token: "" })).verifyEmail.userErrors).toEqual([expect.objectContaining({ code: "LINK_INVALID" })]);
    // A forged token that differs from the real one by a character.
    const forged = first.slice(0, -1) + (first.endsWith("A") ? "B" : "A");
    expect((await gqlData(server.graphqlUrl, VERIFY, { token: forged })).verifyEmail.userErrors).toEqual([expect.objectContaining({ code: "LINK_INVALID" })]);
    clockOffset = 49 * 3600_000;
    try {
      expect((await gqlData(server.graphqlUrl, VERIFY, { token: first })).verifyEmail.userErrors).toEqual([expect.objectContaining({ code: "LINK_EXPIRED" })]);
    } finally {
      clockOffset = 0;
    }
    expect((await gqlData(server.graphqlUrl, `{ me { emailVerified } }`, {}, result.token)).me.emailVerified).toBe(false);

    const before = smtp.received.length;
    expect((await gqlData(server.graphqlUrl, RESEND, {}, result.token)).resendVerificationEmail).toEqual({ sent: true, retryAfterSeconds: null, userErrors: [] });
    await smtp.waitFor(before + 1);
    const second = (await linkFor(email)).link![1]!;
    expect(second).not.toBe(first);
    // The address changes before the link is used: it proves nothing about the new one.
    const changed = `changed.${email}`;
    await server.db.query("UPDATE staff_user SET email = ? WHERE email = ?", [changed, email]);
    expect((await gqlData(server.graphqlUrl, VERIFY, { token: second })).verifyEmail.userErrors).toEqual([expect.objectContaining({ code: "EMAIL_CHANGED" })]);
    expect((await gqlData(server.graphqlUrl, `{ me { emailVerified } }`, {}, result.token)).me.emailVerified).toBe(false);
    // Still unused (the refusal changed nothing), but it can never verify the new address.
    expect((await gqlData(server.graphqlUrl, VERIFY, { token: second })).verifyEmail.userErrors).toEqual([expect.objectContaining({ code: "EMAIL_CHANGED" })]);

    expect((await gqlData(server.graphqlUrl, RESEND, {}, result.token)).resendVerificationEmail.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, RESEND, {}, result.token)).resendVerificationEmail.userErrors).toEqual([]);
    const throttled = (await gqlData(server.graphqlUrl, RESEND, {}, result.token)).resendVerificationEmail;
    expect(throttled).toMatchObject({ sent: false, userErrors: [{ code: "THROTTLED" }] });
    expect(throttled.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("an unverified owner cannot invite, and the shop's customer e-mail is skipped until someone confirms", async () => {
    const input = newShop();
    const result = await signUp(server, input, from());
    const refused = (await gqlData(server.graphqlUrl, INVITE, { email: `colega.${Date.now()}@loja.test` }, result.token)).inviteStaff;
    expect(refused).toEqual({ invitation: null, userErrors: [expect.objectContaining({ field: null, code: "EMAIL_NOT_VERIFIED" })] });
    expect(refused.userErrors[0].message).toContain("Confirm your e-mail first");

    const sku = await gqlData(server.graphqlUrl, `mutation { createSku(input: { code: "CAM-1", name: "Camiseta", price: 5000, onHand: 10 }) { userErrors { code } } }`, {}, result.token);
    expect(sku.createSku.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, FIRST_STEPS, {}, result.token)).firstSteps.productsAdded).toBe(true);
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAM-1", quantity: 1 }] } }, result.token);
    expect(placed.placeOrder.userErrors).toEqual([]);
    const messages = async (n: number) => {
      for (let waited = 0; waited < 8000; waited += 100) {
        const nodes = (await gqlData(server.graphqlUrl, `{ customerMessages(first: 10) { nodes { kind status skipReason lastError } } }`, {}, result.token)).customerMessages.nodes;
        if (nodes.length >= n) return nodes;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("no message planned");
    };
    expect((await messages(1))[0]).toMatchObject({ kind: "ORDER_CONFIRMATION", status: "SKIPPED", skipReason: "SHOP_EMAIL_NOT_VERIFIED" });

    const token = (await linkFor(String(input.email))).link![1]!;
    expect((await gqlData(server.graphqlUrl, VERIFY, { token })).verifyEmail.verified).toBe(true);
    const invited = (await gqlData(server.graphqlUrl, INVITE, { email: `colega2.${Date.now()}@loja.test` }, result.token)).inviteStaff;
    expect(invited.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, FIRST_STEPS, {}, result.token)).firstSteps).toMatchObject({ emailVerified: true, teamInvited: true });
    await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "CAM-1", quantity: 1 }] } }, result.token);
    const [newest] = await messages(2);
    expect(newest).toMatchObject({ kind: "ORDER_CONFIRMATION", skipReason: null });
    expect(["PENDING", "SENT"]).toContain(newest.status);
  });
});

describe.each(databaseKinds())("sign-up closed (SIGNUP=false) on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { config: { signup: false } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("says so to the login page and refuses with SIGNUP_CLOSED", async () => {
    expect((await gqlData(server.graphqlUrl, `{ signUpOpen }`)).signUpOpen).toBe(false);
    const result = (await gql(server.graphqlUrl, SIGN_UP, { input: newShop() })).data!.signUp;
    expect(result).toMatchObject({ token: null, userErrors: [{ field: null, code: "SIGNUP_CLOSED" }] });
    expect(await server.db.query("SELECT id FROM shop")).toHaveLength(0);
  });
});

const run = promisify(execFile);
const CLI = path.resolve(__dirname, "../../dist/server/cli/create-shop.js");

describe.each(databaseKinds())("npm run shop:create on %s", (kind) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let testDb: TestDatabase;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shop-create-"));
    testDb = await createTestDatabase(kind);
    // Like npm start: DATABASE_URL, else the SQLite file (a fresh one: the CLI runs the migrations).
    env = { ...process.env, SIGNUP: "false", LOG_LEVEL: "silent", DATA_KEY_FILE: path.join(dir, "data.key"), DATABASE_URL: testDb.options.databaseUrl ?? "", SQLITE_PATH: testDb.options.sqlitePath };
  });
  afterAll(async () => {
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("creates a shop with a verified owner (even with SIGNUP=false) and prints the password once", async () => {
    const email = `dono.${kind}.${Date.now()}@x.com`;
    const created = await cli("--name", "Loja X", "--email", email, "--owner-name", "Dono X", "--currency", "PLN", "--locale", "pl", "--time-zone", "Europe/Warsaw");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Shop "Loja X" created');
    const password = /Password[^:]*: (\S+)/.exec(created.stdout)![1]!;

    // The new owner signs in with it, on a server over the same database.
    const server = await startTestServer(kind, { testDb });
    try {
      const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { role emailVerified shop { name currency locale timeZone } } userErrors { code } } }`, { e: email, p: password });
      expect(login.login).toMatchObject({ userErrors: [], user: { role: "OWNER", emailVerified: true, shop: { name: "Loja X", currency: "PLN", locale: "pl", timeZone: "Europe/Warsaw" } } });
    } finally {
      await server.stop({ keepDatabase: true });
    }

    const again = await cli("--name", "Loja Y", "--email", email.toUpperCase());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--email: Someone already has an account");
  });

  it("refuses bad input with a clear message, a non-zero exit and nothing created", async () => {
    const bad = await cli("--name", "Loja Z", "--email", "nope", "--currency", "JPY", "--time-zone", "Mars/Base", "--locale", "de");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--email: Not a valid e-mail address.");
    expect(bad.stderr).toContain("--currency: The currency is one of BRL, PLN, EUR, USD.");
    expect(bad.stderr).toContain("--time-zone:");
    expect(bad.stderr).toContain("--locale:");
    expect((await cli("--email", "a@b.co")).stderr).toContain("missing --name");
    expect((await cli("--name", "X", "--email", "a@b.co", "--colour", "red")).code).toBe(2);
  });
});
