import { EventEmitter } from "node:events";

/**
 * "This session has ended" (logout, or later: revoked, password changed), by the SHA-256 of its
 * token. The auth service announces; every listener on every instance hears it: the WebSocket
 * server closes that session's sockets, the session cache forgets it. In-process here; a Redis
 * pub/sub channel implementing the same two methods carries it between instances.
 */
export interface SessionEvents {
  announceEnded(tokenHash: string): void;
  /** Returns a function that stops listening. */
  onEnded(listener: (tokenHash: string) => void): () => void;
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
}
