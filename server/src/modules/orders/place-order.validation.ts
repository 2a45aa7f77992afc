import { createHash } from "node:crypto";
import { isValidEmail } from "@brazilian-utils/brazilian-utils";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { CustomerDetails } from "../customers/customer.service";
import { isCpfValid, normalizeCpf } from "../customers/cpf";
import { cleanFreeText, cleanLine } from "../../infra/text";
import { SUPPORTED_LOCALES } from "../shops/shop.service";
import { defaultCountry, ShippingAddress, validateShippingAddress } from "../shipping/address";
import { OrderSource } from "./order.entity";
import { PlaceOrderInput } from "./order.types";

export const MAX_LINE_QUANTITY = 10_000;
export const MAX_LINES = 100;
/** Money columns are 32-bit; no single amount may come near their limit. */
export const MAX_AMOUNT = 1_000_000_000;

/** A placeOrder input that passed every check, normalised. */
export interface ValidOrderInput {
  customer: CustomerDetails;
  lines: Array<{ skuCode: string; quantity: number }>;
  shipping: number;
  discount: number;
  source: OrderSource;
  externalReference: string | null;
  idempotencyKey: string | null;
  /** Upper case, trimmed; null when none was given. */
  couponCode: string | null;
  /** Normalised; null when none was given. */
  shippingAddress: ShippingAddress | null;
  /** SHA-256 of the normalised input: the same key must come with the same order. */
  fingerprint: string;
}

/** Checks everything that can be checked without the database; throws UserInputError with every problem found. */
export function validatePlaceOrder(input: PlaceOrderInput, shopLocale: string, shopCurrency: string): ValidOrderInput {
  const errors: UserError[] = [];
  // Every text goes through cleanLine: trimmed, NFC, and refused when it holds a control character
  // (the checks below then look at it without them, so each problem is reported once).
  const line = (field: string, value: string | null | undefined): string | null => {
    if (value === null || value === undefined) return null;
    const cleaned = cleanLine(value);
    if (cleaned !== null) return cleaned || null;
    errors.push(userError(field, UserErrorCode.INVALID_FORMAT, `${field} cannot contain control characters (such as NUL, ESC or bidirectional overrides).`));
    return cleanFreeText(value) || null;
  };
  const name = line("customer.name", input.customer.name) ?? "";
  const email = (line("customer.email", input.customer.email) ?? "").toLowerCase();
  const cpf = line("customer.cpf", input.customer.cpf);
  const phone = line("customer.phone", input.customer.phone);
  const locale = line("customer.locale", input.customer.locale) ?? shopLocale;

  if (!name) errors.push(userError("customer.name", UserErrorCode.REQUIRED, "The customer's name is required."));
  else if (name.length > 200) errors.push(userError("customer.name", UserErrorCode.OUT_OF_RANGE, "The customer's name is at most 200 characters."));
  if (!email) errors.push(userError("customer.email", UserErrorCode.REQUIRED, "The customer's e-mail is required."));
  else if (email.length > 254 || !isValidEmail(email)) {
    errors.push(userError("customer.email", UserErrorCode.INVALID_EMAIL, `"${email.slice(0, 60)}" is not a valid e-mail address.`));
  }
  // The CPF itself is personal data: the message never repeats it.
  if (cpf !== null && !isCpfValid(cpf)) {
    errors.push(userError("customer.cpf", UserErrorCode.INVALID_CPF, "The CPF is not valid: write it as 11 digits or 000.000.000-00, with matching check digits."));
  }
  if (phone !== null && phone.length > 32) errors.push(userError("customer.phone", UserErrorCode.OUT_OF_RANGE, "The phone number is at most 32 characters."));
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
    errors.push(userError("customer.locale", UserErrorCode.INVALID_FORMAT, `locale must be one of ${SUPPORTED_LOCALES.join(", ")}.`));
  }

  if (input.lines.length === 0) errors.push(userError("lines", UserErrorCode.EMPTY_ORDER, "An order needs at least one line."));
  if (input.lines.length > MAX_LINES) errors.push(userError("lines", UserErrorCode.OUT_OF_RANGE, `An order has at most ${MAX_LINES} lines.`));
  const seen = new Set<string>();
  const lines = input.lines.map(({ skuCode: code, quantity }, i) => {
    const skuCode = line(`lines.${i}.skuCode`, code) ?? "";
    if (!skuCode) errors.push(userError(`lines.${i}.skuCode`, UserErrorCode.REQUIRED, "skuCode is required."));
    else if (seen.has(skuCode)) {
      errors.push(userError(`lines.${i}.skuCode`, UserErrorCode.DUPLICATE_SKU, `Sku ${skuCode} appears on more than one line; put the total quantity on one line.`));
    }
    seen.add(skuCode);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      errors.push(userError(`lines.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, `quantity must be between 1 and ${MAX_LINE_QUANTITY}.`));
    }
    return { skuCode, quantity };
  });

  for (const field of ["shipping", "discount"] as const) {
    const amount = input[field];
    if (amount < 0) errors.push(userError(field, UserErrorCode.NEGATIVE_AMOUNT, `${field} cannot be negative.`));
    else if (amount > MAX_AMOUNT) errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `${field} is at most ${MAX_AMOUNT}.`));
  }
  const externalReference = line("externalReference", input.externalReference);
  const idempotencyKey = line("idempotencyKey", input.idempotencyKey);
  const couponCode = line("couponCode", input.couponCode)?.toUpperCase() ?? null;
  if (externalReference && externalReference.length > 100) {
    errors.push(userError("externalReference", UserErrorCode.OUT_OF_RANGE, "externalReference is at most 100 characters."));
  }
  if (idempotencyKey && idempotencyKey.length > 100) {
    errors.push(userError("idempotencyKey", UserErrorCode.OUT_OF_RANGE, "idempotencyKey is at most 100 characters."));
  }
  const shippingAddress = input.shippingAddress ? validateShippingAddress(input.shippingAddress, defaultCountry(shopCurrency, shopLocale), "shippingAddress", errors) : null;
  if (errors.length) throw new UserInputError(errors);

  const customer: CustomerDetails = { name, email, cpf: cpf && normalizeCpf(cpf), phone, locale };
  // The coupon and the address join the fingerprint only when given, so orders placed before them keep theirs.
  const normalised = {
    customer,
    lines,
    shipping: input.shipping,
    discount: input.discount,
    source: input.source,
    externalReference,
    ...(couponCode ? { couponCode } : {}),
    ...(shippingAddress ? { shippingAddress } : {}),
  };
  return {
    ...normalised,
    couponCode,
    shippingAddress,
    idempotencyKey,
    fingerprint: createHash("sha256").update(JSON.stringify(normalised)).digest("hex"),
  };
}
