import { randomBytes } from "node:crypto";
import { Database, Tx } from "../../infra/db/database";
import { sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { refuse, UserErrorCode } from "../../infra/graphql/errors";
import { ShopService } from "../shops/shop.service";
import { hashToken, LoginThrottled } from "./auth.service";
import { EmailVerification } from "./email-verification.entity";
import { LoginThrottle } from "./login-throttle";
import { StaffMail } from "./staff-mail";
import { StaffUser } from "./staff-user.entity";

/** How long an e-mail verification link works. */
export const EMAIL_VERIFICATION_HOURS = 48;

export interface EmailVerificationOptions {
  publicUrl: string;
  /** Resends, counted per user (the "e-mail") and client address. */
  throttle: LoginThrottle;
  now?: () => Date;
}

/** A link issued in a transaction, to be e-mailed once that transaction has committed. */
export interface PendingVerificationMail {
  to: string;
  link: string;
  expiresAt: Date;
}

/**
 * Proof that a staff user owns their e-mail: a link `<PUBLIC_URL>/verify-email/<token>` (only the
 * token's SHA-256 is stored; once; EMAIL_VERIFICATION_HOURS). Until then the shop cannot invite
 * (TeamService) nor mail its customers (notifications).
 */
export class EmailVerificationService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly shops: ShopService,
    private readonly mail: StaffMail,
    private readonly options: EmailVerificationOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Stores a new link for the user's current address in `tx`; `send` it after the commit. */
  async issue(tx: Tx, user: Pick<StaffUser, "id" | "email">): Promise<PendingVerificationMail> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + EMAIL_VERIFICATION_HOURS * 3600_000);
    await tx.manager.insert(EmailVerification, { staffUserId: user.id, email: user.email, tokenHash: hashToken(token), expiresAt, usedAt: null, createdAt: now });
    return { to: user.email, link: `${this.options.publicUrl.replace(/\/$/, "")}/verify-email/${token}`, expiresAt };
  }

  /** E-mails an issued link without making the caller wait or fail (a failure is logged; the user can resend). */
  send(pending: PendingVerificationMail, shop: { name: string; locale: string; timeZone?: string }): void {
    this.mail.sendInBackground({ kind: "VERIFY_EMAIL", to: pending.to, locale: shop.locale, shopName: shop.name, link: pending.link, expiresAt: pending.expiresAt, timeZone: shop.timeZone });
  }

  /**
   * Takes a link's token once and marks its user's e-mail verified. Refused: LINK_INVALID (unknown or
   * forged), LINK_USED, LINK_EXPIRED, EMAIL_CHANGED (the account's address is no longer the one the
   * link was sent to). Returns the verified address.
   */
  async verify(token: string): Promise<string> {
    if (!token || token.length > 200) throw refuse("token", UserErrorCode.LINK_INVALID, "This link is not valid: open the one in the e-mail, or ask for a new one.");
    return this.db.transaction(async (tx) => {
      const link = await tx.manager.findOneBy(EmailVerification, { tokenHash: hashToken(token) });
      if (!link) throw refuse("token", UserErrorCode.LINK_INVALID, "This link is not valid: open the one in the e-mail, or ask for a new one.");
      if (link.usedAt) throw refuse("token", UserErrorCode.LINK_USED, "This link was already used.");
      const now = this.now();
      if (link.expiresAt.getTime() <= now.getTime()) throw refuse("token", UserErrorCode.LINK_EXPIRED, "This link is out of date: sign in and ask for a new one.");
      // Taken with a conditional UPDATE, so two clicks at once verify once.
      const taken = await tx.run("UPDATE email_verification SET used_at = ? WHERE id = ? AND used_at IS NULL", [sqlTimestamp(now), link.id]);
      if (taken.affected !== 1) throw refuse("token", UserErrorCode.LINK_USED, "This link was already used.");
      const verified = await tx.run("UPDATE staff_user SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ? AND email = ?", [sqlTimestamp(now), link.staffUserId, link.email]);
      if (verified.affected !== 1) throw refuse("token", UserErrorCode.EMAIL_CHANGED, "This link was sent to an address the account no longer has.");
      return link.email;
    });
  }

  /** A new link for the signed-in user; ALREADY_VERIFIED when there is nothing to prove, THROTTLED past 3 an hour from one address (20 an hour per address in all). */
  async resend(caller: Caller, clientAddress: string | null): Promise<void> {
    const user = await this.db.manager.findOneBy(StaffUser, { id: caller.staffUserId!, shopId: caller.shopId });
    if (!user) throw refuse(null, UserErrorCode.NOT_FOUND, "No such user.");
    if (user.emailVerifiedAt) throw refuse(null, UserErrorCode.ALREADY_VERIFIED, "Your e-mail is already confirmed.");
    const key = `user:${user.id}`;
    const address = clientAddress ?? "unknown";
    const wait = await this.options.throttle.waitSeconds(key, address);
    if (wait > 0) throw new LoginThrottled(wait, "verification e-mails");
    const waitNow = await this.options.throttle.failed(key, address);
    if (waitNow > 0) throw new LoginThrottled(waitNow, "verification e-mails");
    const shop = await this.shops.findShop(user.shopId);
    const pending = await this.db.transaction((tx) => this.issue(tx, user));
    this.send(pending, shop ?? { name: "Ruptura", locale: "en" });
  }

  /** Whether the user's e-mail is verified (false for an unknown user). */
  async isVerified(shopId: number, staffUserId: number): Promise<boolean> {
    const [row] = await this.db.query<{ v: unknown }>("SELECT email_verified_at AS v FROM staff_user WHERE id = ? AND shop_id = ?", [staffUserId, shopId]);
    return Boolean(row?.v);
  }

  /** Whether any staff user of the shop has a verified e-mail (the shop may then send e-mail). */
  async shopHasVerifiedStaff(shopId: number): Promise<boolean> {
    const rows = await this.db.query("SELECT 1 AS x FROM staff_user WHERE shop_id = ? AND email_verified_at IS NOT NULL LIMIT 1", [shopId]);
    return rows.length > 0;
  }
}
