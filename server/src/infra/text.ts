import { badUserInput } from "./graphql/errors";

/**
 * Characters no text we store may carry: C0 controls (NUL, BEL, ESC, ...), DEL, C1 controls, and
 * the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make
 * text display as something else ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
 * Tab and line feed are listed apart: free text may keep them.
 */
const CONTROLS = "\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069";
const CONTROL = new RegExp(`[${CONTROLS}\\t\\n]`);
const CONTROLS_IN_FREE_TEXT = new RegExp(`[${CONTROLS}]`, "g");

/**
 * A one-line text as given (a name, a code, a reference, an e-mail): trimmed and in Unicode NFC,
 * or null when it holds a control character, which the caller refuses (INVALID_FORMAT). Refused
 * rather than cleaned: such a character in a name is a bug or an attack in the sending system, and
 * the sender should hear of it instead of finding a different name stored.
 */
export function cleanLine(value: string): string | null {
  return CONTROL.test(value) ? null : value.normalize("NFC").trim();
}

/**
 * Free text a person typed (a note, a reason): control characters removed, line breaks kept
 * (CRLF and CR become LF), trimmed, NFC. Cleaned rather than refused: text pasted from an e-mail
 * or a PDF often carries invisible controls, and refusing a note for what nobody can see helps no one.
 */
export function cleanFreeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(CONTROLS_IN_FREE_TEXT, "").normalize("NFC").trim();
}

/** The longest search term a list accepts (SQLite refuses LIKE patterns past 50,000 bytes; no one types 100 characters to search). */
export const MAX_SEARCH_LENGTH = 100;

/**
 * A list's `filter.search`: controls dropped (they match nothing stored), tabs and line breaks
 * turned into spaces, trimmed;
 * null when nothing is left. Longer than MAX_SEARCH_LENGTH is a BAD_USER_INPUT error.
 */
export function searchTerm(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const term = value.replace(/[\t\n\r]/g, " ").replace(CONTROLS_IN_FREE_TEXT, "").normalize("NFC").trim();
  if (term.length > MAX_SEARCH_LENGTH) throw badUserInput(`filter.search is at most ${MAX_SEARCH_LENGTH} characters.`, "filter");
  return term || null;
}
