import "reflect-metadata";
import mysql from "mysql2/promise";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { ReportService } from "../../server/src/modules/reports/report.service";
import { freshDatabase, MYSQL_URL, startServerProcess, StatementRecorder } from "./lib";
import { seedOrders } from "./seed-orders";

/**
 * `npm run bench report`: a shop with BENCH_REPORT_ORDERS orders (default 1,000,000; MariaDB),
 * seeded in bulk by seed-orders.ts (10% hit a stockout, 4% cancelled, refunds in every status,
 * 2 lines each, spread over the 359 days before 2026-11-27). Measured: `report` over GraphQL/HTTP (the
 * built server, its own process) for 30, 90 and 365 days; baseline: the same aggregate statements
 * (recorded from the service once) sent straight over mysql2 with the same parallelism.
 * Target (DESIGN.md): under 1 s.
 */
const ORDERS = Number(process.env.BENCH_REPORT_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const SKUS = 50;
const END = "2026-11-27 12:00:00";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const day = (offset: number) => new Date(Date.parse("2026-11-27T12:00:00Z") + offset * 86_400_000).toISOString().slice(0, 10);

async function main() {
  console.log(`report benchmark on ${new URL(MYSQL_URL).host}: ${ORDERS.toLocaleString("en")} orders, median of ${RUNS} runs`);
  const { url, drop } = await freshDatabase("bench_report");
  const recorder = new StatementRecorder();
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
    await seedOrders(pool, shop.id, Math.min(...skuIds), { orders: ORDERS, skus: SKUS, end: END });
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
