import { Dialect } from "../../infra/db/dialect";

/** Longest range a report accepts, in days. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

/** The zone's offset from UTC (ms, local minus UTC) at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return local - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant (ms) of the local midnight that starts `day` (days since 1970-01-01) in the zone. */
export function zonedMidnight(day: number, timeZone: string): number {
  const wall = day * DAY_MS;
  let t = wall - offsetAt(wall, timeZone);
  t = wall - offsetAt(t, timeZone);
  return t;
}

/** Days since 1970-01-01 of a GraphQL Date (parsed at UTC midnight). */
export const dayNumber = (date: Date): number => Math.floor(date.getTime() / DAY_MS);

/** YYYY-MM-DD of a day number. */
export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Integer seconds since the epoch of a UTC DATETIME column, on either database. On MySQL/MariaDB
 * TO_SECONDS (days since year 0, no time zone) less 1970's: the same whole seconds as
 * TIMESTAMPDIFF from a '1970-01-01' literal, without converting that literal again on every row
 * (a third of the time of a year's aggregate).
 */
export function epochSeconds(dialect: Dialect, column: string): string {
  return dialect === "sqlite" ? `CAST(strftime('%s', ${column}) AS INTEGER)` : `(TO_SECONDS(${column}) - 62167219200)`;
}

/**
 * Days `first` .. `first + count - 1` in a zone: their boundaries (count + 1 UTC instants, ms), and
 * a SQL expression that maps a UTC timestamp column inside them to its day number, comparing UTC
 * timestamps only (no CONVERT_TZ, which MariaDB cannot do by zone name without its tz tables).
 * Runs of 24-hour days share one arithmetic branch; a day of another length (a DST change) gets a
 * branch of its own, so a year costs a handful of branches.
 */
export function dayBuckets(dialect: Dialect, timeZone: string, first: number, count: number) {
  const bounds = Array.from({ length: count + 1 }, (_, i) => zonedMidnight(first + i, timeZone));
  return {
    bounds,
    /** SQL and its parameters (timestamps as `sqlTimestamp` strings go in by `stamp`). */
    expression(column: string, stamp: (ms: number) => string): { sql: string; params: unknown[] } {
      const secs = epochSeconds(dialect, column);
      const div = dialect === "sqlite" ? "/" : "DIV";
      const branches: string[] = [];
      const params: unknown[] = [];
      let i = 0;
      while (i < count) {
        let j = i;
        while (j < count && bounds[j + 1] - bounds[j] === DAY_MS) j++;
        if (j > i) {
          // days i .. j-1 are all 24 hours long
          // Integers we computed, written as literals: SQLite binds JS numbers as REAL, which would not divide whole.
          branches.push(`WHEN ${column} < ? THEN ${first + i} + (${secs} - ${Math.round(bounds[i] / 1000)}) ${div} 86400`);
          params.push(stamp(bounds[j]));
          i = j;
        } else {
          branches.push(`WHEN ${column} < ? THEN ${first + i}`);
          params.push(stamp(bounds[i + 1]));
          i++;
        }
      }
      return { sql: `(CASE ${branches.join(" ")} END)`, params };
    },
  };
}
