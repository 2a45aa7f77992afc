import fs from "node:fs";
import path from "node:path";
import { GRAPHQL_ERROR_CODE_DESCRIPTIONS, USER_ERROR_CODE_DESCRIPTIONS } from "./errors";

/** The integration guide, whose tables of error codes are written from errors.ts. */
export const INTEGRATIONS_DOC = path.resolve(__dirname, "..", "..", "..", "..", "docs", "integrations.md");

export const ERROR_CODES_START = "<!-- error-codes:start: written by `npm run schema` from server/src/infra/graphql/errors.ts; do not edit by hand -->";
export const ERROR_CODES_END = "<!-- error-codes:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The two tables: every UserErrorCode, then every GraphQL error code, each with its meaning. */
export function errorCodeTables(): string {
  const rows = (descriptions: Record<string, string>) =>
    Object.entries(descriptions)
      .map(([code, description]) => `| \`${code}\` | ${cell(description)} |`)
      .join("\n");
  return [
    "#### `userErrors[].code` (UserErrorCode)",
    "",
    "| Code | Meaning |",
    "| --- | --- |",
    rows(USER_ERROR_CODE_DESCRIPTIONS),
    "",
    "#### `errors[].extensions.code`",
    "",
    "| Code | Meaning |",
    "| --- | --- |",
    rows(GRAPHQL_ERROR_CODE_DESCRIPTIONS),
  ].join("\n");
}

/** The document with the tables between the markers brought up to date. */
export function withErrorCodeTables(doc: string): string {
  const start = doc.indexOf(ERROR_CODES_START);
  const end = doc.indexOf(ERROR_CODES_END);
  if (start < 0 || end < start) throw new Error(`the error code markers are missing from ${INTEGRATIONS_DOC}`);
  return `${doc.slice(0, start + ERROR_CODES_START.length)}\n${errorCodeTables()}\n${doc.slice(end)}`;
}

/** Rewrites the tables in docs/integrations.md (nothing when the file is not there). */
export function writeErrorCodeTables(file = INTEGRATIONS_DOC): boolean {
  if (!fs.existsSync(file)) return false;
  const doc = fs.readFileSync(file, "utf8");
  const updated = withErrorCodeTables(doc);
  if (updated !== doc) fs.writeFileSync(file, updated);
  return true;
}
