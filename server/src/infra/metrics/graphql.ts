import { ApolloServerPlugin } from "@apollo/server";
import { DocumentNode, GraphQLFormattedError, GraphQLSchema, Kind, OperationDefinitionNode, getOperationAST } from "graphql";
import { ErrorCode, UserErrorCode } from "../graphql/errors";
import { CLIENT_CODES } from "../http/errors";
import { Metrics } from "./metrics";

/** The labels of one operation: its first root field (a name the schema defines) and its type. */
export interface OperationLabels {
  operation: string;
  type: string;
}

export const UNKNOWN_OPERATION: OperationLabels = { operation: "unknown", type: "unknown" };

const ERROR_CODES = new Set<unknown>([...CLIENT_CODES, ErrorCode.INTERNAL_SERVER_ERROR]);
const USER_ERROR_CODES = new Set<unknown>(Object.values(UserErrorCode));

/**
 * An operation's labels, bounded by the schema whatever the client sends: the first root field
 * the schema has (`placeOrder`, `orders`), `__introspection` for `__schema`/`__type`,
 * `__typename` for an operation that only asks that, `unknown` when the document did not parse,
 * validate or name a field the schema has. Client-chosen operation names never become labels.
 */
export function operationLabels(schema: GraphQLSchema, operation: OperationDefinitionNode | null | undefined): OperationLabels {
  if (!operation) return UNKNOWN_OPERATION;
  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  const fields = root?.getFields() ?? {};
  let typename = false;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const name = selection.name.value;
    if (name === "__schema" || name === "__type") return { operation: "__introspection", type: operation.operation };
    if (name === "__typename") typename = true;
    else if (Object.hasOwn(fields, name)) return { operation: name, type: operation.operation };
  }
  return typename ? { operation: "__typename", type: operation.operation } : { operation: "unknown", type: operation.operation };
}

export const labelsOf = (schema: GraphQLSchema, document: DocumentNode | undefined, operationName: string | null | undefined): OperationLabels =>
  document ? operationLabels(schema, getOperationAST(document, operationName ?? undefined)) : UNKNOWN_OPERATION;

/** userErrors of a result's top-level payloads (mutations answer `{ ..., userErrors: [{ code }] }`). */
function userErrorCodes(data: unknown): string[] {
  if (!data || typeof data !== "object") return [];
  const codes: string[] = [];
  for (const payload of Object.values(data as Record<string, unknown>)) {
    const errors = payload && typeof payload === "object" ? (payload as { userErrors?: unknown }).userErrors : undefined;
    if (!Array.isArray(errors)) continue;
    for (const error of errors) codes.push(String((error as { code?: unknown })?.code));
  }
  return codes;
}

/** What one result of an operation adds to the counters; returns its outcome. */
export function countResult(metrics: Metrics, result: { data?: unknown; errors?: readonly GraphQLFormattedError[] }): "ok" | "user_error" | "error" {
  const errors = result.errors ?? [];
  for (const error of errors) {
    const code = error.extensions?.code;
    metrics.graphqlErrors.inc({ code: ERROR_CODES.has(code) ? String(code) : "OTHER" });
    // The cost bucket refuses a whole operation (no path); rate limits answer from within a field.
    if (code === ErrorCode.THROTTLED) metrics.throttled.inc({ limit: error.path ? "rate_limit" : "query_cost" });
  }
  const codes = userErrorCodes(result.data);
  for (const code of codes) {
    metrics.userErrors.inc({ code: USER_ERROR_CODES.has(code) ? code : "OTHER" });
    if (code === UserErrorCode.THROTTLED) metrics.throttled.inc({ limit: "rate_limit" });
  }
  return errors.length ? "error" : codes.length ? "user_error" : "ok";
}

/** Counts one finished operation (its outcome already counted by countResult). */
export function countOperation(metrics: Metrics, labels: OperationLabels, transport: "http" | "ws", outcome: string, seconds: number | null): void {
  metrics.graphqlOperations.inc({ ...labels, transport, outcome });
  if (seconds !== null && labels.type !== "subscription") metrics.graphqlDuration.observe(labels, seconds);
}

/** GraphQL over HTTP: every operation counted by root field and outcome, with its duration. */
export function graphqlMetricsPlugin(schema: GraphQLSchema, metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== "single") return;
          const outcome = countResult(metrics, response.body.singleResult);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          countOperation(metrics, operationLabels(schema, operation), "http", outcome, seconds);
        },
      };
    },
  };
}
