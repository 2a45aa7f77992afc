import { EventEmitter } from "node:events";

/**
 * Cached callers to forget: one staff user's (a change of role), a shop's (a change of its
 * settings: currency, language), or all of them (an instance that may have missed announcements).
 */
export type SessionsChanged = { staffUserId: number } | { shopId: number } | { all: true };

/**
 * "This session has ended" (logout, or later: revoked, password changed), by the SHA-256 of its
 * token (an API key's revocation too, by its secret's hash), and "these cached callers are out of
 * date". The auth service announces; every listener on every instance hears it: the WebSocket
 * server closes that session's sockets, the session cache forgets it. In-process here;
 * RedisSessionEvents (infra/redis) carries the same announcements between instances.
 *
 * Announcing hands the listeners of this instance the news at once (synchronously) and resolves
 * once the other instances have been told (Redis took the message); it never rejects.
 */
export interface SessionEvents {
  announceEnded(tokenHash: string): void | Promise<void>;
  /** Returns a function that stops listening. */
  onEnded(listener: (tokenHash: string) => void): () => void;
  announceChanged(change: SessionsChanged): void | Promise<void>;
  onChanged(listener: (change: SessionsChanged) => void): () => void;
}

export class InProcessSessionEvents implements SessionEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  announceEnded(tokenHash: string): void {
    this.emitter.emit("ended", tokenHash);
  }

  onEnded(listener: (tokenHash: string) => void): () => void {
    this.emitter.on("ended", listener);
    return () => this.emitter.off("ended", listener);
  }

  announceChanged(change: SessionsChanged): void {
    this.emitter.emit("changed", change);
  }

  onChanged(listener: (change: SessionsChanged) => void): () => void {
    this.emitter.on("changed", listener);
    return () => this.emitter.off("changed", listener);
  }
}
