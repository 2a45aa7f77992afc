/**
 * The customer's pages' only way to the server: a POST of a generated operation to /graphql with
 * fetch. No GraphQL client: the operations are typed strings (web/src/generated/public.ts, from
 * graphql/*.graphql), so the result and the variables are checked at compile time.
 */
import type { TypedDocumentString } from "../../generated/public";

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number };
}

export type Outcome<T> =
  | { kind: "data"; data: T }
  /** The server answered with GraphQL errors (THROTTLED carries retryAfterSeconds). */
  | { kind: "errors"; errors: GraphQLErrorBody[] }
  /** No usable answer: offline, a proxy's error page, a 5xx. */
  | { kind: "network" };

export const GRAPHQL_URL = "/graphql";

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<Outcome<TResult>> {
  let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
  try {
    const response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: document.toString(), variables }),
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal,
    });
    if (!(response.headers.get("content-type") ?? "").includes("json")) return { kind: "network" };
    body = (await response.json()) as typeof body;
  } catch (error) {
    if (signal?.aborted) throw error;
    return { kind: "network" };
  }
  if (body.errors?.length) return { kind: "errors", errors: body.errors };
  return body.data ? { kind: "data", data: body.data } : { kind: "network" };
}

/** The token of a link `/<page>/<token>` (`/refund/...`, `/order/...`); "" when the path holds none. */
export function tokenFromPath(pathname: string, page = "refund"): string {
  const match = new RegExp(`^/${page}/([^/?#]+)/?$`).exec(pathname);
  if (!match) return "";
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return "";
  }
}

/** What a page's link opened: the thing, nothing, a throttled or failed request. */
export type LinkLoad<T> = { kind: "found"; value: T } | { kind: "notFound" } | { kind: "failed" } | { kind: "throttled"; retryAfterSeconds: number | null };

/** Loads what a link's token names (null from `pick`: an unknown token); rejects only when aborted. */
export async function loadByLink<TResult, TVariables, T>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  pick: (data: TResult) => T | null | undefined,
  signal?: AbortSignal,
): Promise<LinkLoad<T>> {
  const outcome = await request(document, variables, signal);
  if (outcome.kind === "data") {
    const value = pick(outcome.data);
    return value ? { kind: "found", value } : { kind: "notFound" };
  }
  if (outcome.kind === "errors") {
    const throttled = outcome.errors.find((e) => e.extensions?.code === "THROTTLED");
    if (throttled) return { kind: "throttled", retryAfterSeconds: throttled.extensions?.retryAfterSeconds ?? null };
  }
  return { kind: "failed" };
}
