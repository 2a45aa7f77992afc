import { catchingUp, createEventBus, EventBus, keyedTopic, liveAfterReplay, pubSubSink, RESYNC_REQUIRED, shopTopic, SUBSCRIBER_QUEUE_LIMIT, PUSH_TURN_MS } from "./pubsub";

const take = async <T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> => {
  const values: T[] = [];
  for (let i = 0; i < n; i++) values.push((await iterator.next()).value as T);
  return values;
};

describe("the in-process event bus", () => {
  it("never throws on publish; a subscriber that falls behind is ended with RESYNC_REQUIRED, the others go on", async () => {
    const bus = createEventBus();
    const slow = bus.subscribe<number>("T");
    const fast = bus.subscribe<number>("T");
    const seen: number[] = [];
    const reading = (async () => {
      for await (const n of fast) {
        seen.push(n);
        if (n === 2 * SUBSCRIBER_QUEUE_LIMIT) return;
      }
    })();
    for (let n = 1; n <= 2 * SUBSCRIBER_QUEUE_LIMIT; n++) {
      expect(() => bus.publish("T", n)).not.toThrow();
      if (n % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await reading;
    expect(seen).toHaveLength(2 * SUBSCRIBER_QUEUE_LIMIT);
    // The slow one's queue was dropped at the bound: its next read says so, then it is over.
    await expect(slow.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });
    await expect(slow.next()).resolves.toEqual({ done: true, value: undefined });
    expect(bus.subscribers("T")).toBe(0);
  });

  it("coalesces per key: a subscriber behind gets each key's latest push, in the order of those latest pushes", async () => {
    const bus = createEventBus();
    const orders = bus.subscribe<{ orderId: number; eventId: number }>("O", { coalesceBy: (c) => c.orderId });
    for (const [orderId, eventId] of [[1, 1], [2, 2], [1, 3], [3, 4], [2, 5]]) bus.publish("O", { orderId, eventId });
    expect(await take(orders, 3)).toEqual([
      { orderId: 1, eventId: 3 },
      { orderId: 3, eventId: 4 },
      { orderId: 2, eventId: 5 },
    ]);
    // Coalesced pushes never overflow: the queue holds one per key.
    for (let i = 0; i < 5 * SUBSCRIBER_QUEUE_LIMIT; i++) bus.publish("O", { orderId: i % 10, eventId: i });
    expect(await take(orders, 10)).toHaveLength(10);
    await orders.return!();
  });

  it("merges a waiting push with the next one of the same key when asked to", async () => {
    const bus = createEventBus();
    const sums = bus.subscribe<number>("S", { coalesceBy: () => "all", merge: (a, b) => a + b });
    for (let n = 1; n <= 5 * SUBSCRIBER_QUEUE_LIMIT; n++) bus.publish("S", n);
    const total = (5 * SUBSCRIBER_QUEUE_LIMIT * (5 * SUBSCRIBER_QUEUE_LIMIT + 1)) / 2;
    expect(await take(sums, 1)).toEqual([total]);
    await sums.return!();
  });

  it("with minIntervalMs, pushes at most once per interval: the first at once, what comes sooner merged into one push at the interval's end", async () => {
    const bus = createEventBus();
    const sums = bus.subscribe<number>("S", { coalesceBy: () => "all", merge: (a, b) => a + b, minIntervalMs: 200 });
    const started = Date.now();
    const first = sums.next();
    bus.publish("S", 1);
    expect(await first).toEqual({ done: false, value: 1 });
    // The reader waits again; these come within the interval and go as one push when it has passed.
    const second = sums.next();
    bus.publish("S", 2);
    bus.publish("S", 3);
    await new Promise((r) => setTimeout(r, 50));
    bus.publish("S", 4);
    expect(await second).toEqual({ done: false, value: 9 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // Queued before the reader asks, and still within the interval of the last push: it waits too.
    bus.publish("S", 5);
    const third = Date.now();
    expect(await sums.next()).toEqual({ done: false, value: 5 });
    expect(Date.now() - third).toBeGreaterThanOrEqual(150);
    // After a quiet spell longer than the interval, the next push goes at once.
    await new Promise((r) => setTimeout(r, 250));
    const fourth = sums.next();
    const sent = Date.now();
    bus.publish("S", 6);
    expect(await fourth).toEqual({ done: false, value: 6 });
    expect(Date.now() - sent).toBeLessThan(100);
    // Ended while a push waits for its interval: the reader is told it is over, the timer is gone.
    const fifth = sums.next();
    bus.publish("S", 7);
    await sums.return!();
    expect(await fifth).toEqual({ done: true, value: undefined });
    expect(bus.subscribers("S")).toBe(0);
  });

  it("with maxLagMs, a subscriber handed a push older than that fell behind; a prompt one is unaffected", async () => {
    const bus = createEventBus();
    const late = bus.subscribe<number>("L", { maxLagMs: 100 });
    const prompt = bus.subscribe<number>("L", { maxLagMs: 100 });
    bus.publish("L", 1);
    expect(await prompt.next()).toEqual({ done: false, value: 1 });
    await new Promise((r) => setTimeout(r, 150));
    // Queued for 150 ms: too old to hand over. The queue is dropped and the subscription ends.
    await expect(late.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED }, message: expect.stringContaining("more than 100 ms") });
    await expect(late.next()).resolves.toEqual({ done: true, value: undefined });
    // Pushes heard through Redis carry when this instance heard them; coalesced ones keep the oldest time.
    const keyed = bus.subscribe<{ k: number; v: number }>("K", { coalesceBy: (p) => p.k, maxLagMs: 100 });
    bus.publish("K", { k: 1, v: 1 }, Date.now() - 90);
    await new Promise((r) => setTimeout(r, 20));
    bus.publish("K", { k: 1, v: 2 });
    await expect(keyed.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });
    bus.publish("L", 2);
    expect(await prompt.next()).toEqual({ done: false, value: 2 });
  });

  it("hands queued pushes over for at most PUSH_TURN_MS per turn of the event loop, letting timers and I/O run in between", async () => {
    const bus = createEventBus();
    const busy = bus.subscribe<number>("B");
    for (let n = 1; n <= 100; n++) bus.publish("B", n);
    let timerRanAfter: number | null = null;
    let read = 0;
    setTimeout(() => (timerRanAfter = read), 0);
    // A reader whose every push takes 5 ms of CPU (an execution, a write): the queue would hold the
    // process for half a second.
    for await (const n of busy) {
      read = n;
      for (const start = performance.now(); performance.now() - start < 5; );
      if (n === 100) break;
    }
    expect(timerRanAfter).not.toBeNull();
    expect(timerRanAfter!).toBeLessThanOrEqual(2 * (PUSH_TURN_MS / 5) + 2);
    // A cheap reader drains the same queue within one turn (a fresh one: the loop above ended in the middle of one).
    await new Promise((r) => setTimeout(r, 5));
    const cheap = bus.subscribe<number>("C");
    for (let n = 1; n <= 100; n++) bus.publish("C", n);
    let cheapTimer: number | null = null;
    setTimeout(() => (cheapTimer = read), 0);
    for await (const n of cheap) if ((read = n) === 100) break;
    expect(cheapTimer).toBeNull();
  });

  it("queues only what a subscriber accepts, and a subscriber's failing filter harms no one else", async () => {
    const errors: unknown[] = [];
    const bus = createEventBus((e) => errors.push(e));
    const even = bus.subscribe<number>("T", { accept: (n) => n % 2 === 0 });
    const broken = bus.subscribe<number>("T", { accept: () => { throw new Error("boom"); } });
    for (let n = 1; n <= 4; n++) bus.publish("T", n);
    expect(await take(even, 2)).toEqual([2, 4]);
    expect(errors).toHaveLength(4);
    await even.return!();
    await broken.return!();
  });

  it("ends a subscription waiting for a push at once when it is returned", async () => {
    const bus = createEventBus();
    const sub = bus.subscribe<number>("T");
    const waiting = sub.next();
    await sub.return!();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(bus.subscribers("T")).toBe(0);
  });

  it("delivers outbox messages on the shop's topic and, when they have a key, on that key's own topic only", async () => {
    const bus = createEventBus();
    const shop = bus.subscribe(shopTopic("ORDER_UPDATED", 1));
    const order7 = bus.subscribe(keyedTopic("ORDER_UPDATED", 1, 7));
    const order8 = bus.subscribe(keyedTopic("ORDER_UPDATED", 1, 8));
    pubSubSink(bus).deliver([
      { id: 1, shopId: 1, topic: "ORDER_UPDATED", key: 7, payload: { n: 1 } },
      { id: 2, shopId: 1, topic: "ORDER_UPDATED", key: 8, payload: { n: 2 } },
      { id: 3, shopId: 1, topic: "ORDER_UPDATED", key: 7, payload: { n: 3 } },
    ]);
    expect(await take(shop, 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await take(order7, 2)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(await take(order8, 1)).toEqual([{ n: 2 }]);
    expect(bus.subscribers(shopTopic("ORDER_UPDATED", 1))).toBe(3);
  });
});

describe("resynchronising every subscription (after a lost Redis connection)", () => {
  it("ends waiting and queued subscriptions with RESYNC_REQUIRED, and an order feed catches up from the log instead", async () => {
    const bus = createEventBus();
    const waiting = bus.subscribe<number>("T");
    const queued = bus.subscribe<number>("T");
    const read = waiting.next();
    bus.publish("T", 1);
    expect(await read).toEqual({ done: false, value: 1 });
    const next = waiting.next();
    const log: number[] = [1];
    const feed = catchingUp<number>(
      (after) => {
        const live = bus.subscribe<number>("U");
        if (after === null) return live;
        const replay = (async function* () {
          yield* log.filter((n) => n > after);
        })();
        return liveAfterReplay(live, replay, (n) => n);
      },
      (n) => n,
      0,
    );
    expect((await feed.next()).value).toBe(1);
    // Pushes missed while the connection was down are in the log only.
    log.push(2, 3);
    bus.resyncAll("Missed updates.");
    await expect(next).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });
    await expect(queued.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED }, message: expect.stringContaining("Missed updates.") });
    expect(await take(feed, 2)).toEqual([2, 3]);
    expect(bus.subscribers("T")).toBe(0);
    expect(bus.subscribers("U")).toBe(1);
    await feed.return!();
  });

  it("hands an outbox batch to a bus that publishes in batches as one ordered list of pushes", async () => {
    const batches: Array<Array<{ topic: string; payload: unknown }>> = [];
    const local = createEventBus();
    const bus: EventBus = {
      publish: () => undefined,
      subscribe: (topic) => local.subscribe(topic),
      publishAll: async (pushes) => void batches.push([...pushes]),
    };
    await pubSubSink(bus).deliver([
      { id: 1, shopId: 1, topic: "ORDER_UPDATED", key: 7, payload: { n: 1 } },
      { id: 2, shopId: 1, topic: "ORDERS_CHANGED", payload: { n: 2 } },
    ]);
    expect(batches).toEqual([
      [
        { topic: "ORDER_UPDATED:1", payload: { n: 1 } },
        { topic: "ORDER_UPDATED:1:7", payload: { n: 1 } },
        { topic: "ORDERS_CHANGED:1", payload: { n: 2 } },
      ],
    ]);
  });
});

describe("liveAfterReplay", () => {
  it("replays, then goes on live without what was replayed already", async () => {
    const bus = createEventBus();
    const live = bus.subscribe<number>("T");
    bus.publish("T", 2);
    bus.publish("T", 3);
    bus.publish("T", 4);
    const replay = (async function* () {
      yield 1;
      yield 2;
      yield 3;
    })();
    const resumed = liveAfterReplay(live, replay, (n) => n);
    expect(await take(resumed, 4)).toEqual([1, 2, 3, 4]);
    await resumed.return!();
    expect(bus.subscribers("T")).toBe(0);
  });

  it("ends the live subscription when the replay fails", async () => {
    const bus = createEventBus();
    const live = bus.subscribe<number>("T");
    const replay = (async function* (): AsyncGenerator<number> {
      throw new Error("too far behind");
    })();
    await expect(liveAfterReplay(live, replay, (n) => n).next()).rejects.toThrow("too far behind");
    expect(bus.subscribers("T")).toBe(0);
  });
});

describe("catchingUp", () => {
  it("resumes a subscriber whose queue overflowed after the last position it delivered, from the log", async () => {
    const bus = createEventBus();
    const log: number[] = [];
    const record = (n: number) => {
      log.push(n);
      bus.publish("T", n);
    };
    const resumes: Array<number | null> = [];
    const feed = catchingUp<number>(
      (after) => {
        resumes.push(after);
        const live = bus.subscribe<number>("T");
        if (after === null) return live;
        const replay = (async function* () {
          yield* log.filter((n) => n > after);
        })();
        return liveAfterReplay(live, replay, (n) => n);
      },
      (n) => n,
      null,
    );
    const first = feed.next();
    record(1);
    expect((await first).value).toBe(1);
    for (let n = 2; n <= SUBSCRIBER_QUEUE_LIMIT + 10; n++) record(n);
    const received = await take(feed, SUBSCRIBER_QUEUE_LIMIT + 9);
    expect(received).toEqual(Array.from({ length: SUBSCRIBER_QUEUE_LIMIT + 9 }, (_, i) => i + 2));
    expect(resumes).toEqual([null, 1]);
    // Live again after the catch-up.
    const next = feed.next();
    record(SUBSCRIBER_QUEUE_LIMIT + 11);
    expect((await next).value).toBe(SUBSCRIBER_QUEUE_LIMIT + 11);
    await feed.return!();
    expect(bus.subscribers("T")).toBe(0);
  });

  it("still ends with RESYNC_REQUIRED when it overflowed before delivering anything, or the replay refuses", async () => {
    const bus = createEventBus();
    const fresh = catchingUp<number>(() => bus.subscribe<number>("T"), (n) => n, null);
    for (let n = 1; n <= SUBSCRIBER_QUEUE_LIMIT + 1; n++) bus.publish("T", n);
    await expect(fresh.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED } });

    const refusing = catchingUp<number>(
      (after) => {
        const live = bus.subscribe<number>("U");
        if (after === null) return live;
        const replay = (async function* (): AsyncGenerator<number> {
          throw new Error("too far behind");
        })();
        return liveAfterReplay(live, replay, (n) => n);
      },
      (n) => n,
      null,
    );
    const first = refusing.next();
    bus.publish("U", 1);
    await first;
    for (let n = 2; n <= SUBSCRIBER_QUEUE_LIMIT + 2; n++) bus.publish("U", n);
    await expect(refusing.next()).rejects.toThrow("too far behind");
    expect(bus.subscribers("U")).toBe(0);
  });
});
