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

/** Why an input was refused. Stable values: integrations may switch on them. */
export type UserErrorCode =
  | 'COUPON_EXPIRED'
  | 'COUPON_NOT_FOUND'
  | 'COUPON_USED'
  | 'CPF_MISMATCH'
  | 'CUSTOMER_CPF_MISSING'
  | 'DISCOUNT_EXCEEDS_SUBTOTAL'
  | 'DUPLICATE_SKU'
  | 'EMPTY_ORDER'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_BANK_ACCOUNT'
  | 'INVALID_CPF'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_DOCUMENT'
  | 'INVALID_EMAIL'
  | 'INVALID_FORMAT'
  | 'INVALID_PIX_KEY'
  | 'INVALID_TRANSITION'
  | 'LINE_NOT_SHORT'
  | 'LINK_EXPIRED'
  | 'LINK_LOCKED'
  | 'LINK_USED'
  | 'NEGATIVE_AMOUNT'
  | 'NOTHING_ALLOCATED'
  | 'NOT_FOUND'
  | 'OUT_OF_RANGE'
  | 'PAYOUT_ACCOUNT_MISSING'
  | 'REQUIRED'
  | 'SAME_SKU'
  | 'STAFF_ONLY'
  | 'STOCK_LIMIT_EXCEEDED'
  | 'SUBSTITUTE_NOT_OFFERED'
  | 'THROTTLED'
  | 'TOO_MANY_SUBSTITUTES'
  | 'UNKNOWN_BANK'
  | 'UNKNOWN_SKU';

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