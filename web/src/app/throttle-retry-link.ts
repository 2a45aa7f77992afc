import { ApolloLink } from "@apollo/client";
import { OperationTypeNode, type GraphQLFormattedError } from "graphql";
import { Observable, type Subscription } from "rxjs";

/** Most times one query refused as THROTTLED is sent again before its refusal is shown. */
export const THROTTLED_RETRIES = 3;
/** The longest wait the link sits out; a refusal asking for more is shown as it is. */
export const MAX_THROTTLED_WAIT_MS = 10_000;

/**
 * A THROTTLED refusal among a response's errors (the server refused it before running anything):
 * null when there is none, else the whole seconds its `retryAfterSeconds` asks for (null when it
 * names no usable wait).
 */
export function throttledRefusal(errors: readonly GraphQLFormattedError[] | undefined): { retryAfterSeconds: number | null } | null {
  const throttled = errors?.find((error) => error.extensions?.code === "THROTTLED");
  if (!throttled) return null;
  const seconds = Math.ceil(Number(throttled.extensions?.retryAfterSeconds));
  return { retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : null };
}

/** How long to wait before sending a query again after a THROTTLED refusal, or null when the answer is not one. */
export function throttledWaitMs(result: ApolloLink.Result): number | null {
  const refusal = throttledRefusal(result.errors);
  return refusal && (refusal.retryAfterSeconds ?? 1) * 1000;
}

/**
 * Sits out a query's THROTTLED refusal and sends the query again, so a desk page the merchant
 * opens while the session's cost budget refills shows up a second later instead of failing.
 * Queries only: a mutation's refusal is the merchant's to see (and a subscription starts over by
 * itself).
 */
export class ThrottleRetryLink extends ApolloLink {
  override request(operation: ApolloLink.Operation, forward: ApolloLink.ForwardFunction): Observable<ApolloLink.Result> {
    if (operation.operationType !== OperationTypeNode.QUERY) return forward(operation);
    return new Observable<ApolloLink.Result>((observer) => {
      let retries = 0;
      let inner: Subscription | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const send = () => {
        let retrying = false;
        inner = forward(operation).subscribe({
          next: (result) => {
            const waitMs = throttledWaitMs(result);
            if (waitMs !== null && retries < THROTTLED_RETRIES && waitMs <= MAX_THROTTLED_WAIT_MS) {
              retrying = true;
              retries++;
              timer = setTimeout(() => {
                timer = undefined;
                send();
              }, waitMs);
              return;
            }
            observer.next(result);
          },
          error: (error) => {
            if (!retrying) observer.error(error);
          },
          complete: () => {
            if (!retrying) observer.complete();
          },
        });
      };
      send();
      return () => {
        clearTimeout(timer);
        inner?.unsubscribe();
      };
    });
  }
}
