import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/**
 * A graphql-ws client that keeps the cursor of the last push it received and, after any
 * reconnect, subscribes again from it, as the web app does (web/src/app/apollo.ts): the
 * subscription's variables are read each time the client (re)sends the subscription.
 */
export interface ResumingSubscription<T> {
  client: Client;
  received: T[];
  errors: Array<{ message: string; extensions?: { code?: string } }>;
  cursor(): string | null;
  /** Resolves once `done(received)` holds, or rejects after `ms`. */
  until(done: (received: T[]) => boolean, ms?: number): Promise<void>;
  dispose(): Promise<void>;
}

export function resumingSubscription<T extends { cursor?: string | null }>(
  url: string,
  token: string,
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
): ResumingSubscription<T> {
  let since: string | null = (variables.since as string | undefined) ?? null;
  const received: T[] = [];
  const errors: ResumingSubscription<T>["errors"] = [];
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 1000,
    retryWait: () => new Promise((r) => setTimeout(r, 100)),
    shouldRetry: () => true,
  });
  const payload = {
    query,
    get variables() {
      return { ...variables, since };
    },
  };
  client.subscribe<Record<string, T>>(payload, {
    next: (result) => {
      if (result.errors) errors.push(...(result.errors as ResumingSubscription<T>["errors"]));
      const value = result.data?.[field];
      if (!value) return;
      received.push(value);
      if (value.cursor) since = value.cursor;
    },
    error: (error) => {
      errors.push(...(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }]));
    },
    complete: () => undefined,
  });
  return {
    client,
    received,
    errors,
    cursor: () => since,
    until: async (done, ms = 30_000) => {
      for (let waited = 0; !done(received); waited += 50) {
        if (waited > ms) throw new Error(`not done within ${ms} ms: ${received.length} pushes, errors ${JSON.stringify(errors)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
