import { CostBuckets, CostBucketStore, TakeResult } from "../graphql/cost";
import { LIMITS } from "../http/limits";
import { Logger } from "../logging/logger";
import { RedisConnections } from "./redis";

/**
 * One bucket, read and changed atomically in Redis by Redis' own clock (TIME), so every instance
 * sees the same level: a hash {a: points available, t: when, in ms}, refilled at `rate` per second
 * up to `capacity`. Mode "peek" reads, "take" takes ARGV[3] points when they are there (or, with
 * enforce off, whatever is there), "refund" gives points back. Returns {1 = done | 0 = refused,
 * points available as a string} (a Lua number would be truncated to an integer). A bucket expires
 * once it would be full again: a full bucket is the same as none.
 */
const BUCKET_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local mode = ARGV[4]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'a', 't')
local available = capacity
if bucket[1] then
  available = math.min(capacity, tonumber(bucket[1]) + math.max(0, now - tonumber(bucket[2])) / 1000 * rate)
end
if mode == 'peek' then return {1, tostring(available)} end
local left
if mode == 'take' then
  if ARGV[5] == '1' and amount > available then return {0, tostring(available)} end
  left = math.max(0, available - amount)
else
  left = math.min(capacity, available + math.max(0, amount))
end
redis.call('HSET', KEYS[1], 'a', tostring(left), 't', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - left) / rate * 1000) + 1000)
return {1, tostring(left)}
`;

type Mode = "peek" | "take" | "refund";
type BucketCommand = (key: string, capacity: number, rate: number, amount: number, mode: Mode, enforce: "1" | "0") => Promise<[number, string]>;

/**
 * The query-cost buckets of every instance, in Redis (`<prefix>cost:<key:ID | session:HASH>`),
 * with the rules of the in-memory CostBuckets: capacity 1,000 points, 50 back a second, charged the
 * requested cost up front and refunded what the answer did not use. While Redis is unreachable the
 * buckets of this instance's memory take over (same rules, per instance), with one log line when
 * that starts and one when Redis answers again.
 */
export class RedisCostBuckets implements CostBucketStore {
  readonly capacity: number;
  readonly restoreRate: number;
  readonly enforce: boolean;
  readonly mutationCost = LIMITS.mutationCost;
  private readonly fallback: CostBuckets;
  private readonly command: BucketCommand;
  private degraded = false;

  constructor(
    private readonly redis: RedisConnections,
    private readonly logger: Logger,
    settings: { capacity: number; restoreRate: number; enforce?: boolean } = { capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate },
  ) {
    this.capacity = settings.capacity;
    this.restoreRate = settings.restoreRate;
    this.enforce = settings.enforce ?? true;
    this.fallback = new CostBuckets({ capacity: this.capacity, restoreRate: this.restoreRate, enforce: this.enforce });
    const commands = redis.commands as unknown as { rupturaCostBucket?: BucketCommand };
    // EVALSHA, with EVAL the first time (ioredis' defineCommand).
    if (!commands.rupturaCostBucket) redis.commands.defineCommand("rupturaCostBucket", { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    this.command = (...args) => (redis.commands as unknown as { rupturaCostBucket: BucketCommand }).rupturaCostBucket(...args);
  }

  async available(key: string): Promise<number> {
    const result = await this.run(key, 0, "peek");
    return result ? result.available : this.fallback.available(key);
  }

  async take(key: string, cost: number): Promise<TakeResult> {
    const result = await this.run(key, cost, "take");
    if (!result) return this.fallback.take(key, cost);
    if (result.ok) return { ok: true, available: result.available };
    return { ok: false, available: result.available, retryAfterSeconds: Math.max(1, Math.ceil((cost - result.available) / this.restoreRate)) };
  }

  async refund(key: string, points: number): Promise<number> {
    const result = await this.run(key, points, "refund");
    return result ? result.available : this.fallback.refund(key, points);
  }

  /** The script's answer, or null when Redis did not give one (then the memory buckets answer). */
  private async run(key: string, amount: number, mode: Mode): Promise<{ ok: boolean; available: number } | null> {
    if (!this.redis.isReady()) return this.down(new Error("Redis connection not ready"));
    try {
      const [ok, available] = await this.command(this.redis.key(`cost:${key}`), this.capacity, this.restoreRate, amount, mode, this.enforce ? "1" : "0");
      if (this.degraded) {
        this.degraded = false;
        this.logger.info("Redis answers again: query-cost buckets are shared again");
      }
      return { ok: ok === 1, available: Number(available) };
    } catch (error) {
      return this.down(error);
    }
  }

  private down(error: unknown): null {
    if (!this.degraded) {
      this.degraded = true;
      this.logger.warn({ err: error }, "Redis unavailable: query-cost buckets are kept in this instance's memory until it answers again");
    }
    return null;
  }
}
