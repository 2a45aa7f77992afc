/** The two SQL families Ruptura runs on. MariaDB and MySQL share one dialect here. */
export type Dialect = "sqlite" | "mysql";

/** A UTC timestamp as both databases accept it in a parameter: `2026-11-23 17:41:00.123`. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** `?, ?, ?` for a row of n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

/** Smaller of two SQL expressions: LEAST on MySQL, the scalar MIN on SQLite. */
export function least(dialect: Dialect, a: string, b: string): string {
  return dialect === "sqlite" ? `MIN(${a}, ${b})` : `LEAST(${a}, ${b})`;
}

/** Reads a timestamp column from a raw query: mysql2 gives a Date, SQLite the UTC text. */
export function fromSqlTimestamp(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.replace(" ", "T") + "Z");
}

/**
 * A LIKE pattern that matches `term` anywhere, with its wildcards escaped. Use it as
 * `column LIKE ? ESCAPE '!'`: '!' is the escape character both SQLite and MySQL read the same way.
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** A value written into the SQL itself rather than bound: a session variable set earlier in a batch. */
export class SqlExpression {
  constructor(readonly sql: string) {}
}

/**
 * A multi-row INSERT. Values are bound as `?` parameters, except SqlExpressions, which are
 * written in place (they come from code, never from input).
 */
export function insertStatement(table: string, columns: string[], rows: unknown[][]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const values = rows.map(
    (row) =>
      `(${row
        .map((value) => {
          if (value instanceof SqlExpression) return value.sql;
          params.push(value);
          return "?";
        })
        .join(", ")})`,
  );
  return { sql: `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values.join(", ")}`, params };
}

/**
 * An index MySQL/MariaDB must read a table through (`FORCE INDEX`), for a covering index the
 * optimizer would pass over for the primary key; nothing on SQLite, whose planner takes covering
 * indexes itself.
 */
export function forceIndex(dialect: Dialect, index: string): string {
  return dialect === "sqlite" ? "" : `FORCE INDEX (${index})`;
}
