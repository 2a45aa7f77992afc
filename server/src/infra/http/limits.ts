import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, ParseOptions, ValidationContext, ValidationRule, specifiedRules } from "graphql";

/**
 * Every limit on what a client may send, in one place, for both transports (HTTP and graphql-ws):
 * README's "Limits" section states the same numbers.
 */
export const LIMITS = {
  /** Largest request body over HTTP, and largest WebSocket message. */
  bodyBytes: 1024 * 1024,
  /** Lexical tokens in one document; checked while parsing, so a huge document is never built. */
  maxTokens: 4000,
  /** Field nesting, introspection included (its `ofType` chains nest without end). */
  maxDepth: 20,
  maxAliases: 20,
  maxDirectives: 50,
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  maxCost: 20000,
  /** Operations (subscriptions, queries, mutations) running at once on one WebSocket. */
  operationsPerSocket: 25,
  /** A WebSocket that has not sent `connection_init` by then is closed (4408). */
  connectionInitTimeoutMs: 3000,
  /**
   * Every WebSocket is pinged this often; one that has not answered the previous ping (gone, or
   * not reading what we send) is cut off, so nothing waits on it for long.
   */
  heartbeatMs: 30_000,
  /**
   * Query cost (Shopify-style), per API key and per staff session, on both transports: a leaky
   * bucket of `costBucketCapacity` points that refills `costRestoreRate` points a second. Each
   * operation's cost is estimated before it runs (infra/graphql/cost.ts): an object field 1 point,
   * a scalar or enum 0, a connection (a field taking `first`) `connectionCost` + `first` x what
   * each node selects (`first` omitted: `defaultPageSize`), a mutation field `mutationCost`.
   */
  costBucketCapacity: 1000,
  costRestoreRate: 50,
  mutationCost: 10,
  connectionCost: 2,
  defaultPageSize: 25,
} as const;

/** Parse options for both transports: the token limit is graphql-js's own (a syntax error, HTTP 400). */
export const parseOptions: ParseOptions = { maxTokens: LIMITS.maxTokens };

/**
 * Introspection off when GRAPHQL_INTROSPECTION=false, on both transports: this rule replaces
 * Apollo's, which graphql-ws would not run.
 */
function noIntrospection(context: ValidationContext) {
  return {
    Field(node: { name: { value: string } }) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        context.reportError(new GraphQLError("Introspection is disabled on this server; the schema is published as schema/schema.graphql."));
      }
    },
  };
}

/**
 * graphql-armor's depth, cost, alias and directive rules. (Its token limit is a parsing plugin that
 * answers 500 and exists for Apollo only, so graphql-js's `maxTokens` replaces it; its field
 * suggestion masking is done in formatError, for both transports.)
 */
export function validationRules(options: { introspection: boolean }): ValidationRule[] {
  const armor = new ApolloArmor({
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    // flattenFragments: the depth of what is selected, not of how fragments are spread (the
    // standard introspection query is 15 deep; the web app's operations less).
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: false, flattenFragments: true },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
  }).protect();
  return [...armor.validationRules, ...(options.introspection ? [] : [noIntrospection as ValidationRule])];
}

/** What graphql-ws validates with: graphql-js's rules plus ours, as Apollo does over HTTP. */
export const allValidationRules = (rules: ValidationRule[]): ValidationRule[] => [...specifiedRules, ...rules];
