import "reflect-metadata";
import mysql from "mysql2/promise";
import { Logger as TypeOrmLogger } from "typeorm";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { ReportService } from "../../server/src/modules/reports/report.service";
import { freshDatabase, MYSQL_URL, startServerProcess } from "./lib";

/**
 * `npm run bench report`: a shop with BENCH_REPORT_ORDERS orders (default 1,000,000; MariaDB),
 * seeded in bulk with INSERT ... SELECT over a numbers table, spread over the 359 days before
 * 2026-11-27 with a realistic mix: 10% hit a stockout (every resolution, both sides, resumptions),
 * 4% cancelled, refunds in every status, 2 lines each. Measured: `report` over GraphQL/HTTP (the
 * built server, its own process) for 30, 90 and 365 days; baseline: the same aggregate statements
 * (recorded from the service once) sent straight over mysql2 with the same parallelism.
 * Target (DESIGN.md): under 1 s.
 */
const ORDERS = Number(process.env.BENCH_REPORT_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const SKUS = 50;
const END = "2026-11-27 12:00:00";
const CHUNK = 250_000;

class Recorder implements TypeOrmLogger {
  recording = false;
  statements: Array<{ sql: string; params: unknown[] }> = [];
  logQuery(query: string, parameters?: unknown[]) {
    if (this.recording) this.statements.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

async function seed(pool: mysql.Pool, shopId: number, firstSku: number) {
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
  const [customer] = (await q("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, 'Bench', 'b@bench.test', 'pt-BR', ?)", [shopId, END])) as any;
  // k = n % 100: 0, 30, 60 cancelled after a stockout; 10 waiting; 20 on hold; 40, 50 shipped what was available;
  // 70 substituted; 80, 90 held then resumed by a restock; 5 cancelled without a stockout; the rest delivered.
  const status = `CASE n % 100 WHEN 0 THEN 'CANCELLED' WHEN 30 THEN 'CANCELLED' WHEN 60 THEN 'CANCELLED' WHEN 5 THEN 'CANCELLED'
    WHEN 10 THEN 'AWAITING_STOCK' WHEN 20 THEN 'ON_HOLD_FOR_RESTOCK' ELSE 'DELIVERED' END`;
  const placed = `DATE_SUB(?, INTERVAL ((${ORDERS} - n) * 31) SECOND)`;
  for (let from = 1; from <= ORDERS; from += CHUNK) {
    const to = Math.min(ORDERS, from + CHUNK - 1);
    await q(
      `INSERT INTO orders (shop_id, number, customer_id, status, source, kind, currency, subtotal, shipping, discount, total, placed_at, updated_at)
       SELECT ?, n, ?, ${status}, 'API', 'SALE', 'BRL', 2500, 0, 0, 2500, ${placed}, ${placed} FROM bench_n WHERE n BETWEEN ? AND ?`,
      [shopId, customer.insertId, END, END, from, to],
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
         CASE WHEN ${k} IN (0, 30, 60, 5, 10, 20, 70) THEN 0 WHEN ${k} IN (40, 50) THEN 1 ELSE 2 END,
         CASE WHEN ${k} IN (10, 20) THEN 2 ELSE 0 END,
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
  await q("UPDATE order_number_sequence SET last_number = ? WHERE shop_id = ?", [ORDERS, shopId]);
  await q("DROP TABLE bench_n");
  await q("DROP TABLE bench_digit");
  await q("ANALYZE TABLE orders, order_line, order_event, refund");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const day = (offset: number) => new Date(Date.parse("2026-11-27T12:00:00Z") + offset * 86_400_000).toISOString().slice(0, 10);

async function main() {
  console.log(`report benchmark on ${new URL(MYSQL_URL).host}: ${ORDERS.toLocaleString("en")} orders, median of ${RUNS} runs`);
  const { url, drop } = await freshDatabase("bench_report");
  const recorder = new Recorder();
  const db = await openAppDatabase({ databaseUrl: url, sqlitePath: "", logger: recorder });
  let server: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  try {
    const services = createServices(db, { sessionTtlHours: 1 });
    const shop = await services.shops.createShop({ name: "Report bench", currency: "BRL", locale: "pt-BR" });
    const skuIds = await services.catalog.createSkus(
      shop.id,
      Array.from({ length: SKUS }, (_, i) => ({ code: `SKU-${i}`, name: `Item ${i}`, price: 1000, onHand: i % 3 === 0 ? 0 : 5 })),
    );
    const email = "bench@report.test";
    await services.auth.createStaffUser({ shopId: shop.id, email, name: "Bench", password: "correct horse battery staple" });
    const pool = mysql.createPool({ uri: url, connectionLimit: 16, multipleStatements: true });
    const seeded = Date.now();
    await seed(pool, shop.id, Math.min(...skuIds));
    console.log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);

    const port = 4600 + Math.floor(Math.random() * 300);
    server = await startServerProcess(url, port);
    const graphql = `http://127.0.0.1:${port}/graphql`;
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(graphql, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const token = (await call(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: "correct horse battery staple" })).login.token as string;
    const REPORT = `query($from: Date!, $to: Date!) { report(range: { from: $from, to: $to }) {
      current { ordersPlaced ordersHitStockout cancelRate } previous { ordersPlaced cancelRate } daily { date ordersPlaced ordersHitStockout ordersCancelled }
      resolutions { resolution side count } timeToResolution { count medianSeconds p90Seconds } timeToResumption { count medianSeconds p90Seconds }
      revenue { atRiskNow { amount } ordersWaitingNow cancelledUnits { amount } refunded { amount } }
      refunds { buckets { destination status count amount { amount } } paidCount paidAmount { amount } averageSecondsToPayout }
      topSkus { code ordersAffected unitsShort daysOutOfStock availableNow incoming }
      afterDelivery { claimsByOutcome { count } returnsByReason { count } bySku { code } } } }`;

    for (const days of [30, 90, 365]) {
      const range = { from: day(-(days - 1)), to: day(0) };
      // The same statements, recorded from the service, then sent bare over mysql2 (shop, 12 in parallel, skus).
      recorder.statements = [];
      recorder.recording = true;
      const sample = await new ReportService(db).report(shop.id, { from: new Date(range.from), to: new Date(range.to) });
      recorder.recording = false;
      const statements = recorder.statements;
      if (statements.length !== ReportService.STATEMENTS) throw new Error(`expected ${ReportService.STATEMENTS} statements, recorded ${statements.length}`);
      const bare = async () => {
        const run = (s: { sql: string; params: unknown[] }) => pool.query(s.sql, s.params);
        await run(statements[0]!);
        await Promise.all(statements.slice(1, -1).map(run));
        await run(statements[statements.length - 1]!);
      };
      const time = async (work: () => Promise<unknown>) => {
        await work(); // warm
        const ms: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t0 = process.hrtime.bigint();
          await work();
          ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        return median(ms);
      };
      const bareMs = await time(bare);
      if (process.env.BENCH_REPORT_STATEMENTS === "true") {
        for (const [i, st] of statements.entries()) {
          const t0 = process.hrtime.bigint();
          await pool.query(st.sql, st.params);
          console.log(`  statement ${i}: ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms  ${st.sql.replace(/\s+/g, " ").slice(0, 90)}`);
        }
      }
      let answer: any = null;
      const httpMs = await time(async () => {
        answer = await call(REPORT, range, token);
      });
      const c = answer.report.current;
      console.log(
        `${String(days).padStart(3)} days: report over HTTP ${httpMs.toFixed(0).padStart(5)} ms (target < 1000)   bare SQL ${bareMs.toFixed(0).padStart(5)} ms   ratio ${(httpMs / bareMs).toFixed(2)}   ` +
          `(${c.ordersPlaced} placed, ${c.ordersHitStockout} hit a stockout, cancel rate ${(c.cancelRate * 100).toFixed(1)}%, ${answer.report.topSkus.length} top skus)`,
      );
      if (sample.current.ordersPlaced !== c.ordersPlaced) throw new Error("the service and the API disagree");
    }
    await pool.end();
  } finally {
    server?.kill();
    await db.close();
    if (process.env.BENCH_KEEP_DB !== "true") await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
