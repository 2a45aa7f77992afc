import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { Dialect, SqlExpression, insertStatement } from "../../infra/db/dialect";
import { Statement } from "../../infra/db/database";

/** The longest word kept in the search index (longer words are cut: a prefix of them still finds the customer). */
export const SEARCH_WORD_LENGTH = 64;

/**
 * The customers' search index: one row per word of a customer's name, and one for the e-mail
 * address, normalised (lower case, accents removed). A search finds customers by word prefix
 * through the primary key (shop_id, word, customer_id): an index range on both databases, never
 * a scan of the customers or the orders.
 */
@Entity("customer_search_word")
@Index("IDX_customer_search_word_customer_id", ["customerId"])
export class CustomerSearchWord {
  @PrimaryColumn({ type: "integer" })
  shopId!: number;

  @PrimaryColumn({ type: "varchar", length: SEARCH_WORD_LENGTH })
  word!: string;

  @PrimaryColumn({ type: "integer" })
  customerId!: number;
}

/** Lower case, accents removed (NFD without combining marks), whitespace collapsed. */
export function normaliseForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The words a text is searched by: split on whitespace, each cut to SEARCH_WORD_LENGTH, no repeats. */
export function searchWords(text: string): string[] {
  const words = normaliseForSearch(text).split(" ").filter(Boolean).map((w) => [...w].slice(0, SEARCH_WORD_LENGTH).join(""));
  return [...new Set(words)];
}

/** The index rows of a customer: the words of the name, and the whole e-mail address. */
export function customerSearchWords(name: string, email: string): string[] {
  return [...new Set([...searchWords(name), ...searchWords(email)])];
}

/**
 * The INSERT of a customer's index rows (the id may be an SQL expression such as LAST_INSERT_ID()).
 * Two words the database's collation holds equal (MariaDB's unicode_ci: "ß" and "ss") are one row.
 */
export function searchWordsInsert(dialect: Dialect, shopId: number, customerId: number | SqlExpression, words: string[]): Statement | null {
  if (words.length === 0) return null;
  const insert = insertStatement(
    "customer_search_word",
    ["shop_id", "word", "customer_id"],
    words.map((word) => [shopId, word, customerId]),
  );
  return { sql: `${insert.sql}${dialect === "mysql" ? " ON DUPLICATE KEY UPDATE word = word" : " ON CONFLICT DO NOTHING"}`, params: insert.params };
}

/**
 * SQL that is true when `column` starts with `prefix`, as an index range on both databases:
 * LIKE 'prefix%' on MySQL/MariaDB (the optimizer reads it as a range), and a range comparison on
 * SQLite (whose LIKE is not a range on a case-sensitive index). Words are stored normalised, so
 * both give the same rows.
 */
export function prefixCondition(dialect: Dialect, column: string, name: string, prefix: string): { sql: string; params: Record<string, unknown> } {
  if (dialect === "mysql") {
    return { sql: `${column} LIKE :${name} ESCAPE '!'`, params: { [name]: `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%` } };
  }
  // Every string that starts with `prefix` sorts (BINARY) from `prefix` up to `prefix` + U+10FFFF.
  return { sql: `${column} >= :${name} AND ${column} < :${name}End`, params: { [name]: prefix, [`${name}End`]: `${prefix}\u{10FFFF}` } };
}
