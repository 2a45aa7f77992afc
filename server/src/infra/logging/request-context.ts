import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What every log line written while serving one request carries (pino's mixin reads it). */
export interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The request being served, if any: log lines, error extensions and WebSocket operations read it. */
export const currentRequest = (): RequestScope | undefined => scope.getStore();

/** Runs `work` as part of a request: every log line it writes, however deep, carries the request id. */
export const inRequest = <T>(requestScope: RequestScope, work: () => T): T => scope.run(requestScope, work);

/** Longest request id accepted from a client (a proxy's or a caller's own `X-Request-Id`). */
export const MAX_REQUEST_ID_LENGTH = 128;
/** Letters, digits and `-_.:` only: nothing that could forge a log line or a header. */
const REQUEST_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * The caller's `X-Request-Id` when it is a well-formed id (so a proxy's or a client's id follows the
 * request through our logs), else a new UUID.
 */
export function requestIdFrom(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === "string" && REQUEST_ID.test(value) ? value : randomUUID();
}
