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
