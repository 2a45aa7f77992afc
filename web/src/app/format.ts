/**
 * The one place that turns numbers and dates into text for the merchant's language.
 * Components use useFormat(); it follows the language chosen in the switcher.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export type MoneyValue = { amount: number; currency: string };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    cache.set(key, formatter);
  }
  return formatter;
}

/**
 * Digits after the decimal point for a currency, i.e. how many minor units make one major unit
 * (2 for BRL, USD, EUR, PLN; 0 for JPY or CLP). Intl knows this per currency, whatever the locale.
 */
export function currencyFractionDigits(currency: string): number {
  try {
    return cached(`digits:${currency}`, () =>
      new Intl.NumberFormat("en", { style: "currency", currency }),
    ).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Money arrives as an integer amount of minor units (centavos) plus an ISO 4217 code. */
export function formatMoney(money: MoneyValue, locale: string): string {
  const digits = currencyFractionDigits(money.currency);
  const major = money.amount / 10 ** digits;
  try {
    return cached(`money:${locale}:${money.currency}`, () =>
      new Intl.NumberFormat(locale, { style: "currency", currency: money.currency }),
    ).format(major);
  } catch {
    // An unknown currency code should not take the page down.
    return `${major.toFixed(digits)} ${money.currency}`;
  }
}

export function formatNumber(value: number, locale: string): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** Signed quantity for stock changes: "+12", "−3". */
export function formatDelta(value: number, locale: string): string {
  return cached(`delta:${locale}`, () => new Intl.NumberFormat(locale, { signDisplay: "exceptZero" })).format(value);
}

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(`datetime:${locale}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" }),
  ).format(date);
}

export function formatLongDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(`long:${locale}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" }),
  ).format(date);
}

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(
    () => ({
      locale,
      money: (money: MoneyValue) => formatMoney(money, locale),
      number: (value: number) => formatNumber(value, locale),
      delta: (value: number) => formatDelta(value, locale),
      dateTime: (iso: string) => formatDateTime(iso, locale),
      longDateTime: (iso: string) => formatLongDateTime(iso, locale),
    }),
    [locale],
  );
}
