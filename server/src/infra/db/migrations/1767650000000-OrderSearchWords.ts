import { MigrationInterface, QueryRunner, Table } from "typeorm";

const CHUNK = 100_000;

/**
 * The orders' search index (issue 17, point 5): order_search_word, one row per word of an order's
 * customer (their customer_search_word rows) with the customer's id, keyed (shop_id, word,
 * order_id), so a search for a common surname reads a page of index entries newest first instead
 * of every matching customer's orders. Filled here from the customers' words, by ranges of order
 * ids (one INSERT ... SELECT each); kept by order intake from then on.
 */
export class OrderSearchWords1767650000000 implements MigrationInterface {
  name = "OrderSearchWords1767650000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "order_search_word",
        columns: [
          { name: "shop_id", type: "integer", isPrimary: true },
          { name: "word", type: "varchar", length: "64", isPrimary: true },
          { name: "order_id", type: "integer", isPrimary: true },
          { name: "customer_id", type: "integer" },
        ],
      }),
    );
    const mysql = q.connection.driver.options.type !== "better-sqlite3";
    const [range] = await q.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM orders");
    if (range?.lo === null || range?.lo === undefined) return;
    for (let from = Number(range.lo); from <= Number(range.hi); from += CHUNK) {
      // The SQL of orderWordsRebuild (modules/orders/order-search.ts) as it was when this was written.
      await q.query(
        `INSERT INTO order_search_word (shop_id, word, order_id, customer_id) SELECT o.shop_id, c.word, o.id, o.customer_id FROM orders o JOIN customer_search_word c ON c.shop_id = o.shop_id AND c.customer_id = o.customer_id WHERE o.id BETWEEN ? AND ?${mysql ? " ON DUPLICATE KEY UPDATE order_search_word.word = order_search_word.word" : " ON CONFLICT DO NOTHING"}`,
        [from, from + CHUNK - 1],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("order_search_word");
  }
}
