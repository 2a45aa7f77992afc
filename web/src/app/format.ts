/**
 * The one place that turns numbers and dates into text for the merchant's language.
 * Components use useFormat(); it follows the language chosen in the switcher, and writes
 * date-times in the shop's time zone (Shop.timeZone, from the signed-in user's `me`).
 */
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCurrentUserQuery } from "../generated/graphql";
import { useSessionToken } from "./auth";

export type MoneyValue = { amount: number; currency: string };

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat;

const cache = new Map<string, Formatter>();

function cached<T extends Formatter>(key: string, create: () => T): T {
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

/**
 * A moment as `options` write it in `timeZone` (an IANA zone; undefined: the browser's). A zone
 * this browser does not know falls back to the browser's rather than taking the page down.
 */
function formatMoment(kind: string, iso: string, locale: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const create = (zone: string | undefined) => cached(`${kind}:${locale}:${zone ?? ""}`, () => new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }));
  try {
    return create(timeZone).format(date);
  } catch {
    return create(undefined).format(date);
  }
}

export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  return formatMoment("datetime", iso, locale, timeZone, { dateStyle: "short", timeStyle: "short" });
}

/** "09:12": the time of day, for texts that say "at 09:12". */
export function formatTime(iso: string, locale: string, timeZone?: string): string {
  return formatMoment("time", iso, locale, timeZone, { timeStyle: "short" });
}

export function formatLongDateTime(iso: string, locale: string, timeZone?: string): string {
  return formatMoment("long", iso, locale, timeZone, { dateStyle: "long", timeStyle: "short" });
}

/**
 * A calendar day (`2026-12-12`, as the API's Date scalar gives it): "12 de dezembro",
 * "December 12", "12 grudnia"; with the year when it is not `now`'s year. Never shifted by the
 * browser's time zone: the day is read and written in UTC.
 */
export function formatCalendarDate(isoDate: string, locale: string, now: number = Date.now()): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  const withYear = date.getUTCFullYear() !== new Date(now).getUTCFullYear();
  return cached(`calendar:${locale}:${withYear}`, () =>
    new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }),
  ).format(date);
}

/** Today as a calendar day in the browser's time zone, `YYYY-MM-DD` (for a date input's `min`). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Today as a calendar day in `timeZone` (the shop's), `YYYY-MM-DD`: the shop's "today", not the
 * browser's (a merchant in Lisbon reading a São Paulo shop's report at 01:00 is still on its yesterday).
 */
export function zonedToday(timeZone: string | undefined, now: Date = new Date()): string {
  const parts = (zone: string | undefined) =>
    cached(`ymd:${zone ?? ""}`, () => new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })).formatToParts(now);
  let found: Intl.DateTimeFormatPart[];
  try {
    found = parts(timeZone);
  } catch {
    found = parts(undefined);
  }
  const get = (type: string) => found.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A share (0.125) as a percentage in the locale ("12,5 %", "12.5%"); "—" for no figure (nothing to divide by). */
export function formatPercent(share: number | null | undefined, locale: string): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return cached(`percent:${locale}`, () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })).format(share);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `iso` was, relative to `now` (ms): "há 3 dias", "3 days ago", "3 dni temu";
 * "agora" / "now" under a minute. Whole units, rounded down (an order placed 47 hours ago has
 * waited 1 day, not 2). A time slightly in the future (clock skew) counts as now.
 */
export function formatRelativeTime(iso: string, now: number, locale: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) {
    return cached(`relative-auto:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" })).format(0, "second");
  }
  const format = (value: number, unit: Intl.RelativeTimeFormatUnit) =>
    cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "always" })).format(-value, unit);
  if (elapsed < HOUR) return format(Math.floor(elapsed / MINUTE), "minute");
  if (elapsed < DAY) return format(Math.floor(elapsed / HOUR), "hour");
  if (elapsed < 60 * DAY) return format(Math.floor(elapsed / DAY), "day");
  if (elapsed < 365 * DAY) return format(Math.floor(elapsed / (30 * DAY)), "month");
  return format(Math.floor(elapsed / (365 * DAY)), "year");
}

/**
 * A length of time (ms) in its largest sensible unit, in words: "45 minutos", "3,5 hours",
 * "2 dni". Under a minute counts as minutes; "—" for no figure.
 */
export function formatDuration(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const [unit, size]: [string, number] = ms >= 2 * DAY ? ["day", DAY] : ms >= HOUR ? ["hour", HOUR] : ["minute", MINUTE];
  const value = ms / size;
  return cached(`duration:${locale}:${unit}`, () =>
    new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }),
  ).format(unit === "minute" ? Math.max(1, Math.round(value)) : value);
}

/** The current time (ms), refreshed every `intervalMs`, for texts like "3 minutes ago". */
export function useNow(intervalMs = MINUTE): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The signed-in user's shop's time zone; undefined until it is known (or signed out). */
export function useShopTimeZone(): string | undefined {
  const token = useSessionToken();
  const { data } = useCurrentUserQuery({ skip: !token });
  return data?.me.shop.timeZone;
}

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const timeZone = useShopTimeZone();
  return useMemo(
    () => ({
      locale,
      /** The shop's time zone, which date-times are written in. */
      timeZone,
      money: (money: MoneyValue) => formatMoney(money, locale),
      number: (value: number) => formatNumber(value, locale),
      delta: (value: number) => formatDelta(value, locale),
      /** A moment ("27/11/2026 09:12"), in the shop's time zone. */
      dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
      time: (iso: string) => formatTime(iso, locale, timeZone),
      longDateTime: (iso: string) => formatLongDateTime(iso, locale, timeZone),
      /** A calendar day (`2026-12-12`): "12 de dezembro". */
      calendarDate: (isoDate: string) => formatCalendarDate(isoDate, locale),
      /** A share (0.125): "12,5 %". */
      percent: (share: number | null | undefined) => formatPercent(share, locale),
      /** A length of time in ms: "3,5 horas". */
      duration: (ms: number | null | undefined) => formatDuration(ms, locale),
      /** "há 3 dias"; pass `useNow()` so the text keeps up while the page stays open. */
      relativeTime: (iso: string, now: number) => formatRelativeTime(iso, now, locale),
    }),
    [locale, timeZone],
  );
}
