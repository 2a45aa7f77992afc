/**
 * As-you-type masks for Brazilian documents and bank fields: the customer's refund form and the
 * merchant's payout account share them. The CPF, CNPJ and phone patterns are @brazilian-utils'
 * own formatters (they format partial values too: "52998" -> "529.98"); the bank fields, which it
 * has no formatter for, only keep the characters they may hold. Validation stays on the server.
 */
import { formatCnpj, formatCpf, formatPhone } from "@brazilian-utils/brazilian-utils";
import type { PixKeyType } from "../generated/public";

const digits = (value: string) => value.replace(/\D/g, "");

/** 000.000.000-00 */
export const maskCpf = (value: string) => formatCpf(digits(value).slice(0, 11));

/** 00.000.000/0000-00 */
export const maskCnpj = (value: string) => formatCnpj(digits(value).slice(0, 14));

/** CPF while it has up to 11 digits, CNPJ beyond: a holder may be a person or a company. */
export const maskCpfOrCnpj = (value: string) => (digits(value).length <= 11 ? maskCpf(value) : maskCnpj(value));

/** (00) 00000-0000; a pasted +55 is dropped (the server adds it back). */
export function maskPhone(value: string): string {
  let number = digits(value);
  if (number.length > 11 && number.startsWith("55")) number = number.slice(2);
  return formatPhone(number.slice(0, 11), { mask: "nanp" });
}

/** The mask of each PIX key type; e-mail and random keys are typed as they are. */
export const PIX_MASKS: Record<PixKeyType, ((value: string) => string) | null> = {
  CPF: maskCpf,
  CNPJ: maskCnpj,
  PHONE: maskPhone,
  EMAIL: null,
  RANDOM: null,
};

/** Branch: up to 5 digits. */
export const maskBranch = (value: string) => digits(value).slice(0, 5);

/**
 * Account and check digit as "12345-6": the last character typed is the check digit (a digit or
 * X, which some banks use), the ones before it the number (up to 13 digits).
 */
export function maskAccount(value: string): string {
  const chars = value.toUpperCase().replace(/[^\dX]/g, "");
  const check = chars.slice(-1);
  const number = chars.slice(0, -1).replace(/X/g, "").slice(0, 13);
  if (!number) return check === "X" ? "" : check;
  return `${number}-${check}`;
}

/** Whether a character is one the user typed (a digit or letter) rather than one a mask added. */
export const isTyped = (char: string) => /[\dA-Za-z]/.test(char);
