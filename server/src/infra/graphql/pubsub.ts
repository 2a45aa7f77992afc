import { GraphQLError, GraphQLResolveInfo, GraphQLSchema } from "graphql";
import { OutboxMessage } from "../outbox/outbox";

/** Most pushes waiting for one subscription; one more and it is told to resynchronise. */
export const SUBSCRIBER_QUEUE_LIMIT = 1000;

/** `extensions.code` of the error that ends a subscription that fell behind: refetch, then subscribe again. */
export const RESYNC_REQUIRED = "RESYNC_REQUIRED";

export const resyncRequired = (reason: string) =>
  new GraphQLError(`${reason} Read your queries again, then subscribe again (without \`since\`, or with the cursor you then hold).`, {
    extensions: { code: RESYNC_REQUIRED },
  });

/** The RESYNC_REQUIRED of a subscriber whose queue overflowed; a feed with a log to read back can catch up instead (see catchingUp). */
export class FellBehind extends GraphQLError {
  /** `limit`: the queue overflowed at that bound; a text: why updates may have been missed (a lost Redis connection). */
  constructor(limitOrReason: number | string, unit: "pushes" | "ms" = "pushes") {
    const reason =
      typeof limitOrReason === "string"
        ? limitOrReason
        : unit === "ms"
          ? `Updates waited more than ${limitOrReason} ms for this subscription (they came faster than the server could send them): it fell behind and was ended.`
          : `More than ${limitOrReason} updates were waiting for this subscription: it fell behind and was ended.`;
    super(resyncRequired(reason).message, {
      extensions: { code: RESYNC_REQUIRED },
    });
  }
}

export interface SubscribeOptions<T> {
  /** Most pushes that may wait for this subscriber (default SUBSCRIBER_QUEUE_LIMIT). */
  limit?: number;
  /**
   * Pushes with the same key replace each other while they wait: the subscriber gets the latest,
   * at the position of the latest (so positions stay in commit order).
   */
  coalesceBy?: (payload: T) => string | number;
  /** With coalesceBy: how a waiting push and a new one with the same key become one (default: the new one replaces it). */
  merge?: (waiting: T, next: T) => T;
  /** Only pushes this accepts are queued (the others never take room in the queue). */
  accept?: (payload: T) => boolean;
  /**
   * At most one push per this many milliseconds: what arrives sooner waits (coalesced, with
   * coalesceBy) until the interval has passed. The first push after a quiet spell goes at once.
   */
  minIntervalMs?: number;
  /**
   * The most a push may wait for this subscriber, from when this instance heard it to when it is
   * handed to the reader; older, the subscriber fell behind (FellBehind, as when its queue
   * overflows). For subscriptions whose every push costs an execution (every order of a shop): a
   * burst bigger than the server can send them in time ends them, or has them catch up from the
   * log, instead of feeding each of them every push for a minute.
   */
  maxLagMs?: number;
}

/**
 * How long queued pushes may be handed over in one turn of the event loop, all subscribers
 * together; past it, readers wait for the next turn. A push is handed over in a microtask, so
 * without this subscribers draining a burst would hold the process until every queue is empty,
 * and timers (the light signal's interval), HTTP requests and the outbox's reads would wait
 * behind them.
 */
export const PUSH_TURN_MS = 20;

let turnStartedAt = 0;
let turnOpen = false;

/** How long pushes have been handed over in this turn of the event loop. */
function spentThisTurn(): number {
  if (!turnOpen) {
    turnOpen = true;
    turnStartedAt = performance.now();
    setImmediate(() => (turnOpen = false));
  }
  return performance.now() - turnStartedAt;
}

/**
 * Where committed changes are announced to live subscriptions. `publish` is synchronous and never
 * throws: a slow or failing subscriber is that subscriber's problem, never the publisher's. Each
 * subscriber has its own bounded queue; when it overflows, the queue is dropped and the
 * subscriber's next read fails with RESYNC_REQUIRED. A Redis-backed bus can replace this in-process
 * one to share events between server instances: it needs only these two methods.
 */
export interface EventBus {
  publish(topic: string, payload: unknown): void;
  subscribe<T>(topic: string, options?: SubscribeOptions<T>): AsyncIterableIterator<T>;
  /**
   * Several pushes at once, in order, resolved once they are handed over (to Redis); rejected when
   * they could not be (the outbox then keeps them and tries again). Buses without it get `publish` per push.
   */
  publishAll?(pushes: ReadonlyArray<{ topic: string; payload: unknown }>): Promise<void>;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** A queued push, and when this instance heard it (the oldest of those it was coalesced from). */
interface Queued<T> {
  payload: T;
  heardAt: number;
}

/** One subscriber's queue: a Map so that coalescing (delete + set) moves a key to the end. */
class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly queue = new Map<unknown, Queued<T>>();
  private seq = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private waitingFailed: ((error: unknown) => void) | undefined;
  private failure: FellBehind | undefined;
  private finished = false;
  private lastDelivered = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: number,
    private readonly coalesceBy: ((payload: T) => string | number) | undefined,
    private readonly merge: ((waiting: T, next: T) => T) | undefined,
    private readonly accept: ((payload: T) => boolean) | undefined,
    private readonly minIntervalMs: number,
    private readonly maxLagMs: number,
    private readonly onFinish: (self: Subscriber<T>) => void,
  ) {}

  push(payload: T, heardAt = Date.now()): void {
    if (this.finished || this.failure) return;
    if (this.accept && !this.accept(payload)) return;
    if (this.waiting && this.queue.size === 0 && this.tooSoon() <= 0) {
      this.deliver(payload);
      return;
    }
    let key: unknown;
    if (this.coalesceBy) {
      key = this.coalesceBy(payload);
      const waiting = this.queue.get(key);
      if (waiting !== undefined) {
        if (this.merge) payload = this.merge(waiting.payload, payload);
        heardAt = Math.min(heardAt, waiting.heardAt);
        this.queue.delete(key);
      }
    } else {
      key = this.seq++;
    }
    if (this.queue.size >= this.limit) {
      this.fellBehind(new FellBehind(this.limit));
      return;
    }
    this.queue.set(key, { payload, heardAt });
    if (this.waiting) this.releaseLater();
  }

  /** Drops the queue; the next read (or the waiting one) fails with `failure`. */
  private fellBehind(failure: FellBehind): void {
    this.queue.clear();
    if (this.waitingFailed) {
      const reject = this.waitingFailed;
      this.waiting = this.waitingFailed = undefined;
      this.finish();
      reject(failure);
      return;
    }
    this.failure = failure;
    this.onFinish(this);
  }

  /** Whether a queued push waited longer than maxLagMs. */
  private tooOld(queued: Queued<T>): boolean {
    return this.maxLagMs > 0 && Date.now() - queued.heardAt > this.maxLagMs;
  }

  /** How long until the next push may go (minIntervalMs); 0 or less: now. */
  private tooSoon(): number {
    return this.minIntervalMs > 0 ? this.lastDelivered + this.minIntervalMs - Date.now() : 0;
  }

  /** Hands a push to the waiting reader. */
  private deliver(payload: T): void {
    const resolve = this.waiting!;
    this.waiting = this.waitingFailed = undefined;
    this.lastDelivered = Date.now();
    resolve({ done: false, value: payload });
  }

  /** The reader waits and a push is queued, but the interval has not passed: hand it over when it has. */
  private releaseLater(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const first = this.queue.entries().next();
      if (!this.waiting || first.done) return;
      if (this.tooOld(first.value[1])) return this.fellBehind(new FellBehind(this.maxLagMs, "ms"));
      this.queue.delete(first.value[0]);
      this.deliver(first.value[1].payload);
    }, Math.max(0, this.tooSoon()));
  }

  /** Ends the subscription with `failure` (RESYNC_REQUIRED), now if its reader is waiting, else at its next read. */
  fail(failure: FellBehind): void {
    if (this.finished || this.failure) return;
    this.fellBehind(failure);
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.queue.entries().next();
    if (!first.done && this.tooSoon() <= 0) {
      if (this.tooOld(first.value[1])) this.fellBehind(new FellBehind(this.maxLagMs, "ms"));
      else if (spentThisTurn() > PUSH_TURN_MS) {
        return new Promise((resolve) => setImmediate(resolve)).then(() => this.next());
      } else {
        this.queue.delete(first.value[0]);
        this.lastDelivered = Date.now();
        return Promise.resolve({ done: false, value: first.value[1].payload });
      }
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      this.finish();
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.waitingFailed = reject;
      if (!first.done) this.releaseLater();
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.queue.clear();
    this.onFinish(this);
    const resolve = this.waiting;
    this.waiting = this.waitingFailed = undefined;
    resolve?.(DONE);
  }
}

/** The in-process bus: one server instance. */
export class InProcessEventBus implements EventBus {
  private readonly topics = new Map<string, Set<Subscriber<unknown>>>();

  constructor(private readonly onSubscriberError: (error: unknown) => void = () => undefined) {}

  /** `heardAt`: when this instance heard the push (see maxLagMs); a push from Redis is heard as it arrives. */
  publish(topic: string, payload: unknown, heardAt = Date.now()): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    for (const subscriber of subscribers) {
      try {
        subscriber.push(payload, heardAt);
      } catch (error) {
        // Only a subscriber's own coalesceBy, merge or accept can throw here; the others still get the push.
        this.onSubscriberError(error);
      }
    }
  }

  subscribe<T>(topic: string, options: SubscribeOptions<T> = {}): AsyncIterableIterator<T> {
    let subscribers = this.topics.get(topic);
    if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
    const subscriber = new Subscriber<T>(options.limit ?? SUBSCRIBER_QUEUE_LIMIT, options.coalesceBy, options.merge, options.accept, options.minIntervalMs ?? 0, options.maxLagMs ?? 0, (self) => {
      subscribers!.delete(self as Subscriber<unknown>);
      if (subscribers!.size === 0 && this.topics.get(topic) === subscribers) this.topics.delete(topic);
    });
    subscribers.add(subscriber as Subscriber<unknown>);
    return subscriber;
  }

  /**
   * Ends every subscription with RESYNC_REQUIRED (FellBehind, so feeds that can read back what they
   * missed catch up by themselves): pushes may have been missed (the Redis connection was lost).
   */
  resyncAll(reason: string): void {
    const failure = new FellBehind(reason);
    for (const subscribers of [...this.topics.values()]) for (const subscriber of [...subscribers]) subscriber.fail(failure);
  }

  /**
   * How many subscriptions listen to a topic or to a topic under it (`ORDER_UPDATED:42` counts
   * `ORDER_UPDATED:42:7` too): health checks, and tests waiting for a subscription to register.
   */
  subscribers(topic: string): number {
    let count = this.topics.get(topic)?.size ?? 0;
    for (const [name, set] of this.topics) if (name.startsWith(`${topic}:`)) count += set.size;
    return count;
  }
}

/** What the composition root hands around: a bus that can also count its subscribers (in-process, or over Redis). */
export type PubSub = EventBus & Pick<InProcessEventBus, "subscribers">;

/** The bus, as subscriptions look it up with subscriptionService. */
export const EVENT_BUS = Symbol("EventBus");

const subscriptionServices = new WeakMap<GraphQLSchema, Map<unknown, unknown>>();

/**
 * type-graphql hands a subscription's `subscribe` function only the resolver data, not the
 * resolver instance: what it needs (the bus, a feed) is registered with the schema here, by the
 * composition root, and found again through `info.schema`.
 */
export function provideToSubscriptions<T>(schema: GraphQLSchema, key: symbol | (abstract new (...args: never[]) => T), service: T): void {
  let services = subscriptionServices.get(schema);
  if (!services) subscriptionServices.set(schema, (services = new Map()));
  services.set(key, service);
}

export function subscriptionService<T>(info: GraphQLResolveInfo, key: symbol | (abstract new (...args: never[]) => T)): T {
  const service = subscriptionServices.get(info.schema)?.get(key);
  if (!service) throw new Error(`No ${String(typeof key === "symbol" ? key.description : key.name)} was provided to subscriptions`);
  return service as T;
}

export const createEventBus = (onSubscriberError?: (error: unknown) => void): InProcessEventBus => new InProcessEventBus(onSubscriberError);

export const shopTopic = (topic: string, shopId: number) => `${topic}:${shopId}`;

/** A topic about one thing of a shop (one order): only its subscribers hear it. */
export const keyedTopic = (topic: string, shopId: number, key: string | number) => `${topic}:${shopId}:${key}`;

/**
 * Outbox messages handed to the bus at a time. Larger than other sinks' batches: a burst (a restock
 * resuming 10,000 orders) reaches the screens in a few deliveries, each one round trip to the
 * database, and every subscriber hears its end sooner.
 */
export const LIVE_BATCH = 2000;

/** The outbox delivers into the bus: each message on its shop's topic, and on its key's topic when it has a key. */
export const pubSubSink = (bus: EventBus) => ({
  batch: LIVE_BATCH,
  deliver(messages: OutboxMessage[]): void | Promise<void> {
    const pushes: Array<{ topic: string; payload: unknown }> = [];
    for (const message of messages) {
      pushes.push({ topic: shopTopic(message.topic, message.shopId), payload: message.payload });
      if (message.key !== undefined) pushes.push({ topic: keyedTopic(message.topic, message.shopId, message.key), payload: message.payload });
    }
    if (bus.publishAll) return bus.publishAll(pushes);
    for (const push of pushes) bus.publish(push.topic, push.payload);
  },
});

/**
 * Live first, then history: yields what `replay` reads (committed before the call), then the live
 * subscription's pushes, skipping those at or before the last replayed position (they were
 * replayed already). The live subscription must be open before `replay` starts reading, so nothing
 * committed in between is missed. `return()` ends both at once, even while waiting for a push.
 */
export function liveAfterReplay<T>(live: AsyncIterator<T>, replay: AsyncIterator<T>, position: (item: T) => number): AsyncIterableIterator<T> {
  let replaying: AsyncIterator<T> | undefined = replay;
  let last = -Infinity;
  let ended = false;
  const end = async () => {
    ended = true;
    const pendingReplay = replaying;
    replaying = undefined;
    await live.return?.();
    void pendingReplay?.return?.()?.catch(() => undefined);
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      try {
        while (replaying) {
          // Replayed pushes share the turn's budget with queued ones (PUSH_TURN_MS).
          if (spentThisTurn() > PUSH_TURN_MS) await new Promise((resolve) => setImmediate(resolve));
          const result = await replaying.next();
          if (ended) return DONE;
          if (!result.done) {
            last = position(result.value);
            return result;
          }
          replaying = undefined;
        }
        for (;;) {
          if (ended) return DONE;
          const result = await live.next();
          if (result.done || position(result.value) > last) return result;
        }
      } catch (error) {
        await end();
        throw error;
      }
    },
    async return() {
      await end();
      return DONE;
    },
    async throw(error?: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * A subscription that reads back what it missed instead of giving up: `resume(after)` opens it
 * anew after a position (`null`: live only, from now). When its queue overflows (FellBehind), the
 * queue is dropped and the subscription is resumed after the last position it delivered, so a
 * subscriber that is only slow for a burst gets every change, from the log, in order. It ends
 * with RESYNC_REQUIRED only when no position is known yet or the replay itself refuses (too far behind).
 */
export function catchingUp<T>(
  resume: (after: number | null, fellBehind: boolean) => AsyncIterator<T>,
  position: (item: T) => number,
  since: number | null,
): AsyncIterableIterator<T> {
  let last = since;
  let current = resume(since, false);
  let ended = false;
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        try {
          const result = await current.next();
          if (!result.done) last = position(result.value);
          return result;
        } catch (error) {
          if (ended || last === null || !(error instanceof FellBehind)) throw error;
          current = resume(last, true);
        }
      }
    },
    async return() {
      ended = true;
      await current.return?.();
      return DONE;
    },
    async throw() {
      return iterator.return!();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
