import { createHash, randomBytes } from "node:crypto";
import { Database, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { InProcessSessionEvents, SessionEvents } from "../../infra/http/sessions";
import { createLoginThrottle, LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import { Session } from "./session.entity";
import { StaffUser } from "./staff-user.entity";
import { StaffRole } from "./roles";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: StaffUser;
}

/** How often a session's last_seen_at is written. */
const LAST_SEEN_EVERY_MS = 60_000;

/** How long a verified session is trusted without asking the database again. */
const SESSION_CACHE_MS = 10_000;
const SESSION_CACHE_MAX = 10_000;

/** A login refused because of too many failures, with how long to wait. */
export class LoginThrottled extends Error {
  readonly error: UserError;
  constructor(
    readonly retryAfterSeconds: number,
    what = "failed sign-in attempts",
  ) {
    const message = `Too many ${what}: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`;
    super(message);
    this.error = userError(null, UserErrorCode.THROTTLED, message);
  }
}

export interface AuthOptions {
  sessionTtlHours: number;
  /** Defaults to 10 s; tests shorten it. */
  sessionCacheMs?: number;
  /** Where "session ended" is announced (and heard, to forget cached sessions). */
  sessionEvents?: SessionEvents;
  loginThrottle?: LoginThrottle;
  /**
   * API keys (issue 15): bearer tokens starting with `prefix` are looked up here instead of among
   * sessions (by the same SHA-256), and their callers cached the same way. Revoking one announces
   * its hash on `sessionEvents`, like an ended session.
   */
  apiKeys?: { prefix: string; authenticate(secretHash: string): Promise<Caller | null> };
}

/** How long an ended session or revoked key is remembered, so a lookup that raced with its end is not cached. */
const RECENTLY_ENDED_MS = 60_000;

export class AuthService {
  /**
   * Verified sessions by token hash, so most requests skip the session query. A session ended
   * anywhere is announced on `sessionEvents` and evicted here; one ended without an announcement
   * (its row deleted) is trusted for at most `sessionCacheMs`.
   */
  private readonly sessionCache = new Map<string, { caller: Caller; validUntil: number }>();

  /** Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  private readonly sessionTtlHours: number;
  private readonly sessionCacheMs: number;
  readonly sessionEvents: SessionEvents;
  private readonly throttle: LoginThrottle;
  private readonly apiKeys: AuthOptions["apiKeys"];
  /** Token hashes ended lately, with when: a lookup that started before its end must not be trusted. */
  private readonly recentlyEnded = new Map<string, number>();

  constructor(
    private readonly db: Database,
    options: AuthOptions,
  ) {
    this.sessionTtlHours = options.sessionTtlHours;
    this.sessionCacheMs = options.sessionCacheMs ?? SESSION_CACHE_MS;
    this.sessionEvents = options.sessionEvents ?? new InProcessSessionEvents();
    this.throttle = options.loginThrottle ?? createLoginThrottle();
    this.apiKeys = options.apiKeys;
    this.sessionEvents.onEnded((tokenHash) => {
      this.sessionCache.delete(tokenHash);
      const now = Date.now();
      for (const [hash, at] of this.recentlyEnded) if (at < now - RECENTLY_ENDED_MS) this.recentlyEnded.delete(hash);
      this.recentlyEnded.set(tokenHash, now);
    });
    // Heard from this instance or (over Redis) from another one.
    this.sessionEvents.onChanged((change) => {
      if ("all" in change) this.sessionCache.clear();
      else if ("staffUserId" in change) this.forgetCached((caller) => caller.staffUserId === change.staffUserId);
      else this.forgetCached((caller) => caller.shopId === change.shopId);
    });
  }

  /**
   * A staff user; OWNER unless another role is given (the shop's first user owns it). Their e-mail
   * counts as verified unless `emailVerified: false` (sign-up, which then sends a link).
   */
  async createStaffUser(
    input: { shopId: number; email: string; name: string; password: string; role?: StaffRole; emailVerified?: boolean },
    inTx?: Tx,
    /** The password's hash, computed beforehand by a caller that already holds `inTx` (scrypt is slow: not inside a transaction). */
    passwordHash?: string,
  ): Promise<StaffUser> {
    const hash = passwordHash ?? (await hashPassword(input.password));
    const work = (tx: Tx) =>
      tx.manager.save(StaffUser, {
        shopId: input.shopId,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        passwordHash: hash,
        role: input.role ?? StaffRole.OWNER,
        emailVerifiedAt: input.emailVerified === false ? null : new Date(),
        createdAt: new Date(),
      });
    return inTx ? work(inTx) : this.db.transaction(work);
  }

  /**
   * A session for the right e-mail and password. Failures are counted per e-mail and client address
   * (see LoginThrottle); a throttled attempt is refused before anything is looked up or verified.
   */
  async login(email: string, password: string, clientAddress: string | null = null, userAgent: string | null = null): Promise<LoginResult> {
    const normalizedEmail = email.trim().toLowerCase();
    const address = clientAddress ?? "unknown";
    const wait = await this.throttle.waitSeconds(normalizedEmail, address);
    if (wait > 0) throw new LoginThrottled(wait);
    const user = await this.db.manager.findOneBy(StaffUser, { email: normalizedEmail });
    this.decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid) {
      const waitNow = await this.throttle.failed(normalizedEmail, address);
      if (waitNow > 0) throw new LoginThrottled(waitNow);
      throw new UserInputError([userError(null, UserErrorCode.INVALID_CREDENTIALS, "E-mail or password is incorrect.")]);
    }
    await this.throttle.succeeded(normalizedEmail, address);
    return this.startSession(user, userAgent);
  }

  /** A new session for a user whose password was just checked (login, an accepted invitation). */
  async startSession(user: StaffUser, userAgent: string | null = null): Promise<LoginResult> {
    const token = randomBytes(32).toString("base64url");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3600_000);
    await this.db.transaction((tx) =>
      tx.manager.insert(Session, { tokenHash: hashToken(token), staffUserId: user.id, shopId: user.shopId, expiresAt, createdAt: now, userAgent: userAgent?.slice(0, 255) ?? null, lastSeenAt: now }),
    );
    return { token, expiresAt, user };
  }

  /** Ends the session the token belongs to, and announces it: its open WebSockets close at once. */
  async logout(tokenHash: string): Promise<void> {
    this.sessionCache.delete(tokenHash);
    await this.db.transaction((tx) => tx.manager.delete(Session, { tokenHash }));
    await this.sessionEvents.announceEnded(tokenHash);
  }

  /** The caller behind a bearer token, or null when it is unknown or expired. One query. */
  async authenticate(token: string): Promise<Caller | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const cached = this.sessionCache.get(tokenHash);
    if (cached && cached.validUntil > Date.now()) return cached.caller;
    this.sessionCache.delete(tokenHash);
    const started = Date.now();
    if (this.apiKeys && token.startsWith(this.apiKeys.prefix)) {
      const caller = await this.apiKeys.authenticate(tokenHash);
      if (!caller || this.endedSince(tokenHash, started)) return null;
      this.cache(tokenHash, caller, Date.now() + this.sessionCacheMs);
      return caller;
    }
    // Sessions, users and shops are read together here.
    const rows = await this.db.query<{ id: number; shop_id: number; staff_user_id: number; name: string; role: string; currency: string; locale: string; expires_at: string | Date; last_seen_at: string | Date | null }>(
      `SELECT s.id, s.shop_id, s.staff_user_id, s.expires_at, s.last_seen_at, u.name, u.role, sh.currency, sh.locale
         FROM staff_session s
         JOIN staff_user u ON u.id = s.staff_user_id
         JOIN shop sh ON sh.id = s.shop_id
        WHERE s.token_hash = ? AND s.expires_at > ?`,
      [tokenHash, sqlTimestamp(new Date())],
    );
    const row = rows[0];
    if (!row) return null;
    // "Last seen" for the session list: written at most once a minute, after the answer, never in the way.
    const now = Date.now();
    if (!row.last_seen_at || fromSqlTimestamp(row.last_seen_at).getTime() < now - LAST_SEEN_EVERY_MS) {
      void this.db.transaction((tx) => tx.run("UPDATE staff_session SET last_seen_at = ? WHERE id = ?", [sqlTimestamp(new Date(now)), Number(row.id)])).catch(() => undefined);
    }
    const caller: Caller = {
      shopId: Number(row.shop_id),
      shopCurrency: row.currency,
      shopLocale: row.locale,
      staffUserId: Number(row.staff_user_id),
      role: row.role,
      actor: { type: "STAFF", id: Number(row.staff_user_id), name: row.name },
      sessionTokenHash: tokenHash,
      sessionExpiresAt: fromSqlTimestamp(row.expires_at),
    };
    if (this.endedSince(tokenHash, started)) return null;
    this.cache(tokenHash, caller, Math.min(Date.now() + this.sessionCacheMs, caller.sessionExpiresAt!.getTime()));
    return caller;
  }

  private cache(tokenHash: string, caller: Caller, validUntil: number): void {
    if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
    this.sessionCache.set(tokenHash, { caller, validUntil });
  }

  /** Whether the session or key was announced ended at or after `since` (while it was being looked up). */
  private endedSince(tokenHash: string, since: number): boolean {
    const at = this.recentlyEnded.get(tokenHash);
    return at !== undefined && at >= since;
  }

  private forgetCached(matches: (caller: Caller) => boolean): void {
    for (const [tokenHash, entry] of this.sessionCache) if (matches(entry.caller)) this.sessionCache.delete(tokenHash);
  }

  /**
   * Forgets the cached sessions of a user, on every instance, so a change of role applies to their
   * next request (here at once; resolves once the other instances were told).
   */
  forgetUserSessions(staffUserId: number): Promise<void> {
    return Promise.resolve(this.sessionEvents.announceChanged({ staffUserId }));
  }

  /** Forgets the cached sessions of a shop's users, on every instance, so a change of its settings (currency, language) applies to their next request. */
  forgetShopSessions(shopId: number): Promise<void> {
    return Promise.resolve(this.sessionEvents.announceChanged({ shopId }));
  }

  /** Announces the end of sessions whose rows are gone (a member removed): cached copies are forgotten, open WebSockets close, on every instance. */
  async endSessions(staffUserId: number, tokenHashes: string[]): Promise<void> {
    await Promise.all([this.forgetUserSessions(staffUserId), ...tokenHashes.map((tokenHash) => this.sessionEvents.announceEnded(tokenHash))]);
  }

  async hasStaffUser(email: string): Promise<boolean> {
    return this.db.manager.existsBy(StaffUser, { email: email.trim().toLowerCase() });
  }

  async findStaffUser(shopId: number, staffUserId: number): Promise<StaffUser | null> {
    return this.db.manager.findOneBy(StaffUser, { id: staffUserId, shopId });
  }
}
