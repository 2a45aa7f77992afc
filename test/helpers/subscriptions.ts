import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/** A real graphql-ws client, authenticated like the web app. */
export function wsClient(url: string, token: string): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
}

/** A running subscription: everything it received so far, and a way to wait for what comes. */
export interface Subscription<T> {
  received: T[];
  /** Resolves with the first value (old or new) that matches, or rejects after `ms`. */
  waitFor(match: (value: T) => boolean, ms?: number): Promise<T>;
  stop(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const received: T[] = [];
  const waiters: Array<{ match: (v: T) => boolean; resolve: (v: T) => void }> = [];
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        const value = result.data as T;
        received.push(value);
        for (const waiter of [...waiters]) {
          if (waiter.match(value)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(value);
          }
        }
      },
      error: (error) => {
        throw error instanceof Error ? error : new Error(JSON.stringify(error));
      },
      complete: () => undefined,
    },
  );
  return {
    received,
    stop,
    waitFor: (match, ms = 5000) =>
      new Promise<T>((resolve, reject) => {
        const already = received.find(match);
        if (already) return resolve(already);
        const timer = setTimeout(() => reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(received)}`)), ms);
        waiters.push({ match, resolve: (v) => (clearTimeout(timer), resolve(v)) });
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
