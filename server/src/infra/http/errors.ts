import { ErrorRequestHandler, RequestHandler } from "express";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import { Logger } from "../logging/logger";
import { ErrorCode } from "../graphql/errors";
import { RESYNC_REQUIRED } from "../graphql/pubsub";
import { MAX_COST_EXCEEDED } from "../graphql/cost";
import { LIMITS } from "./limits";
import { currentRequest } from "../logging/request-context";

/** Codes a client caused; they pass through formatError with their message. */
export const CLIENT_CODES = new Set<unknown>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.THROTTLED,
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "TOO_MANY_OPERATIONS",
  MAX_COST_EXCEEDED,
  RESYNC_REQUIRED,
]);

/** MAX_COST_EXCEEDED says the operation's cost and the bucket's size, as numbers. */
const costLimit = (extensions: Record<string, unknown> | undefined) =>
  typeof extensions?.requestedQueryCost === "number" ? { requestedQueryCost: extensions.requestedQueryCost, maximumAvailable: extensions.maximumAvailable } : {};

/** A THROTTLED error says how long to wait, as a number too. */
const retryAfter = (extensions: Record<string, unknown> | undefined) =>
  typeof extensions?.retryAfterSeconds === "number" ? { retryAfterSeconds: extensions.retryAfterSeconds } : {};

/** A FORBIDDEN for an API key names the scope it lacks, as a value too ("orders:write"). */
const requiredScope = (extensions: Record<string, unknown> | undefined) => (typeof extensions?.requiredScope === "string" ? { requiredScope: extensions.requiredScope } : {});

/** graphql-js suggests field names it knows ("Did you mean ..."): that maps the schema for a stranger. */
const hideSuggestions = (message: string) => message.replace(/ ?Did you mean .+\?$/, "");

/**
 * One formatting for both transports. Errors the client caused (validation, bad input,
 * authentication) pass through with their code; anything else is our fault: logged in full,
 * answered with a generic message, no stack trace, and the request's id (`extensions.requestId`).
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (CLIENT_CODES.has(code)) {
      return { message: hideSuggestions(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code, ...retryAfter(formatted.extensions), ...requiredScope(formatted.extensions), ...costLimit(formatted.extensions) } };
    }
    logger.error({ err: (error as { originalError?: unknown }).originalError ?? error, path: formatted.path }, "unexpected error in resolver");
    // The request's id (also in the X-Request-Id header) finds the logged details; it says nothing else.
    const request = currentRequest();
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(request ? { requestId: request.requestId } : {}) } };
  };
}

/** A GraphQL error as graphql-ws sends it, through the same formatting as HTTP. */
export const formatGraphQLErrors = (format: ReturnType<typeof formatError>, errors: readonly GraphQLError[]) =>
  errors.map((error) => format(error.toJSON(), error));

/** What each HTTP error status says; nothing of the underlying exception reaches the client. */
export const HTTP_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: "BAD_REQUEST", message: "The request could not be read: send a JSON object, UTF-8, optionally gzip- or deflate-encoded." },
  404: { code: "NOT_FOUND", message: "Nothing here." },
  405: { code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here." },
  413: { code: "PAYLOAD_TOO_LARGE", message: `The request body is larger than the limit of ${LIMITS.bodyBytes / 1024 / 1024} MiB.` },
  415: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported body: send JSON in UTF-8, optionally gzip- or deflate-encoded." },
  500: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" },
};

/** `{ error: { code, message } }`, or a GraphQL-shaped `{ errors: [...] }` under /graphql. */
function sendError(res: Parameters<RequestHandler>[1], status: number, graphql: boolean) {
  const { code, message } = HTTP_ERRORS[status] ?? HTTP_ERRORS[status < 500 ? 400 : 500]!;
  res.status(status);
  if (graphql) res.json({ errors: [{ message, extensions: { code } }] });
  else res.json({ error: { code, message } });
}

/** 404 for any route nothing else answered. */
export const notFound =
  (graphqlPath: string): RequestHandler =>
  (req, res) =>
    sendError(res, 404, req.path.startsWith(graphqlPath));

/** 405 for a method a route does not take. */
export const methodNotAllowed =
  (allowed: string[]): RequestHandler =>
  (_req, res) => {
    res.setHeader("Allow", allowed.join(", "));
    sendError(res, 405, true);
  };

/**
 * Express's last error handler: body-parser's refusals (413, 400, 415), undecodable URLs (400) and
 * anything unexpected (500, logged) become short JSON, whatever NODE_ENV is. Express's own handler
 * would print the stack trace and file paths outside production.
 */
export function httpErrorHandler(logger: Logger, graphqlPath: string): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = Number((error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
    const clientError = Number.isInteger(status) && status >= 400 && status < 500;
    if (!clientError) logger.error({ err: error, method: req.method }, "unexpected error in HTTP handling");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(res, clientError ? status : 500, req.path.startsWith(graphqlPath));
  };
}
