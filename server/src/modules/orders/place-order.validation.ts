import { createHash } from "node:crypto";
import { isValidEmail } from "@brazilian-utils/brazilian-utils";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { CustomerDetails } from "../customers/customer.service";
import { isCpfValid, normalizeCpf } from "../customers/cpf";
import { SUPPORTED_LOCALES } from "../shops/shop.service";
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
  /** SHA-256 of the normalised input: the same key must come with the same order. */
  fingerprint: string;
}

function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Checks everything that can be checked without the database; throws UserInputError with every problem found. */
export function validatePlaceOrder(input: PlaceOrderInput, shopLocale: string): ValidOrderInput {
  const errors: UserError[] = [];
  const name = input.customer.name.trim();
  const email = input.customer.email.trim().toLowerCase();
  const cpf = optionalText(input.customer.cpf);
  const phone = optionalText(input.customer.phone);
  const locale = optionalText(input.customer.locale) ?? shopLocale;

  if (!name) errors.push(userError("customer.name", UserErrorCode.REQUIRED, "The customer's name is required."));
  else if (name.length > 200) errors.push(userError("customer.name", UserErrorCode.OUT_OF_RANGE, "The customer's name is at most 200 characters."));
  if (!email) errors.push(userError("customer.email", UserErrorCode.REQUIRED, "The customer's e-mail is required."));
  else if (email.length > 254 || !isValidEmail(email)) {
    errors.push(userError("customer.email", UserErrorCode.INVALID_EMAIL, `"${email.slice(0, 60)}" is not a valid e-mail address.`));
  }
  // The CPF itself is personal data: the message never repeats it.
  if (cpf !== null && !isCpfValid(cpf)) errors.push(userError("customer.cpf", UserErrorCode.INVALID_CPF, "The CPF is not valid (check digits do not match)."));
  if (phone !== null && phone.length > 32) errors.push(userError("customer.phone", UserErrorCode.OUT_OF_RANGE, "The phone number is at most 32 characters."));
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
    errors.push(userError("customer.locale", UserErrorCode.INVALID_FORMAT, `locale must be one of ${SUPPORTED_LOCALES.join(", ")}.`));
  }

  if (input.lines.length === 0) errors.push(userError("lines", UserErrorCode.EMPTY_ORDER, "An order needs at least one line."));
  if (input.lines.length > MAX_LINES) errors.push(userError("lines", UserErrorCode.OUT_OF_RANGE, `An order has at most ${MAX_LINES} lines.`));
  const seen = new Set<string>();
  const lines = input.lines.map((line, i) => {
    const skuCode = line.skuCode.trim();
    if (!skuCode) errors.push(userError(`lines.${i}.skuCode`, UserErrorCode.REQUIRED, "skuCode is required."));
    else if (seen.has(skuCode)) {
      errors.push(userError(`lines.${i}.skuCode`, UserErrorCode.DUPLICATE_SKU, `Sku ${skuCode} appears on more than one line; put the total quantity on one line.`));
    }
    seen.add(skuCode);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      errors.push(userError(`lines.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, `quantity must be between 1 and ${MAX_LINE_QUANTITY}.`));
    }
    return { skuCode, quantity: line.quantity };
  });

  for (const field of ["shipping", "discount"] as const) {
    const amount = input[field];
    if (amount < 0) errors.push(userError(field, UserErrorCode.NEGATIVE_AMOUNT, `${field} cannot be negative.`));
    else if (amount > MAX_AMOUNT) errors.push(userError(field, UserErrorCode.OUT_OF_RANGE, `${field} is at most ${MAX_AMOUNT}.`));
  }
  const externalReference = optionalText(input.externalReference);
  const idempotencyKey = optionalText(input.idempotencyKey);
  if (externalReference && externalReference.length > 100) {
    errors.push(userError("externalReference", UserErrorCode.OUT_OF_RANGE, "externalReference is at most 100 characters."));
  }
  if (idempotencyKey && idempotencyKey.length > 100) {
    errors.push(userError("idempotencyKey", UserErrorCode.OUT_OF_RANGE, "idempotencyKey is at most 100 characters."));
  }
  if (errors.length) throw new UserInputError(errors);

  const customer: CustomerDetails = { name, email, cpf: cpf && normalizeCpf(cpf), phone, locale };
  const normalised = { customer, lines, shipping: input.shipping, discount: input.discount, source: input.source, externalReference };
  return {
    ...normalised,
    idempotencyKey,
    fingerprint: createHash("sha256").update(JSON.stringify(normalised)).digest("hex"),
  };
}
