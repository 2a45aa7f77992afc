import { randomBytes } from "node:crypto";
import { IsNull } from "typeorm";
import { Database } from "../../infra/db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { refuse, UserErrorCode } from "../../infra/graphql/errors";
import { ShopService } from "../shops/shop.service";
import { AuthService, hashToken, LoginThrottled } from "./auth.service";
import { LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import { PasswordReset } from "./password-reset.entity";
import { StaffMail } from "./staff-mail";
import { StaffUser } from "./staff-user.entity";
import { MIN_PASSWORD_LENGTH } from "./team.service";

/** How long a "forgot password" link works. */
export const PASSWORD_RESET_MINUTES = 30;

export interface SessionView {
  id: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  current: boolean;
}

export interface AccountOptions {
  publicUrl: string;
  throttle: LoginThrottle;
  /** The same requests per e-mail alone (its address key is constant). */
  perEmailThrottle?: LoginThrottle;
  now?: () => Date;
}

export function checkNewPassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 200) throw refuse(field, UserErrorCode.OUT_OF_RANGE, `The password needs at least ${MIN_PASSWORD_LENGTH} characters (at most 200).`);
}

/** One's own account: password (changed, or reset by e-mail) and sessions. */
export class AccountService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly shops: ShopService,
    private readonly mail: StaffMail,
    private readonly options: AccountOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Changes the caller's password after checking the current one; every other session of theirs ends. */
  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    const user = await this.db.manager.findOneBy(StaffUser, { id: caller.staffUserId!, shopId: caller.shopId });
    if (!user || !(await verifyPassword(current, user.passwordHash))) throw refuse("currentPassword", UserErrorCode.INVALID_CREDENTIALS, "The current password is incorrect.");
    checkNewPassword(next, "newPassword");
    await this.setPassword(user.id, next, caller.sessionTokenHash);
  }

  /**
   * Sends a reset link when the e-mail is a staff user's; answers the same either way. Each request
   * counts against the throttles (per e-mail and address, per address, per e-mail), whether the e-mail exists or not.
   */
  async requestReset(emailInput: string, clientAddress: string | null): Promise<void> {
    const email = emailInput.trim().toLowerCase().slice(0, 254);
    const address = clientAddress ?? "unknown";
    const limits: Array<[LoginThrottle, string]> = [[this.options.throttle, address]];
    if (this.options.perEmailThrottle) limits.push([this.options.perEmailThrottle, "any"]);
    for (const [throttle, key] of limits) {
      const wait = await throttle.waitSeconds(email, key);
      if (wait > 0) throw new LoginThrottled(wait);
    }
    for (const [throttle, key] of limits) {
      const waitNow = await throttle.failed(email, key);
      if (waitNow > 0) throw new LoginThrottled(waitNow);
    }
    const user = await this.db.manager.findOneBy(StaffUser, { email });
    if (!user) return;
    const shop = await this.shops.findShop(user.shopId);
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000);
    await this.db.transaction((tx) => tx.manager.insert(PasswordReset, { staffUserId: user.id, tokenHash: hashToken(token), expiresAt, usedAt: null, createdAt: now }));
    // Sent after the answer is decided: a slow or failing mail server must not tell who has an account.
    this.mail.sendInBackground({
      kind: "PASSWORD_RESET",
      to: user.email,
      locale: shop?.locale ?? "en",
      shopName: shop?.name ?? "Ruptura",
      link: `${this.options.publicUrl.replace(/\/$/, "")}/reset-password/${token}`,
      expiresAt,
      timeZone: shop?.timeZone,
    });
  }

  /** Sets a new password with a reset link's token (once, within 30 minutes); every session of the user ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    const invalid = () => refuse("token", UserErrorCode.LINK_EXPIRED, "This link is unknown, used or out of date: ask for a new one.");
    if (!token || token.length > 200) throw invalid();
    checkNewPassword(password);
    const reset = await this.db.manager.findOneBy(PasswordReset, { tokenHash: hashToken(token), usedAt: IsNull() });
    if (!reset || reset.expiresAt.getTime() <= this.now().getTime()) throw invalid();
    const taken = await this.db.transaction((tx) => tx.run("UPDATE password_reset SET used_at = ? WHERE id = ? AND used_at IS NULL", [sqlTimestamp(this.now()), reset.id]));
    if (taken.affected !== 1) throw invalid();
    await this.setPassword(reset.staffUserId, password, null);
  }

  /** The caller's sessions, newest first, the current one marked. */
  async sessions(caller: Caller): Promise<SessionView[]> {
    const rows = await this.db.query<{ id: number; token_hash: string; created_at: string | Date; last_seen_at: string | Date | null; expires_at: string | Date; user_agent: string | null }>(
      "SELECT id, token_hash, created_at, last_seen_at, expires_at, user_agent FROM staff_session WHERE staff_user_id = ? AND shop_id = ? AND expires_at > ? ORDER BY id DESC",
      [caller.staffUserId, caller.shopId, sqlTimestamp(new Date())],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      createdAt: fromSqlTimestamp(r.created_at),
      lastSeenAt: fromSqlTimestamp(r.last_seen_at ?? r.created_at),
      expiresAt: fromSqlTimestamp(r.expires_at),
      userAgent: r.user_agent,
      current: r.token_hash === caller.sessionTokenHash,
    }));
  }

  /** Ends one of the caller's own sessions (another device); its sockets close at once. */
  async revokeSession(caller: Caller, sessionId: number): Promise<void> {
    const [row] = await this.db.query<{ token_hash: string }>("SELECT token_hash FROM staff_session WHERE id = ? AND staff_user_id = ? AND shop_id = ?", [
      sessionId,
      caller.staffUserId,
      caller.shopId,
    ]);
    if (!row) throw refuse("sessionId", UserErrorCode.NOT_FOUND, "No such session of yours.");
    await this.auth.logout(row.token_hash);
  }

  private async setPassword(staffUserId: number, password: string, keepTokenHash: string | null): Promise<void> {
    const passwordHash = await hashPassword(password);
    const ended = await this.db.transaction(async (tx) => {
      await tx.run("UPDATE staff_user SET password_hash = ? WHERE id = ?", [passwordHash, staffUserId]);
      const sessions = await tx.query<{ token_hash: string }>("SELECT token_hash FROM staff_session WHERE staff_user_id = ?", [staffUserId]);
      const ending = sessions.map((s) => s.token_hash).filter((h) => h !== keepTokenHash);
      for (const tokenHash of ending) await tx.run("DELETE FROM staff_session WHERE token_hash = ?", [tokenHash]);
      return ending;
    });
    await this.auth.endSessions(staffUserId, ended);
  }
}

/** "Chrome on Windows" from a User-Agent header, or null when it says nothing recognisable. */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrome\/|Chromium\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : null;
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}
