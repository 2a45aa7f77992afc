import { IRateLimiterOptions, RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { RedisConnections } from "./redis";

/**
 * Rate limiters (rate-limiter-flexible) whose counters live in Redis, shared by every instance,
 * under `<prefix>rl:<limiter>:<key>`. While Redis is unreachable (or slower than its 2 s command
 * timeout) each limiter counts in this instance's memory instead (rate-limiter-flexible's
 * insurance limiter): the limits still hold, per instance, so logins and public pages keep working
 * and brute force stays bounded (by N x the limit with N instances) until Redis is back.
 */
export function redisLimiterStore(redis: RedisConnections): (options: IRateLimiterOptions) => RateLimiterAbstract {
  return (options) =>
    new RateLimiterRedis({
      ...options,
      storeClient: redis.commands,
      keyPrefix: redis.key(`rl:${options.keyPrefix ?? "rlflx"}`),
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: `insurance_${options.keyPrefix ?? "rlflx"}` }),
    });
}
