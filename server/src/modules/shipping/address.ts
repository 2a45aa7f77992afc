import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { UserError, UserErrorCode, userError } from "../../infra/graphql/errors";
import { cleanLine } from "../../infra/text";

/** Where an order goes, as placeOrder takes it (every text is trimmed; empty means not given). */
export interface ShippingAddressFields {
  recipientName?: string | null;
  street: string;
  number?: string | null;
  complement?: string | null;
  district?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country?: string | null;
}

/** A shipping address that passed every check, normalised (CEP as 00000-000, country and UF upper case). */
export interface ShippingAddress {
  recipientName: string | null;
  street: string;
  number: string | null;
  complement: string | null;
  district: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

/** The 27 federative units of Brazil (26 states and the Federal District). */
export const BRAZILIAN_UFS = [
  "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB",
  "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
] as const;

/** Longest value of each text field (the columns' lengths). */
export const ADDRESS_LIMITS = {
  recipientName: 200,
  street: 200,
  number: 20,
  complement: 100,
  district: 100,
  city: 100,
  region: 100,
  postalCode: 16,
} as const;

/** The country a shop's addresses are in unless one says otherwise: by its currency, else its locale's region. */
export function defaultCountry(shopCurrency: string, shopLocale: string): string | null {
  if (shopCurrency === "BRL") return "BR";
  if (shopCurrency === "PLN") return "PL";
  const region = /^[a-z]{2,3}-([A-Z]{2})$/i.exec(shopLocale)?.[1];
  return region ? region.toUpperCase() : null;
}

/** A CEP in its written form, 00000-000 (it is valid, so it holds 8 digits). */
export function formatCep(cep: string): string {
  const digits = cep.replace(/\D/g, "");
  return `${digits.slice(0, 5)}-${digits.slice(5)}`;
}

/**
 * Checks a shipping address and normalises it; every problem found goes into `errors` with its
 * field under `prefix` (e.g. "shippingAddress.postalCode"). Postal codes are checked by
 * postcode-validator for the address's country; in Brazil the state must be a UF.
 */
export function validateShippingAddress(input: ShippingAddressFields, fallbackCountry: string | null, prefix: string, errors: UserError[]): ShippingAddress | null {
  const before = errors.length;
  const text = (key: keyof typeof ADDRESS_LIMITS | "country", required: boolean): string | null => {
    const field = `${prefix}.${key}`;
    const raw = input[key];
    if (raw === null || raw === undefined) {
      if (required) errors.push(userError(field, UserErrorCode.REQUIRED, `${field} is required.`));
      return null;
    }
    const cleaned = cleanLine(raw);
    if (cleaned === null) {
      errors.push(userError(field, UserErrorCode.INVALID_FORMAT, `${field} cannot contain control characters.`));
      return null;
    }
    if (!cleaned) {
      if (required) errors.push(userError(field, UserErrorCode.REQUIRED, `${field} is required.`));
      return null;
    }
    const limit = key === "country" ? 2 : ADDRESS_LIMITS[key];
    if (cleaned.length > limit) {
      errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `${field} is at most ${limit} characters.`));
      return null;
    }
    return cleaned;
  };
  const recipientName = text("recipientName", false);
  const street = text("street", true);
  const number = text("number", false);
  const complement = text("complement", false);
  const district = text("district", false);
  const city = text("city", true);
  let region = text("region", false);
  let postalCode = text("postalCode", true);
  const givenCountry = text("country", false);
  const country = (givenCountry ?? fallbackCountry)?.toUpperCase() ?? null;

  if (!country) {
    errors.push(userError(`${prefix}.country`, UserErrorCode.REQUIRED, `${prefix}.country is required (ISO 3166 alpha-2, e.g. BR).`));
  } else if (!/^[A-Z]{2}$/.test(country) || !postcodeValidatorExistsForCountry(country)) {
    errors.push(userError(`${prefix}.country`, UserErrorCode.INVALID_FORMAT, `"${country}" is not a country code we know (ISO 3166 alpha-2, e.g. BR or PL).`));
  } else {
    if (postalCode !== null) {
      if (!postcodeValidator(postalCode, country)) {
        const example = country === "BR" ? " (a CEP: 00000-000)" : country === "PL" ? " (00-000)" : "";
        errors.push(userError(`${prefix}.postalCode`, UserErrorCode.INVALID_POSTAL_CODE, `"${postalCode.slice(0, 16)}" is not a valid postal code for ${country}${example}.`));
      } else {
        postalCode = country === "BR" ? formatCep(postalCode) : postalCode.toUpperCase();
      }
    }
    if (country === "BR") {
      region = region?.toUpperCase() ?? null;
      if (region === null) errors.push(userError(`${prefix}.region`, UserErrorCode.REQUIRED, `${prefix}.region is required in Brazil: the state's UF, e.g. SP.`));
      else if (!(BRAZILIAN_UFS as readonly string[]).includes(region)) {
        errors.push(userError(`${prefix}.region`, UserErrorCode.INVALID_REGION, `"${region.slice(0, 20)}" is not a Brazilian state: write its UF, e.g. SP, RJ or MG.`));
      }
    }
  }
  if (errors.length > before) return null;
  return { recipientName, street: street!, number, complement, district, city: city!, region, postalCode: postalCode!, country: country! };
}
