import { createHash, randomBytes } from "node:crypto";
import { Database } from "../../infra/db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { hashPassword, verifyPassword } from "./password";
import { Session } from "./session.entity";
import { StaffUser } from "./staff-user.entity";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: StaffUser;
}

/** How long a verified session is trusted without asking the database again. */
const SESSION_CACHE_MS = 10_000;
const SESSION_CACHE_MAX = 10_000;

export class AuthService {
  /**
   * Verified sessions by token hash, so most requests skip the session query. Logout evicts here at
   * once; another server instance would keep trusting a logged-out token for at most SESSION_CACHE_MS.
   */
  private readonly sessionCache = new Map<string, { caller: Caller; validUntil: number }>();

  /** Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly sessionTtlHours: number,
  ) {}

  async createStaffUser(input: { shopId: number; email: string; name: string; password: string }): Promise<StaffUser> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction((tx) =>
      tx.manager.save(StaffUser, {
        shopId: input.shopId,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        passwordHash,
        createdAt: new Date(),
      }),
    );
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.db.manager.findOneBy(StaffUser, { email: email.trim().toLowerCase() });
    this.decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid) {
      throw new UserInputError([userError(null, UserErrorCode.INVALID_CREDENTIALS, "E-mail or password is incorrect.")]);
    }
    const token = randomBytes(32).toString("base64url");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3600_000);
    await this.db.transaction((tx) =>
      tx.manager.insert(Session, { tokenHash: hashToken(token), staffUserId: user.id, shopId: user.shopId, expiresAt, createdAt: now }),
    );
    return { token, expiresAt, user };
  }

  /** Ends the session the token belongs to. */
  async logout(tokenHash: string): Promise<void> {
    this.sessionCache.delete(tokenHash);
    await this.db.transaction((tx) => tx.manager.delete(Session, { tokenHash }));
  }

  /** The caller behind a bearer token, or null when it is unknown or expired. One query. */
  async authenticate(token: string): Promise<Caller | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const cached = this.sessionCache.get(tokenHash);
    if (cached && cached.validUntil > Date.now()) return cached.caller;
    this.sessionCache.delete(tokenHash);
    // Sessions, users and shops are read together here.
    const rows = await this.db.query<{ shop_id: number; staff_user_id: number; name: string; currency: string; locale: string; expires_at: string | Date }>(
      `SELECT s.shop_id, s.staff_user_id, s.expires_at, u.name, sh.currency, sh.locale
         FROM staff_session s
         JOIN staff_user u ON u.id = s.staff_user_id
         JOIN shop sh ON sh.id = s.shop_id
        WHERE s.token_hash = ? AND s.expires_at > ?`,
      [tokenHash, sqlTimestamp(new Date())],
    );
    const row = rows[0];
    if (!row) return null;
    const caller: Caller = {
      shopId: Number(row.shop_id),
      shopCurrency: row.currency,
      shopLocale: row.locale,
      staffUserId: Number(row.staff_user_id),
      actor: { type: "STAFF", id: Number(row.staff_user_id), name: row.name },
      sessionTokenHash: tokenHash,
    };
    if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
    const validUntil = Math.min(Date.now() + SESSION_CACHE_MS, fromSqlTimestamp(row.expires_at).getTime());
    this.sessionCache.set(tokenHash, { caller, validUntil });
    return caller;
  }

  async hasStaffUser(email: string): Promise<boolean> {
    return this.db.manager.existsBy(StaffUser, { email: email.trim().toLowerCase() });
  }

  async findStaffUser(shopId: number, staffUserId: number): Promise<StaffUser | null> {
    return this.db.manager.findOneBy(StaffUser, { id: staffUserId, shopId });
  }
}
