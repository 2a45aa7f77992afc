/**
 * The report's date range: calendar days in the shop's time zone, both ends included, kept in the
 * URL (?range=30, or ?range=custom&from=2026-10-01&to=2026-10-31) so a report can be shared.
 */
export const RANGE_PRESETS = ["7", "30", "90"] as const;
export const RANGE_CHOICES = [...RANGE_PRESETS, "custom"] as const;
export type RangeChoice = (typeof RANGE_CHOICES)[number];
export const DEFAULT_RANGE: RangeChoice = "30";

/** Calendar days `YYYY-MM-DD`, both included. */
export type DayRange = { from: string; to: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function toUtc(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function isDay(value: string | null | undefined): value is string {
  return !!value && ISO_DAY.test(value) && !Number.isNaN(toUtc(value));
}

/** `day` moved by `days` calendar days (negative: back). */
export function addDays(day: string, days: number): string {
  return new Date(toUtc(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How many days the range covers, both ends included. */
export function rangeLength(range: DayRange): number {
  return Math.round((toUtc(range.to) - toUtc(range.from)) / DAY_MS) + 1;
}

/** The last `days` days up to and including `today`. */
export function presetRange(days: number, today: string): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The period just before `range`, of the same length: what the deltas compare against. */
export function previousRange(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** Every day of the range, in order (the daily chart shows days with nothing too). */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to && days.length < 1000; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The longest custom range the page asks for (the server has its own limit). */
export const MAX_RANGE_DAYS = 366;

/**
 * The range the URL asks for. A custom range with a missing, reversed, future-ended or too long
 * pair of days falls back to the default preset (and says so: `invalid`).
 */
export function resolveRange(choice: RangeChoice | null, from: string | null, to: string | null, today: string): { choice: RangeChoice; range: DayRange; invalid: boolean } {
  if (choice === "custom") {
    if (isDay(from) && isDay(to) && from <= to && rangeLength({ from, to }) <= MAX_RANGE_DAYS) return { choice, range: { from, to }, invalid: false };
    return { choice: DEFAULT_RANGE, range: presetRange(Number(DEFAULT_RANGE), today), invalid: true };
  }
  const preset = choice ?? DEFAULT_RANGE;
  return { choice: preset, range: presetRange(Number(preset), today), invalid: false };
}

/**
 * The change from `previous` to `current` as a share (0.25 = +25 %); null when there is nothing to
 * compare with (previous is 0 or unknown), so the page never shows Infinity or NaN.
 */
export function relativeChange(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** cancelled / placed and the like: null when nothing was placed. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
