import type { ptBR } from "./messages/pt-BR";

/** Plural forms by Intl.PluralRules category; `other` is always there (pl also has few and many). */
export type PluralForms = { readonly other: string } & Partial<Record<"zero" | "one" | "two" | "few" | "many", string>>;

/** A catalogue: the reference's keys, each a text or plural forms like the reference's. */
export type Catalogue = { readonly [K in keyof typeof ptBR]: (typeof ptBR)[K] extends string ? string : PluralForms };

export type MessageKey = keyof Catalogue;
/** Keys whose value is one text. */
export type TextKey = { [K in MessageKey]: (typeof ptBR)[K] extends string ? K : never }[MessageKey];
/** Keys whose value is plural forms: they take a `count`. */
export type PluralKey = Exclude<MessageKey, TextKey>;
