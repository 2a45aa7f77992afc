import { IRateLimiterOptions, RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * How many failed logins are tolerated, after rate-limiter-flexible's "login endpoint protection"
 * recipe. Per e-mail *and* address rather than per e-mail alone, so nobody can lock a merchant out
 * of their own account from elsewhere; per address to slow one machine trying many accounts.
 */
export interface LoginLimits {
  /** Wrong passwords in a row for one e-mail from one address... */
  failuresPerAccountAndAddress: number;
  /** ...after which that e-mail from that address waits this long. */
  accountAndAddressBlockSeconds: number;
  /** Failed logins from one address within `addressWindowSeconds`... */
  failuresPerAddress: number;
  addressWindowSeconds: number;
  /** ...after which that address waits this long. */
  addressBlockSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  failuresPerAccountAndAddress: 10,
  accountAndAddressBlockSeconds: 15 * 60,
  failuresPerAddress: 100,
  addressWindowSeconds: 24 * 3600,
  addressBlockSeconds: 60 * 60,
};

/**
 * Makes one limiter. In memory by default (one instance); with REDIS_URL the composition root
 * passes infra/redis' redisLimiterStore (RateLimiterRedis, shared by every instance, counting in
 * memory while Redis is unreachable).
 */
export type LimiterStore = (options: IRateLimiterOptions) => RateLimiterAbstract;

export const memoryStore: LimiterStore = (options) => new RateLimiterMemory(options);

/** Counts failed logins per (e-mail, address) and per address, and says how long a client must wait. */
export class LoginThrottle {
  private readonly byAccountAndAddress: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(limits: LoginLimits, store: LimiterStore, prefix = "login_fail") {
    this.byAccountAndAddress = store({
      keyPrefix: `${prefix}_account_address`,
      points: limits.failuresPerAccountAndAddress,
      // Failures are "in a row" until a success resets them; forgotten after a day.
      duration: 24 * 3600,
      blockDuration: limits.accountAndAddressBlockSeconds,
    });
    this.byAddress = store({
      keyPrefix: `${prefix}_address`,
      points: limits.failuresPerAddress,
      duration: limits.addressWindowSeconds,
      blockDuration: limits.addressBlockSeconds,
    });
  }

  private keys(email: string, address: string) {
    return { accountAndAddress: `${email}|${address}`, address };
  }

  /** Seconds this e-mail from this address must wait before trying again; 0 when it may try now. */
  async waitSeconds(email: string, address: string): Promise<number> {
    const keys = this.keys(email, address);
    // A store failure lets the attempt through rather than locking everyone out (the Redis store
    // has an in-memory insurance limiter, so an outage still counts, per instance).
    const get = (limiter: RateLimiterAbstract, key: string) => limiter.get(key).catch(() => null);
    const [account, fromAddress] = await Promise.all([get(this.byAccountAndAddress, keys.accountAndAddress), get(this.byAddress, keys.address)]);
    return Math.max(blockedFor(account, this.byAccountAndAddress.points), blockedFor(fromAddress, this.byAddress.points));
  }

  /** Counts a failed login; returns the wait when this failure crossed a limit, else 0. */
  async failed(email: string, address: string): Promise<number> {
    const keys = this.keys(email, address);
    const results = await Promise.allSettled([this.byAccountAndAddress.consume(keys.accountAndAddress), this.byAddress.consume(keys.address)]);
    let wait = 0;
    for (const result of results) {
      if (result.status === "fulfilled") continue;
      // A store failure goes uncounted, as above.
      if (!(result.reason instanceof RateLimiterRes)) continue;
      wait = Math.max(wait, secondsOf(result.reason));
    }
    return wait;
  }

  /** A successful login forgets this e-mail's failures from this address (not the address' own count). */
  async succeeded(email: string, address: string): Promise<void> {
    await this.byAccountAndAddress.delete(this.keys(email, address).accountAndAddress);
  }
}

const secondsOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

const blockedFor = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints > points ? secondsOf(res) : 0);

/** The login throttle, with its limits and where its counters live (memory unless told otherwise). */
export function createLoginThrottle(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, store: LimiterStore = memoryStore, prefix?: string): LoginThrottle {
  return new LoginThrottle(limits, store, prefix);
}

/**
 * "Forgot password" requests per e-mail from anywhere (so nobody floods a mailbox from many
 * addresses): a LoginThrottle whose "address" is always the same key, with no address limit of its own.
 */
export const passwordResetPerEmailLimits = (perHour: number): LoginLimits => ({
  failuresPerAccountAndAddress: perHour,
  accountAndAddressBlockSeconds: 3600,
  failuresPerAddress: Number.MAX_SAFE_INTEGER,
  addressWindowSeconds: 3600,
  addressBlockSeconds: 1,
});

/** "Forgot password" requests, counted like failed logins (each request counts): per e-mail and address, and per address. */
export const DEFAULT_PASSWORD_RESET_LIMITS: LoginLimits = {
  failuresPerAccountAndAddress: 3,
  accountAndAddressBlockSeconds: 3600,
  failuresPerAddress: 20,
  addressWindowSeconds: 3600,
  addressBlockSeconds: 3600,
};
