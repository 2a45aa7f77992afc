import { GraphQLError } from "graphql";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { LIMITS } from "../http/limits";

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
  /** Another call with this idempotencyKey is still running: retry in a moment for its answer. */
  IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS",
  /** The call with this idempotencyKey was done once, but its answer was not kept (too large, or cut short after its change committed). */
  IDEMPOTENT_ANSWER_NOT_KEPT = "IDEMPOTENT_ANSWER_NOT_KEPT",
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
  /** A webhook URL that is not http(s) or resolves to a loopback, private or link-local address (SSRF guard). */
  UNSAFE_URL = "UNSAFE_URL",
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
  /** One order of a bulk resolution failed for an unexpected reason (logged on the server): nothing of that order changed. */
  UNEXPECTED_FAILURE = "UNEXPECTED_FAILURE",
}
/**
 * What each UserErrorCode means: the schema's description of the value, and the table of codes in
 * docs/integrations.md (written by `npm run schema`; a test fails when it is stale). A new code
 * does not compile without its line here.
 */
export const USER_ERROR_CODE_DESCRIPTIONS: Record<UserErrorCode, string> = {
  INVALID_CREDENTIALS: "The e-mail and password do not match an account (login), or the current password is wrong (changePassword).",
  THROTTLED: "Too many attempts (login, public refund link or order page): the message, and `retryAfterSeconds` where the payload has it, say how long to wait.",
  REQUIRED: "A required value is missing or empty.",
  INVALID_FORMAT: "The value is not in the expected form (e.g. it holds control characters, or is not a well-formed id, date, phone or code).",
  OUT_OF_RANGE: "A number or length outside what the field allows (the message states the range).",
  NOT_FOUND: "No such object in your shop (another shop's objects look the same as missing ones).",
  UNKNOWN_SKU: "An order line names a sku code your shop does not have.",
  EMPTY_ORDER: "An order without lines.",
  DUPLICATE_SKU: "The same sku on more than one line of an order: put the total quantity on one line.",
  INVALID_CPF: "Not a valid CPF (11 digits or 000.000.000-00, with valid check digits).",
  INVALID_EMAIL: "Not a valid e-mail address (or, when inviting, one that already has an account).",
  NEGATIVE_AMOUNT: "An amount (shipping, discount) below zero.",
  IDEMPOTENCY_KEY_REUSED: "The idempotencyKey was already used, within 24 hours, for the same operation with a different input; nothing was done.",
  IDEMPOTENT_ANSWER_NOT_KEPT: "The call with this idempotencyKey was done once, but its answer was not kept: too large (over 60 kB compressed, e.g. a 1,000-sku upsert selecting every field), or the call failed or the server stopped after its change was committed. Nothing was done again: read the result with a query.",
  IDEMPOTENCY_KEY_IN_PROGRESS: "Another call with this idempotencyKey is still running (it was waited for 5 s); nothing was done: retry in a moment to get its answer.",
  INSUFFICIENT_STOCK: "Not enough stock: the change would take on hand below what is allocated, or the substitute no longer has the units.",
  STOCK_LIMIT_EXCEEDED: "The change would take a sku's stock on hand past 1,000,000,000 units (the message says how much room is left).",
  DISCOUNT_EXCEEDS_SUBTOTAL: "The discount, with a coupon's, would be more than subtotal + shipping.",
  INVALID_TRANSITION: "The object is not in a state that allows this (e.g. cancelling a DELIVERED order): nothing changed.",
  NOTHING_ALLOCATED: "Shipping what is available of an order that has nothing allocated: cancel it instead.",
  CREDIT_EXCEEDS_PAID: "A credit note for more than is left to credit on its order (the order's total minus the credit notes already issued on it).",
  COUPON_NOT_FOUND: "No such coupon in this shop (another shop's code is refused the same way).",
  COUPON_EXPIRED: "The coupon's validity has ended.",
  COUPON_USED: "The coupon was already used by another order.",
  CPF_MISMATCH: "A CPF that is valid but not the order's customer's: counts one of the refund link's five attempts.",
  LINK_USED: "The link was already used (e.g. the refund's details are in).",
  LINK_EXPIRED: "The link is out of date; the shop can send a new one.",
  LINK_LOCKED: "The refund link locked after five wrong CPFs; the shop can send a new one.",
  INVALID_PIX_KEY: "Not a valid PIX key of the given type.",
  UNKNOWN_BANK: "No Brazilian bank with this code.",
  INVALID_BANK_ACCOUNT: "The account number or its check digit does not pass the bank's rule.",
  INVALID_DOCUMENT: "Not a valid CPF or CNPJ.",
  PAYOUT_ACCOUNT_MISSING: "A refund to the merchant, but the shop has no payout account on file (setPayoutAccount).",
  CUSTOMER_CPF_MISSING: "A refund to the customer, but the order has no customer CPF to confirm the refund link with.",
  STAFF_ONLY: "Only a signed-in staff user may do this (not an API key).",
  UNSAFE_URL: "A webhook URL that is not http(s), or whose host resolves to a loopback, private, link-local or otherwise internal address (the SSRF guard; WEBHOOKS_ALLOW_PRIVATE=true lifts it on a test installation).",
  CUSTOMER_CHOSE: "The customer chose on their order page first: the shop can no longer resolve the order.",
  MERCHANT_RESOLVED: "The shop resolved the order first: the customer can no longer choose.",
  CHOICE_NOT_ALLOWED: "The shop does not let customers choose on their order page.",
  LINE_NOT_SHORT: "A substitute was offered for, or put on, a line that is not short of stock.",
  SAME_SKU: "The substitute is the line's own sku.",
  TOO_MANY_SUBSTITUTES: "More substitutes than a line may be offered (5).",
  SUBSTITUTE_NOT_OFFERED: "The customer chose a substitute the merchant did not offer for this line.",
  SKU_ARCHIVED: "The sku is archived: it takes no new orders (unarchiveSku brings it back).",
  DUPLICATE_CODE: "Another sku of the shop already has this code (or the code appears twice in one call or file).",
  INVALID_BARCODE: "A barcode that is not a GTIN-8, -12, -13 or -14 with a valid check digit.",
  TOO_MANY_ITEMS: "More items in one call than the operation takes (the message states the limit).",
  UNEXPECTED_FAILURE: "In a bulk resolution's refusals: that order failed for an unexpected reason (logged on the server) and nothing of it changed; try it alone.",
  UNKNOWN_COLUMN: "A CSV column the import does not know.",
  MISSING_COLUMN: "A CSV header without a required column.",
  IMPORT_HAS_ERRORS: "applySkuImport with a file whose preview has errors: fix them first.",
  CURRENCY_LOCKED: "The shop has taken orders: its amounts are in minor units of its currency, which can no longer change.",
  EMAIL_TAKEN: "Someone already has an account with this e-mail (sign-up).",
  SIGNUP_CLOSED: "Sign-up is closed on this server (SIGNUP=false): an operator creates shops with `npm run shop:create`.",
  LINK_INVALID: "A link whose token is unknown here (mistyped, cut short or forged).",
  EMAIL_CHANGED: "A verification link for an address the account no longer has.",
  ALREADY_VERIFIED: "The e-mail is verified already: nothing to resend.",
  EMAIL_NOT_VERIFIED: "The caller must confirm their own e-mail first (the link sent at sign-up; resendVerificationEmail).",
  INVALID_POSTAL_CODE: "A postal code that is not valid for the address's country (CEP: 00000-000; Poland: 00-000).",
  INVALID_REGION: "A state or region that is not one of the country's (in Brazil: a UF such as SP).",
  INVALID_TRACKING_CODE: "A tracking code the carrier does not issue (the message says how its codes look).",
  INVALID_URL: "Not an absolute http(s) URL.",
  NOTHING_TO_SHIP: "The order has no allocated unit left to ship.",
  EXCEEDS_UNSHIPPED: "More units of a line than it has allocated and not yet shipped.",
  ALREADY_SHIPPED: "Part of the order already left with the carrier: it can no longer be cancelled (a return or claim handles it).",
  EXCEEDS_DELIVERED: "A claim for more units of a line than were delivered and are not already claimed missing or returned.",
  EXCEEDS_RETURNABLE: "A return of more units of a line than were delivered and are not yet returned or claimed missing.",
  RETURN_WINDOW_CLOSED: "A return for regret after the legal window (7 days from delivery for Brazilian shops, CDC art. 49; 14 days otherwise): the message gives the dates.",
};

registerEnumType(UserErrorCode, {
  name: "UserErrorCode",
  description: "Why an input was refused. Stable values: integrations may switch on them.",
  valuesConfig: Object.fromEntries(Object.entries(USER_ERROR_CODE_DESCRIPTIONS).map(([code, description]) => [code, { description }])),
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
/** A refusal of one user error, to throw from a service: `throw refuse("email", UserErrorCode.INVALID_EMAIL, "...")`. */
export const refuse = (field: string | null, code: UserErrorCode, message: string): UserInputError => new UserInputError([userError(field, code, message)]);

export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  /** Too many requests from this client or for this refund link: the message says how long to wait. */
  THROTTLED: "THROTTLED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

/**
 * Every `extensions.code` a GraphQL error of ours can carry (HTTP and graphql-ws), with what it
 * means: ErrorCode's, Apollo Server's and graphql-ws' transport refusals, and the short JSON the
 * HTTP layer answers. docs/integrations.md's table is written from this (`npm run schema`).
 */
export const GRAPHQL_ERROR_CODE_DESCRIPTIONS: Record<string, string> = {
  [ErrorCode.UNAUTHENTICATED]: "No valid credentials: the token is missing, unknown, expired or its session ended. Log in again. (A WebSocket is closed with 4403 instead.)",
  [ErrorCode.FORBIDDEN]: "Signed in, but not allowed: the message names the role the operation needs.",
  [ErrorCode.THROTTLED]: `Too many requests from this client or for this link, or the API key's or session's cost bucket (${LIMITS.costBucketCapacity.toLocaleString("en-US")} points, ${LIMITS.costRestoreRate} restored a second) holds less than the operation costs: \`extensions.retryAfterSeconds\` says how long to wait (HTTP 429 with Retry-After for the bucket). Nothing ran.`,
  MAX_COST_EXCEEDED: `One operation costs more than a cost bucket holds (${LIMITS.costBucketCapacity.toLocaleString("en-US")} points): \`extensions.requestedQueryCost\` and \`maximumAvailable\` say by how much; ask for smaller pages or fewer fields. HTTP 400. Nothing ran.`,
  [ErrorCode.BAD_USER_INPUT]: "An argument the operation cannot take at all (e.g. `first` above the page size limit, a search over 100 characters); `extensions.argument` may name it. Nothing ran.",
  [ErrorCode.INTERNAL_SERVER_ERROR]: "Our fault: the message is generic (never a stack trace or SQL) and the details are in the server's log. Retrying an idempotent call is safe.",
  GRAPHQL_PARSE_FAILED: `The document is not valid GraphQL syntax, or has more than ${LIMITS.maxTokens.toLocaleString("en-US")} tokens. HTTP 400.`,
  GRAPHQL_VALIDATION_FAILED: "The document does not fit the schema, or passes a depth, alias, directive or cost limit, or introspects while introspection is off. HTTP 400.",
  BAD_REQUEST: "The HTTP request is not a GraphQL request we take: a body that is not a JSON object, a missing `query`, a batch (a JSON array), or a GET without a CSRF-preventing header: HTTP 400; a mutation over GET: HTTP 405.",
  PERSISTED_QUERY_NOT_FOUND: "An automatic persisted query hash the server does not know: send the query text with it.",
  PERSISTED_QUERY_NOT_SUPPORTED: "Persisted queries are not taken here: send the query text.",
  OPERATION_RESOLUTION_FAILURE: "The document has several operations and `operationName` does not name one of them (or is missing).",
  TOO_MANY_OPERATIONS: `More than ${LIMITS.operationsPerSocket} operations at once on one WebSocket: that operation is refused; the others go on.`,
  RESYNC_REQUIRED: "A subscription fell too far behind (or its `since` cursor is too old): it ends; read your queries again and subscribe again.",
  NOT_FOUND: "HTTP 404: no such route (outside /graphql: `{ error: { code, message } }`).",
  METHOD_NOT_ALLOWED: "HTTP 405: a method the route does not take, e.g. PUT or DELETE on /graphql.",
  PAYLOAD_TOO_LARGE: `HTTP 413: the body is over the limit (${LIMITS.bodyBytes / 1024 / 1024} MiB for /graphql; a CSV import has its own, larger one).`,
  UNSUPPORTED_MEDIA_TYPE: "HTTP 415: a body that is not UTF-8 JSON (or, for a CSV import, text/csv), or an unknown content-encoding.",
};

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
