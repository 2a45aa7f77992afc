import { formatCnpj, formatCpf, getBanks, isValidBankAccount, isValidCnpj, isValidCpf, isValidPixKey, parseCpf } from "@brazilian-utils/brazilian-utils";
import { DataCipher, DataCipherError } from "../../infra/crypto/data-cipher";
import { UserError, UserErrorCode, userError } from "../../infra/graphql/errors";
import { cleanLine } from "../../infra/text";

/**
 * Where money is paid to: a PIX key or a Brazilian bank account. The rules live here once, for the
 * customer's refund details and the merchant's payout account alike: validation (always with
 * @brazilian-utils, never by hand), masking for views, and sealing into encrypted JSON.
 */
export enum PixKeyType {
  CPF = "CPF",
  CNPJ = "CNPJ",
  EMAIL = "EMAIL",
  PHONE = "PHONE",
  RANDOM = "RANDOM",
}

export enum BankAccountType {
  CHECKING = "CHECKING",
  SAVINGS = "SAVINGS",
  PAYMENT = "PAYMENT",
}

export interface PixKeyDetails {
  kind: "PIX";
  keyType: PixKeyType;
  key: string;
}

export interface BankAccountDetails {
  kind: "BANK_ACCOUNT";
  bankCode: string;
  bankName: string;
  branch: string;
  /** Account number without its check digit. */
  account: string;
  accountDigit: string;
  accountType: BankAccountType;
  holderName: string;
  /** Digits of the holder's CPF or CNPJ. */
  holderDocument: string;
}

export type PaymentDetails = PixKeyDetails | BankAccountDetails;

export interface PaymentDetailsInput {
  pix?: { keyType: PixKeyType; key: string } | null;
  bankAccount?: {
    bankCode: string;
    branch: string;
    account: string;
    accountType: BankAccountType;
    holderName: string;
    holderDocument: string;
  } | null;
}

const LIBRARY_PIX_TYPE = { CPF: "cpf", CNPJ: "cnpj", EMAIL: "email", PHONE: "phone", RANDOM: "evp" } as const;
const PIX_KEY_MAX = 77; // the longest DICT key: an e-mail of up to 77 characters
const HOLDER_NAME_MAX = 120;
export const BANK_SEARCH_LIMIT = 20;

const digitsOf = (value: string) => value.replace(/\D/g, "");

/** The bank of a COMPE code, from the Banco Central list @brazilian-utils ships. */
export const findBank = (code: string) => getBanks().find((b) => b.code === code) ?? null;

/** Banks whose name or code contains `search` (accents and case ignored), at most BANK_SEARCH_LIMIT. */
export function searchBanks(search: string | null | undefined, limit = BANK_SEARCH_LIMIT): Array<{ code: string; name: string }> {
  const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const wanted = fold((search ?? "").trim()).slice(0, 100);
  return getBanks()
    .filter((b) => !wanted || b.code.includes(wanted) || fold(b.name).includes(wanted))
    .slice(0, limit)
    .map((b) => ({ code: b.code, name: b.name }));
}

/**
 * Checks payment details given as exactly one of `pix` or `bankAccount`. Errors name their field
 * under `prefix` ("pix.key", "bankAccount.account", ...). Never echoes the values.
 */
export function validatePaymentDetails(input: PaymentDetailsInput): { details: PaymentDetails | null; errors: UserError[] } {
  const { pix, bankAccount } = input;
  if (pix && bankAccount) return { details: null, errors: [userError(null, UserErrorCode.INVALID_FORMAT, "Give either a PIX key or a bank account, not both.")] };
  if (!pix && !bankAccount) return { details: null, errors: [userError(null, UserErrorCode.REQUIRED, "Give a PIX key or a bank account.")] };
  return pix ? validatePix(pix) : validateBankAccount(bankAccount!);
}

function validatePix(pix: NonNullable<PaymentDetailsInput["pix"]>): { details: PaymentDetails | null; errors: UserError[] } {
  const key = pix.key.trim();
  if (!key || key.length > PIX_KEY_MAX || !isValidPixKey(key, { accept: [LIBRARY_PIX_TYPE[pix.keyType]] })) {
    return { details: null, errors: [userError("pix.key", UserErrorCode.INVALID_PIX_KEY, `This is not a valid PIX key of type ${pix.keyType}.`)] };
  }
  // Stored the way the key is registered: digits for documents, lower case for e-mails and random keys.
  const normalized =
    pix.keyType === PixKeyType.CPF || pix.keyType === PixKeyType.CNPJ
      ? digitsOf(key)
      : pix.keyType === PixKeyType.PHONE
        ? `+55${digitsOf(key).replace(/^55(?=\d{11}$)/, "")}`
        : key.toLowerCase();
  return { details: { kind: "PIX", keyType: pix.keyType, key: normalized }, errors: [] };
}

function validateBankAccount(input: NonNullable<PaymentDetailsInput["bankAccount"]>): { details: PaymentDetails | null; errors: UserError[] } {
  const errors: UserError[] = [];
  const bank = /^\d{3}$/.test(input.bankCode.trim()) ? findBank(input.bankCode.trim()) : null;
  if (!bank) errors.push(userError("bankAccount.bankCode", UserErrorCode.UNKNOWN_BANK, "No bank with this code in the Banco Central list."));
  // The branch may be written with its own check digit ("1234-5"); the account check does not use it.
  const branchMatch = /^(\d{1,5})(?:-[\dxX])?$/.exec(input.branch.trim());
  if (!branchMatch) errors.push(userError("bankAccount.branch", UserErrorCode.INVALID_FORMAT, "The branch is 1 to 5 digits."));
  // The account with its check digit: "12345-6", or digits whose last one is the check digit.
  const rawAccount = input.account.trim().replace(/[.\s]/g, "");
  const account = /^(\d{1,13})-([\dXP]{1,2})$/i.exec(rawAccount) ?? /^(\d{1,13})([\dXP])$/i.exec(rawAccount);
  if (!account) errors.push(userError("bankAccount.account", UserErrorCode.INVALID_FORMAT, "The account is its number and check digit, e.g. 12345-6."));
  const holderName = cleanLine(input.holderName ?? "");
  if (holderName === null) errors.push(userError("bankAccount.holderName", UserErrorCode.INVALID_FORMAT, "The holder's name holds a control character."));
  else if (!holderName) errors.push(userError("bankAccount.holderName", UserErrorCode.REQUIRED, "Give the account holder's name."));
  else if (holderName.length > HOLDER_NAME_MAX) errors.push(userError("bankAccount.holderName", UserErrorCode.OUT_OF_RANGE, `At most ${HOLDER_NAME_MAX} characters.`));
  const document = input.holderDocument.trim();
  if (!(isValidCpf(document) || isValidCnpj(document)) || !/^[\d.\-/]+$/.test(document)) {
    errors.push(userError("bankAccount.holderDocument", UserErrorCode.INVALID_DOCUMENT, "The holder's document must be a valid CPF or CNPJ."));
  }
  if (bank && branchMatch && account && !isValidBankAccount({ bankCode: bank.code, agency: branchMatch[1]!, account: account[1]!, digit: account[2]!.toUpperCase() })) {
    errors.push(userError("bankAccount.account", UserErrorCode.INVALID_BANK_ACCOUNT, `The account or its check digit is not valid for bank ${bank.code}.`));
  }
  if (errors.length) return { details: null, errors };
  return {
    details: {
      kind: "BANK_ACCOUNT",
      bankCode: bank!.code,
      bankName: bank!.name,
      branch: branchMatch![1]!,
      account: account![1]!,
      accountDigit: account![2]!.toUpperCase(),
      accountType: input.accountType,
      holderName: holderName!,
      holderDocument: digitsOf(document),
    },
    errors: [],
  };
}

/** A CPF as digits (for comparing), or null when it is not a valid CPF. */
export const cpfDigits = (value: string): string | null => (/^[\d.\-\s]+$/.test(value.trim()) && isValidCpf(value.trim()) ? parseCpf(value.trim()) : null);

const maskDocument = (digits: string) =>
  digits.length === 11 ? `***.***.${digits.slice(6, 9)}-**` : `**.***.***/${digits.slice(8, 12)}-**`;

/** `ana***@***.com`: enough to recognise an address, not to write to it. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const tld = domain.includes(".") ? domain.slice(domain.lastIndexOf(".")) : "";
  return `${local.slice(0, 3)}***@***${tld}`;
}

/** How the merchant sees a destination: enough to recognise it, not enough to misuse it. */
export function maskPaymentDetails(details: PaymentDetails): string {
  if (details.kind === "PIX") {
    switch (details.keyType) {
      case PixKeyType.CPF:
      case PixKeyType.CNPJ:
        return `PIX ${details.keyType} ${maskDocument(details.key)}`;
      case PixKeyType.EMAIL:
        return `PIX EMAIL ${maskEmail(details.key)}`;
      case PixKeyType.PHONE:
        return `PIX PHONE ****-${details.key.slice(-4)}`;
      case PixKeyType.RANDOM:
        return `PIX RANDOM ****${details.key.slice(-4)}`;
    }
  }
  return `${details.bankCode} ${details.accountType} ****-${details.accountDigit}`;
}

/** Encrypted JSON of the details, bound to `context` (e.g. "refund:42:payout-details"). */
export const sealPaymentDetails = (cipher: DataCipher, details: PaymentDetails, context: string): string => cipher.encrypt(JSON.stringify(details), context);

/**
 * The details sealed by sealPaymentDetails, in full: only for whoever sends the money (the payout
 * export). Throws a DataCipherError, whose message and reason never hold the value, when they cannot
 * be read.
 */
export function openPaymentDetails(cipher: DataCipher, sealed: string, context: string): PaymentDetails {
  const plaintext = cipher.decrypt(sealed, context);
  try {
    return JSON.parse(plaintext) as PaymentDetails;
  } catch {
    // JSON.parse quotes the text it choked on: never let that reach an error or a log.
    throw new DataCipherError("Decrypted payment details are not JSON", "MALFORMED");
  }
}

const formatDocument = (digits: string) => (digits.length === 11 ? formatCpf(digits) : formatCnpj(digits));

/**
 * The details in full, as a person at the bank types them: "PIX EMAIL ana@example.com", "PIX CPF
 * 529.982.247-25", or "Banco 001 ag 1234 conta 12345-6 CHECKING, Ana Lima, CPF 529.982.247-25".
 */
export function paymentDetailsForPayout(details: PaymentDetails): string {
  if (details.kind === "PIX") {
    const key = details.keyType === PixKeyType.CPF || details.keyType === PixKeyType.CNPJ ? formatDocument(details.key) : details.key;
    return `PIX ${details.keyType} ${key}`;
  }
  const documentType = details.holderDocument.length === 11 ? "CPF" : "CNPJ";
  return `Banco ${details.bankCode} ag ${details.branch} conta ${details.account}-${details.accountDigit} ${details.accountType}, ${details.holderName}, ${documentType} ${formatDocument(details.holderDocument)}`;
}

