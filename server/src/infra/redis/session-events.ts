import { InProcessSessionEvents, SessionEvents, SessionsChanged } from "../http/sessions";
import { Logger } from "../logging/logger";
import { RedisConnections } from "./redis";

type SessionMessage = { from: string } & ({ ended: string } | { changed: SessionsChanged });

/**
 * Session announcements between instances over the Redis channel `<prefix>sessions`: an ended
 * session or revoked API key closes its sockets and leaves the auth cache on every instance, a
 * change of role or of the shop's settings empties the cached callers it touches everywhere. Each
 * announcement is heard here at once and published for the others (an instance ignores its own).
 *
 * While Redis is unreachable announcements reach this instance only (logged); the others keep a
 * cached caller at most its 10 s cache time and refuse the ended session at the next lookup, and
 * when their subscriber connection is back they forget every cached caller, since they may have
 * missed announcements. An ended session's socket on another instance is then closed by its next
 * operation (every operation re-authenticates) or at the session's expiry.
 */
export class RedisSessionEvents implements SessionEvents {
  private readonly local = new InProcessSessionEvents();
  private readonly channel: string;
  private readonly stops: Array<() => void>;

  constructor(
    private readonly redis: RedisConnections,
    private readonly logger: Logger,
  ) {
    this.channel = redis.key("sessions");
    this.stops = [
      redis.listen(this.channel, (message) => this.receive(message as Partial<SessionMessage> | null)),
      redis.onReconnected(() => this.local.announceChanged({ all: true })),
    ];
  }

  announceEnded(tokenHash: string): Promise<void> {
    this.local.announceEnded(tokenHash);
    return this.send({ from: this.redis.instanceId, ended: tokenHash });
  }

  onEnded(listener: (tokenHash: string) => void): () => void {
    return this.local.onEnded(listener);
  }

  announceChanged(change: SessionsChanged): Promise<void> {
    this.local.announceChanged(change);
    return this.send({ from: this.redis.instanceId, changed: change });
  }

  onChanged(listener: (change: SessionsChanged) => void): () => void {
    return this.local.onChanged(listener);
  }

  close(): void {
    for (const stop of this.stops) stop();
  }

  private async send(message: SessionMessage): Promise<void> {
    try {
      await this.redis.publish(this.channel, message);
    } catch (error) {
      this.logger.error({ err: error }, "a session announcement could not reach the other instances (Redis unreachable): their cached sessions expire within 10 s");
    }
  }

  private receive(message: Partial<SessionMessage> | null): void {
    if (!message || typeof message !== "object" || message.from === this.redis.instanceId) return;
    if ("ended" in message && typeof message.ended === "string") this.local.announceEnded(message.ended);
    else if ("changed" in message && message.changed && typeof message.changed === "object") this.local.announceChanged(message.changed);
  }
}
