import net from "node:net";
import { createLogger } from "../../server/src/infra/logging/logger";
import { CostBuckets } from "../../server/src/infra/graphql/cost";
import { RESYNC_REQUIRED } from "../../server/src/infra/graphql/pubsub";
import { createSharedState, SharedState } from "../../server/src/infra/redis/shared-state";
import { createLoginThrottle } from "../../server/src/modules/auth/login-throttle";
import { captureLogs } from "../helpers/logs";
import { describeWithRedis, dropRedisPrefix, testRedisPrefix, testRedisUrl } from "../helpers/redis";
import { sleep } from "../helpers/subscriptions";

/**
 * What REDIS_URL shares between instances, checked on a real Redis with two "instances" in this
 * process (two sets of connections on one key prefix): live-update pushes, session announcements,
 * rate-limit counters and query-cost buckets, and what happens when the connection is cut.
 */
jest.setTimeout(60_000);

/** A TCP relay to Redis that the test can cut (every connection dropped) and close and reopen (an outage). */
async function relayToRedis(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    start: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
  };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 10_000) => {
  for (let waited = 0; !(await check()); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describeWithRedis("state shared through Redis (REDIS_URL)", () => {
  const opened: SharedState[] = [];
  const prefixes = new Set<string>();
  const open = async (url = testRedisUrl()!, prefix: string, logs = captureLogs()) => {
    const state = createSharedState({ redisUrl: url, redisPrefix: prefix, apiCostLimits: true }, createLogger("info", logs.sink));
    opened.push(state);
    prefixes.add(prefix);
    await state.ready();
    return { state, logs };
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const prefix of prefixes) await dropRedisPrefix(prefix);
    prefixes.clear();
  });

  it("hands a push published on one instance to the subscribers of every instance, in order, and leaves out what is not plain JSON", async () => {
    const prefix = testRedisPrefix();
    const { state: a, logs: aLogs } = await open(undefined, prefix);
    const { state: b } = await open(undefined, prefix);
    const onA = a.eventBus.subscribe<{ n: number }>("ORDER_UPDATED:1");
    const onB = b.eventBus.subscribe<{ n: number }>("ORDER_UPDATED:1");
    const otherShop = b.eventBus.subscribe<{ n: number }>("ORDER_UPDATED:2");
    const pushes = Array.from({ length: 450 }, (_, i) => ({ topic: "ORDER_UPDATED:1", payload: { n: i } }));
    await a.eventBus.publishAll!([...pushes.slice(0, 10), { topic: "ORDER_UPDATED:1", payload: { n: -1, at: new Date() } }, ...pushes.slice(10)]);
    for (const sub of [onA, onB]) {
      const seen: number[] = [];
      for (let i = 0; i < 450; i++) seen.push((await sub.next()).value.n);
      expect(seen).toEqual(pushes.map((p) => p.payload.n));
    }
    expect(aLogs.lines.join("")).toContain("payload.at is a Date");
    expect(b.eventBus.subscribers("ORDER_UPDATED:2")).toBe(1);
    await otherShop.return!();
    // Another deployment on the same Redis (another prefix) hears nothing of it.
    const { state: elsewhere } = await open(undefined, testRedisPrefix());
    const stranger = elsewhere.eventBus.subscribe<{ n: number }>("ORDER_UPDATED:1");
    const strangerNext = stranger.next();
    await a.eventBus.publishAll!([{ topic: "ORDER_UPDATED:1", payload: { n: 999 } }]);
    expect((await onB.next()).value).toEqual({ n: 999 });
    expect(await Promise.race([strangerNext.then(() => "heard"), sleep(200).then(() => "nothing")])).toBe("nothing");
    await stranger.return!();
  });

  it("carries session ends and cache changes to the other instances, once on the announcing one", async () => {
    const prefix = testRedisPrefix();
    const { state: a } = await open(undefined, prefix);
    const { state: b } = await open(undefined, prefix);
    const heard = { a: [] as unknown[], b: [] as unknown[] };
    a.sessionEvents.onEnded((hash) => heard.a.push(hash));
    b.sessionEvents.onEnded((hash) => heard.b.push(hash));
    a.sessionEvents.onChanged((change) => heard.a.push(change));
    b.sessionEvents.onChanged((change) => heard.b.push(change));
    await a.sessionEvents.announceEnded("hash-1");
    await a.sessionEvents.announceChanged({ shopId: 7 });
    await until("B to hear A", () => heard.b.length >= 2);
    await b.sessionEvents.announceChanged({ staffUserId: 3 });
    await until("B to hear A", () => heard.b.length >= 2);
    await until("A to hear B", () => heard.a.length >= 3);
    await sleep(100);
    expect(heard.a).toEqual(["hash-1", { shopId: 7 }, { staffUserId: 3 }]);
    expect(heard.b).toEqual(["hash-1", { shopId: 7 }, { staffUserId: 3 }]);
  });

  it("counts login failures in one place: failures on one instance count on the other", async () => {
    const prefix = testRedisPrefix();
    const { state: a } = await open(undefined, prefix);
    const { state: b } = await open(undefined, prefix);
    const limits = { failuresPerAccountAndAddress: 3, accountAndAddressBlockSeconds: 60, failuresPerAddress: 100, addressWindowSeconds: 3600, addressBlockSeconds: 60 };
    const onA = createLoginThrottle(limits, a.limiterStore);
    const onB = createLoginThrottle(limits, b.limiterStore);
    expect(await onA.failed("x@shop.test", "10.0.0.1")).toBe(0);
    expect(await onB.failed("x@shop.test", "10.0.0.1")).toBe(0);
    expect(await onA.failed("x@shop.test", "10.0.0.1")).toBe(0);
    expect(await onB.waitSeconds("x@shop.test", "10.0.0.1")).toBe(0);
    expect(await onB.failed("x@shop.test", "10.0.0.1")).toBeGreaterThan(0);
    expect(await onA.waitSeconds("x@shop.test", "10.0.0.1")).toBeGreaterThan(50);
    // Another address is not blocked; a success elsewhere forgets that pair everywhere.
    expect(await onA.waitSeconds("x@shop.test", "10.0.0.2")).toBe(0);
    await onB.succeeded("x@shop.test", "10.0.0.1");
    expect(await onA.waitSeconds("x@shop.test", "10.0.0.1")).toBe(0);
  });

  it("keeps one query-cost bucket per key for every instance, with the in-memory bucket's rules", async () => {
    const prefix = testRedisPrefix();
    const { state: a } = await open(undefined, prefix);
    const { state: b } = await open(undefined, prefix);
    const memory = new CostBuckets({ capacity: 1000, restoreRate: 50 });
    expect(a.costBuckets).toMatchObject({ capacity: 1000, restoreRate: 50, enforce: true });
    // The same steps on both stores, alternating instances on the Redis side: same outcomes.
    const steps: Array<["take" | "refund", number]> = [["take", 600], ["take", 600], ["refund", 300], ["take", 600], ["take", 1000]];
    for (const [i, [step, points]] of steps.entries()) {
      const shared = i % 2 === 0 ? a.costBuckets : b.costBuckets;
      if (step === "take") {
        const [m, r] = [memory.take("key:1", points), await shared.take("key:1", points)];
        expect(r.ok).toBe(m.ok);
        if (!m.ok && !r.ok) expect(r.retryAfterSeconds).toBe(m.retryAfterSeconds);
      } else {
        await shared.refund("key:1", points);
        memory.refund("key:1", points);
      }
      // Both refill at 50 points a second: what the memory bucket has, give or take the time between the two calls.
      expect(Math.abs((await shared.available("key:1")) - memory.available("key:1"))).toBeLessThan(25);
    }
    expect(await b.costBuckets.available("key:2")).toBe(1000);
  });

  it("survives Redis going away: limits fall back to this instance's memory, pushes are refused (the outbox keeps them), and when it is back subscriptions resynchronise", async () => {
    const prefix = testRedisPrefix();
    const relay = await relayToRedis(new URL(testRedisUrl()!));
    try {
      const { state: b, logs } = await open(relay.url, prefix);
      const { state: a } = await open(undefined, prefix);
      const waiting = b.eventBus.subscribe<{ n: number }>("T:1");
      const queued = b.eventBus.subscribe<{ n: number }>("T:1");
      await a.eventBus.publishAll!([{ topic: "T:1", payload: { n: 1 } }]);
      expect((await waiting.next()).value).toEqual({ n: 1 });
      expect((await queued.next()).value).toEqual({ n: 1 });
      const read = waiting.next();

      // Outage: every connection through the relay dropped, and no new ones for now.
      await relay.stop();
      await until("B to notice", () => !b.redis!.isReady());
      await expect(b.eventBus.publishAll!([{ topic: "T:1", payload: { n: 2 } }])).rejects.toThrow();
      await expect(b.costBuckets.take("key:9", 800)).resolves.toMatchObject({ ok: true });
      await expect(b.costBuckets.take("key:9", 800)).resolves.toMatchObject({ ok: false });
      const throttle = createLoginThrottle({ failuresPerAccountAndAddress: 1, accountAndAddressBlockSeconds: 60, failuresPerAddress: 100, addressWindowSeconds: 3600, addressBlockSeconds: 60 }, b.limiterStore);
      await throttle.failed("y@shop.test", "10.0.0.3");
      expect(await throttle.failed("y@shop.test", "10.0.0.3")).toBeGreaterThan(0);
      expect(await b.redis!.ping()).toBe(false);
      expect(logs.lines.join("")).toContain("Redis connection lost");

      // Back: subscriptions that may have missed pushes end with RESYNC_REQUIRED (waiting or not).
      await relay.start();
      await expect(read).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });
      await expect(queued.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });
      expect(b.eventBus.subscribers("T:1")).toBe(0);
      // The command connection reconnects on its own backoff (up to 2 s), maybe after the subscriber's.
      await until("B's commands back", () => b.redis!.ping());
      const fresh = b.eventBus.subscribe<{ n: number }>("T:1");
      await a.eventBus.publishAll!([{ topic: "T:1", payload: { n: 3 } }]);
      expect((await fresh.next()).value).toEqual({ n: 3 });
      await fresh.return!();
      expect(logs.lines.join("")).toContain("Redis connection back");
    } finally {
      await relay.stop().catch(() => undefined);
    }
  });
});
