import { allValues } from "../../app/enum-values";
import type { BankAccountType, PayoutAccountInput, PixKeyType } from "../../generated/graphql";

export const PIX_KEY_TYPES = allValues<PixKeyType>()(["CPF", "CNPJ", "EMAIL", "PHONE", "RANDOM"]);
export const BANK_ACCOUNT_TYPES = allValues<BankAccountType>()(["CHECKING", "SAVINGS", "PAYMENT"]);

/** What the payout account form holds while the merchant types. */
export type PayoutAccountDraft = {
  kind: "PIX" | "BANK_ACCOUNT";
  pixKeyType: PixKeyType;
  pixKey: string;
  /** What the bank field shows: "001 - Banco do Brasil" once one is picked, or what is being typed. */
  bank: string;
  branch: string;
  account: string;
  accountType: BankAccountType;
  holderName: string;
  holderDocument: string;
};

export const EMPTY_PAYOUT_ACCOUNT: PayoutAccountDraft = {
  kind: "PIX",
  pixKeyType: "CNPJ",
  pixKey: "",
  bank: "",
  branch: "",
  account: "",
  accountType: "CHECKING",
  holderName: "",
  holderDocument: "",
};

/** The input fields the server names in its userErrors, as the form shows them. */
export type PayoutAccountField = "pix.key" | "bankAccount.bankCode" | "bankAccount.branch" | "bankAccount.account" | "bankAccount.holderName" | "bankAccount.holderDocument";
export const PAYOUT_ACCOUNT_FIELDS: readonly PayoutAccountField[] = [
  "pix.key",
  "bankAccount.bankCode",
  "bankAccount.branch",
  "bankAccount.account",
  "bankAccount.holderName",
  "bankAccount.holderDocument",
];

/** The bank's 3-digit code from the bank field ("001 - Banco do Brasil" or just "001"), or null. */
export const bankCodeOf = (bank: string): string | null => /^\s*(\d{3})\b/.exec(bank)?.[1] ?? null;

/**
 * The mutation input for a draft, and the fields left empty (the server checks the rest: check
 * digits, the bank's account rule, the key's format).
 */
export function payoutAccountInput(draft: PayoutAccountDraft): { input: PayoutAccountInput; missing: PayoutAccountField[] } {
  if (draft.kind === "PIX") {
    return { input: { pix: { keyType: draft.pixKeyType, key: draft.pixKey.trim() } }, missing: draft.pixKey.trim() ? [] : ["pix.key"] };
  }
  const bankAccount = {
    bankCode: bankCodeOf(draft.bank) ?? "",
    branch: draft.branch.trim(),
    account: draft.account.trim(),
    accountType: draft.accountType,
    holderName: draft.holderName.trim(),
    holderDocument: draft.holderDocument.trim(),
  };
  const missing: PayoutAccountField[] = [];
  if (!bankAccount.bankCode) missing.push("bankAccount.bankCode");
  if (!bankAccount.branch) missing.push("bankAccount.branch");
  if (!bankAccount.account) missing.push("bankAccount.account");
  if (!bankAccount.holderName) missing.push("bankAccount.holderName");
  if (!bankAccount.holderDocument) missing.push("bankAccount.holderDocument");
  return { input: { bankAccount }, missing };
}
