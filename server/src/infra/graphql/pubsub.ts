import { createPubSub } from "@graphql-yoga/subscription";
import { OutboxMessage } from "../outbox/outbox";

/**
 * GraphQL subscriptions' PubSub, in-process. Every topic is per shop (`ORDER_UPDATED:42`), so a
 * subscriber can only ever hear its own shop. A Redis-backed PubSub can replace this one to share
 * events between server instances: type-graphql needs only publish and subscribe.
 */
export class EventBus {
  private readonly pubsub = createPubSub();
  private readonly listening = new Map<string, number>();

  publish(topic: string, payload: unknown): void {
    this.pubsub.publish(topic, payload);
  }

  subscribe(topic: string): AsyncIterable<unknown> {
    const source = this.pubsub.subscribe(topic);
    const counts = this.listening;
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    const iterator = source[Symbol.asyncIterator]();
    let done = false;
    const finish = () => {
      if (!done) counts.set(topic, (counts.get(topic) ?? 1) - 1);
      done = true;
    };
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => iterator.next(),
        return: async (value?: unknown) => {
          finish();
          return iterator.return ? iterator.return(value) : { done: true as const, value: undefined };
        },
        throw: async (error?: unknown) => {
          finish();
          if (iterator.throw) return iterator.throw(error);
          throw error;
        },
      }),
    };
  }

  /** How many subscriptions listen to a topic now (health checks, and tests waiting for one). */
  subscribers(topic: string): number {
    return this.listening.get(topic) ?? 0;
  }
}

export type PubSub = EventBus;

export const createEventBus = (): EventBus => new EventBus();

export const shopTopic = (topic: string, shopId: number) => `${topic}:${shopId}`;

/** The outbox delivers into the PubSub. */
export const pubSubSink = (pubsub: EventBus) => ({
  deliver(message: OutboxMessage) {
    pubsub.publish(shopTopic(message.topic, message.shopId), message.payload);
  },
});
