/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A Brazilian bank account. */
export type BankAccountInput = {
  /** The account number with its check digit, e.g. "12345-6"; checked with the bank's rule. */
  account: string;
  /** Checking, savings or payment account. */
  accountType: BankAccountType;
  /** The bank's 3-digit COMPE code (see `banks`). */
  bankCode: string;
  /** The branch (agência): 1 to 5 digits, optionally followed by -digit. */
  branch: string;
  /** The holder's CPF or CNPJ. */
  holderDocument: string;
  /** The account holder's name, up to 120 characters. */
  holderName: string;
};

/** The kind of a bank account. */
export type BankAccountType =
  /** Conta corrente. */
  | 'CHECKING'
  /** Conta de pagamento. */
  | 'PAYMENT'
  /** Conta poupança. */
  | 'SAVINGS';

/** Who carries a parcel. Each known carrier has a tracking page the shipment links to; OTHER needs the shipment's own trackingUrl. */
export type Carrier =
  /** Correios (tracking codes like AA123456789BR); tracking page https://rastreamento.correios.com.br/app/index.php?objetos={code}. */
  | 'CORREIOS'
  /** DPD; tracking page https://tracktrace.dpd.com.pl/parcelDetails?typ=1&p1={code}. */
  | 'DPD'
  /** InPost; tracking page https://inpost.pl/sledzenie-przesylek?number={code}. */
  | 'INPOST'
  /** Jadlog; tracking page https://www.jadlog.com.br/jadlog/tracking?cte={code}. */
  | 'JADLOG'
  /** J&T Express; tracking page https://www.jtexpress.com.br/trajectoryQuery?waybillNo={code}. */
  | 'J_T'
  /** Loggi; tracking page https://www.loggi.com/rastreador/{code}. */
  | 'LOGGI'
  /** Any other carrier: give trackingUrl (http or https). */
  | 'OTHER'
  /** Poczta Polska; tracking page https://emonitoring.poczta-polska.pl/?numer={code}. */
  | 'POCZTA_POLSKA'
  /** Total Express; tracking page https://tracking.totalexpress.com.br/rastreamento?codigo={code}. */
  | 'TOTAL_EXPRESS';

/** The customer's outcome for their OPEN claim. */
export type ChooseClaimOutcomeInput = {
  /** The claim (OrderPage.claims). */
  claimId: string;
  /** RESHIP, KEEP_AND_SETTLE or WITHDRAW. */
  outcome: ClaimOutcome;
  /** The order page's token. */
  token: string;
};

/** The customer's choice on their order page. */
export type ChooseForOrderInput = {
  /** One of the page's `choices`, or SUBSTITUTE with `substitute`. */
  choice: Resolution;
  /** With SUBSTITUTE: which offered substitute (see `substituteOffers`). */
  substitute?: SubstituteChoiceInput | null | undefined;
  /** The token from the link (<PUBLIC_URL>/order/<token>). */
  token: string;
};

/** Units of one order line that did not arrive. */
export type ClaimLineInput = {
  /** The order line. */
  orderLineId: string;
  /** Units missing: at most what was delivered and not already claimed or returned (EXCEEDS_DELIVERED). */
  quantity: number;
};

/** What is done about units missing from a delivery. */
export type ClaimOutcome =
  /** The customer keeps what arrived; what was paid for the missing units is refunded, with a numbered credit note. */
  | 'KEEP_AND_SETTLE'
  /** The missing units go out again, in a follow-up order of kind RESHIPMENT at price 0 (reserved now, or waiting for stock like any order). */
  | 'RESHIP'
  /** The customer withdraws from the contract: the delivered goods come back and everything is refunded once the return is received. */
  | 'WITHDRAW';

/** Where a claim stands. */
export type ClaimStatus =
  /** Reported; waiting for the shop (or the customer) to choose an outcome. */
  | 'OPEN'
  /** Turned down by the shop, with a message. Final. */
  | 'REJECTED'
  /** Settled with an outcome. Final. */
  | 'RESOLVED';

/** Where an order stands. AWAITING_STOCK and ON_HOLD_FOR_RESTOCK are the orders without stock. */
export type OrderStatus =
  /** Some line is short; waiting for the merchant to decide. */
  | 'AWAITING_STOCK'
  /** Cancelled; allocations released. Final. */
  | 'CANCELLED'
  /** Received by the customer. Final. */
  | 'DELIVERED'
  /** The merchant chose to wait; resumes by itself when stock arrives. */
  | 'ON_HOLD_FOR_RESTOCK'
  /** Every line fully allocated; can be shipped. */
  | 'READY'
  /** Handed to the carrier. */
  | 'SHIPPED';

/** A PIX key. */
export type PixKeyInput = {
  /** The key, validated for keyType. */
  key: string;
  /** What kind of key it is. */
  keyType: PixKeyType;
};

/** The kind of a PIX key; the key is validated for the kind given. */
export type PixKeyType =
  /** A CNPJ (14 digits, check digits verified). */
  | 'CNPJ'
  /** A CPF (11 digits, check digits verified). */
  | 'CPF'
  /** An e-mail address, up to 77 characters. */
  | 'EMAIL'
  /** A Brazilian mobile number, with area code (+55 optional). */
  | 'PHONE'
  /** A random key (EVP): a UUID. */
  | 'RANDOM';

/** Where a refund stands. */
export type RefundStatus =
  /** Waiting for the customer to give bank or PIX details. */
  | 'AWAITING_CUSTOMER_DETAILS'
  /** The customer's link ran out before they answered; re-sending the link reopens the refund. */
  | 'EXPIRED'
  /** Five wrong CPFs were typed on the customer's link; re-sending the link unlocks it. */
  | 'LOCKED'
  /** The money was sent. */
  | 'PAID'
  /** Everything needed is known; the money can be sent. */
  | 'READY_FOR_PAYOUT';

/** Missing items reported by the customer on their order page. */
export type ReportMissingItemsOnOrderPageInput = {
  /** The missing units, per order line. */
  lines: Array<ClaimLineInput>;
  /** What happened, up to 500 characters. */
  note?: string | null | undefined;
  /** The order page's token. */
  token: string;
};

/** A return asked for by the customer on their order page. */
export type RequestReturnFromOrderPageInput = {
  /** What comes back. */
  lines: Array<ReturnLineInput>;
  /** Anything the shop should know (at most 1000 characters). */
  note?: string | null | undefined;
  /** The token from the order page's link. */
  token: string;
};

/** The merchant's answer to an order without stock. */
export type Resolution =
  /** Cancel the whole order, release its stock, refund everything. */
  | 'CANCEL'
  /** Cancel and refund the missing units; ship what is allocated. */
  | 'SHIP_AVAILABLE'
  /** Replace the short units of a line with an equivalent sku (substituteLine, or offerSubstitutes for the customer to accept); preview it with substitutionPreview. Allowed while some line is short. */
  | 'SUBSTITUTE'
  /** Pause the order; it resumes by itself when every line is allocated. */
  | 'WAIT_FOR_RESTOCK';

/** Who resolved an order without stock first: the shop or the customer on their order page. The other side is then refused. */
export type ResolvedBy =
  | 'CUSTOMER'
  | 'MERCHANT';

/** Units of one delivered order line to send back. */
export type ReturnLineInput = {
  /** The order line. */
  orderLineId: string;
  /** Units, at least 1 and at most what was delivered and is not yet returned or claimed missing (EXCEEDS_RETURNABLE). */
  quantity: number;
  /** Why (not WITHDRAWAL). */
  reason: ReturnReason;
};

/** Why units come back. */
export type ReturnReason =
  /** Arrived damaged or defective. */
  | 'DAMAGED'
  /** Anything else; say what in the note. */
  | 'OTHER'
  /** The customer changed their mind: only within 7 days of delivery for BRL shops (CDC art. 49), 14 days otherwise (EU). */
  | 'REGRET'
  /** Withdrawal from the contract after an incomplete delivery (a claim's WITHDRAW outcome); everything paid is refunded. Not accepted by requestReturn. */
  | 'WITHDRAWAL'
  /** Not what was ordered. */
  | 'WRONG_ITEM';

/** How a received return is settled. */
export type ReturnSettlement =
  /** Other units are sent instead: a follow-up order of kind EXCHANGE, nothing charged, reserving its skus at once or waiting for stock like any order. */
  | 'EXCHANGE'
  /** The units received are refunded (what was paid for them), with a credit note. */
  | 'REFUND';

/** Where a return stands: REQUESTED -> APPROVED | REFUSED -> RECEIVED -> CLOSED. */
export type ReturnStatus =
  /** The shop gave instructions for sending the goods back; waiting for them. */
  | 'APPROVED'
  /** Filed by the shop after it was received. Final. */
  | 'CLOSED'
  /** The goods arrived: good units back in stock, the return settled (refund or exchange). */
  | 'RECEIVED'
  /** The shop refused it with a message. Final; nothing changed. */
  | 'REFUSED'
  /** Asked for by the shop or the customer; the shop approves or refuses it. */
  | 'REQUESTED';

/** The customer's answer on the refund link: their CPF and exactly one of pix or bankAccount. */
export type SubmitRefundDetailsInput = {
  /** A bank account to receive the refund; or give pix. */
  bankAccount?: BankAccountInput | null | undefined;
  /** The order's customer's CPF (11 digits or 000.000.000-00). Five wrong ones lock the link. */
  cpf: string;
  /** A PIX key to receive the refund; or give bankAccount. */
  pix?: PixKeyInput | null | undefined;
  /** The token from the link (<PUBLIC_URL>/refund/<token>). */
  token: string;
};

/** The offered substitute the customer accepts. */
export type SubstituteChoiceInput = {
  /** The short line (an OrderPageSubstituteOffer's orderLineId). */
  orderLineId: string;
  /** The substitute sku (an OrderPageSubstituteOffer's skuId). */
  skuId: string;
};

/** Why an input was refused. Stable values: integrations may switch on them. */
export type UserErrorCode =
  /** Part of the order already left with the carrier: it can no longer be cancelled (a return or claim handles it). */
  | 'ALREADY_SHIPPED'
  /** The e-mail is verified already: nothing to resend. */
  | 'ALREADY_VERIFIED'
  /** The shop does not let customers choose on their order page. */
  | 'CHOICE_NOT_ALLOWED'
  /** The coupon's validity has ended. */
  | 'COUPON_EXPIRED'
  /** No such coupon in this shop (another shop's code is refused the same way). */
  | 'COUPON_NOT_FOUND'
  /** The coupon was already used by another order. */
  | 'COUPON_USED'
  /** A CPF that is valid but not the order's customer's: counts one of the refund link's five attempts. */
  | 'CPF_MISMATCH'
  /** A credit note for more than is left to credit on its order (the order's total minus the credit notes already issued on it). */
  | 'CREDIT_EXCEEDS_PAID'
  /** The shop has taken orders: its amounts are in minor units of its currency, which can no longer change. */
  | 'CURRENCY_LOCKED'
  /** The customer chose on their order page first: the shop can no longer resolve the order. */
  | 'CUSTOMER_CHOSE'
  /** A refund to the customer, but the order has no customer CPF to confirm the refund link with. */
  | 'CUSTOMER_CPF_MISSING'
  /** The discount, with a coupon's, would be more than subtotal + shipping. */
  | 'DISCOUNT_EXCEEDS_SUBTOTAL'
  /** Another sku of the shop already has this code (or the code appears twice in one call or file). */
  | 'DUPLICATE_CODE'
  /** The same sku on more than one line of an order: put the total quantity on one line. */
  | 'DUPLICATE_SKU'
  /** A verification link for an address the account no longer has. */
  | 'EMAIL_CHANGED'
  /** The caller must confirm their own e-mail first (the link sent at sign-up; resendVerificationEmail). */
  | 'EMAIL_NOT_VERIFIED'
  /** Someone already has an account with this e-mail (sign-up). */
  | 'EMAIL_TAKEN'
  /** An order without lines. */
  | 'EMPTY_ORDER'
  /** A claim for more units of a line than were delivered and are not already claimed missing or returned. */
  | 'EXCEEDS_DELIVERED'
  /** A return of more units of a line than were delivered and are not yet returned or claimed missing. */
  | 'EXCEEDS_RETURNABLE'
  /** More units of a line than it has allocated and not yet shipped. */
  | 'EXCEEDS_UNSHIPPED'
  /** Another call with this idempotencyKey is still running (it was waited for 5 s); nothing was done: retry in a moment to get its answer. */
  | 'IDEMPOTENCY_KEY_IN_PROGRESS'
  /** The idempotencyKey was already used, within 24 hours, for the same operation with a different input; nothing was done. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The call with this idempotencyKey was done once, but its answer was not kept: too large (over 60 kB compressed, e.g. a 1,000-sku upsert selecting every field), or the call failed or the server stopped after its change was committed. Nothing was done again: read the result with a query. */
  | 'IDEMPOTENT_ANSWER_NOT_KEPT'
  /** applySkuImport with a file whose preview has errors: fix them first. */
  | 'IMPORT_HAS_ERRORS'
  /** Not enough stock: the change would take on hand below what is allocated, or the substitute no longer has the units. */
  | 'INSUFFICIENT_STOCK'
  /** The account number or its check digit does not pass the bank's rule. */
  | 'INVALID_BANK_ACCOUNT'
  /** A barcode that is not a GTIN-8, -12, -13 or -14 with a valid check digit. */
  | 'INVALID_BARCODE'
  /** Not a valid CPF (11 digits or 000.000.000-00, with valid check digits). */
  | 'INVALID_CPF'
  /** The e-mail and password do not match an account (login), or the current password is wrong (changePassword). */
  | 'INVALID_CREDENTIALS'
  /** Not a valid CPF or CNPJ. */
  | 'INVALID_DOCUMENT'
  /** Not a valid e-mail address (or, when inviting, one that already has an account). */
  | 'INVALID_EMAIL'
  /** The value is not in the expected form (e.g. it holds control characters, or is not a well-formed id, date, phone or code). */
  | 'INVALID_FORMAT'
  /** Not a valid PIX key of the given type. */
  | 'INVALID_PIX_KEY'
  /** A postal code that is not valid for the address's country (CEP: 00000-000; Poland: 00-000). */
  | 'INVALID_POSTAL_CODE'
  /** A state or region that is not one of the country's (in Brazil: a UF such as SP). */
  | 'INVALID_REGION'
  /** A tracking code the carrier does not issue (the message says how its codes look). */
  | 'INVALID_TRACKING_CODE'
  /** The object is not in a state that allows this (e.g. cancelling a DELIVERED order): nothing changed. */
  | 'INVALID_TRANSITION'
  /** Not an absolute http(s) URL. */
  | 'INVALID_URL'
  /** A substitute was offered for, or put on, a line that is not short of stock. */
  | 'LINE_NOT_SHORT'
  /** The link is out of date; the shop can send a new one. */
  | 'LINK_EXPIRED'
  /** A link whose token is unknown here (mistyped, cut short or forged). */
  | 'LINK_INVALID'
  /** The refund link locked after five wrong CPFs; the shop can send a new one. */
  | 'LINK_LOCKED'
  /** The link was already used (e.g. the refund's details are in). */
  | 'LINK_USED'
  /** The shop resolved the order first: the customer can no longer choose. */
  | 'MERCHANT_RESOLVED'
  /** A CSV header without a required column. */
  | 'MISSING_COLUMN'
  /** An amount (shipping, discount) below zero. */
  | 'NEGATIVE_AMOUNT'
  /** Shipping what is available of an order that has nothing allocated: cancel it instead. */
  | 'NOTHING_ALLOCATED'
  /** The order has no allocated unit left to ship. */
  | 'NOTHING_TO_SHIP'
  /** No such object in your shop (another shop's objects look the same as missing ones). */
  | 'NOT_FOUND'
  /** A number or length outside what the field allows (the message states the range). */
  | 'OUT_OF_RANGE'
  /** A refund to the merchant, but the shop has no payout account on file (setPayoutAccount). */
  | 'PAYOUT_ACCOUNT_MISSING'
  /** A required value is missing or empty. */
  | 'REQUIRED'
  /** A return for regret after the legal window (7 days from delivery for Brazilian shops, CDC art. 49; 14 days otherwise): the message gives the dates. */
  | 'RETURN_WINDOW_CLOSED'
  /** The substitute is the line's own sku. */
  | 'SAME_SKU'
  /** Sign-up is closed on this server (SIGNUP=false): an operator creates shops with `npm run shop:create`. */
  | 'SIGNUP_CLOSED'
  /** The sku is archived: it takes no new orders (unarchiveSku brings it back). */
  | 'SKU_ARCHIVED'
  /** Only a signed-in staff user may do this (not an API key). */
  | 'STAFF_ONLY'
  /** The change would take a sku's stock on hand past 1,000,000,000 units (the message says how much room is left). */
  | 'STOCK_LIMIT_EXCEEDED'
  /** The customer chose a substitute the merchant did not offer for this line. */
  | 'SUBSTITUTE_NOT_OFFERED'
  /** Too many attempts (login, public refund link or order page): the message, and `retryAfterSeconds` where the payload has it, say how long to wait. */
  | 'THROTTLED'
  /** More items in one call than the operation takes (the message states the limit). */
  | 'TOO_MANY_ITEMS'
  /** More substitutes than a line may be offered (5). */
  | 'TOO_MANY_SUBSTITUTES'
  /** In a bulk resolution's refusals: that order failed for an unexpected reason (logged on the server) and nothing of it changed; try it alone. */
  | 'UNEXPECTED_FAILURE'
  /** No Brazilian bank with this code. */
  | 'UNKNOWN_BANK'
  /** A CSV column the import does not know. */
  | 'UNKNOWN_COLUMN'
  /** An order line names a sku code your shop does not have. */
  | 'UNKNOWN_SKU'
  /** A webhook URL that is not http(s), or whose host resolves to a loopback, private, link-local or otherwise internal address (the SSRF guard; WEBHOOKS_ALLOW_PRIVATE=true lifts it on a test installation). */
  | 'UNSAFE_URL';

export type OrderPageClaimFieldsFragment = { claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> };

export type ReportMissingItemsOnOrderPageMutationVariables = Exact<{
  input: ReportMissingItemsOnOrderPageInput;
}>;


export type ReportMissingItemsOnOrderPageMutation = { reportMissingItemsOnOrderPage: { refundLink: string | null, retryAfterSeconds: number | null, orderPage: { shopName: string, orderNumber: number, status: OrderStatus, placedAt: string, locale: string, expectedRestockOn: string | null, resolvedBy: ResolvedBy | null, customersMayChoose: boolean, total: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, allocated: number, short: number, cancelled: number, shipped: number, expectedOn: string | null }>, shipTo: { city: string, region: string | null, postalCode: string, country: string } | null, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null, shippedAt: string, deliveredAt: string | null, items: Array<{ name: string, quantity: number }> }>, refunds: Array<{ status: RefundStatus, amount: { amount: number, currency: string } }>, choices: Array<{ resolution: Resolution, refundAmount: { amount: number, currency: string } }>, returns: Array<{ status: ReturnStatus, instructions: string | null, refusalMessage: string | null, settlement: ReturnSettlement | null, requestedAt: string, lines: Array<{ name: string, quantity: number, reason: ReturnReason }> }>, returnOptions: { regretOpen: boolean, regretWindowDays: number, regretUntil: string | null, lines: Array<{ orderLineId: string, name: string, returnable: number }> }, substituteOffers: Array<{ orderLineId: string, lineName: string, quantity: number, skuId: string, name: string, unitPrice: { amount: number, currency: string }, refundAmount: { amount: number, currency: string } }>, claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> } | null, userErrors: Array<{ field: string | null, code: UserErrorCode, message: string }> } };

export type ChooseClaimOutcomeMutationVariables = Exact<{
  input: ChooseClaimOutcomeInput;
}>;


export type ChooseClaimOutcomeMutation = { chooseClaimOutcome: { refundLink: string | null, retryAfterSeconds: number | null, orderPage: { shopName: string, orderNumber: number, status: OrderStatus, placedAt: string, locale: string, expectedRestockOn: string | null, resolvedBy: ResolvedBy | null, customersMayChoose: boolean, total: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, allocated: number, short: number, cancelled: number, shipped: number, expectedOn: string | null }>, shipTo: { city: string, region: string | null, postalCode: string, country: string } | null, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null, shippedAt: string, deliveredAt: string | null, items: Array<{ name: string, quantity: number }> }>, refunds: Array<{ status: RefundStatus, amount: { amount: number, currency: string } }>, choices: Array<{ resolution: Resolution, refundAmount: { amount: number, currency: string } }>, returns: Array<{ status: ReturnStatus, instructions: string | null, refusalMessage: string | null, settlement: ReturnSettlement | null, requestedAt: string, lines: Array<{ name: string, quantity: number, reason: ReturnReason }> }>, returnOptions: { regretOpen: boolean, regretWindowDays: number, regretUntil: string | null, lines: Array<{ orderLineId: string, name: string, returnable: number }> }, substituteOffers: Array<{ orderLineId: string, lineName: string, quantity: number, skuId: string, name: string, unitPrice: { amount: number, currency: string }, refundAmount: { amount: number, currency: string } }>, claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> } | null, userErrors: Array<{ field: string | null, code: UserErrorCode, message: string }> } };

export type OrderPageFieldsFragment = { shopName: string, orderNumber: number, status: OrderStatus, placedAt: string, locale: string, expectedRestockOn: string | null, resolvedBy: ResolvedBy | null, customersMayChoose: boolean, total: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, allocated: number, short: number, cancelled: number, shipped: number, expectedOn: string | null }>, shipTo: { city: string, region: string | null, postalCode: string, country: string } | null, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null, shippedAt: string, deliveredAt: string | null, items: Array<{ name: string, quantity: number }> }>, refunds: Array<{ status: RefundStatus, amount: { amount: number, currency: string } }>, choices: Array<{ resolution: Resolution, refundAmount: { amount: number, currency: string } }>, returns: Array<{ status: ReturnStatus, instructions: string | null, refusalMessage: string | null, settlement: ReturnSettlement | null, requestedAt: string, lines: Array<{ name: string, quantity: number, reason: ReturnReason }> }>, returnOptions: { regretOpen: boolean, regretWindowDays: number, regretUntil: string | null, lines: Array<{ orderLineId: string, name: string, returnable: number }> }, substituteOffers: Array<{ orderLineId: string, lineName: string, quantity: number, skuId: string, name: string, unitPrice: { amount: number, currency: string }, refundAmount: { amount: number, currency: string } }>, claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> };

export type OrderPageQueryVariables = Exact<{
  token: string;
}>;


export type OrderPageQuery = { orderPage: { shopName: string, orderNumber: number, status: OrderStatus, placedAt: string, locale: string, expectedRestockOn: string | null, resolvedBy: ResolvedBy | null, customersMayChoose: boolean, total: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, allocated: number, short: number, cancelled: number, shipped: number, expectedOn: string | null }>, shipTo: { city: string, region: string | null, postalCode: string, country: string } | null, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null, shippedAt: string, deliveredAt: string | null, items: Array<{ name: string, quantity: number }> }>, refunds: Array<{ status: RefundStatus, amount: { amount: number, currency: string } }>, choices: Array<{ resolution: Resolution, refundAmount: { amount: number, currency: string } }>, returns: Array<{ status: ReturnStatus, instructions: string | null, refusalMessage: string | null, settlement: ReturnSettlement | null, requestedAt: string, lines: Array<{ name: string, quantity: number, reason: ReturnReason }> }>, returnOptions: { regretOpen: boolean, regretWindowDays: number, regretUntil: string | null, lines: Array<{ orderLineId: string, name: string, returnable: number }> }, substituteOffers: Array<{ orderLineId: string, lineName: string, quantity: number, skuId: string, name: string, unitPrice: { amount: number, currency: string }, refundAmount: { amount: number, currency: string } }>, claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> } | null };

export type ChooseForOrderMutationVariables = Exact<{
  input: ChooseForOrderInput;
}>;


export type ChooseForOrderMutation = { chooseForOrder: { refundLink: string | null, retryAfterSeconds: number | null, orderPage: { shopName: string, orderNumber: number, status: OrderStatus, placedAt: string, locale: string, expectedRestockOn: string | null, resolvedBy: ResolvedBy | null, customersMayChoose: boolean, total: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, allocated: number, short: number, cancelled: number, shipped: number, expectedOn: string | null }>, shipTo: { city: string, region: string | null, postalCode: string, country: string } | null, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null, shippedAt: string, deliveredAt: string | null, items: Array<{ name: string, quantity: number }> }>, refunds: Array<{ status: RefundStatus, amount: { amount: number, currency: string } }>, choices: Array<{ resolution: Resolution, refundAmount: { amount: number, currency: string } }>, returns: Array<{ status: ReturnStatus, instructions: string | null, refusalMessage: string | null, settlement: ReturnSettlement | null, requestedAt: string, lines: Array<{ name: string, quantity: number, reason: ReturnReason }> }>, returnOptions: { regretOpen: boolean, regretWindowDays: number, regretUntil: string | null, lines: Array<{ orderLineId: string, name: string, returnable: number }> }, substituteOffers: Array<{ orderLineId: string, lineName: string, quantity: number, skuId: string, name: string, unitPrice: { amount: number, currency: string }, refundAmount: { amount: number, currency: string } }>, claimableLines: Array<{ orderLineId: string, name: string, claimable: number }>, claims: Array<{ id: string, number: number, status: ClaimStatus, outcome: ClaimOutcome | null, message: string | null, createdAt: string, choices: Array<ClaimOutcome>, items: Array<{ name: string, quantity: number }>, reshipment: { number: number, status: OrderStatus, shipments: Array<{ number: number, carrier: Carrier, carrierName: string, trackingCode: string, trackingUrl: string | null }> } | null }> } | null, userErrors: Array<{ field: string | null, code: UserErrorCode, message: string }> } };

export type RequestReturnFromOrderPageMutationVariables = Exact<{
  input: RequestReturnFromOrderPageInput;
}>;


export type RequestReturnFromOrderPageMutation = { requestReturnFromOrderPage: { retryAfterSeconds: number | null, return: { status: ReturnStatus } | null, userErrors: Array<{ field: string | null, code: UserErrorCode, message: string }> } };

export type BanksQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type BanksQuery = { banks: Array<{ code: string, name: string }> };

export type RefundRequestFieldsFragment = { shopName: string, orderNumber: number, status: RefundStatus, expiresAt: string, locale: string, amount: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, amount: { amount: number, currency: string } }> };

export type RefundRequestQueryVariables = Exact<{
  token: string;
}>;


export type RefundRequestQuery = { refundRequest: { shopName: string, orderNumber: number, status: RefundStatus, expiresAt: string, locale: string, amount: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, amount: { amount: number, currency: string } }> } | null };

export type SubmitRefundDetailsMutationVariables = Exact<{
  input: SubmitRefundDetailsInput;
}>;


export type SubmitRefundDetailsMutation = { submitRefundDetails: { attemptsLeft: number | null, retryAfterSeconds: number | null, refundRequest: { shopName: string, orderNumber: number, status: RefundStatus, expiresAt: string, locale: string, amount: { amount: number, currency: string }, lines: Array<{ name: string, quantity: number, amount: { amount: number, currency: string } }> } | null, userErrors: Array<{ field: string | null, code: UserErrorCode, message: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const OrderPageClaimFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}
    `, {"fragmentName":"OrderPageClaimFields"}) as unknown as TypedDocumentString<OrderPageClaimFieldsFragment, unknown>;
export const OrderPageFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderPageFields on OrderPage {
  shopName
  orderNumber
  status
  placedAt
  locale
  total {
    amount
    currency
  }
  expectedRestockOn
  lines {
    name
    quantity
    allocated
    short
    cancelled
    shipped
    expectedOn
  }
  shipTo {
    city
    region
    postalCode
    country
  }
  shipments {
    number
    carrier
    carrierName
    trackingCode
    trackingUrl
    shippedAt
    deliveredAt
    items {
      name
      quantity
    }
  }
  refunds {
    amount {
      amount
      currency
    }
    status
  }
  resolvedBy
  customersMayChoose
  choices {
    resolution
    refundAmount {
      amount
      currency
    }
  }
  ...OrderPageClaimFields
  returns {
    status
    instructions
    refusalMessage
    settlement
    requestedAt
    lines {
      name
      quantity
      reason
    }
  }
  returnOptions {
    regretOpen
    regretWindowDays
    regretUntil
    lines {
      orderLineId
      name
      returnable
    }
  }
  substituteOffers {
    orderLineId
    lineName
    quantity
    skuId
    name
    unitPrice {
      amount
      currency
    }
    refundAmount {
      amount
      currency
    }
  }
}
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}`, {"fragmentName":"OrderPageFields"}) as unknown as TypedDocumentString<OrderPageFieldsFragment, unknown>;
export const RefundRequestFieldsFragmentDoc = new TypedDocumentString(`
    fragment RefundRequestFields on RefundRequest {
  shopName
  orderNumber
  status
  expiresAt
  locale
  amount {
    amount
    currency
  }
  lines {
    name
    quantity
    amount {
      amount
      currency
    }
  }
}
    `, {"fragmentName":"RefundRequestFields"}) as unknown as TypedDocumentString<RefundRequestFieldsFragment, unknown>;
export const ReportMissingItemsOnOrderPageDocument = new TypedDocumentString(`
    mutation ReportMissingItemsOnOrderPage($input: ReportMissingItemsOnOrderPageInput!) {
  reportMissingItemsOnOrderPage(input: $input) {
    orderPage {
      ...OrderPageFields
    }
    refundLink
    userErrors {
      field
      code
      message
    }
    retryAfterSeconds
  }
}
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}
fragment OrderPageFields on OrderPage {
  shopName
  orderNumber
  status
  placedAt
  locale
  total {
    amount
    currency
  }
  expectedRestockOn
  lines {
    name
    quantity
    allocated
    short
    cancelled
    shipped
    expectedOn
  }
  shipTo {
    city
    region
    postalCode
    country
  }
  shipments {
    number
    carrier
    carrierName
    trackingCode
    trackingUrl
    shippedAt
    deliveredAt
    items {
      name
      quantity
    }
  }
  refunds {
    amount {
      amount
      currency
    }
    status
  }
  resolvedBy
  customersMayChoose
  choices {
    resolution
    refundAmount {
      amount
      currency
    }
  }
  ...OrderPageClaimFields
  returns {
    status
    instructions
    refusalMessage
    settlement
    requestedAt
    lines {
      name
      quantity
      reason
    }
  }
  returnOptions {
    regretOpen
    regretWindowDays
    regretUntil
    lines {
      orderLineId
      name
      returnable
    }
  }
  substituteOffers {
    orderLineId
    lineName
    quantity
    skuId
    name
    unitPrice {
      amount
      currency
    }
    refundAmount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<ReportMissingItemsOnOrderPageMutation, ReportMissingItemsOnOrderPageMutationVariables>;
export const ChooseClaimOutcomeDocument = new TypedDocumentString(`
    mutation ChooseClaimOutcome($input: ChooseClaimOutcomeInput!) {
  chooseClaimOutcome(input: $input) {
    orderPage {
      ...OrderPageFields
    }
    refundLink
    userErrors {
      field
      code
      message
    }
    retryAfterSeconds
  }
}
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}
fragment OrderPageFields on OrderPage {
  shopName
  orderNumber
  status
  placedAt
  locale
  total {
    amount
    currency
  }
  expectedRestockOn
  lines {
    name
    quantity
    allocated
    short
    cancelled
    shipped
    expectedOn
  }
  shipTo {
    city
    region
    postalCode
    country
  }
  shipments {
    number
    carrier
    carrierName
    trackingCode
    trackingUrl
    shippedAt
    deliveredAt
    items {
      name
      quantity
    }
  }
  refunds {
    amount {
      amount
      currency
    }
    status
  }
  resolvedBy
  customersMayChoose
  choices {
    resolution
    refundAmount {
      amount
      currency
    }
  }
  ...OrderPageClaimFields
  returns {
    status
    instructions
    refusalMessage
    settlement
    requestedAt
    lines {
      name
      quantity
      reason
    }
  }
  returnOptions {
    regretOpen
    regretWindowDays
    regretUntil
    lines {
      orderLineId
      name
      returnable
    }
  }
  substituteOffers {
    orderLineId
    lineName
    quantity
    skuId
    name
    unitPrice {
      amount
      currency
    }
    refundAmount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<ChooseClaimOutcomeMutation, ChooseClaimOutcomeMutationVariables>;
export const OrderPageDocument = new TypedDocumentString(`
    query OrderPage($token: String!) {
  orderPage(token: $token) {
    ...OrderPageFields
  }
}
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}
fragment OrderPageFields on OrderPage {
  shopName
  orderNumber
  status
  placedAt
  locale
  total {
    amount
    currency
  }
  expectedRestockOn
  lines {
    name
    quantity
    allocated
    short
    cancelled
    shipped
    expectedOn
  }
  shipTo {
    city
    region
    postalCode
    country
  }
  shipments {
    number
    carrier
    carrierName
    trackingCode
    trackingUrl
    shippedAt
    deliveredAt
    items {
      name
      quantity
    }
  }
  refunds {
    amount {
      amount
      currency
    }
    status
  }
  resolvedBy
  customersMayChoose
  choices {
    resolution
    refundAmount {
      amount
      currency
    }
  }
  ...OrderPageClaimFields
  returns {
    status
    instructions
    refusalMessage
    settlement
    requestedAt
    lines {
      name
      quantity
      reason
    }
  }
  returnOptions {
    regretOpen
    regretWindowDays
    regretUntil
    lines {
      orderLineId
      name
      returnable
    }
  }
  substituteOffers {
    orderLineId
    lineName
    quantity
    skuId
    name
    unitPrice {
      amount
      currency
    }
    refundAmount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<OrderPageQuery, OrderPageQueryVariables>;
export const ChooseForOrderDocument = new TypedDocumentString(`
    mutation ChooseForOrder($input: ChooseForOrderInput!) {
  chooseForOrder(input: $input) {
    orderPage {
      ...OrderPageFields
    }
    refundLink
    userErrors {
      field
      code
      message
    }
    retryAfterSeconds
  }
}
    fragment OrderPageClaimFields on OrderPage {
  claimableLines {
    orderLineId
    name
    claimable
  }
  claims {
    id
    number
    status
    outcome
    message
    createdAt
    items {
      name
      quantity
    }
    choices
    reshipment {
      number
      status
      shipments {
        number
        carrier
        carrierName
        trackingCode
        trackingUrl
      }
    }
  }
}
fragment OrderPageFields on OrderPage {
  shopName
  orderNumber
  status
  placedAt
  locale
  total {
    amount
    currency
  }
  expectedRestockOn
  lines {
    name
    quantity
    allocated
    short
    cancelled
    shipped
    expectedOn
  }
  shipTo {
    city
    region
    postalCode
    country
  }
  shipments {
    number
    carrier
    carrierName
    trackingCode
    trackingUrl
    shippedAt
    deliveredAt
    items {
      name
      quantity
    }
  }
  refunds {
    amount {
      amount
      currency
    }
    status
  }
  resolvedBy
  customersMayChoose
  choices {
    resolution
    refundAmount {
      amount
      currency
    }
  }
  ...OrderPageClaimFields
  returns {
    status
    instructions
    refusalMessage
    settlement
    requestedAt
    lines {
      name
      quantity
      reason
    }
  }
  returnOptions {
    regretOpen
    regretWindowDays
    regretUntil
    lines {
      orderLineId
      name
      returnable
    }
  }
  substituteOffers {
    orderLineId
    lineName
    quantity
    skuId
    name
    unitPrice {
      amount
      currency
    }
    refundAmount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<ChooseForOrderMutation, ChooseForOrderMutationVariables>;
export const RequestReturnFromOrderPageDocument = new TypedDocumentString(`
    mutation RequestReturnFromOrderPage($input: RequestReturnFromOrderPageInput!) {
  requestReturnFromOrderPage(input: $input) {
    return {
      status
    }
    userErrors {
      field
      code
      message
    }
    retryAfterSeconds
  }
}
    `) as unknown as TypedDocumentString<RequestReturnFromOrderPageMutation, RequestReturnFromOrderPageMutationVariables>;
export const BanksDocument = new TypedDocumentString(`
    query Banks($search: String) {
  banks(search: $search) {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<BanksQuery, BanksQueryVariables>;
export const RefundRequestDocument = new TypedDocumentString(`
    query RefundRequest($token: String!) {
  refundRequest(token: $token) {
    ...RefundRequestFields
  }
}
    fragment RefundRequestFields on RefundRequest {
  shopName
  orderNumber
  status
  expiresAt
  locale
  amount {
    amount
    currency
  }
  lines {
    name
    quantity
    amount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<RefundRequestQuery, RefundRequestQueryVariables>;
export const SubmitRefundDetailsDocument = new TypedDocumentString(`
    mutation SubmitRefundDetails($input: SubmitRefundDetailsInput!) {
  submitRefundDetails(input: $input) {
    refundRequest {
      ...RefundRequestFields
    }
    userErrors {
      field
      code
      message
    }
    attemptsLeft
    retryAfterSeconds
  }
}
    fragment RefundRequestFields on RefundRequest {
  shopName
  orderNumber
  status
  expiresAt
  locale
  amount {
    amount
    currency
  }
  lines {
    name
    quantity
    amount {
      amount
      currency
    }
  }
}`) as unknown as TypedDocumentString<SubmitRefundDetailsMutation, SubmitRefundDetailsMutationVariables>;