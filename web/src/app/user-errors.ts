import type { TFunction } from "i18next";
import type { UserErrorFieldsFragment } from "../generated/graphql";

/**
 * Text for a userError in the merchant's language. The server's `message` may be in another
 * language, so a known `code` wins; a code this build doesn't know falls back to the message.
 */
export function userErrorText(error: UserErrorFieldsFragment, t: TFunction): string {
  return t(`userErrors.${error.code}`, { defaultValue: error.message });
}

/**
 * Splits userErrors into those for the given form fields (first one per field) and the rest,
 * which the form shows above its buttons. `field` is a dotted path ("customer.cpf").
 */
export function errorsByField<F extends string>(
  errors: readonly UserErrorFieldsFragment[],
  fields: readonly F[],
  t: TFunction,
): { fields: Partial<Record<F, string>>; form: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const form: string[] = [];
  for (const error of errors) {
    const field = fields.find((name) => error.field === name);
    if (field && byField[field] === undefined) byField[field] = userErrorText(error, t);
    else if (!field) form.push(userErrorText(error, t));
  }
  return { fields: byField, form };
}
