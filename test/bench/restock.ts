import "reflect-metadata";
import mysql from "mysql2/promise";
import { createDispatcher, createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { OrderEventType } from "../../server/src/modules/orders/order-event.entity";
import { reportFactsStatements } from "../../server/src/modules/orders/order-facts";
import { Caller } from "../../server/src/infra/graphql/context";
import { createEventBus, shopTopic } from "../../server/src/infra/graphql/pubsub";
import { createLogger } from "../../server/src/infra/logging/logger";
import { freshDatabase, MYSQL_URL } from "./lib";

/**
 * `npm run bench restock`: 10,000 orders wait for one sku (MariaDB); one restock resumes all of
 * them. Measured: until the restock committed, and until every ORDER_RESUMED event was delivered
 * to the PubSub; baseline: the bare SQL statements of the same allocation, sent straight over
 * mysql2 in this process. Targets (DESIGN.md): at most 1.25 x the baseline; events within 2 s.
 */
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const CHUNK = 500;

async function seed(url: string) {
  const db = await openAppDatabase({ databaseUrl: url, sqlitePath: "" });
  const services = createServices(db, { sessionTtlHours: 1 });
  const shop = await services.shops.createShop({ name: "Restock bench", currency: "BRL", locale: "pt-BR" });
  const [skuId] = await services.catalog.createSkus(shop.id, [{ code: "HOT", name: "Hot item", price: 1000, onHand: 0 }]);
  const pool = mysql.createPool({ uri: url, connectionLimit: 1 });
  const now = sqlTimestamp(new Date());
  const [customer] = (await pool.query("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, 'Bench', 'b@bench.test', 'pt-BR', ?)", [shop.id, now])) as any;
  // Bulk, as in the design's benchmarks: orders, their short lines and their events.
  for (let start = 1; start <= WAITING; start += CHUNK) {
    const numbers = Array.from({ length: Math.min(CHUNK, WAITING - start + 1) }, (_, i) => start + i);
    const [orders] = (await pool.query(
      `INSERT INTO orders (shop_id, number, customer_id, status, source, currency, subtotal, shipping, discount, total, placed_at, updated_at) VALUES ${numbers.map(() => "(?, ?, ?, 'AWAITING_STOCK', 'API', 'BRL', 1000, 0, 0, 1000, ?, ?)").join(", ")}`,
      numbers.flatMap((n) => [shop.id, n, customer.insertId, now, now]),
    )) as any;
    const ids = numbers.map((_, i) => orders.insertId + i);
    await pool.query(
      `INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled) VALUES ${ids.map(() => "(?, ?, ?, 'HOT', 'Hot item', 1, 1000, 0, 1, 0)").join(", ")}`,
      ids.flatMap((id) => [shop.id, id, skuId]),
    );
    await pool.query(
      `INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at, dispatched_at) VALUES ${ids.map(() => "(?, ?, 'ORDER_PLACED', 'SYSTEM', ?, ?)").join(", ")}`,
      ids.flatMap((id) => [shop.id, id, now, now]),
    );
  }
  await pool.query("UPDATE order_number_sequence SET last_number = ? WHERE shop_id = ?", [WAITING, shop.id]);
  await pool.end();
  return { db, services, shopId: shop.id, skuId: skuId! };
}

/** The allocation's statements, issued by hand: what the engine does, without the engine. */
async function bareAllocation(url: string, shopId: number, skuId: number): Promise<number> {
  const conn = await mysql.createConnection({ uri: url });
  const started = process.hrtime.bigint();
  const now = sqlTimestamp(new Date());
  await conn.query("START TRANSACTION");
  await conn.query("UPDATE stock_level SET on_hand = on_hand + ?, updated_at = ? WHERE sku_id = ?", [WAITING, now, skuId]);
  await conn.query("INSERT INTO stock_movement (shop_id, sku_id, kind, quantity, on_hand_delta, allocated_delta, actor_type, created_at) VALUES (?, ?, 'RESTOCK', ?, ?, 0, 'STAFF', ?)", [
    shopId, skuId, WAITING, WAITING, now,
  ]);
  const [lines] = (await conn.query(
    `SELECT l.id, l.order_id, l.short FROM order_line l JOIN orders o ON o.id = l.order_id
      WHERE l.shop_id = ? AND l.sku_id = ? AND l.short > 0 AND o.status IN ('AWAITING_STOCK', 'ON_HOLD_FOR_RESTOCK') ORDER BY l.order_id, l.id LIMIT ? FOR UPDATE`,
    [shopId, skuId, WAITING],
  )) as any;
  const rows = lines as Array<{ id: number; order_id: number; short: number }>;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await conn.query(`UPDATE order_line SET allocated = allocated + short, short = 0 WHERE id IN (${chunk.map(() => "?").join(", ")})`, chunk.map((l) => l.id));
    await conn.query(
      `INSERT INTO stock_movement (shop_id, sku_id, kind, quantity, on_hand_delta, allocated_delta, order_line_id, actor_type, created_at) VALUES ${chunk.map(() => "(?, ?, 'ALLOCATION', ?, 0, ?, ?, 'SYSTEM', ?)").join(", ")}`,
      chunk.flatMap((l) => [shopId, skuId, l.short, l.short, l.id, now]),
    );
  }
  await conn.query("UPDATE stock_level SET allocated = allocated + ?, updated_at = ? WHERE sku_id = ?", [rows.length, now, skuId]);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((l) => l.order_id);
    await conn.query(`UPDATE orders SET status = 'READY', updated_at = ? WHERE id IN (${chunk.map(() => "?").join(", ")})`, [now, ...chunk]);
    await conn.query(
      `INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at) VALUES ${chunk.map(() => "(?, ?, 'ORDER_RESUMED', 'SYSTEM', ?)").join(", ")}`,
      chunk.flatMap((id) => [shopId, id, now]),
    );
    // The report's facts, as the app keeps them with the events.
    for (const f of reportFactsStatements("mysql", shopId, chunk.map((orderId) => ({ orderId, type: OrderEventType.ORDER_RESUMED })), now, "SYSTEM")) await conn.query(f.sql, f.params);
  }
  await conn.query("COMMIT");
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await conn.end();
  return ms;
}

async function main() {
  console.log(`restock benchmark on ${new URL(MYSQL_URL).host}: ${WAITING} orders waiting for one sku`);
  const baseDb = await freshDatabase("ruptura_bench_bare");
  const base = await seed(baseDb.url);
  await base.db.close();
  const bareMs = await bareAllocation(baseDb.url, base.shopId, base.skuId);
  await baseDb.drop();

  const database = await freshDatabase("ruptura_bench_restock");
  const { db, services, shopId, skuId } = await seed(database.url);
  const bus = createEventBus();
  const dispatcher = createDispatcher(db, bus, createLogger("warn"), 1000);
  dispatcher.start();
  let resumedEvents = 0;
  let allDelivered: (() => void) | undefined;
  const delivered = new Promise<void>((resolve) => (allDelivered = resolve));
  void (async () => {
    for await (const payload of bus.subscribe<{ type: string }>(shopTopic("ORDER_UPDATED", shopId), { limit: WAITING + 1 })) {
      if (payload.type === "ORDER_RESUMED" && ++resumedEvents === WAITING) allDelivered!();
    }
  })();

  const caller: Caller = { shopId, shopCurrency: "BRL", shopLocale: "pt-BR", staffUserId: null, actor: { type: "STAFF", id: null, name: "Bench" }, sessionTokenHash: null };
  const started = process.hrtime.bigint();
  const result = await services.restocks.restock(caller, skuId, WAITING, "bench");
  const committedMs = Number(process.hrtime.bigint() - started) / 1e6;
  await delivered;
  const deliveredMs = Number(process.hrtime.bigint() - started) / 1e6;

  console.log(`bare SQL allocation       ${bareMs.toFixed(0).padStart(6)} ms`);
  console.log(`restock, committed        ${committedMs.toFixed(0).padStart(6)} ms   ${(committedMs / bareMs).toFixed(2)} x the bare SQL (target <= 1.25)   ${result.resumedOrderIds.length} orders resumed`);
  console.log(`every event delivered     ${deliveredMs.toFixed(0).padStart(6)} ms   ${(deliveredMs - committedMs).toFixed(0)} ms after commit (target <= 2000)`);
  await dispatcher.stop();
  await db.close();
  await database.drop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
