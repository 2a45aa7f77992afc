import { CombinedGraphQLErrors, ServerError } from "@apollo/client";
import type { TFunction } from "i18next";
import { throttledRefusal } from "./throttle-retry-link";

/** GraphQL error codes that mean the request itself was wrong: retrying it cannot help. */
const CLIENT_ERROR_CODES = new Set(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST"]);

/**
 * Text for a request that failed outright (no payload with userErrors). Only a failure that may
 * pass on a second try (network, server trouble) gets `retryText` ("try again"); a request the
 * server refused as wrong says so instead.
 */
export function requestFailureText(error: unknown, t: TFunction, retryText: string): string {
  const errors = CombinedGraphQLErrors.is(error) ? error.errors : [];
  const codes = errors.map((e) => String(e.extensions?.code ?? ""));
  // Refused before anything ran (the session's cost budget or a rate limit): the same click works
  // once the wait the server names is over.
  const throttled = throttledRefusal(errors);
  if (throttled) {
    const seconds = throttled.retryAfterSeconds;
    return seconds ? t("requestFailure.throttled", { count: seconds }) : t("requestFailure.throttledSoon");
  }
  if (ServerError.is(error) && error.statusCode === 429) return t("requestFailure.throttledSoon");
  if (codes.some((code) => CLIENT_ERROR_CODES.has(code))) return t("requestFailure.badRequest");
  if (codes.includes("UNAUTHENTICATED")) return t("requestFailure.signedOut");
  if (codes.includes("FORBIDDEN")) return t("requestFailure.forbidden");
  if (ServerError.is(error) && error.statusCode >= 400 && error.statusCode < 500) {
    if (error.statusCode === 401) return t("requestFailure.signedOut");
    if (error.statusCode === 403) return t("requestFailure.forbidden");
    if (error.statusCode !== 408) return t("requestFailure.badRequest");
  }
  return retryText;
}
