/**
 * The refund page's own small i18n: three bundled catalogues, typed keys, `{name}` interpolation,
 * plurals by Intl.PluralRules, and money, dates and waits by Intl. No i18next: the merchant app's
 * i18next typing (`CustomTypeOptions`, web/src/app/i18n.ts) is global to the web program and would
 * type this page's keys against the merchant's catalogue, and the page has ~100 short texts that
 * need nothing else i18next does; this file and its catalogues cost a few kB instead of ~18 kB gzip.
 */
import { createContext, useContext } from "react";
import type { Catalogue, PluralKey, TextKey } from "./i18n-types";
import { en } from "./messages/en";
import { pl } from "./messages/pl";
import { ptBR } from "./messages/pt-BR";

export const LANGUAGES = ["pt-BR", "en", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "pt-BR";

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { "pt-BR": "Português", en: "English", pl: "Polski" };

const CATALOGUES: Record<Language, Catalogue> = { "pt-BR": ptBR, en, pl };

/** The supported language a BCP 47 tag asks for ("pt-PT" -> pt-BR, "en-GB" -> en), or null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === "pt") return "pt-BR";
  if (primary === "en" || primary === "pl") return primary;
  return null;
}

/** The first supported language in the browser's preferences (Accept-Language), else pt-BR. */
export function browserLanguage(preferences: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of preferences) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

// The visitor's own choice from the switch, kept for this tab only (reloads keep it).
const CHOICE_KEY = "ruptura.refund.language";

export function storedChoice(): Language | null {
  try {
    return languageOf(sessionStorage.getItem(CHOICE_KEY));
  } catch {
    return null;
  }
}

export function storeChoice(language: Language): void {
  try {
    sessionStorage.setItem(CHOICE_KEY, language);
  } catch {
    // storage unavailable: the choice lasts until the page is left
  }
}

type Values = Record<string, string | number>;

export interface Translator {
  language: Language;
  t(key: TextKey, values?: Values): string;
  plural(key: PluralKey, count: number, values?: Values): string;
  /** An amount in minor units, e.g. { amount: 2500, currency: "BRL" } -> "R$ 25,00" / "R$25.00" / "25,00 R$". */
  money(money: { amount: number; currency: string }): string;
  dateTime(iso: string): string;
  /** A calendar day (YYYY-MM-DD), e.g. "12 de dezembro de 2026", whatever the visitor's time zone. */
  calendarDate(isoDate: string): string;
  /** A wait in words, rounded up to whole minutes past a minute: "15 minutos", "40 seconds". */
  wait(seconds: number): string;
}

const interpolate = (text: string, values: Values, language: Language) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? new Intl.NumberFormat(language).format(value) : value;
  });

export function createTranslator(language: Language): Translator {
  const catalogue = CATALOGUES[language];
  const plurals = new Intl.PluralRules(language);
  return {
    language,
    t: (key, values = {}) => interpolate(catalogue[key], values, language),
    plural: (key, count, values = {}) => {
      const forms = catalogue[key];
      return interpolate(forms[plurals.select(count)] ?? forms.other, { ...values, count }, language);
    },
    money: ({ amount, currency }) => {
      try {
        const format = new Intl.NumberFormat(language, { style: "currency", currency });
        const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
        return format.format(amount / 10 ** digits);
      } catch {
        return `${(amount / 100).toFixed(2)} ${currency}`;
      }
    },
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" }).format(date);
    },
    calendarDate: (isoDate) => {
      const date = new Date(`${isoDate}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? isoDate : new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(date);
    },
    wait: (seconds) => {
      const [value, unit] = seconds < 60 ? [Math.max(1, Math.ceil(seconds)), "second"] : [Math.ceil(seconds / 60), "minute"];
      return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "long" }).format(value);
    },
  };
}

export const I18nContext = createContext<Translator>(createTranslator(DEFAULT_LANGUAGE));
export const useI18n = () => useContext(I18nContext);
