import { IRateLimiterOptions, RateLimiterAbstract } from "rate-limiter-flexible";
import { CostBuckets, CostBucketStore } from "../graphql/cost";
import { createEventBus, PubSub } from "../graphql/pubsub";
import { InProcessSessionEvents, SessionEvents } from "../http/sessions";
import { LIMITS } from "../http/limits";
import { Logger } from "../logging/logger";
import { RedisCostBuckets } from "./cost-buckets";
import { RedisEventBus } from "./event-bus";
import { RedisSessionEvents } from "./session-events";
import { redisLimiterStore } from "./limiter-store";
import { connectRedis, RedisConnections } from "./redis";

/**
 * What one instance would keep in memory and several must share: the live-update bus, session
 * announcements, rate-limit counters and query-cost buckets. In memory without REDIS_URL (one
 * instance, as before); in Redis with it.
 */
export interface SharedState {
  eventBus: PubSub;
  sessionEvents: SessionEvents;
  /** Rate limiters' store (undefined: the throttles' own in-memory default). */
  limiterStore: ((options: IRateLimiterOptions) => RateLimiterAbstract) | undefined;
  costBuckets: CostBucketStore;
  /** The Redis connections (null without REDIS_URL): `redis.ping()` tells readiness. */
  redis: RedisConnections | null;
  /** Waits (at most a few seconds) until Redis subscriptions are in place; true without Redis. */
  ready(): Promise<boolean>;
  /** Stops listening and closes the Redis connections (after the HTTP server and the dispatcher stopped). */
  close(): Promise<void>;
}

export function createSharedState(config: { redisUrl: string | undefined; redisPrefix: string; apiCostLimits: boolean }, logger: Logger): SharedState {
  const bucketSettings = { capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate, enforce: config.apiCostLimits };
  if (!config.redisUrl) {
    return {
      eventBus: createEventBus((error) => logger.error({ err: error }, "a subscriber's filter failed")),
      sessionEvents: new InProcessSessionEvents(),
      limiterStore: undefined,
      costBuckets: new CostBuckets(bucketSettings),
      redis: null,
      ready: async () => true,
      close: async () => undefined,
    };
  }
  const redis = connectRedis(config.redisUrl, { prefix: config.redisPrefix, logger });
  const eventBus = new RedisEventBus(redis, logger);
  const sessionEvents = new RedisSessionEvents(redis, logger);
  return {
    eventBus,
    sessionEvents,
    limiterStore: redisLimiterStore(redis),
    costBuckets: new RedisCostBuckets(redis, logger, bucketSettings),
    redis,
    async ready() {
      const subscribed = await redis.subscribed();
      if (!subscribed) logger.error("Redis is not reachable yet: starting anyway; live updates wait in the outbox and rate limits count per instance until it is");
      return subscribed;
    },
    async close() {
      eventBus.close();
      sessionEvents.close();
      await redis.close();
    },
  };
}
