import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { ChildProcess } from "node:child_process";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import mysql from "mysql2/promise";
import { seedWaitingShop } from "../helpers/bulk-orders";
import { freshDatabase, MYSQL_URL, rssMb, startServerProcess } from "./lib";

/**
 * `npm run bench -- subscribers`: 1,000 graphql-ws subscribers (90 % the light signal
 * ordersChanged, as the queue page and the sidebar use it; 10 % orderUpdated for every order)
 * on the built server (MariaDB, 127.0.0.1), while one restock resumes 10,000 orders. Reported:
 * delivery latency of each resumed order to each subscriber, from the restock's answer (the
 * commit precedes it by a few ms), server RSS, how every-order subscribers ended (caught up, or
 * told RESYNC_REQUIRED), and that the process survived. Bounded: gives up after BENCH_TIMEOUT_S.
 *
 * With Redis (BENCH_REDIS_URL, else TEST_REDIS_URL, else redis://127.0.0.1:6379 when it answers)
 * the same again through Redis: two instances with REDIS_URL, the subscribers on B, the restock
 * on A, so every push crosses Redis pub/sub; reported against the same-process run's figures.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const ALL_ORDERS_SHARE = Number(process.env.BENCH_ALL_ORDERS_SHARE ?? 0.1);
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 120);
const PORT = Number(process.env.BENCH_PORT ?? 4556);
/** Server processes started, killed if the bench fails half-way (none is left behind). */
const children: ChildProcess[] = [];
const START_TIMEOUT_S = Number(process.env.BENCH_START_TIMEOUT_S ?? 30);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const ORDERS_CHANGED = `subscription { ordersChanged { cursor orderCount eventCount } }`;
const ORDER_UPDATED = `subscription { orderUpdated { id status cursor } }`;
const RESTOCK = `mutation($skuId: ID!, $quantity: Int!) { restock(skuId: $skuId, quantity: $quantity, note: "bench") { ordersResumedCount userErrors { code } } }`;

interface Subscriber {
  kind: "signal" | "all";
  started: boolean;
  /** Resumed orders delivered to it, by id (orderUpdated) or by push (ordersChanged): when (ms since the restock was sent) and how many. */
  delivered: Map<string, { at: number; orders: number }>;
  cursor: number;
  resync: boolean;
  failed: string | null;
  /** Light subscribers: each push after the restock, when (ms since it was sent) and up to which event. */
  cursors: Array<{ at: number; cursor: number }>;
  /** When it was told RESYNC_REQUIRED (ms since the restock was sent). */
  resyncAt: number | null;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

interface Figures {
  signalP99: number;
  everyP99: number;
  settledMs: number;
  upToDateP99: number;
  alive: boolean;
}

/** Whether Redis answers at REDIS_URL (a PING over a plain socket). */
async function redisAnswers(): Promise<boolean> {
  const { Redis } = await import("ioredis");
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function main() {
  console.log(`subscribers benchmark on ${new URL(MYSQL_URL).host}: ${SUBSCRIBERS} subscribers (${Math.round(ALL_ORDERS_SHARE * 100)} % every-order), ${WAITING} orders resumed by one restock`);
  console.log(`-- one instance, in-process bus`);
  const local = await measure(false);
  let ok = local.alive;
  if (await redisAnswers()) {
    console.log(`-- through Redis (${new URL(REDIS_URL).host}): subscribers on instance B, the restock on instance A`);
    const shared = await measure(true);
    ok &&= shared.alive;
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "-");
    console.log(`through Redis vs in-process   ordersChanged p99 ${shared.signalP99.toFixed(0)} / ${local.signalP99.toFixed(0)} ms (${ratio(shared.signalP99, local.signalP99)} x), orderUpdated p99 ${shared.everyP99.toFixed(0)} / ${local.everyP99.toFixed(0)} ms (${ratio(shared.everyP99, local.everyP99)} x), settled ${shared.settledMs.toFixed(0)} / ${local.settledMs.toFixed(0)} ms, every subscriber up to date p99 ${shared.upToDateP99.toFixed(0)} / ${local.upToDateP99.toFixed(0)} ms; goal: every subscriber up to date within 1 s of the commit`);
  } else {
    console.log(`(no Redis at ${new URL(REDIS_URL).host}: the run through Redis is skipped; set BENCH_REDIS_URL)`);
  }
  process.exit(ok ? 0 : 1);
}

async function measure(throughRedis: boolean): Promise<Figures> {
  const database = await freshDatabase("ruptura_bench_subs");
  const shop = await seedWaitingShop({ kind: "mysql", options: { databaseUrl: database.url, sqlitePath: "" }, drop: database.drop }, WAITING, "Subscribers bench");
  // The waiting orders were placed before the run and their customers told then, as a shop's would
  // have been: without this the servers under test mail 10,000 "waiting for stock" e-mails while
  // measured, and every every-order subscriber is pushed each one's MESSAGE_SENT event.
  const seeded = await mysql.createConnection({ uri: database.url });
  await seeded.query("UPDATE notification_cursor SET last_id = (SELECT MAX(id) FROM order_event) WHERE name = 'order_event'");
  await seeded.end();
  const redisEnv = throughRedis ? { REDIS_URL, REDIS_PREFIX: `ruptura-bench:${randomBytes(4).toString("hex")}:` } : { REDIS_URL: "" };
  // The subscribers' instance; with Redis, the restock goes to another one (A) on the next port.
  const server = await startServerProcess(database.url, PORT, redisEnv);
  children.push(server);
  let publisher: ChildProcess | null = null;
  const publisherPort = throughRedis ? PORT + 1 : PORT;
  if (throughRedis) children.push((publisher = await startServerProcess(database.url, publisherPort, redisEnv)));
  let exited: string | null = null;
  server.once("exit", (code, signal) => (exited = signal ?? String(code)));
  let peakRss = rssMb(server.pid!);
  const idleRss = peakRss;
  const sampler = setInterval(() => {
    if (exited === null) peakRss = Math.max(peakRss, rssMb(server.pid!));
  }, 100);

  const resumedIds = new Set(shop.orderIds.map(String));
  let sentAt = 0;
  const subscribers: Subscriber[] = [];
  const clients = [];
  const allCount = Math.round(SUBSCRIBERS * ALL_ORDERS_SHARE);
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const sub: Subscriber = { kind: i < allCount ? "all" : "signal", started: false, delivered: new Map(), cursor: 0, resync: false, failed: null, cursors: [], resyncAt: null };
    subscribers.push(sub);
    const client = createClient({ url: `ws://127.0.0.1:${PORT}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${shop.token}` }, retryAttempts: 0, lazy: true });
    clients.push(client);
    client.subscribe<any>(
      { query: sub.kind === "all" ? ORDER_UPDATED : ORDERS_CHANGED },
      {
        next: (result) => {
          // Pushes before the restock (the seeded orders' own events, delivered as the server starts) are not its delivery.
          if (sentAt === 0) {
            sub.started = true;
            return;
          }
          const at = now() - sentAt;
          if (sub.kind === "signal") {
            sub.started = true;
            const pushed = result.data?.ordersChanged;
            if (!pushed) return;
            sub.cursor = Math.max(sub.cursor, Number(pushed.cursor));
            sub.cursors.push({ at, cursor: Number(pushed.cursor) });
            if (pushed.eventCount > 0) sub.delivered.set(`push ${sub.delivered.size}`, { at, orders: pushed.orderCount });
          } else if (result.data?.orderUpdated.status === "READY" && !sub.delivered.has(result.data.orderUpdated.id)) {
            sub.delivered.set(result.data.orderUpdated.id, { at, orders: 1 });
          }
        },
        error: (error) => {
          const errors = Array.isArray(error) ? error : [];
          if (errors.some((e: any) => e.extensions?.code === "RESYNC_REQUIRED")) {
            sub.resync = true;
            sub.resyncAt = now() - sentAt;
          }
          else {
            const e = error as { code?: number; reason?: string; message?: string };
            sub.failed = `${e.code ?? ""} ${e.reason ?? ""} ${e.message ?? ""} ${JSON.stringify(error).slice(0, 200)}`;
          }
        },
        complete: () => undefined,
      },
    );
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  // Every light subscriber gets its first push (the cursor) once live; the every-order ones register alongside.
  for (let waited = 0; subscribers.some((s) => s.kind === "signal" && !s.started); waited += 100) {
    if (waited > START_TIMEOUT_S * 1000) throw new Error(`subscribers did not all start within ${START_TIMEOUT_S} s (BENCH_START_TIMEOUT_S)`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const connectedRss = rssMb(server.pid!);

  sentAt = now();
  const response = await fetch(`http://127.0.0.1:${publisherPort}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${shop.token}` },
    body: JSON.stringify({ query: RESTOCK, variables: { skuId: String(shop.skuId), quantity: WAITING } }),
  });
  const body = (await response.json()) as any;
  const answeredMs = now() - sentAt;
  if (body.data?.restock.ordersResumedCount !== WAITING) throw new Error(`restock answered ${JSON.stringify(body)}`);

  const admin = await mysql.createConnection({ uri: database.url });
  const [[last]] = (await admin.query("SELECT MAX(id) AS id FROM order_event")) as any;
  await admin.end();
  const lastEventId = Number(last.id);
  const caughtUp = (s: Subscriber) => (s.kind === "signal" ? s.cursor >= lastEventId : s.delivered.size >= resumedIds.size);
  const settled = (s: Subscriber) => s.resync || s.failed !== null || caughtUp(s);
  const deadline = Date.now() + TIMEOUT_S * 1000;
  while (subscribers.some((s) => !settled(s)) && Date.now() < deadline && exited === null) await new Promise((r) => setTimeout(r, 100));
  const doneMs = now() - sentAt;
  clearInterval(sampler);

  const alive = exited === null && (await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.ok, () => false));
  // Each resumed order told to each subscriber is one delivery (a signal push tells orderCount at once).
  const latencies = (kind: Subscriber["kind"]) => {
    const all: Array<{ at: number; orders: number }> = [];
    for (const s of subscribers) if (s.kind === kind) for (const d of s.delivered.values()) all.push({ at: d.at - answeredMs, orders: d.orders });
    return all.sort((a, b) => a.at - b.at);
  };
  const pct = (values: Array<{ at: number; orders: number }>, q: number) => {
    const total = values.reduce((sum, v) => sum + v.orders, 0);
    let seen = 0;
    for (const v of values) if ((seen += v.orders) >= q * total) return v.at.toFixed(0);
    return "-";
  };
  // What the goal is about: when each subscriber was up to date with the restock (from its answer):
  // a light one, at its first push with a cursor at or past the restock's last event (later pushes,
  // of the e-mails going out, are other changes); an every-order one, at its last resumed order, or when told to resynchronise.
  const upToDate = subscribers
    .map((s) => {
      if (s.kind === "signal") return s.cursors.find((c) => c.cursor >= lastEventId)?.at ?? null;
      if (s.resyncAt !== null) return s.resyncAt;
      const times = [...s.delivered.values()].map((d) => d.at);
      return s.delivered.size >= resumedIds.size && times.length ? Math.max(...times) : null;
    })
    .map((at) => (at === null ? Infinity : at - answeredMs))
    .sort((a, b) => a - b);
  const quantile = (q: number) => upToDate[Math.min(upToDate.length - 1, Math.ceil(q * upToDate.length) - 1)]!;
  const signal = latencies("signal");
  const every = latencies("all");
  const count = (kind: Subscriber["kind"], f: (s: Subscriber) => boolean) => subscribers.filter((s) => s.kind === kind && f(s)).length;

  console.log(`restock answered           ${answeredMs.toFixed(0).padStart(6)} ms (latencies below are from this answer; the commit is a few ms before it)`);
  console.log(`ordersChanged (${SUBSCRIBERS - allCount})      p50 ${pct(signal, 0.5).padStart(6)} ms  p99 ${pct(signal, 0.99).padStart(6)} ms  max ${pct(signal, 1)} ms   ${count("signal", caughtUp)} told up to the restock's last event, ${count("signal", (s) => s.resync)} resync, ${count("signal", (s) => s.failed !== null)} failed`);
  console.log(`orderUpdated, all (${allCount})   p50 ${pct(every, 0.5).padStart(6)} ms  p99 ${pct(every, 0.99).padStart(6)} ms   ${count("all", caughtUp)} caught up with all ${WAITING}, ${count("all", (s) => s.resync)} told RESYNC_REQUIRED, ${count("all", (s) => s.failed !== null)} failed; ${every.length} order pushes delivered`);
  const shown = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : "never");
  console.log(`up to date with the restock p50 ${shown(quantile(0.5))}  p99 ${shown(quantile(0.99))}  last ${shown(quantile(1))} (every subscriber; goal: within 1 s)`);
  console.log(`ordersChanged pushes       ${signal.length} (${(signal.length / Math.max(1, SUBSCRIBERS - allCount)).toFixed(1)} per subscriber)`);
  console.log(`server RSS                 idle ${idleRss.toFixed(0)} MB, ${SUBSCRIBERS} connected ${connectedRss.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB`);
  console.log(`settled after              ${doneMs.toFixed(0).padStart(6)} ms${Date.now() >= deadline ? ` (gave up at ${TIMEOUT_S} s)` : ""}`);
  console.log(`server process survived    ${alive ? "yes" : `NO (${exited})`}`);
  const failed = subscribers.find((s) => s.failed);
  if (failed) console.log(`first failure: ${failed.failed}`);

  await Promise.all(clients.map((c) => c.dispose()));
  server.kill("SIGTERM");
  publisher?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await database.drop();
  const number = (value: string) => (value === "-" ? NaN : Number(value));
  return { signalP99: number(pct(signal, 0.99)), everyP99: number(pct(every, 0.99)), settledMs: doneMs, upToDateP99: quantile(0.99), alive };
}

main().catch((error) => {
  console.error(error);
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
});
