/**
 * How the screens about orders without stock stay current: the server pushes the light signal
 * `ordersChanged` over the WebSocket once per batch of changes (placed, resumed by a restock,
 * resolved in another window), and the affected query is read again, once per burst. After a
 * reconnect the subscription resumes from its last cursor (see app/resuming-ws-link.ts), so what
 * changed meanwhile is pushed too; if the server answers RESYNC_REQUIRED (this screen fell too
 * far behind), the query is read again and the subscription starts over. A slow poll is only the
 * safety net. After the merchant's own changes, cached lists are dropped too.
 */
import { useEffect, useRef, useState } from "react";
import type { ApolloCache } from "@apollo/client";
import { isResyncRequired } from "../../app/resuming-ws-link";
import {
  useOrderChangedSubscription,
  useShopOrdersChangedSubscription,
  useOrderDetailQuery,
  useOrdersWithoutStockCountQuery,
  useOrdersWithoutStockQuery,
  type OrderStatus,
  type OrdersWithoutStockFilter,
  type OrdersWithoutStockOrder,
} from "../../generated/graphql";

/** Safety net only: pushes keep the screens current; this catches anything missed while offline. */
export const LIVE_POLL_MS = 60_000;
/**
 * Many changes arrive together (a restock resumes thousands of orders): the list is read once,
 * this long after the first of them. Not a debounce: changes that keep coming every few hundred
 * milliseconds (e-mails going out after a restock, a busy shop) would put the read off for as long
 * as they last.
 */
const REFETCH_AFTER_MS = 250;
/** After a subscription ended with an error, how long before it starts over. */
const RESTART_AFTER_ERROR_MS = 2_000;

/** Reads a query again shortly after the shop's orders change: at most once every REFETCH_AFTER_MS. */
function useRefetchOnOrderChanges(refetch: () => unknown): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const restartTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refetchSoon = () => {
    // A read already planned covers this change too: it starts after the change was pushed.
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void refetch();
    }, REFETCH_AFTER_MS);
  };
  const { restart } = useShopOrdersChangedSubscription({
    // The first push of a fresh subscription only carries the cursor (no orders): nothing changed.
    onData: ({ data }) => {
      if (data.data?.ordersChanged.eventCount) refetchSoon();
    },
    // Fell behind (RESYNC_REQUIRED) or lost for good: read the query again and start over.
    onError: (error) => {
      refetchSoon();
      clearTimeout(restartTimer.current);
      restartTimer.current = setTimeout(() => restart(), isResyncRequired(error) ? 0 : RESTART_AFTER_ERROR_MS);
    },
  });
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      clearTimeout(restartTimer.current);
    },
    [],
  );
}

/** First page of the queue; "Load more" adds pages of this size. */
export const QUEUE_PAGE_SIZE = 25;
/** The server's largest page: polling refreshes at most this many loaded rows. */
const MAX_PAGE_SIZE = 100;

/** A hidden tab doesn't poll; it catches up on its next attempt once shown. */
const skipWhileHidden = () => typeof document !== "undefined" && document.visibilityState === "hidden";

/** Orders that can change by themselves (stock arrives): worth watching. */
export function isWaitingForStock(status: OrderStatus): boolean {
  return status === "AWAITING_STOCK" || status === "ON_HOLD_FOR_RESTOCK";
}

/**
 * The queue, oldest first, kept current. Polling re-reads every row loaded so far: after "Load
 * more" the query's `first` grows to what is shown (up to the server's page limit), so a poll
 * never shrinks the list back to its first page.
 */
export function useOrdersWithoutStockLive(filter: OrdersWithoutStockFilter | undefined, orderBy?: OrdersWithoutStockOrder) {
  const filterKey = JSON.stringify([filter ?? null, orderBy ?? null]);
  const [loaded, setLoaded] = useState({ filterKey, first: QUEUE_PAGE_SIZE });
  const first = loaded.filterKey === filterKey ? loaded.first : QUEUE_PAGE_SIZE;

  const result = useOrdersWithoutStockQuery({
    variables: { first, filter, orderBy },
    // A list seen earlier shows at once, and is fetched again: orders come and go all the time.
    fetchPolicy: "cache-and-network",
    nextFetchPolicy: "cache-first",
    pollInterval: LIVE_POLL_MS,
    skipPollAttempt: skipWhileHidden,
    notifyOnNetworkStatusChange: true,
  });

  useRefetchOnOrderChanges(result.refetch);

  const connection = result.data?.ordersWithoutStock;
  async function loadMore() {
    if (!connection?.pageInfo.hasNextPage) return;
    const more = await result.fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    const shown = connection.nodes.length + (more.data?.ordersWithoutStock.nodes.length ?? 0);
    setLoaded({ filterKey, first: Math.min(Math.max(shown, QUEUE_PAGE_SIZE), MAX_PAGE_SIZE) });
  }

  return { ...result, loadMore };
}

/** The sidebar's count of orders without stock. */
export function useOrdersWithoutStockCountLive(): number {
  const { data, refetch } = useOrdersWithoutStockCountQuery({ pollInterval: LIVE_POLL_MS, skipPollAttempt: skipWhileHidden });
  useRefetchOnOrderChanges(refetch);
  return data?.ordersWithoutStock.totalCount ?? 0;
}

/**
 * One order, updated in place when the server pushes a change of it (the pushed order carries the
 * page's fields, so the cache merges it); polled slowly as a safety net while it waits for stock.
 * The subscription starts from the order's latest event as the page read it, so a change made
 * between that read and the subscription is pushed too.
 */
export function useOrderDetailLive(id: string) {
  const result = useOrderDetailQuery({ variables: { id }, skipPollAttempt: skipWhileHidden });
  const events = result.data?.order?.id === id ? result.data.order.events : undefined;
  const latestEventId = events?.length ? events[events.length - 1]!.id : undefined;
  // Taken once per order: later pushes move the cursor inside the link, not the variables.
  const [start, setStart] = useState<{ id: string; since: string | null } | null>(null);
  useEffect(() => {
    if (result.data && start?.id !== id) setStart({ id, since: latestEventId ?? null });
  }, [id, result.data, latestEventId, start?.id]);
  const { refetch } = result;
  const restartTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { restart } = useOrderChangedSubscription({
    variables: { id, since: start?.since ?? null },
    skip: start?.id !== id,
    // Fell behind (RESYNC_REQUIRED) or lost for good: read the order again and start over.
    onError: () => {
      void refetch();
      clearTimeout(restartTimer.current);
      restartTimer.current = setTimeout(() => restart(), RESTART_AFTER_ERROR_MS);
    },
  });
  useEffect(() => () => clearTimeout(restartTimer.current), []);
  const status = result.data?.order?.status;
  const watching = status !== undefined && isWaitingForStock(status);
  const { startPolling, stopPolling } = result;
  // Polling follows the order's status: it stops once the order is READY, CANCELLED, ...
  useEffect(() => {
    if (!watching) return;
    startPolling(LIVE_POLL_MS);
    return () => stopPolling();
  }, [watching, startPolling, stopPolling]);
  return result;
}

/**
 * After a change made here that moves orders in or out of the queue or changes stock (a
 * resolution, a restock, an adjustment; call it only when the payload has no userErrors): drop
 * the cached order lists, so the ones on screen (the queue, the sidebar count) are read again at
 * once and the others on their next visit.
 * Order details are updated from the mutation's own payload, or dropped with `orders: "all"`
 * when the change may have resumed orders we didn't get back in full.
 */
export function refreshAfterStockChange(cache: ApolloCache, { orders = "lists" }: { orders?: "lists" | "all" } = {}): void {
  cache.evict({ id: "ROOT_QUERY", fieldName: "ordersWithoutStock" });
  cache.evict({ id: "ROOT_QUERY", fieldName: "orders" });
  if (orders === "all") cache.evict({ id: "ROOT_QUERY", fieldName: "order" });
  cache.gc();
}
