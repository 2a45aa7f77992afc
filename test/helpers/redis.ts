import { randomBytes } from "node:crypto";

/**
 * The Redis the multi-instance tests use: TEST_REDIS_URL (CI sets redis://127.0.0.1:6379 and
 * starts Redis there). Unset, those tests are skipped, and say so once per file.
 */
export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || undefined;
}

/** `describe` when TEST_REDIS_URL is set, else a skipped describe with a line explaining why. */
export function describeWithRedis(name: string, body: () => void): void {
  if (testRedisUrl()) {
    describe(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipped "${name}": it needs Redis. Set TEST_REDIS_URL=redis://127.0.0.1:6379 (CI does).`);
  describe.skip(name, body);
}

/**
 * A key prefix of its own for one test (process id and random bytes): parallel runs and parallel
 * test files on one Redis never see each other's keys or channels (channels ignore the db number).
 */
export function testRedisPrefix(): string {
  return `ruptura-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
}

/** Deletes what a test left under its prefix (rate-limit counters live up to a day). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const url = testRedisUrl();
  if (!url) return;
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for (let cursor = "0"; ; ) {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await client.del(...keys);
      if ((cursor = next) === "0") break;
    }
  } finally {
    client.disconnect();
  }
}
