import { EventBus, InProcessEventBus, SubscribeOptions } from "../graphql/pubsub";
import { Logger } from "../logging/logger";
import { RedisConnections } from "./redis";

/**
 * Most pushes per Redis message. A delivered outbox batch (up to LIVE_BATCH events, two topics each, and
 * its summaries) goes as ONE message, so every instance hands it to its subscribers in one go, as
 * the in-process bus does: a subscriber that cannot keep up with a burst overflows its queue and
 * catches up from the log or resynchronises. Cut into small messages, the same burst reached each
 * subscriber a slice at a time, never overflowed, and 100 every-order subscribers were sent 10,000
 * pushes each (a minute of one core) while the light subscribers waited behind them.
 */
const PUSHES_PER_MESSAGE = 5000;

type Push = [topic: string, payload: unknown];
interface BusMessage {
  /** The pushes, in commit order. */
  p: Push[];
}

/**
 * Why a payload could not cross Redis unchanged, or null: only JSON values (null, booleans, finite
 * numbers, strings, arrays and plain objects) arrive as they were sent; a Date would arrive as a
 * string, a Map as {}, a BigInt not at all.
 */
export function notPlainJson(value: unknown, path = "payload"): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = notPlainJson(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is a ${(value as object).constructor?.name ?? "non-plain object"}`;
    for (const [key, item] of Object.entries(value)) {
      const found = notPlainJson(item, `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return `${path} is a ${typeof value}`;
}

/**
 * The event bus of several instances: every push goes through one Redis channel (`<prefix>events`)
 * and each instance hands what it hears to its own in-process bus, whose per-subscriber queues,
 * coalescing and RESYNC_REQUIRED rules are unchanged. The publishing instance hears its own pushes
 * through Redis too, so every instance sees them in the same order.
 *
 * One channel rather than one per topic: it is subscribed once, at start, so a subscription opened
 * later never misses a push while its SUBSCRIBE travels, and every instance hears every shop's
 * pushes (small: ids and counts). When the subscriber connection was lost, pushes may have been
 * missed: once it is back, every local subscription is ended with RESYNC_REQUIRED (FellBehind), so
 * order feeds catch up from the event log by themselves and the others are told to refetch.
 */
export class RedisEventBus implements EventBus {
  private readonly local: InProcessEventBus;
  private readonly channel: string;
  private readonly stopListening: () => void;
  private readonly stopResync: () => void;

  constructor(
    private readonly redis: RedisConnections,
    private readonly logger: Logger,
  ) {
    this.local = new InProcessEventBus((error) => logger.error({ err: error }, "a subscriber's filter failed"));
    this.channel = redis.key("events");
    this.stopListening = redis.listen(this.channel, (message) => this.receive(message));
    this.stopResync = redis.onReconnected(() => {
      logger.warn("Redis is back: live subscriptions on this instance resynchronise (pushes may have been missed meanwhile)");
      this.local.resyncAll("The server lost its connection to Redis for a moment and may have missed updates for this subscription.");
    });
  }

  /** One push: like publishAll, never throws (a failure is logged; the outbox uses publishAll and retries). */
  publish(topic: string, payload: unknown): void {
    this.publishAll([{ topic, payload }]).catch((error) => this.logger.error({ err: error, topic }, "a live update could not be published to Redis"));
  }

  /**
   * Publishes pushes in order; rejects when Redis did not take them (the outbox keeps them and tries
   * again). A payload that is not plain JSON is left out, with an error in the log (a programming
   * error: it would arrive changed on the other instances).
   */
  async publishAll(pushes: ReadonlyArray<{ topic: string; payload: unknown }>): Promise<void> {
    const valid: Push[] = [];
    for (const { topic, payload } of pushes) {
      const problem = notPlainJson(payload);
      if (problem) this.logger.error({ topic, problem }, "a live update that is not plain JSON was not published");
      else valid.push([topic, payload]);
    }
    for (let i = 0; i < valid.length; i += PUSHES_PER_MESSAGE) {
      const message: BusMessage = { p: valid.slice(i, i + PUSHES_PER_MESSAGE) };
      await this.redis.publish(this.channel, message);
    }
  }

  subscribe<T>(topic: string, options?: SubscribeOptions<T>): AsyncIterableIterator<T> {
    return this.local.subscribe(topic, options);
  }

  /** Subscriptions on this instance (see InProcessEventBus.subscribers). */
  subscribers(topic: string): number {
    return this.local.subscribers(topic);
  }

  close(): void {
    this.stopListening();
    this.stopResync();
  }

  private receive(message: unknown): void {
    const pushes = (message as Partial<BusMessage> | null)?.p;
    if (!Array.isArray(pushes)) return;
    for (const push of pushes) {
      if (Array.isArray(push) && typeof push[0] === "string") this.local.publish(push[0], push[1]);
    }
  }
}
