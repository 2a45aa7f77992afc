import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

const CHUNK = 1000;

/**
 * The words of a customer as customers/customer-search.ts made them when this migration was
 * written (copied, so that the migration stays what it was): name words and the e-mail, lower
 * case, accents removed, at most 64 characters each.
 */
function customerSearchWords(name: string, email: string): string[] {
  const words = (text: string) =>
    text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().split(/\s+/).filter(Boolean).map((w) => [...w].slice(0, 64).join(""));
  return [...new Set([...words(name), ...words(email)])];
}

/**
 * Reads at scale (issue 17, point 5).
 * - customer_search_word: the customers' search index (a row per word of the name, and the e-mail),
 *   so a search by customer is an index range instead of a LIKE '%...%' over every customer;
 *   filled here for the customers there are, kept by order intake from then on.
 * - order_line (shop_id, sku_id, short, order_id): the queue filtered by a sku reads only that
 *   sku's short lines, covered, instead of every line of the sku.
 * - orders (shop_id, customer_id, id) instead of (customer_id): the orders of the customers a search
 *   found, newest first, from the index alone (the old one read each order's row for its shop_id:
 *   20,000 random reads for "Costa" in a shop of a million orders).
 */
export class ReadsAtScale1767100000000 implements MigrationInterface {
  name = "ReadsAtScale1767100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "customer_search_word",
        columns: [
          { name: "shop_id", type: "integer", isPrimary: true },
          { name: "word", type: "varchar", length: "64", isPrimary: true },
          { name: "customer_id", type: "integer", isPrimary: true },
        ],
        indices: [{ name: "IDX_customer_search_word_customer_id", columnNames: ["customer_id"] }],
      }),
    );
    const mysql = q.connection.driver.options.type !== "better-sqlite3";
    for (let after = 0; ; ) {
      const customers: Array<{ id: number; shop_id: number; name: string; email: string }> = await q.query(
        "SELECT id, shop_id, name, email FROM customer WHERE id > ? ORDER BY id LIMIT ?",
        [after, CHUNK],
      );
      if (customers.length === 0) break;
      const rows = customers.flatMap((c) => customerSearchWords(String(c.name), String(c.email)).map((word) => [Number(c.shop_id), word, Number(c.id)]));
      if (rows.length) await q.query(`INSERT INTO customer_search_word (shop_id, word, customer_id) VALUES ${rows.map(() => "(?, ?, ?)").join(", ")}${mysql ? " ON DUPLICATE KEY UPDATE word = word" : " ON CONFLICT DO NOTHING"}`, rows.flat());
      after = Number(customers[customers.length - 1]!.id);
    }
    await q.createIndex("order_line", new TableIndex({ name: "IDX_order_line_shop_id_sku_id_short", columnNames: ["shop_id", "sku_id", "short", "order_id"] }));
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_shop_id_customer_id_id", columnNames: ["shop_id", "customer_id", "id"] }));
    await q.dropIndex("orders", "IDX_orders_customer_id");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex("orders", new TableIndex({ name: "IDX_orders_customer_id", columnNames: ["customer_id"] }));
    await q.dropIndex("orders", "IDX_orders_shop_id_customer_id_id");
    await q.dropIndex("order_line", "IDX_order_line_shop_id_sku_id_short");
    await q.dropTable("customer_search_word");
  }
}
