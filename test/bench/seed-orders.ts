import mysql from "mysql2/promise";
import { reportFactsRebuild } from "../../server/src/modules/orders/order-facts";
import { orderWordsRebuild } from "../../server/src/modules/orders/order-search";

/**
 * Orders seeded in bulk (INSERT ... SELECT over a numbers table, about a minute for 1M on MariaDB),
 * shared by the benchmarks that need a big shop (report, reads). The mix, by k = number % 100:
 * 0, 30, 60 cancelled after a stockout; 10 waiting (AWAITING_STOCK); 20 on hold (ON_HOLD_FOR_RESTOCK,
 * or delivered with `onHold: false`); 40, 50 shipped what was available; 70 substituted; 80, 90 held
 * then resumed by a restock; 5 cancelled without a stockout; the rest delivered. 2 lines each
 * (line 0 of sku number % skus, the one that runs out), events and refunds to match, spread
 * over the 359 days before `end`.
 */
export interface SeedOptions {
  orders: number;
  skus: number;
  /** The last order's placement time, `YYYY-MM-DD hh:mm:ss`. */
  end: string;
  /** Orders with k = 20 are ON_HOLD_FOR_RESTOCK (default) or, when false, delivered. */
  onHold?: boolean;
  /** How many customers place them (order n is customer n % customers); default one, "Bench". */
  customers?: number;
}

const CHUNK = 250_000;

/** A first name and a surname per customer, from these lists (ASCII: SQL's LOWER normalises them as the app does). */
export const FIRST_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fabio", "Gabriela", "Hugo", "Isabel", "Joao", "Karina", "Lucas", "Marina", "Nuno", "Olivia", "Paulo", "Renata", "Sergio", "Tania", "Vitor"];
export const SURNAMES = [
  "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida",
  "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
  "Cardoso", "Ramos", "Goncalves", "Santana", "Teixeira", "Araujo", "Pinto", "Correia", "Cavalcanti", "Monteiro", "Moura", "Campos", "Batista", "Barros", "Reis",
  "Azevedo", "Castro", "Nogueira", "Farias", "Tavares",
];

/**
 * `count` customers "<first name> <surname>" (customer i: FIRST_NAMES[i % 20], SURNAMES[i / 20 % 50]),
 * e-mail c<i>@bench.test, with their search words; returns the first one's id (ids are consecutive).
 */
async function seedCustomers(pool: mysql.Pool, shopId: number, count: number, end: string): Promise<number> {
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  const list = (names: string[]) => names.map((n, i) => `WHEN ${i} THEN '${n}'`).join(" ");
  await q(
    `INSERT INTO customer (shop_id, name, email, locale, created_at)
     SELECT ?, CONCAT(CASE n % ${FIRST_NAMES.length} ${list(FIRST_NAMES)} END, ' ', CASE FLOOR(n / ${FIRST_NAMES.length}) % ${SURNAMES.length} ${list(SURNAMES)} END),
       CONCAT('c', n, '@bench.test'), 'pt-BR', ? FROM bench_n WHERE n <= ? ORDER BY n`,
    [shopId, end, count],
  );
  const [[first]] = (await q("SELECT MIN(id) AS id FROM customer WHERE shop_id = ? AND email LIKE 'c%@bench.test'", [shopId])) as any;
  for (const word of ["LOWER(SUBSTRING_INDEX(name, ' ', 1))", "LOWER(SUBSTRING_INDEX(name, ' ', -1))", "email"]) {
    await q(`INSERT INTO customer_search_word (shop_id, word, customer_id) SELECT shop_id, ${word}, id FROM customer WHERE shop_id = ? AND id >= ?`, [shopId, first.id]);
  }
  return Number(first.id);
}

export async function seedOrders(pool: mysql.Pool, shopId: number, firstSku: number, options: SeedOptions) {
  const { orders: ORDERS, skus: SKUS, end: END } = options;
  const onHold = options.onHold ?? true;
  const customers = options.customers ?? 1;
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  await q("CREATE TABLE bench_digit (d INT PRIMARY KEY)");
  await q("INSERT INTO bench_digit VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
  await q("CREATE TABLE bench_n (n INT PRIMARY KEY)");
  await q(
    `INSERT INTO bench_n SELECT 1 + a.d + 10*b.d + 100*c.d + 1000*d.d + 10000*e.d + 100000*f.d + 1000000*g.d AS n
     FROM bench_digit a, bench_digit b, bench_digit c, bench_digit d, bench_digit e, bench_digit f, bench_digit g
     WHERE a.d + 10*b.d + 100*c.d + 1000*d.d + 10000*e.d + 100000*f.d + 1000000*g.d < ?`,
    [ORDERS],
  );
  const waiting = onHold ? "10, 20" : "10";
  let firstCustomer: number;
  if (customers === 1) {
    const [customer] = (await q("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, 'Bench', 'b@bench.test', 'pt-BR', ?)", [shopId, END])) as any;
    firstCustomer = customer.insertId;
  } else {
    firstCustomer = await seedCustomers(pool, shopId, customers, END);
  }
  // k = n % 100: 0, 30, 60 cancelled after a stockout; 10 waiting; 20 on hold; 40, 50 shipped what was available;
  // 70 substituted; 80, 90 held then resumed by a restock; 5 cancelled without a stockout; the rest delivered.
  const status = `CASE n % 100 WHEN 0 THEN 'CANCELLED' WHEN 30 THEN 'CANCELLED' WHEN 60 THEN 'CANCELLED' WHEN 5 THEN 'CANCELLED'
    WHEN 10 THEN 'AWAITING_STOCK' ${onHold ? "WHEN 20 THEN 'ON_HOLD_FOR_RESTOCK'" : ""} ELSE 'DELIVERED' END`;
  const placed = `DATE_SUB(?, INTERVAL ((${ORDERS} - n) * 31) SECOND)`;
  for (let from = 1; from <= ORDERS; from += CHUNK) {
    const to = Math.min(ORDERS, from + CHUNK - 1);
    await q(
      `INSERT INTO orders (shop_id, number, customer_id, status, source, kind, currency, subtotal, shipping, discount, total, placed_at, updated_at)
       SELECT ?, n, ${firstCustomer} + n % ${customers}, ${status}, 'API', 'SALE', 'BRL', 2500, 0, 0, 2500, ${placed}, ${placed} FROM bench_n WHERE n BETWEEN ? AND ?`,
      [shopId, END, END, from, to],
    );
  }
  const k = "(o.number % 100)";
  for (let from = 1; from <= ORDERS; from += CHUNK) {
    const to = Math.min(ORDERS, from + CHUNK - 1);
    const range = [shopId, from, to];
    // Line 0: 2 units of sku n % 50 (the one that runs out); line 1: 1 unit of another.
    await q(
      `INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled, shipped)
       SELECT o.shop_id, o.id, ${firstSku} + o.number % ${SKUS}, 'S', 'Item', 2, 1000,
         CASE WHEN ${k} IN (0, 30, 60, 5, ${waiting}, 70) THEN 0 WHEN ${k} IN (40, 50) THEN 1 ELSE 2 END,
         CASE WHEN ${k} IN (${waiting}) THEN 2 ELSE 0 END,
         CASE WHEN ${k} IN (0, 30, 60, 5, 70) THEN 2 WHEN ${k} IN (40, 50) THEN 1 ELSE 0 END, 0
       FROM orders o WHERE o.shop_id = ? AND o.number BETWEEN ? AND ?`,
      range,
    );
    await q(
      `INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled, shipped)
       SELECT o.shop_id, o.id, ${firstSku} + (o.number * 7 + 3) % ${SKUS}, 'T', 'Item', 1, 500,
         CASE WHEN ${k} IN (0, 30, 60, 5) THEN 0 ELSE 1 END, 0, CASE WHEN ${k} IN (0, 30, 60, 5) THEN 1 ELSE 0 END, 0
       FROM orders o WHERE o.shop_id = ? AND o.number BETWEEN ? AND ?`,
      range,
    );
    const event = (type: string, where: string, delay: string, actor = "'SYSTEM'") =>
      q(
        `INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at, dispatched_at)
         SELECT o.shop_id, o.id, '${type}', ${actor}, DATE_ADD(o.placed_at, INTERVAL ${delay} SECOND), o.placed_at
         FROM orders o WHERE o.shop_id = ? AND o.number BETWEEN ? AND ? AND ${where}`,
        range,
      );
    const side = `CASE WHEN o.number % 3 = 0 THEN 'CUSTOMER' ELSE 'STAFF' END`;
    await event("ORDER_PLACED", "1 = 1", "0");
    await event("STOCK_SHORTAGE", `${k} % 10 = 0`, "0");
    await event("ORDER_CANCELLED", `${k} IN (0, 30, 60, 5)`, "60 + o.number % 7200", side);
    await event("ORDER_ON_HOLD", `${k} IN (20, 80, 90)`, "60 + o.number % 3600", side);
    await event("ITEMS_CANCELLED", `${k} IN (40, 50)`, "60 + o.number % 14400", side);
    await event("LINE_SUBSTITUTED", `${k} = 70`, "60 + o.number % 1800", side);
    await event("ORDER_RESUMED", `${k} IN (70, 80, 90)`, "3600 + o.number % 172800");
    // Refunds of cancellations and shipped-without items, in every status.
    await q(
      `INSERT INTO refund (shop_id, order_id, destination, status, amount, shipping_amount, currency, cpf_attempts, paid_at, created_at, updated_at)
       SELECT o.shop_id, o.id, CASE WHEN o.number % 2 = 0 THEN 'CUSTOMER' ELSE 'MERCHANT' END,
         CASE o.number % 5 WHEN 0 THEN 'PAID' WHEN 1 THEN 'PAID' WHEN 2 THEN 'READY_FOR_PAYOUT' WHEN 3 THEN 'AWAITING_CUSTOMER_DETAILS' ELSE 'EXPIRED' END,
         CASE WHEN ${k} IN (40, 50) THEN 1000 ELSE 2500 END, 0, 'BRL', 0,
         CASE WHEN o.number % 5 IN (0, 1) THEN DATE_ADD(o.placed_at, INTERVAL (7200 + o.number % 259200) SECOND) END,
         DATE_ADD(o.placed_at, INTERVAL 7200 SECOND), DATE_ADD(o.placed_at, INTERVAL 7200 SECOND)
       FROM orders o WHERE o.shop_id = ? AND o.number BETWEEN ? AND ? AND ${k} IN (0, 30, 60, 5, 40, 50)`,
      range,
    );
  }
  // The orders' search words, from their customers' (the migration's backfill, by ranges of ids).
  const [[ids]] = (await q("SELECT MIN(id) AS lo, MAX(id) AS hi FROM orders WHERE shop_id = ?", [shopId])) as any;
  for (let from = Number(ids.lo); from <= Number(ids.hi); from += CHUNK) {
    const { sql, params } = orderWordsRebuild("mysql", shopId, from, Math.min(Number(ids.hi), from + CHUNK - 1));
    await q(sql, params);
  }
  await q("UPDATE order_number_sequence SET last_number = ? WHERE shop_id = ?", [ORDERS, shopId]);
  // The seeded orders are history, like the demo's (main.ts, skipHistory): their customers are not
  // mailed about them. Otherwise the server under test renders and writes an e-mail for each of
  // the million events while it is being measured (most of its CPU in the reads bench).
  await q("UPDATE notification_cursor SET last_id = (SELECT MAX(id) FROM order_event) WHERE name = 'order_event'");
  // The report's facts, by the migration's backfill.
  for (const { sql, params } of reportFactsRebuild("mysql", shopId)) await q(sql, params);
  await q("DROP TABLE bench_n");
  await q("DROP TABLE bench_digit");
  await q("ANALYZE TABLE orders, order_line, order_event, refund, customer, customer_search_word, order_search_word, order_stockout, order_stockout_line, order_quarter_count");
}

