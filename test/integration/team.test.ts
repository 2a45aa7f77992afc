import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { addStaff, createShop, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";

const INVITE = `mutation($email: String!, $role: StaffRole!) { inviteStaff(email: $email, role: $role) { invitation { id email role expiresAt } userErrors { field code message } } }`;
const ACCEPT = `mutation($token: String!, $name: String!, $password: String!) {
  acceptInvitation(token: $token, name: $name, password: $password) { token user { email role name } userErrors { field code message } }
}`;
const TEAM = `{ team { members { id email role } invitations { email role } } }`;
const CHANGE_ROLE = `mutation($id: ID!, $role: StaffRole!) { changeStaffRole(staffUserId: $id, role: $role) { member { id role } userErrors { field code message } } }`;
const REMOVE = `mutation($id: ID!) { removeStaff(staffUserId: $id) { removed userErrors { field code message } } }`;
const PASSWORD = "a long enough password";

describe.each(databaseKinds())("the team on %s", (kind) => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let shop: ShopFixture;
  let clockOffset = 0;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, {
      mail: { smtpUrl: smtp.url },
      config: {
        publicUrl: "https://app.loja.test",
        clock: () => new Date(Date.now() + clockOffset),
      },
    });
    shop = await createShop(server, {}, "Equipe");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const invite = async (email: string, role: string, token = shop.token) => {
    const before = smtp.received.length;
    const result = (await gqlData(server.graphqlUrl, INVITE, { email, role }, token)).inviteStaff;
    if (result.userErrors.length) return { result, link: null as string | null };
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual([email.toLowerCase()]);
    const link = /https:\/\/app\.loja\.test\/invite\/[A-Za-z0-9_-]+/.exec(mail!.text)?.[0] ?? null;
    return { result, link, mail: mail! };
  };
  const tokenOf = (link: string) => link.split("/invite/")[1]!;

  it("invites an operator by e-mail; the link accepted once creates the account and logs in with that role", async () => {
    const { result, link, mail } = await invite("Ana.Operadora@Loja.test", "OPERATOR");
    expect(result).toMatchObject({
      userErrors: [],
      invitation: { email: "ana.operadora@loja.test", role: "OPERATOR" },
    });
    expect(mail!.subject).toContain("Convite para a equipe de Equipe");
    expect(link).not.toBeNull();
    // Only the hash is stored.
    const rows = await server.db.query<{ token_hash: string }>("SELECT token_hash FROM staff_invitation WHERE email = ?", ["ana.operadora@loja.test"]);
    expect(rows[0]!.token_hash).not.toBe(tokenOf(link!));
    expect((await gqlData(server.graphqlUrl, TEAM, {}, shop.token)).team.invitations).toEqual([{ email: "ana.operadora@loja.test", role: "OPERATOR" }]);

    const accepted = (
      await gqlData(server.graphqlUrl, ACCEPT, {
        token: tokenOf(link!),
        name: "Ana",
        password: PASSWORD,
      })
    ).acceptInvitation;
    expect(accepted).toMatchObject({
      userErrors: [],
      user: { email: "ana.operadora@loja.test", role: "OPERATOR", name: "Ana" },
    });
    expect((await gqlData(server.graphqlUrl, `{ me { role } }`, {}, accepted.token)).me.role).toBe("OPERATOR");
    const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code } } }`, {
      e: "ana.operadora@loja.test",
      p: PASSWORD,
    });
    expect(login.login.userErrors).toEqual([]);

    const again = (
      await gqlData(server.graphqlUrl, ACCEPT, {
        token: tokenOf(link!),
        name: "Outra",
        password: PASSWORD,
      })
    ).acceptInvitation;
    expect(again).toMatchObject({
      token: null,
      userErrors: [{ field: "token", code: "LINK_EXPIRED" }],
    });
    const team = (await gqlData(server.graphqlUrl, TEAM, {}, shop.token)).team;
    expect(team.invitations).toEqual([]);
    expect(team.members.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual([`${shop.email}:OWNER`, "ana.operadora@loja.test:OPERATOR"]);
  });

  it("refuses a forged or expired invitation, and an operator or a manager inviting beyond their role", async () => {
    const forged = (
      await gqlData(server.graphqlUrl, ACCEPT, {
        token: "x".repeat(43),
        name: "X",
        password: PASSWORD,
      })
    ).acceptInvitation;
    expect(forged.userErrors).toEqual([expect.objectContaining({ code: "LINK_EXPIRED" })]);

    const { link } = await invite("tarde@loja.test", "MANAGER");
    clockOffset = 8 * 24 * 3600_000;
    try {
      const late = (
        await gqlData(server.graphqlUrl, ACCEPT, {
          token: tokenOf(link!),
          name: "Tarde",
          password: PASSWORD,
        })
      ).acceptInvitation;
      expect(late.userErrors).toEqual([expect.objectContaining({ code: "LINK_EXPIRED" })]);
    } finally {
      clockOffset = 0;
    }

    const operator = await addStaff(server, shop, "OPERATOR");
    const refused = await gql(server.graphqlUrl, INVITE, { email: "x@loja.test", role: "OPERATOR" }, operator.token);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: "Inviting to the team needs the MANAGER role.",
        extensions: expect.objectContaining({ code: "FORBIDDEN" }),
      }),
    ]);
    const manager = await addStaff(server, shop, "MANAGER");
    const owner = await gql(server.graphqlUrl, INVITE, { email: "dono@loja.test", role: "OWNER" }, manager.token);
    expect(owner.errors?.[0]).toMatchObject({
      message: "Inviting an owner needs the OWNER role.",
      extensions: { code: "FORBIDDEN" },
    });
    expect((await invite("op2@loja.test", "OPERATOR", manager.token)).result.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, INVITE, { email: shop.email, role: "OPERATOR" }, shop.token)).inviteStaff.userErrors).toEqual([expect.objectContaining({ code: "INVALID_EMAIL" })]);
  });

  it("changes a role at once and never leaves the shop without an owner", async () => {
    const own = await createShop(server, {}, "Dono");
    const ownerId = (await gqlData(server.graphqlUrl, `{ me { id } }`, {}, own.token)).me.id;
    const lastOwner = (await gqlData(server.graphqlUrl, CHANGE_ROLE, { id: ownerId, role: "MANAGER" }, own.token)).changeStaffRole;
    expect(lastOwner.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    expect((await gqlData(server.graphqlUrl, REMOVE, { id: ownerId }, own.token)).removeStaff.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);

    const manager = await addStaff(server, own, "MANAGER");
    // The role is cached with the session: the change must still apply to the very next request.
    expect((await gql(server.graphqlUrl, `{ me { role } }`, {}, manager.token)).data.me.role).toBe("MANAGER");
    expect((await gqlData(server.graphqlUrl, CHANGE_ROLE, { id: String(manager.id), role: "OPERATOR" }, own.token)).changeStaffRole).toEqual({
      member: { id: String(manager.id), role: "OPERATOR" },
      userErrors: [],
    });
    const refused = await gql(server.graphqlUrl, `mutation { setCustomersMayChoose(enabled: true) { userErrors { code } } }`, {}, manager.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    await gqlData(server.graphqlUrl, CHANGE_ROLE, { id: String(manager.id), role: "OWNER" }, own.token);
    expect((await gqlData(server.graphqlUrl, CHANGE_ROLE, { id: ownerId, role: "MANAGER" }, own.token)).changeStaffRole.userErrors).toEqual([]);
    // Another shop's member is not found.
    expect((await gqlData(server.graphqlUrl, REMOVE, { id: ownerId }, shop.token)).removeStaff.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
  });

  it("ends a removed member's sessions at once: HTTP refuses the token and an open WebSocket closes", async () => {
    const member = await addStaff(server, shop, "OPERATOR");
    const closes: number[] = [];
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${member.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    try {
      const me = await new Promise<any>((resolve) => client.subscribe({ query: `{ me { role } }` }, { next: resolve, error: resolve, complete: () => undefined }));
      expect(me.data.me.role).toBe("OPERATOR");
      expect((await gql(server.graphqlUrl, `{ me { id } }`, {}, member.token)).data.me.id).toBe(String(member.id));

      expect((await gqlData(server.graphqlUrl, REMOVE, { id: String(member.id) }, shop.token)).removeStaff).toEqual({ removed: true, userErrors: [] });
      // Refused on the very next request, though the session was cached.
      expect((await gql(server.graphqlUrl, `{ me { id } }`, {}, member.token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      for (let waited = 0; closes.length === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      expect(closes).toEqual([4403]);
      const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token userErrors { code } } }`, { e: member.email, p: member.password });
      expect(login.login.userErrors).toEqual([{ code: "INVALID_CREDENTIALS" }]);
    } finally {
      await client.dispose();
    }
  });
});
