import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  type FieldPolicy,
} from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { clearToken, getToken, onTokenChange } from "./auth";
import i18n from "./i18n";
import { ResumingWsLink } from "./resuming-ws-link";
import { ThrottleRetryLink } from "./throttle-retry-link";

const GRAPHQL_PATH = "/graphql";

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${GRAPHQL_PATH}`;
}

function authorization(): string | undefined {
  const token = getToken();
  return token ? `Bearer ${token}` : undefined;
}

const FORBIDDEN = 4403; // the server's onConnect refused the connection's credentials
/** Longest wait between two reconnection attempts. */
const MAX_RETRY_WAIT_MS = 10_000;

// An open screen never gives up on its socket (a server restart, a network change): it keeps
// trying, a little slower each time, and its subscriptions resume from their cursors.
const wsClient = createClient({
  url: webSocketUrl,
  lazy: true,
  retryAttempts: Infinity,
  shouldRetry: (event) => (event as { code?: number } | undefined)?.code !== FORBIDDEN,
  retryWait: (retries) =>
    new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** retries) + Math.random() * 500)),
  connectionParams: () => {
    const value = authorization();
    return value ? { authorization: value } : {};
  },
  on: {
    closed: (event) => {
      if ((event as { code?: number } | undefined)?.code === FORBIDDEN) clearToken();
    },
  },
});

const httpLink = new HttpLink({ uri: GRAPHQL_PATH });

const headersLink = new SetContextLink((previous) => {
  const value = authorization();
  return {
    headers: {
      ...previous.headers,
      "accept-language": i18n.language,
      ...(value ? { authorization: value } : {}),
    },
  };
});

// An expired or revoked session shows up as a GraphQL error with code UNAUTHENTICATED on any
// operation: drop the token, and the router (RequireAuth) sends the merchant to /login.
const sessionLink = new ErrorLink(({ error }) => {
  if (
    CombinedGraphQLErrors.is(error) &&
    error.errors.some((graphQLError) => graphQLError.extensions?.code === "UNAUTHENTICATED")
  ) {
    clearToken();
  }
});

const isSubscription = (operation: ApolloLink.Operation) =>
  operation.operationType === OperationTypeNode.SUBSCRIPTION;

/**
 * Cursor pagination for our connections ({ nodes, pageInfo, totalCount }): a request with `after`
 * appends its page (the "Load more" button), one without starts the list over. Queries for the
 * same list with other `first` values share the cached list, so only filter arguments are keys.
 */
export function connectionPagination(keyArgs: FieldPolicy["keyArgs"]): FieldPolicy {
  return {
    keyArgs,
    merge(existing: Record<string, unknown> | undefined, incoming: Record<string, unknown>, { args }) {
      if (!existing || !args?.after) return { ...existing, ...incoming };
      const before = (existing.nodes as unknown[] | undefined) ?? [];
      const page = (incoming.nodes as unknown[] | undefined) ?? [];
      return { ...existing, ...incoming, nodes: [...before, ...page] };
    },
  };
}

export const apolloClient = new ApolloClient({
  link: ApolloLink.from([
    sessionLink,
    ApolloLink.split(isSubscription, new ResumingWsLink(wsClient), ApolloLink.from([new ThrottleRetryLink(), headersLink, httpLink])),
  ]),
  cache: new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          orders: connectionPagination(["filter"]),
          // The queue's filter (sku, status) is a key; the sidebar's count (no filter, no nodes)
          // shares the unfiltered entry, which is harmless: it only writes totalCount.
          ordersWithoutStock: connectionPagination(["filter", "orderBy"]),
          skus: connectionPagination(["filter"]),
          refunds: connectionPagination(["filter"]),
          stockMovements: connectionPagination(["skuId", "filter"]),
        },
      },
      // Value objects without an id: merge them into their parent instead of replacing (and
      // warning about it) when a later query selects other fields.
      Sku: { fields: { stock: { merge: true } } },
      // An actor's id is a staff user's or an API key's: the same id can name both, so actors
      // are never normalised (they would overwrite each other's names), only kept in the event.
      Actor: { keyFields: false, merge: true },
      Money: { merge: true },
    },
  }),
});

// A new or cleared session must not see the previous one's data or keep its socket.
onTokenChange(() => {
  wsClient.terminate();
  if (!getToken()) void apolloClient.clearStore();
});
