import { isDuplicateKeyError, Database } from "../../infra/db/database";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { cleanLine } from "../../infra/text";
import { AuthService, LoginResult, LoginThrottled } from "../auth/auth.service";
import { checkNewPassword } from "../auth/account.service";
import { EmailVerificationService } from "../auth/email-verification.service";
import { LoginThrottle } from "../auth/login-throttle";
import { hashPassword } from "../auth/password";
import { StaffRole } from "../auth/roles";
import { StaffUser } from "../auth/staff-user.entity";
import { EMAIL } from "../auth/team.service";
import { Shop } from "../shops/shop.entity";
import { ShopService, shopChoiceError, SupportedLocale } from "../shops/shop.service";


export interface NewShopInput {
  shopName: string;
  currency: string;
  locale: string;
  timeZone: string;
  name: string;
  email: string;
  password: string;
}

export interface ValidShop {
  shopName: string;
  currency: string;
  locale: SupportedLocale;
  timeZone: string;
  name: string;
  email: string;
  password: string;
}

export interface SignupOptions {
  /** SIGNUP: false refuses every sign-up with SIGNUP_CLOSED. */
  open: boolean;
  /** Sign-ups per client address (each attempt with valid fields counts). */
  throttle: LoginThrottle;
}

/**
 * Every field of a new shop checked at once: the valid input, or one error per wrong field
 * (field names are the input's: shopName, currency, locale, timeZone, name, email, password).
 */
export function validateNewShop(input: NewShopInput): { shop: ValidShop | null; errors: UserError[] } {
  const errors: UserError[] = [];
  const line = (field: string, value: string, label: string): string => {
    const clean = cleanLine(value ?? "");
    if (clean === null) errors.push(userError(field, UserErrorCode.INVALID_FORMAT, `${label} has a control character.`));
    else if (!clean) errors.push(userError(field, UserErrorCode.REQUIRED, `${label} is required.`));
    else if (clean.length > 120) errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `${label} takes at most 120 characters.`));
    return clean ?? "";
  };
  const shopName = line("shopName", input.shopName, "The shop's name");
  const name = line("name", input.name, "Your name");
  const currency = (input.currency ?? "").trim().toUpperCase();
  const locale = (input.locale ?? "").trim();
  const timeZone = (input.timeZone ?? "").trim();
  for (const error of [shopChoiceError.currency(currency), shopChoiceError.locale(locale), shopChoiceError.timeZone(timeZone)]) if (error) errors.push(error);
  const email = (input.email ?? "").trim().toLowerCase();
  if (!email) errors.push(userError("email", UserErrorCode.REQUIRED, "The e-mail is required."));
  else if (cleanLine(email) === null || !EMAIL.test(email) || email.length > 254) errors.push(userError("email", UserErrorCode.INVALID_EMAIL, "Not a valid e-mail address."));
  try {
    checkNewPassword(input.password ?? "");
  } catch (error) {
    if (error instanceof UserInputError) errors.push(...error.errors);
    else throw error;
  }
  if (errors.length) return { shop: null, errors };
  return { shop: { shopName, currency, locale: locale as SupportedLocale, timeZone, name, email, password: input.password }, errors };
}

/**
 * Creates a shop and its OWNER, both or neither. Sign-up (public, throttled, closed with SIGNUP=false)
 * also logs the owner in and e-mails a verification link; operators' `shop:create` makes a verified owner.
 */
export class SignupService {
  constructor(
    private readonly db: Database,
    private readonly shops: ShopService,
    private readonly auth: AuthService,
    private readonly verification: EmailVerificationService,
    private readonly options: SignupOptions,
  ) {}

  get open(): boolean {
    return this.options.open;
  }

  /** The public sign-up: every wrong field reported; EMAIL_TAKEN, SIGNUP_CLOSED, THROTTLED (LoginThrottled). */
  async signUp(input: NewShopInput, clientAddress: string | null, userAgent: string | null): Promise<LoginResult> {
    if (!this.options.open) throw new UserInputError([userError(null, UserErrorCode.SIGNUP_CLOSED, "Sign-up is closed on this server: ask its operator for a shop.")]);
    const address = clientAddress ?? "unknown";
    const wait = await this.options.throttle.waitSeconds("signup", address);
    if (wait > 0) throw new LoginThrottled(wait, "sign-ups from this address");
    const { shop: valid, errors } = validateNewShop(input);
    if (!valid) throw new UserInputError(errors);
    // Every complete attempt counts, a taken e-mail included (so the form cannot probe addresses quickly).
    const waitNow = await this.options.throttle.failed("signup", address);
    if (waitNow > 0) throw new LoginThrottled(waitNow, "sign-ups from this address");
    const { shop, user, pending } = await this.create(valid, false);
    this.verification.send(pending!, shop);
    return this.auth.startSession(user, userAgent);
  }

  /**
   * The shop, its order number sequence and its owner in one transaction (and, when the owner is not
   * verified yet, their verification link): a taken e-mail, even one taken by a concurrent sign-up
   * (the unique index decides), leaves nothing behind.
   */
  async create(valid: ValidShop, verified: boolean): Promise<{ shop: Shop; user: StaffUser; pending: Awaited<ReturnType<EmailVerificationService["issue"]>> | null }> {
    const taken = () => new UserInputError([userError("email", UserErrorCode.EMAIL_TAKEN, "Someone already has an account with this e-mail: sign in, or use another address.")]);
    if (await this.auth.hasStaffUser(valid.email)) throw taken();
    const passwordHash = await hashPassword(valid.password);
    try {
      return await this.db.transaction(async (tx) => {
        const shop = await this.shops.createShop({ name: valid.shopName, currency: valid.currency, locale: valid.locale, timeZone: valid.timeZone }, tx);
        const user = await this.auth.createStaffUser({ shopId: shop.id, email: valid.email, name: valid.name, password: valid.password, role: StaffRole.OWNER, emailVerified: verified }, tx, passwordHash);
        const pending = verified ? null : await this.verification.issue(tx, user);
        return { shop, user, pending };
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw taken();
      throw error;
    }
  }
}
