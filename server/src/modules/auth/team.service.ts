import { randomBytes } from "node:crypto";
import { IsNull } from "typeorm";
import { Database, Tx } from "../../infra/db/database";
import { sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { refuse, UserErrorCode } from "../../infra/graphql/errors";
import { ShopService } from "../shops/shop.service";
import { forbidden } from "./access";
import { AuthService, hashToken, LoginResult } from "./auth.service";
import { StaffInvitation } from "./invitation.entity";
import { roleAtLeast, StaffRole } from "./roles";
import { StaffMail } from "./staff-mail";
import { StaffUser } from "./staff-user.entity";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface TeamView {
  members: StaffUser[];
  invitations: StaffInvitation[];
}

export interface TeamOptions {
  publicUrl: string;
  now?: () => Date;
}

/**
 * The shop's team: invitations by e-mail, roles, removal. Who may call what is the role map's
 * (access.ts); the rules the map cannot say live here: only an OWNER makes or invites an OWNER,
 * and a shop always keeps at least one OWNER.
 */
export class TeamService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly shops: ShopService,
    private readonly mail: StaffMail,
    private readonly options: TeamOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async team(shopId: number): Promise<TeamView> {
    const members = await this.db.manager.find(StaffUser, {
      where: { shopId },
      order: { id: "ASC" },
    });
    const invitations = await this.db.query<{ id: number }>("SELECT id FROM staff_invitation WHERE shop_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY id", [
      shopId,
      sqlTimestamp(this.now()),
    ]);
    const pending = invitations.length
      ? await this.db.manager.find(StaffInvitation, {
          where: invitations.map((i) => ({ id: Number(i.id), shopId })),
          order: { id: "ASC" },
        })
      : [];
    return { members, invitations: pending };
  }

  /** Invites someone by e-mail: a link to set their password, valid INVITATION_DAYS, once. A new invitation to the same address replaces the pending one. */
  async invite(caller: Caller, emailInput: string, role: StaffRole): Promise<StaffInvitation> {
    if (role === StaffRole.OWNER && !roleAtLeast(caller.role, StaffRole.OWNER)) throw forbidden("Inviting an owner needs the OWNER role.");
    // An unconfirmed address could be anyone's: no invitations (e-mail to third parties) until it is confirmed.
    const inviter = await this.db.manager.findOneBy(StaffUser, { id: caller.staffUserId!, shopId: caller.shopId });
    if (!inviter?.emailVerifiedAt) throw refuse(null, UserErrorCode.EMAIL_NOT_VERIFIED, "Confirm your e-mail first (the link we sent you; you can ask for a new one): until then you cannot invite.");
    const email = emailInput.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) throw refuse("email", UserErrorCode.INVALID_EMAIL, "Not a valid e-mail address.");
    if (await this.auth.hasStaffUser(email)) throw refuse("email", UserErrorCode.INVALID_EMAIL, "Someone with this e-mail already has an account.");
    const shop = await this.shops.findShop(caller.shopId);
    if (!shop) throw new Error(`Shop ${caller.shopId} missing`);
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
    const invitation = await this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM staff_invitation WHERE shop_id = ? AND email = ? AND accepted_at IS NULL", [caller.shopId, email]);
      return tx.manager.save(StaffInvitation, {
        shopId: caller.shopId,
        email,
        role,
        tokenHash: hashToken(token),
        invitedBy: caller.staffUserId!,
        expiresAt,
        acceptedAt: null,
        createdAt: now,
      });
    });
    await this.mail.send({
      kind: "INVITATION",
      to: email,
      locale: shop.locale,
      shopName: shop.name,
      link: `${this.options.publicUrl.replace(/\/$/, "")}/invite/${token}`,
      expiresAt,
      timeZone: shop.timeZone,
    });
    return invitation;
  }

  /** Takes an invitation's token once: creates the user with the invited role and logs them in. */
  async accept(token: string, name: string, password: string, userAgent: string | null): Promise<LoginResult> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 120) throw refuse("name", UserErrorCode.REQUIRED, "Say your name (at most 120 characters).");
    if (password.length < MIN_PASSWORD_LENGTH || password.length > 200) throw refuse("password", UserErrorCode.OUT_OF_RANGE, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    const invalid = () => refuse("token", UserErrorCode.LINK_EXPIRED, "This invitation is unknown, used or out of date: ask for a new one.");
    if (!token || token.length > 200) throw invalid();
    const invitation = await this.db.manager.findOneBy(StaffInvitation, {
      tokenHash: hashToken(token),
      acceptedAt: IsNull(),
    });
    if (!invitation || invitation.expiresAt.getTime() <= this.now().getTime()) throw invalid();
    if (await this.auth.hasStaffUser(invitation.email)) throw invalid();
    // Taken with a conditional UPDATE, so two tabs accepting at once make one user.
    const taken = await this.db.transaction((tx) => tx.run("UPDATE staff_invitation SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", [sqlTimestamp(this.now()), invitation.id]));
    if (taken.affected !== 1) throw invalid();
    const user = await this.auth.createStaffUser({ shopId: invitation.shopId, email: invitation.email, name: trimmed, password, role: invitation.role });
    return this.auth.startSession(user, userAgent);
  }

  /** Changes a member's role; only an OWNER makes an OWNER, and the last OWNER stays one. Takes effect at once. */
  async changeRole(caller: Caller, staffUserId: number, role: StaffRole): Promise<StaffUser> {
    const user = await this.db.transaction(async (tx) => {
      const member = await this.lockedMember(tx, caller.shopId, staffUserId);
      if (member.role === StaffRole.OWNER && role !== StaffRole.OWNER) await this.keepAnOwner(tx, caller.shopId, member.id);
      await tx.run("UPDATE staff_user SET role = ? WHERE id = ? AND shop_id = ?", [role, member.id, caller.shopId]);
      return { ...member, role } as StaffUser;
    });
    await this.auth.forgetUserSessions(user.id);
    return user;
  }

  /** Removes a member: their sessions end at once (open WebSockets close) and the last OWNER cannot go. */
  async remove(caller: Caller, staffUserId: number): Promise<void> {
    const ended = await this.db.transaction(async (tx) => {
      const member = await this.lockedMember(tx, caller.shopId, staffUserId);
      if (member.role === StaffRole.OWNER) await this.keepAnOwner(tx, caller.shopId, member.id);
      const sessions = await tx.query<{ token_hash: string }>("SELECT token_hash FROM staff_session WHERE staff_user_id = ? AND shop_id = ?", [member.id, caller.shopId]);
      await tx.run("DELETE FROM staff_session WHERE staff_user_id = ? AND shop_id = ?", [member.id, caller.shopId]);
      await tx.run("DELETE FROM staff_user WHERE id = ? AND shop_id = ?", [member.id, caller.shopId]);
      return sessions.map((s) => s.token_hash);
    });
    await this.auth.endSessions(staffUserId, ended);
  }

  private async lockedMember(tx: Tx, shopId: number, staffUserId: number): Promise<StaffUser> {
    const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
    // Every owner of the shop is locked too, so two owners demoting each other cannot both pass keepAnOwner.
    const rows = await tx.query<{ id: number; role: StaffRole }>(`SELECT id, role FROM staff_user WHERE shop_id = ? AND (id = ? OR role = 'OWNER') ORDER BY id${lock}`, [shopId, staffUserId]);
    const row = rows.find((r) => Number(r.id) === staffUserId);
    if (!row) throw refuse("staffUserId", UserErrorCode.NOT_FOUND, "No such member of your team.");
    const member = await tx.manager.findOneBy(StaffUser, {
      id: staffUserId,
      shopId,
    });
    return member!;
  }

  private async keepAnOwner(tx: Tx, shopId: number, leaving: number): Promise<void> {
    const [row] = await tx.query<{ n: number }>("SELECT COUNT(*) AS n FROM staff_user WHERE shop_id = ? AND role = 'OWNER' AND id <> ?", [shopId, leaving]);
    if (Number(row?.n ?? 0) < 1) throw refuse("staffUserId", UserErrorCode.INVALID_TRANSITION, "A shop needs at least one owner: make someone else OWNER first.");
  }
}
