import { GraphQLError } from "graphql";
import { Field, ObjectType, registerEnumType } from "type-graphql";

/** Why an input was refused. Stable: integrations switch on these. */
export enum UserErrorCode {
  INVALID_CREDENTIALS = "INVALID_CREDENTIALS",
  THROTTLED = "THROTTLED",
  REQUIRED = "REQUIRED",
  INVALID_FORMAT = "INVALID_FORMAT",
  OUT_OF_RANGE = "OUT_OF_RANGE",
  NOT_FOUND = "NOT_FOUND",
  UNKNOWN_SKU = "UNKNOWN_SKU",
  EMPTY_ORDER = "EMPTY_ORDER",
  DUPLICATE_SKU = "DUPLICATE_SKU",
  INVALID_CPF = "INVALID_CPF",
  INVALID_EMAIL = "INVALID_EMAIL",
  NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
  INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK",
  /** The change would take a sku's stock on hand past MAX_ON_HAND (1,000,000,000). */
  STOCK_LIMIT_EXCEEDED = "STOCK_LIMIT_EXCEEDED",
  DISCOUNT_EXCEEDS_SUBTOTAL = "DISCOUNT_EXCEEDS_SUBTOTAL",
  INVALID_TRANSITION = "INVALID_TRANSITION",
  NOTHING_ALLOCATED = "NOTHING_ALLOCATED",
  /** A credit note for more than is left to credit on its order (the order's total minus the credit notes already issued on it). */
  CREDIT_EXCEEDS_PAID = "CREDIT_EXCEEDS_PAID",
  /** No such coupon in this shop (another shop's code is refused the same way). */
  COUPON_NOT_FOUND = "COUPON_NOT_FOUND",
  COUPON_EXPIRED = "COUPON_EXPIRED",
  COUPON_USED = "COUPON_USED",
  /** A CPF that is valid but not the order's customer's: counts one of the refund link's five attempts. */
  CPF_MISMATCH = "CPF_MISMATCH",
  /** The refund link was already used: the refund's details are in. */
  LINK_USED = "LINK_USED",
  /** The refund link is out of date; the shop can send a new one. */
  LINK_EXPIRED = "LINK_EXPIRED",
  /** The refund link locked after five wrong CPFs; the shop can send a new one. */
  LINK_LOCKED = "LINK_LOCKED",
  INVALID_PIX_KEY = "INVALID_PIX_KEY",
  UNKNOWN_BANK = "UNKNOWN_BANK",
  /** The account number or its check digit does not pass the bank's rule. */
  INVALID_BANK_ACCOUNT = "INVALID_BANK_ACCOUNT",
  /** Not a valid CPF or CNPJ. */
  INVALID_DOCUMENT = "INVALID_DOCUMENT",
  /** A refund to the merchant, but the shop has no payout account on file (setPayoutAccount). */
  PAYOUT_ACCOUNT_MISSING = "PAYOUT_ACCOUNT_MISSING",
  /** A refund to the customer, but the order has no customer CPF to confirm the refund link with. */
  CUSTOMER_CPF_MISSING = "CUSTOMER_CPF_MISSING",
  /** Only a signed-in staff user may do this (not an API key). */
  STAFF_ONLY = "STAFF_ONLY",
  /** The customer chose on their order page first: the shop can no longer resolve the order. */
  CUSTOMER_CHOSE = "CUSTOMER_CHOSE",
  /** The shop resolved the order first: the customer can no longer choose. */
  MERCHANT_RESOLVED = "MERCHANT_RESOLVED",
  /** The shop does not let customers choose on their order page. */
  CHOICE_NOT_ALLOWED = "CHOICE_NOT_ALLOWED",
  /** A substitute was offered for, or put on, a line that is not short of stock. */
  LINE_NOT_SHORT = "LINE_NOT_SHORT",
  /** The substitute is the line's own sku. */
  SAME_SKU = "SAME_SKU",
  /** More substitutes than a line may be offered (MAX_SUBSTITUTE_OFFERS). */
  TOO_MANY_SUBSTITUTES = "TOO_MANY_SUBSTITUTES",
  /** The customer chose a substitute the merchant did not offer for this line. */
  SUBSTITUTE_NOT_OFFERED = "SUBSTITUTE_NOT_OFFERED",
  /** The sku is archived: it takes no new orders (unarchiveSku brings it back). */
  SKU_ARCHIVED = "SKU_ARCHIVED",
  /** Another sku of the shop already has this code. */
  DUPLICATE_CODE = "DUPLICATE_CODE",
  /** A barcode that is not a GTIN-8, -12, -13 or -14 with a valid check digit. */
  INVALID_BARCODE = "INVALID_BARCODE",
  /** More items in one call than the operation takes (the message states the limit). */
  TOO_MANY_ITEMS = "TOO_MANY_ITEMS",
  /** A CSV column the import does not know. */
  UNKNOWN_COLUMN = "UNKNOWN_COLUMN",
  /** A CSV header without a required column. */
  MISSING_COLUMN = "MISSING_COLUMN",
  /** applySkuImport with a file whose preview has errors: fix them first. */
  IMPORT_HAS_ERRORS = "IMPORT_HAS_ERRORS",
  /** The shop has taken orders: its amounts are in minor units of its currency, which can no longer change. */
  CURRENCY_LOCKED = "CURRENCY_LOCKED",
  /** Someone already has an account with this e-mail (sign-up). */
  EMAIL_TAKEN = "EMAIL_TAKEN",
  /** Sign-up is closed on this server (SIGNUP=false): an operator creates shops with `npm run shop:create`. */
  SIGNUP_CLOSED = "SIGNUP_CLOSED",
  /** A link whose token is unknown here (mistyped, cut short or forged). */
  LINK_INVALID = "LINK_INVALID",
  /** A verification link for an address the account no longer has. */
  EMAIL_CHANGED = "EMAIL_CHANGED",
  /** The e-mail is verified already: nothing to resend. */
  ALREADY_VERIFIED = "ALREADY_VERIFIED",
  /** The caller must confirm their own e-mail first (the link sent at sign-up; resendVerificationEmail). */
  EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED",
  /** A postal code that is not valid for the address's country (CEP: 00000-000; Poland: 00-000). */
  INVALID_POSTAL_CODE = "INVALID_POSTAL_CODE",
  /** A state or region that is not one of the country's (in Brazil: a UF such as SP). */
  INVALID_REGION = "INVALID_REGION",
  /** A tracking code the carrier does not issue (the message says how its codes look). */
  INVALID_TRACKING_CODE = "INVALID_TRACKING_CODE",
  /** Not an absolute http(s) URL. */
  INVALID_URL = "INVALID_URL",
  /** The order has no allocated unit left to ship. */
  NOTHING_TO_SHIP = "NOTHING_TO_SHIP",
  /** More units of a line than it has allocated and not yet shipped. */
  EXCEEDS_UNSHIPPED = "EXCEEDS_UNSHIPPED",
  /** Part of the order already left with the carrier: it can no longer be cancelled (a return or claim handles it). */
  ALREADY_SHIPPED = "ALREADY_SHIPPED",
  /** More units of a line than were delivered and are not already claimed missing or returned. */
  EXCEEDS_DELIVERED = "EXCEEDS_DELIVERED",
  /** More units of a line than were delivered and are not yet returned or claimed missing (a return). */
  EXCEEDS_RETURNABLE = "EXCEEDS_RETURNABLE",
  /** A return for regret after the legal window (7 days from delivery in Brazil, CDC art. 49; 14 in the EU): the message gives the dates. */
  RETURN_WINDOW_CLOSED = "RETURN_WINDOW_CLOSED",
}
registerEnumType(UserErrorCode, {
  name: "UserErrorCode",
  description: "Why an input was refused. Stable values: integrations may switch on them.",
});

@ObjectType({ description: "Something the caller did wrong. Nothing was changed when a payload has userErrors." })
export class UserError {
  @Field(() => String, {
    nullable: true,
    description: 'Dotted path of the offending input field, e.g. "customer.cpf" or "lines.1.quantity"; null when it concerns the whole input.',
  })
  field!: string | null;

  @Field(() => UserErrorCode, { description: "Machine-readable reason." })
  code!: UserErrorCode;

  @Field({ description: "Human-readable explanation, in English." })
  message!: string;
}

export const userError = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/** A refusal a service raises; resolvers turn it into the payload's userErrors. */
export class UserInputError extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/** GraphQL error codes (in `extensions.code`) for failures that are not the input's fault. */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  /** Too many requests from this client or for this refund link: the message says how long to wait. */
  THROTTLED: "THROTTLED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export const unauthenticated = () =>
  new GraphQLError("Authentication required: send a valid session token as 'Authorization: Bearer <token>'.", {
    extensions: { code: ErrorCode.UNAUTHENTICATED },
  });

export const badUserInput = (message: string, argument?: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) } });

/**
 * Runs a mutation's work and shapes the payload: the result with empty userErrors, or, when the
 * service refused the input, `refused` with the errors. Anything else propagates as a GraphQL error.
 */
export async function mutationPayload<P extends { userErrors: UserError[] }>(
  work: () => Promise<Omit<P, "userErrors">>,
  refused: Omit<P, "userErrors">,
): Promise<P> {
  try {
    return { ...(await work()), userErrors: [] as UserError[] } as unknown as P;
  } catch (error) {
    if (error instanceof UserInputError) return { ...refused, userErrors: error.errors } as unknown as P;
    throw error;
  }
}
