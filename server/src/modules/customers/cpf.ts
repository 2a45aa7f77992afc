import { isValidCpf, parseCpf } from "@brazilian-utils/brazilian-utils";

/** The two ways a CPF is written: eleven digits, or 000.000.000-00. Nothing else is a CPF. */
const CPF_FORMAT = /^(\d{11}|\d{3}\.\d{3}\.\d{3}-\d{2})$/;

/** The eleven digits of a CPF already checked with isCpfValid. */
export const normalizeCpf = (cpf: string): string => parseCpf(cpf.trim());

/**
 * Eleven digits or 000.000.000-00 (surrounding spaces aside), with matching check digits;
 * repeated digits like 111.111.111-11 are refused. Letters or other marks among the digits are
 * not a CPF, whatever digits they hide.
 */
export const isCpfValid = (cpf: string): boolean => CPF_FORMAT.test(cpf.trim()) && isValidCpf(cpf.trim());

/** How merchants see a CPF: `***.456.789-**`, enough to tell customers apart, not enough to misuse. */
export function maskCpf(cpf: string): string {
  const digits = cpf.replace(/\D/g, "");
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}
