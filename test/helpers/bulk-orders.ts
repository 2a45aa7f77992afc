import { openAppDatabase } from "../../server/src/persistence";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { Database } from "../../server/src/infra/db/database";
import { createServices } from "../../server/src/app";
import { orderStatusCountsRebuild } from "../../server/src/modules/orders/order-counts";
import { TestDatabase } from "./databases";

const CHUNK = 500;

/**
 * `count` orders of one customer, each short of one unit of `skuId` (AWAITING_STOCK), written in
 * bulk straight in SQL as test/bench/restock.ts does (placing 10,000 orders over GraphQL takes
 * minutes). Their ORDER_PLACED events are marked dispatched: only what happens next is news.
 * Returns the orders' ids, oldest first.
 */
export async function seedWaitingOrders(db: Database, shopId: number, skuId: number, skuCode: string, count: number): Promise<number[]> {
  const now = sqlTimestamp(new Date());
  return db.transaction(async (tx) => {
    const [first] = await tx.query<{ n: number | null }>("SELECT MAX(number) AS n FROM orders WHERE shop_id = ?", [shopId]);
    const base = Number(first?.n ?? 0);
    await tx.run("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, 'Cliente Em Massa', 'massa@example.com', 'pt-BR', ?)", [shopId, now]);
    const [customer] = await tx.query<{ id: number }>("SELECT MAX(id) AS id FROM customer WHERE shop_id = ?", [shopId]);
    const ids: number[] = [];
    for (let start = 1; start <= count; start += CHUNK) {
      const numbers = Array.from({ length: Math.min(CHUNK, count - start + 1) }, (_, i) => base + start + i);
      await tx.run(
        `INSERT INTO orders (shop_id, number, customer_id, status, source, currency, subtotal, shipping, discount, total, placed_at, updated_at) VALUES ${numbers
          .map(() => "(?, ?, ?, 'AWAITING_STOCK', 'API', 'BRL', 1000, 0, 0, 1000, ?, ?)")
          .join(", ")}`,
        numbers.flatMap((n) => [shopId, n, customer!.id, now, now]),
        numbers.length,
      );
      const rows = await tx.query<{ id: number }>("SELECT id FROM orders WHERE shop_id = ? AND number BETWEEN ? AND ? ORDER BY number", [
        shopId,
        numbers[0],
        numbers[numbers.length - 1],
      ]);
      const chunk = rows.map((r) => Number(r.id));
      ids.push(...chunk);
      await tx.run(
        `INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled) VALUES ${chunk
          .map(() => "(?, ?, ?, ?, 'Bulk item', 1, 1000, 0, 1, 0)")
          .join(", ")}`,
        chunk.flatMap((id) => [shopId, id, skuId, skuCode]),
        chunk.length,
      );
      await tx.run(
        `INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at, dispatched_at) VALUES ${chunk.map(() => "(?, ?, 'ORDER_PLACED', 'SYSTEM', ?, ?)").join(", ")}`,
        chunk.flatMap((id) => [shopId, id, now, now]),
        chunk.length,
      );
    }
    await tx.run("UPDATE order_number_sequence SET last_number = ? WHERE shop_id = ?", [base + count, shopId]);
    // Orders written by raw SQL: the shop's kept counts are made again from them.
    for (const { sql, params } of orderStatusCountsRebuild(tx.dialect, shopId)) await tx.run(sql, params);
    return ids;
  });
}

export interface WaitingShop {
  shopId: number;
  email: string;
  password: string;
  skuId: number;
  token: string;
  orderIds: number[];
}

/** A shop, a staff session and `count` orders waiting for its one sku (HOT, none on hand), in a test database. */
export async function seedWaitingShop(testDb: TestDatabase, count: number, name = "Bulk shop"): Promise<WaitingShop> {
  const db = await openAppDatabase(testDb.options);
  try {
    const services = createServices(db, { sessionTtlHours: 1 });
    const shop = await services.shops.createShop({ name, currency: "BRL", locale: "pt-BR" });
    const email = `bulk.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}@shop.test`;
    await services.auth.createStaffUser({ shopId: shop.id, email, name: "Bulk staff", password: "correct horse battery staple" });
    const login = await services.auth.login(email, "correct horse battery staple");
    const [skuId] = await services.catalog.createSkus(shop.id, [{ code: "HOT", name: "Hot item", price: 1000, onHand: 0 }]);
    const orderIds = await seedWaitingOrders(db, shop.id, skuId!, "HOT", count);
    return { shopId: shop.id, email, password: "correct horse battery staple", skuId: skuId!, token: login.token, orderIds };
  } finally {
    await db.close();
  }
}
