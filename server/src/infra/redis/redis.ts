import { randomBytes } from "node:crypto";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis, RedisOptions } from "ioredis";
import { Logger } from "../logging/logger";

/**
 * The one place Redis connections are made and closed (REDIS_URL). Two connections per process:
 * `commands` (rate limits, cost buckets, PUBLISH) and `subscriber` (SUBSCRIBE only: a connection in
 * subscriber mode can send nothing else). Every key and channel starts with `prefix` (REDIS_PREFIX),
 * so several deployments, or parallel test runs, can share one Redis.
 *
 * An outage never crashes the process: both connections retry forever (backoff up to 2 s), commands
 * fail fast while the connection is down instead of queueing (each user decides what a failure
 * means, see docs/scaling.md), and the loss and the return are each logged once.
 */
export interface RedisConnections {
  readonly prefix: string;
  /** A random id of this process, so an instance can tell its own announcements from others'. */
  readonly instanceId: string;
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** `prefix` + name: every key and channel goes through here. */
  key(name: string): string;
  /**
   * Hears the messages of a channel (full name, from `key`), parsed from JSON, through
   * @graphql-yoga/redis-event-target on the subscriber connection. Returns a function that stops.
   */
  listen(channel: string, listener: (message: unknown) => void): () => void;
  /**
   * Publishes a JSON message on a channel; resolves once Redis has taken it (and handed it to every
   * subscriber connected then), rejects when Redis is unreachable. (The event target's own
   * dispatchEvent drops PUBLISH's promise: a failure would be an unhandled rejection, and nobody
   * could retry, so publishing is done here.)
   */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Resolves once the channels listened to so far are subscribed (a PING on the subscriber
   * connection is answered after the SUBSCRIBEs before it), or after `timeoutMs` with false when
   * Redis is not reachable: the process starts anyway and subscribes when Redis comes.
   */
  subscribed(timeoutMs?: number): Promise<boolean>;
  /** Whether Redis answers a PING (readiness checks). */
  ping(): Promise<boolean>;
  /** Whether the command connection is up right now. */
  isReady(): boolean;
  /**
   * Called each time the subscriber connection is back after having been lost (or comes at last
   * after failing at start; never after a first connect that went well): what was published
   * meanwhile was missed, and listeners resynchronise.
   */
  onReconnected(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Commands wait at most this long for Redis' answer. */
const COMMAND_TIMEOUT_MS = 2000;

/** Where a URL points, without its password, for logs. */
const describe = (raw: string) => {
  const url = new URL(raw);
  return `${url.protocol}//${url.host}${url.pathname}`;
};

export function connectRedis(url: string, options: { prefix: string; logger: Logger; name?: string }): RedisConnections {
  const { logger, prefix } = options;
  const instanceId = randomBytes(8).toString("hex");
  const where = describe(url);
  const common: RedisOptions = {
    connectionName: options.name ?? "ruptura",
    // Retry forever with a capped backoff: an outage is waited out, never fatal.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  };
  const commands = new Redis(url, {
    ...common,
    // While Redis is down a command fails at once (callers fall back), it does not wait in a queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  const subscriber = new Redis(url, {
    ...common,
    // SUBSCRIBE sent while down waits for the connection (and is re-sent after every reconnect).
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    autoResubscribe: true,
  });

  const reconnectListeners = new Set<() => void>();
  const watch = (connection: Redis, role: string, onBack?: () => void) => {
    let lost = false;
    let everReady = false;
    connection.on("error", (error: Error) => {
      if (lost && everReady) return; // logged once per outage
      if (!lost) logger.error({ redis: where, role, err: error }, everReady ? "Redis connection lost: retrying" : "Redis unreachable: retrying");
      lost = true;
    });
    connection.on("close", () => {
      if (!everReady || lost) return;
      lost = true;
      logger.error({ redis: where, role }, "Redis connection lost: retrying");
    });
    connection.on("ready", () => {
      if (lost || !everReady) logger.info({ redis: where, role }, everReady ? "Redis connection back" : "Redis connected");
      // Unreachable at start counts too: subscriptions opened meanwhile heard nothing.
      const wasLost = lost;
      lost = false;
      everReady = true;
      if (wasLost) onBack?.();
    });
  };
  watch(commands, "commands");
  // On "ready" ioredis has not re-sent SUBSCRIBE yet (it does right after, in the same tick): a
  // PING sent on the next turn is answered after the resubscription took effect, and only then do
  // listeners resynchronise (anything published later is heard).
  watch(subscriber, "subscriber", () => {
    setImmediate(() => {
      subscriber.ping().then(
        () => {
          for (const listener of reconnectListeners) {
            try {
              listener();
            } catch (error) {
              logger.error({ err: error }, "a Redis reconnection listener failed");
            }
          }
        },
        () => undefined, // lost again: the next "ready" tries again
      );
    });
  });

  // A message that is not JSON (someone else on our channel) is dropped, never thrown in ioredis' reader.
  const serializer = {
    stringify: (message: unknown) => JSON.stringify(message),
    parse: (message: string) => {
      try {
        return JSON.parse(message) as unknown;
      } catch {
        return undefined;
      }
    },
  };
  // The event target calls subscribe/unsubscribe without handling their promises: a SUBSCRIBE still
  // waiting for Redis when the connection is closed would be an unhandled rejection (the process
  // ends). It gets the subscriber connection through this wrapper, which handles them.
  const guardedSubscriber = {
    on: (event: "message", listener: (channel: string, message: string) => void) => subscriber.on(event, listener),
    subscribe: (channel: string) =>
      subscriber.subscribe(channel).catch((error: unknown) => {
        if (!closing) logger.error({ err: error, channel }, "Redis SUBSCRIBE failed");
      }),
    unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(() => undefined),
  } as unknown as Redis;
  let closing = false;
  const target = createRedisEventTarget({ publishClient: commands, subscribeClient: guardedSubscriber, serializer });
  let closed: Promise<void> | undefined;
  return {
    prefix,
    instanceId,
    commands,
    subscriber,
    key: (name) => `${prefix}${name}`,
    isReady: () => commands.status === "ready",
    listen(channel, listener) {
      const callback = (event: Event) => {
        const detail = (event as CustomEvent).detail as unknown;
        if (detail === undefined) return;
        try {
          listener(detail);
        } catch (error) {
          logger.error({ err: error, channel }, "a Redis message listener failed");
        }
      };
      target.addEventListener(channel, callback);
      return () => target.removeEventListener(channel, callback);
    },
    subscribed(timeoutMs = 5000) {
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        timer.unref();
        subscriber.ping().then(
          () => (clearTimeout(timer), resolve(true)),
          () => (clearTimeout(timer), resolve(false)),
        );
      });
    },
    async publish(channel, message) {
      await commands.publish(channel, JSON.stringify(message));
    },
    async ping() {
      if (commands.status !== "ready") return false;
      try {
        return (await commands.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    onReconnected(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close() {
      closed ??= (async () => {
        closing = true;
        reconnectListeners.clear();
        const quit = async (connection: Redis) => {
          try {
            if (connection.status === "ready") await connection.quit();
            else connection.disconnect();
          } catch {
            connection.disconnect();
          }
        };
        await Promise.all([quit(commands), quit(subscriber)]);
      })();
      return closed;
    },
  };
}
