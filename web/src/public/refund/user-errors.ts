/**
 * The server's userErrors in the page's language. A known code has our own text; a code this
 * build does not know shows the server's message, which is in English (marked so: `lang`).
 */
import type { SubmitRefundDetailsMutation } from "../../generated/public";
import type { Translator } from "../shared/i18n";

/**
 * A userError as the page keeps it, with what the payload says beside it: the CPF attempts left
 * (CPF_MISMATCH) and the seconds to wait (THROTTLED).
 */
export type UserError = SubmitRefundDetailsMutation["submitRefundDetails"]["userErrors"][number] & {
  attemptsLeft?: number | null;
  retryAfterSeconds?: number | null;
};

/** A CPF_MISMATCH that used the last attempt: the link is now locked. */
export const lockedByMismatch = (error: UserError) => error.code === "CPF_MISMATCH" && error.attemptsLeft === 0;

/** A text to show, and its language when it is not the page's. */
export type Message = { text: string; lang?: string };

/** The form's fields, named as the server names them in userErrors[].field. */
export const FIELDS = [
  "cpf",
  "pix.keyType",
  "pix.key",
  "bankAccount.bankCode",
  "bankAccount.branch",
  "bankAccount.account",
  "bankAccount.accountType",
  "bankAccount.holderName",
  "bankAccount.holderDocument",
] as const;
export type FieldName = (typeof FIELDS)[number];

export const isFieldName = (field: string | null): field is FieldName => (FIELDS as readonly (string | null)[]).includes(field);

export function userErrorMessage(error: UserError, i18n: Translator): Message {
  const { t } = i18n;
  switch (error.code) {
    case "REQUIRED":
      return { text: error.field === "bankAccount.bankCode" ? t("error.bank.REQUIRED") : t("error.REQUIRED") };
    case "INVALID_CPF":
      return { text: t("error.INVALID_CPF") };
    case "CPF_MISMATCH": {
      const left = error.attemptsLeft ?? null;
      return { text: left === null ? t("error.CPF_MISMATCH") : i18n.plural("error.CPF_MISMATCH.left", left) };
    }
    case "INVALID_PIX_KEY":
      return { text: t("error.INVALID_PIX_KEY") };
    case "UNKNOWN_BANK":
      return { text: t("error.UNKNOWN_BANK") };
    case "INVALID_BANK_ACCOUNT":
      return { text: t("error.INVALID_BANK_ACCOUNT") };
    case "INVALID_DOCUMENT":
      return { text: t("error.INVALID_DOCUMENT") };
    case "THROTTLED": {
      const seconds = error.retryAfterSeconds ?? null;
      return { text: seconds === null ? t("error.THROTTLED.generic") : t("error.THROTTLED", { wait: i18n.wait(seconds) }) };
    }
    case "INVALID_FORMAT":
      if (error.field === "bankAccount.branch") return { text: t("error.branch.INVALID_FORMAT") };
      if (error.field === "bankAccount.account") return { text: t("error.account.INVALID_FORMAT") };
      if (error.field === "bankAccount.holderName") return { text: t("error.holderName.INVALID_FORMAT") };
      break;
    case "OUT_OF_RANGE":
      if (error.field === "bankAccount.holderName") return { text: t("error.holderName.OUT_OF_RANGE") };
      break;
  }
  return { text: error.message, lang: "en" };
}
