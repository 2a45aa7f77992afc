import { UserError, UserErrorCode, userError } from "../../infra/graphql/errors";
import { cleanLine } from "../../infra/text";

export const CODE_MAX = 64;
export const NAME_MAX = 200;
export const IMAGE_URL_MAX = 500;
/** The highest unit price a sku may have, in minor units (R$ 10.000.000,00), as for order amounts. */
export const PRICE_MAX = 1_000_000_000;

/**
 * True for a GTIN-8, -12 (UPC-A), -13 (EAN-13) or -14 whose last digit is the GS1 check digit:
 * from the right, the digits before it weigh 3, 1, 3, 1..., and the check digit brings the sum to a
 * multiple of 10. (No kept GTIN library is installed; this is the whole rule.)
 */
export function isValidGtin(value: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value)) return false;
  const digits = [...value].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** The fields of a sku as the catalogue writes them, validated. */
export interface SkuFields {
  code: string;
  name: string;
  price: number;
  barcode: string | null;
  imageUrl: string | null;
}

/** A sku's fields as given: undefined leaves a field as it is (updates), null clears barcode/imageUrl. */
export interface SkuFieldsInput {
  code?: string | null;
  name?: string | null;
  price?: number | null;
  barcode?: string | null;
  imageUrl?: string | null;
}

/** A one-line text: no control characters, 1 to `max` characters. */
function text(field: string, label: string, value: string, max: number, errors: UserError[]): string {
  const clean = cleanLine(value);
  if (clean === null) errors.push(userError(field, UserErrorCode.INVALID_FORMAT, `The sku's ${label} cannot contain control characters.`));
  else if (!clean) errors.push(userError(field, UserErrorCode.REQUIRED, `The sku's ${label} is required.`));
  else if (clean.length > max) errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `The sku's ${label} is at most ${max} characters.`));
  return clean ?? "";
}

export function validCode(field: string, value: string, errors: UserError[]): string {
  return text(field, "code", value, CODE_MAX, errors);
}

export function validName(field: string, value: string, errors: UserError[]): string {
  return text(field, "name", value, NAME_MAX, errors);
}

export function validPrice(field: string, value: number, errors: UserError[]): number {
  if (!Number.isInteger(value) || value < 0 || value > PRICE_MAX) {
    errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `price is a whole number of minor units from 0 to ${PRICE_MAX}.`));
  }
  return value;
}

/** Spaces and hyphens are ignored (barcodes are often printed grouped); empty means none. */
export function validBarcode(field: string, value: string | null, errors: UserError[]): string | null {
  const digits = (value ?? "").replace(/[\s-]/g, "");
  if (!digits) return null;
  if (!isValidGtin(digits)) {
    errors.push(userError(field, UserErrorCode.INVALID_BARCODE, "barcode must be a GTIN-8, 12, 13 or 14 (EAN/UPC) with a valid check digit."));
  }
  return digits;
}

/** http or https only, at most IMAGE_URL_MAX characters; empty means none. */
export function validImageUrl(field: string, value: string | null, errors: UserError[]): string | null {
  const raw = (value ?? "").trim();
  if (!raw) return null;
  if (raw.length > IMAGE_URL_MAX) {
    errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `imageUrl is at most ${IMAGE_URL_MAX} characters.`));
    return raw;
  }
  let url: URL | null = null;
  try {
    url = cleanLine(raw) === null ? null : new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    errors.push(userError(field, UserErrorCode.INVALID_FORMAT, "imageUrl must be an http:// or https:// address."));
  }
  return raw;
}

/** Every field of a new sku (or an upserted one), with errors named `${prefix}code` etc. */
export function validateSkuFields(input: SkuFieldsInput, prefix: string, errors: UserError[]): SkuFields {
  return {
    code: validCode(`${prefix}code`, input.code ?? "", errors),
    name: validName(`${prefix}name`, input.name ?? "", errors),
    price: validPrice(`${prefix}price`, input.price ?? Number.NaN, errors),
    barcode: validBarcode(`${prefix}barcode`, input.barcode ?? null, errors),
    imageUrl: validImageUrl(`${prefix}imageUrl`, input.imageUrl ?? null, errors),
  };
}
