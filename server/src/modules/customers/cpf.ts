import { isValidCpf } from "@brazilian-utils/brazilian-utils";

/** The eleven digits of a CPF, whatever punctuation it was typed with. */
export const normalizeCpf = (cpf: string): string => cpf.replace(/\D/g, "");

/** Check digits included; repeated digits like 111.111.111-11 are refused. */
export const isCpfValid = (cpf: string): boolean => normalizeCpf(cpf).length === 11 && isValidCpf(normalizeCpf(cpf));

/** How merchants see a CPF: `***.456.789-**`, enough to tell customers apart, not enough to misuse. */
export function maskCpf(cpf: string): string {
  const digits = normalizeCpf(cpf);
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}
