import { ApolloLink, CombinedGraphQLErrors } from "@apollo/client";
import { print } from "@apollo/client/utilities";
import type { Client } from "graphql-ws";
import { Kind, type OperationDefinitionNode } from "graphql";
import { Observable } from "rxjs";

/** What the server answers when a subscription fell too far behind: refetch, then subscribe again. */
export const RESYNC_REQUIRED = "RESYNC_REQUIRED";

export function isResyncRequired(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === RESYNC_REQUIRED);
}

function declaresSince(operation: ApolloLink.Operation): boolean {
  const definition = operation.query.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return definition?.variableDefinitions?.some((v) => v.variable.name.value === "since") ?? false;
}

/**
 * Like Apollo's GraphQLWsLink, plus: a subscription that declares `$since` keeps the `cursor` of
 * the last push it received and, when graphql-ws reconnects after a dropped socket or a server
 * restart, subscribes again from that cursor, so nothing committed meanwhile is missed.
 * (graphql-ws re-sends the same payload on every reconnect, and reads `variables` each time it
 * sends: a getter is how the current cursor reaches the resubscription, while Apollo's own
 * variables stay fixed for the subscription's life.)
 */
export class ResumingWsLink extends ApolloLink {
  constructor(private readonly client: Client) {
    super();
  }

  override request(operation: ApolloLink.Operation) {
    return new Observable<ApolloLink.Result>((observer) => {
      const { query, variables, operationName, extensions } = operation;
      const resumes = declaresSince(operation);
      let cursor = (variables.since as string | null | undefined) ?? null;
      const payload = {
        operationName,
        extensions,
        query: print(query),
        get variables() {
          return resumes ? { ...variables, since: cursor } : variables;
        },
      };
      return this.client.subscribe(payload, {
        next: (result) => {
          if (resumes && result.data) {
            for (const value of Object.values(result.data)) {
              const pushed = (value as { cursor?: unknown } | null)?.cursor;
              if (typeof pushed === "string") cursor = pushed;
            }
          }
          observer.next(result as ApolloLink.Result);
        },
        complete: () => observer.complete(),
        error: (error) => {
          if (error instanceof Error) return observer.error(error);
          if (Array.isArray(error)) return observer.error(new CombinedGraphQLErrors({ errors: error }));
          const code = (error as { code?: number } | null)?.code;
          observer.error(new Error(`Socket closed${code ? ` with event ${code}` : ""}`));
        },
      });
    });
  }
}
