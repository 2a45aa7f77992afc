import { Column, Entity, PrimaryColumn, SelectQueryBuilder } from "typeorm";
import { Statement } from "../../infra/db/database";
import { Dialect } from "../../infra/db/dialect";
import { searchTerm } from "../../infra/text";
import { prefixCondition, SEARCH_WORD_LENGTH, searchWords } from "../customers/customer-search";
import { CustomerService } from "../customers/customer.service";
import { Order, OrderStatus } from "./order.entity";

/**
 * The queue's `filter.search` (orders without stock): the order number ("1042" or "#1042"), the
 * external reference exactly, or a customer found by customerSearchSubquery (word prefixes of the
 * name, the e-mail). Narrows `query` (over Order as `o`); does nothing when the term is empty.
 * The orders list matches the same way but as a UNION of probes over the orders' own search index
 * (orderSearchSql, order_search_word), because an OR over a million orders scans them; the queue's
 * rows are only the waiting ones. Folding the two into that one form is a known follow-up.
 * A term longer than MAX_SEARCH_LENGTH is a BAD_USER_INPUT error (searchTerm).
 */
export function applyOrderSearch(query: SelectQueryBuilder<Order>, customers: CustomerService, shopId: number, value: string | null | undefined): SelectQueryBuilder<Order> {
  const search = searchTerm(value);
  if (!search) return query;
  const number = /^#?(\d{1,9})$/.exec(search)?.[1];
  const matching = customers.customerSearchSubquery(shopId, search);
  return query.andWhere(`(o.externalReference = :search OR o.customerId IN (${matching.sql})${number ? " OR o.number = :number" : ""})`, {
    search,
    ...matching.params,
    ...(number ? { number: Number(number) } : {}),
  });
}

/**
 * The orders' search index (issue 17, point 5): one row per word of the order's customer (the
 * words of customer_search_word: name words and the e-mail address, normalised), with the
 * customer's id. The primary key (shop_id, word, order_id) gives a word's orders newest first as
 * an index range, so a search for a common surname reads a page of index entries, not every
 * matching customer's orders. Kept by intake: a new order's rows in its own batch; a customer
 * whose words change (a new name) has every order's rows written again in that transaction.
 * Orders never move between customers.
 */
@Entity("order_search_word")
export class OrderSearchWord {
  @PrimaryColumn({ type: "integer" })
  shopId!: number;

  @PrimaryColumn({ type: "varchar", length: SEARCH_WORD_LENGTH })
  word!: string;

  @PrimaryColumn({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  customerId!: number;
}

const ignoreDuplicates = (dialect: Dialect) => (dialect === "mysql" ? " ON DUPLICATE KEY UPDATE order_search_word.word = order_search_word.word" : " ON CONFLICT DO NOTHING");

/**
 * The index rows of a new order, by its number (unique per shop, known before the transaction),
 * copied from its customer's search words (customer_search_word) once the order's row and the
 * customer's words are written in the same transaction: the order's customer and id come from its
 * row (a new customer's id is not known yet on MySQL's batched path), and the words are the ones
 * the customer has as this transaction sees them. The read locks the customer's word rows, so an
 * order placed while another renames the customer waits for that rename and takes its new words
 * (or the rename, writing the customer's orders' words again, waits for this order).
 */
export function orderWordsFromCustomer(dialect: Dialect, shopId: number, orderNumber: number): Statement {
  return {
    sql: `INSERT INTO order_search_word (shop_id, word, order_id, customer_id) SELECT o.shop_id, c.word, o.id, o.customer_id FROM orders o JOIN customer_search_word c ON c.shop_id = o.shop_id AND c.customer_id = o.customer_id WHERE o.shop_id = ? AND o.number = ?${ignoreDuplicates(dialect)}`,
    params: [shopId, orderNumber],
  };
}

/**
 * A customer renamed: every one of their orders' index rows written again, in the caller's
 * transaction, in two steps around the customer's own words being written again: `before`, while
 * customer_search_word still holds the old words, deletes the orders' rows of those words (driven
 * by the customer's orders, orders (shop_id, customer_id, id), then the primary key); `after` copies
 * the new words to every order of the customer (the one being placed included, once its row is
 * written). Both read the words in the transaction, not as the caller saw them before it, so
 * renames and orders of one customer racing each other leave every order with the customer's
 * words (a test races them).
 */
export function customerOrdersReword(dialect: Dialect, shopId: number, customerId: number): { before: Statement; after: Statement } {
  return {
    before:
      dialect === "mysql"
        ? {
            sql: "DELETE s FROM customer_search_word c STRAIGHT_JOIN orders o ON o.shop_id = c.shop_id AND o.customer_id = c.customer_id STRAIGHT_JOIN order_search_word s ON s.shop_id = o.shop_id AND s.word = c.word AND s.order_id = o.id WHERE c.shop_id = ? AND c.customer_id = ?",
            params: [shopId, customerId],
          }
        : {
            sql: "DELETE FROM order_search_word WHERE shop_id = ? AND word IN (SELECT word FROM customer_search_word WHERE shop_id = ? AND customer_id = ?) AND order_id IN (SELECT id FROM orders WHERE shop_id = ? AND customer_id = ?)",
            params: [shopId, shopId, customerId, shopId, customerId],
          },
    after: {
      sql: `INSERT INTO order_search_word (shop_id, word, order_id, customer_id) SELECT o.shop_id, c.word, o.id, o.customer_id FROM orders o JOIN customer_search_word c ON c.shop_id = o.shop_id AND c.customer_id = o.customer_id WHERE o.shop_id = ? AND o.customer_id = ?${ignoreDuplicates(dialect)}`,
      params: [shopId, customerId],
    },
  };
}

/**
 * The whole index made again from the customers' words, for a shop or every shop (the migration's
 * backfill, the bench seeder's bulk fill): one INSERT ... SELECT per range of order ids.
 */
export function orderWordsRebuild(dialect: Dialect, shopId: number | null, fromOrderId: number, toOrderId: number): Statement {
  return {
    sql: `INSERT INTO order_search_word (shop_id, word, order_id, customer_id) SELECT o.shop_id, c.word, o.id, o.customer_id FROM orders o JOIN customer_search_word c ON c.shop_id = o.shop_id AND c.customer_id = o.customer_id WHERE o.id BETWEEN ? AND ?${shopId !== null ? " AND o.shop_id = ?" : ""}${ignoreDuplicates(dialect)}`,
    params: [fromOrderId, toOrderId, ...(shopId !== null ? [shopId] : [])],
  };
}

type Named = { sql: string; params: Record<string, unknown> };

/**
 * The orders list's search (OrderService.listOrders) as SQL with named parameters: `page`, the ids
 * of the matching orders that can make the page (newest first, before the cursor, at most `limit`
 * from each probe), for `o.id IN (...)`; `count`, a one-row `n` counting the matches up to
 * `cap` (more than `cap` means "more"; the sum may pass it).
 *
 * What matches is what the schema's description says (OrderFilter.search): the order number, the
 * external reference, or every word of the term starting a word of the customer's name or e-mail.
 * The customer part goes through order_search_word and never reads a matching customer's other
 * orders: the term's longest word w is the probes' word, each other word a check on the order's
 * customer (customer_search_word by customer_id: a few index entries). Two probes cover "starts
 * with w": the orders of the word w itself, read newest first straight from the primary key (a
 * page is a page of index entries, however many customers are called Costa), and the orders of
 * the longer words starting with w (Costanza), a range sorted (short for a whole word; only a
 * prefix of a common word, such as "cost", reads every match). The count adds the orders of w
 * (an index range stopping at `cap`) to the others not among them; for a term of several words
 * (not single letters) it counts the orders of the customers having every word instead
 * (customerFirstCount below).
 */
export function orderSearchSql(dialect: Dialect, shopId: number, term: string, statuses: OrderStatus[] | null, before: number | null, limit: number, cap: number): { page: Named; count: Named } {
  const number = /^#?(\d{1,9})$/.exec(term)?.[1];
  const [word, ...others] = searchWords(term).sort((a, b) => b.length - a.length);
  const params: Record<string, unknown> = {
    swShop: shopId,
    swReference: term,
    ...(number ? { swNumber: Number(number) } : {}),
    ...(statuses ? { swStatuses: statuses } : {}),
    ...(before !== null ? { swBefore: before } : {}),
  };
  const status = (alias: string, column: string) =>
    statuses ? ` AND EXISTS (SELECT 1 FROM orders ${alias}_o WHERE ${alias}_o.id = ${alias}.${column} AND ${alias}_o.shop_id = :swShop AND ${alias}_o.status IN (:...swStatuses))` : "";
  const orderProbes = (cursor: boolean) => {
    const narrow = `${statuses ? " AND s.status IN (:...swStatuses)" : ""}${cursor && before !== null ? " AND s.id < :swBefore" : ""}`;
    return [...(number ? ["s.number = :swNumber"] : []), "s.external_reference = :swReference"].map((probe) => `SELECT s.id FROM orders s WHERE s.shop_id = :swShop AND ${probe}${narrow}`);
  };
  if (word === undefined) {
    const ids = orderProbes(true).map((probe, i) => `SELECT p${i}.id FROM (${probe} ORDER BY s.id DESC LIMIT ${limit}) p${i}`).join(" UNION ");
    const all = orderProbes(false).map((probe, i) => `SELECT p${i}.id FROM (${probe} LIMIT ${cap}) p${i}`).join(" UNION ");
    return { page: { sql: `SELECT m.id FROM (${ids}) m`, params }, count: { sql: `SELECT COUNT(*) AS n FROM (${all}) m`, params } };
  }
  params.swWord = word;
  const extension = prefixCondition(dialect, "b.word", "swPrefix", word);
  Object.assign(params, extension.params);
  // The term's other words, each a check on the order's customer.
  const checks = (alias: string) =>
    others
      .map((other, i) => {
        const prefix = prefixCondition(dialect, `${alias}c${i}.word`, `swOther${i}`, other);
        Object.assign(params, prefix.params);
        return ` AND EXISTS (SELECT 1 FROM customer_search_word ${alias}c${i} WHERE ${alias}c${i}.customer_id = ${alias}.customer_id AND ${alias}c${i}.shop_id = :swShop AND ${prefix.sql})`;
      })
      .join("");
  const cursor = (alias: string) => (before !== null ? ` AND ${alias}.order_id < :swBefore` : "");
  const exact = (alias: string, withCursor: boolean) =>
    `FROM order_search_word ${alias} WHERE ${alias}.shop_id = :swShop AND ${alias}.word = :swWord${withCursor ? cursor(alias) : ""}${checks(alias)}${status(alias, "order_id")}`;
  const longer = (withCursor: boolean) =>
    `FROM order_search_word b WHERE b.shop_id = :swShop AND b.word > :swWord AND ${extension.sql}${withCursor ? cursor("b") : ""}${checks("b")}${status("b", "order_id")}`;
  // Several words: the customers having every word (the longest word's customers, a range of
  // customer_search_word, each checked for the others by customer id), then their orders through
  // orders (shop_id, customer_id, id): index ranges of the few customers having both words, not
  // the longest word's every order (20,000 for "costa" to find 1,000 "ana costa"). At 1M orders
  // (reads bench's data, bare): "ana costa" 10.3 -> 6.9 ms, "ana s" 46 -> 20, "an co" 27 -> 15; not
  // for single letters ("a c": every customer with a word starting with "a" checked, 132 -> 156 ms),
  // which keep the order-first count.
  const customerFirstCount = () => {
    const prefix = prefixCondition(dialect, "k.word", "swCustomerWord", word);
    Object.assign(params, prefix.params);
    const customers = `SELECT DISTINCT k.customer_id FROM customer_search_word k WHERE k.shop_id = :swShop AND ${prefix.sql}${checks("k")}`;
    const theirs = `SELECT o.id FROM (${customers}) k CROSS JOIN orders o WHERE o.shop_id = :swShop AND o.customer_id = k.customer_id${statuses ? " AND o.status IN (:...swStatuses)" : ""} LIMIT ${cap}`;
    const all = [`SELECT co.id FROM (${theirs}) co`, ...orderProbes(false).map((probe, i) => `SELECT p${i}.id FROM (${probe} LIMIT ${cap}) p${i}`)].join(" UNION ");
    return `SELECT COUNT(*) AS n FROM (${all}) m`;
  };
  const page = [
    `SELECT pa.id FROM (SELECT a.order_id AS id ${exact("a", true)} ORDER BY a.order_id DESC LIMIT ${limit}) pa`,
    // DISTINCT: an order may carry several longer words (Costanza, costanza@...), and the page needs `limit` orders.
    `SELECT pb.id FROM (SELECT DISTINCT b.order_id AS id ${longer(true)} ORDER BY b.order_id DESC LIMIT ${limit}) pb`,
    ...orderProbes(true).map((probe, i) => `SELECT p${i}.id FROM (${probe} ORDER BY s.id DESC LIMIT ${limit}) p${i}`),
  ].join(" UNION ");
  const rest = [
    `SELECT rb.id FROM (SELECT DISTINCT b.order_id AS id ${longer(false)} LIMIT ${cap}) rb`,
    ...orderProbes(false).map((probe, i) => `SELECT p${i}.id FROM (${probe} LIMIT ${cap}) p${i}`),
  ].join(" UNION ");
  const count =
    others.length > 0 && word.length > 1
      ? customerFirstCount()
      : `SELECT (SELECT COUNT(*) FROM (SELECT a.order_id ${exact("a", false)} LIMIT ${cap}) ca)` +
        ` + (SELECT COUNT(*) FROM (${rest}) r WHERE NOT EXISTS (SELECT 1 ${exact("x", false)} AND x.order_id = r.id)) AS n`;
  return { page: { sql: `SELECT m.id FROM (${page}) m`, params }, count: { sql: count, params } };
}
