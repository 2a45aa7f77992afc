import "reflect-metadata";
import http from "node:http";
import mysql from "mysql2/promise";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { OrderEventType } from "../../server/src/modules/orders/order-event.entity";
import { reportFactsStatements } from "../../server/src/modules/orders/order-facts";
import { cpuMs, fmt, freshDatabase, MYSQL_URL, rssMb, runLoad, SECONDS, startServerProcess } from "./lib";

/**
 * `npm run bench` (intake): placeOrder over GraphQL/HTTP against the same transaction done straight
 * over mysql2, at 8 and 32 clients, on MariaDB. Targets (DESIGN.md): at least 0.5 x the bare
 * orders/s and p99 at most 2 x the bare p99; server RSS under 300 MB. BENCH_ROUNDS=n alternates n
 * pairs of runs and judges the medians (the machine is shared: one pair is noisy).
 */
const SKUS = 200;
const PORT = Number(process.env.BENCH_PORT ?? 4555);

const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } userErrors { code } } }`;

async function main() {
  console.log(`intake benchmark on ${new URL(MYSQL_URL).host}, ${SECONDS}s per run`);
  const database = await freshDatabase("ruptura_bench");
  const db = await openAppDatabase({ databaseUrl: database.url, sqlitePath: "" });
  const services = createServices(db, { sessionTtlHours: 1 });
  const shop = await services.shops.createShop({ name: "Bench", currency: "BRL", locale: "pt-BR" });
  await services.auth.createStaffUser({ shopId: shop.id, email: "bench@ruptura.dev", name: "Bench", password: "bench-password" });
  const skuIds = await services.catalog.createSkus(
    shop.id,
    Array.from({ length: SKUS }, (_, i) => ({ code: `SKU-${i}`, name: `Item ${i}`, price: 1000 + i, onHand: 10_000_000 })),
  );
  await db.close();

  const server = await startServerProcess(database.url, PORT);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid!))), 200);
  const url = `http://127.0.0.1:${PORT}/graphql`;
  // A plain keep-alive HTTP client: fetch costs the client several times more CPU per request,
  // and on two cores that CPU is taken from the server under test.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (query: string, variables: object, token?: string) =>
    new Promise<any>((resolve, reject) => {
      const body = JSON.stringify({ query, variables });
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const token = (await post(`mutation { login(email: "bench@ruptura.dev", password: "bench-password") { token } }`, {})).data.login.token;

  // Customers exist before the runs, as for a shop's returning customers.
  const customers = Array.from({ length: 500 }, (_, i) => ({ name: `Cliente ${i}`, email: `c${i}@bench.test` }));
  const pickSkus = (client: number, i: number) => {
    const a = (client * 7919 + i * 104729) % SKUS;
    const b = (a + 1 + ((client + i) % (SKUS - 1))) % SKUS;
    return [a, b];
  };
  for (const c of customers) await post(PLACE, { input: { customer: c, lines: [{ skuCode: "SKU-0", quantity: 1 }] } }, token);

  const pool = mysql.createPool({ uri: database.url, connectionLimit: 32, timezone: "Z" });
  const [[customerRow]] = (await pool.query("SELECT id FROM customer LIMIT 1")) as any;
  let bareNumber = 1_000_000;
  /** The bare intake transaction: order, 2 lines, conditional reservation, ledger, event, the report's count. */
  const bareOrder = async (client: number, i: number) => {
    const [a, b] = pickSkus(client, i).map((k) => skuIds[k]!).sort((x, y) => x - y) as [number, number];
    const conn = await pool.getConnection();
    try {
      const now = sqlTimestamp(new Date());
      await conn.query("START TRANSACTION");
      for (const skuId of [a, b]) {
        const [r] = (await conn.query("UPDATE stock_level SET allocated = allocated + 1, updated_at = ? WHERE sku_id = ? AND on_hand - allocated >= 1", [now, skuId])) as any;
        if (r.affectedRows !== 1) throw new Error("no stock");
      }
      const [order] = (await conn.query(
        "INSERT INTO orders (shop_id, number, customer_id, status, source, currency, subtotal, shipping, discount, total, placed_at, updated_at) VALUES (?, ?, ?, 'READY', 'API', 'BRL', 2000, 0, 0, 2000, ?, ?)",
        [shop.id, bareNumber++, customerRow.id, now, now],
      )) as any;
      const [lines] = (await conn.query(
        "INSERT INTO order_line (shop_id, order_id, sku_id, sku_code, name, quantity, unit_price, allocated, short, cancelled) VALUES (?, ?, ?, 'X', 'X', 1, 1000, 1, 0, 0), (?, ?, ?, 'Y', 'Y', 1, 1000, 1, 0, 0)",
        [shop.id, order.insertId, a, shop.id, order.insertId, b],
      )) as any;
      await conn.query(
        "INSERT INTO stock_movement (shop_id, sku_id, kind, quantity, on_hand_delta, allocated_delta, order_line_id, actor_type, created_at) VALUES (?, ?, 'ALLOCATION', 1, 0, 1, ?, 'SYSTEM', ?), (?, ?, 'ALLOCATION', 1, 0, 1, ?, 'SYSTEM', ?)",
        [shop.id, a, lines.insertId, now, shop.id, b, lines.insertId + 1, now],
      );
      await conn.query("INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at) VALUES (?, ?, 'ORDER_PLACED', 'SYSTEM', ?)", [shop.id, order.insertId, now]);
      // The report's quarter-hour count, as the app keeps it with the event.
      for (const f of reportFactsStatements("mysql", shop.id, [{ orderId: order.insertId, type: OrderEventType.ORDER_PLACED }], now, "SYSTEM")) await conn.query(f.sql, f.params);
      await conn.query("COMMIT");
    } catch (error) {
      await conn.query("ROLLBACK");
      throw error;
    } finally {
      conn.release();
    }
  };
  const placeOrder = async (client: number, i: number) => {
    const [a, b] = pickSkus(client, i);
    const result = await post(
      PLACE,
      { input: { customer: customers[(client * 31 + i) % customers.length], lines: [{ skuCode: `SKU-${a}`, quantity: 1 }, { skuCode: `SKU-${b}`, quantity: 1 }] } },
      token,
    );
    if (result.errors || result.data.placeOrder.userErrors.length) throw new Error(JSON.stringify(result.errors ?? result.data.placeOrder.userErrors));
  };

  // On a shared machine one pair of runs is noise: BENCH_ROUNDS pairs (bare, then placeOrder, each
  // with its warm-up) alternate, and the goals are judged on the median of the pairs' ratios.
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  let failed = false;
  for (const clients of [8, 32]) {
    const throughput: number[] = [];
    const p99: number[] = [];
    const serverCpu: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      await runLoad(clients, 1, bareOrder); // warm-up
      const bare = await runLoad(clients, SECONDS, bareOrder);
      await runLoad(clients, 1, placeOrder);
      const cpuBefore = cpuMs(server.pid!);
      const clientCpuBefore = process.cpuUsage();
      const ours = await runLoad(clients, SECONDS, placeOrder);
      const serverCpuPerOrder = (cpuMs(server.pid!) - cpuBefore) / ours.ops;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const clientCpuPerOrder = (clientCpu.user + clientCpu.system) / 1000 / ours.ops;
      throughput.push(ours.perSecond / bare.perSecond);
      p99.push(ours.p99 / bare.p99);
      serverCpu.push(serverCpuPerOrder);
      const tag = rounds > 1 ? ` (round ${round})` : "";
      console.log(
        [
          `${String(clients).padStart(2)} clients  bare mysql2   ${fmt(bare)}${tag}`,
          `${String(clients).padStart(2)} clients  placeOrder    ${fmt(ours)}${tag}`,
          `           ratio          throughput ${throughput.at(-1)!.toFixed(2)} x   p99 ${p99.at(-1)!.toFixed(2)} x`,
          `           CPU per order  server ${serverCpuPerOrder.toFixed(2)} ms, benchmark client ${clientCpuPerOrder.toFixed(2)} ms`,
        ].join("\n"),
      );
    }
    const t = median(throughput);
    const p = median(p99);
    failed ||= t < 0.5 || p > 2;
    console.log(
      `${String(clients).padStart(2)} clients  ${rounds > 1 ? `median of ${rounds} rounds: ` : ""}throughput ${t.toFixed(2)} x bare (goal >= 0.5) ${verdict(t >= 0.5)}` +
        `   p99 ${p.toFixed(2)} x bare (goal <= 2) ${verdict(p <= 2)}   server CPU ${median(serverCpu).toFixed(2)} ms per order`,
    );
  }
  clearInterval(sampler);
  failed ||= peakRss >= 300;
  console.log(`server peak RSS ${peakRss.toFixed(0)} MB (goal < 300 MB) ${verdict(peakRss < 300)}`);

  await pool.end();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await database.drop();
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
