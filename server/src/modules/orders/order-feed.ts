import { catchingUp, EventBus, keyedTopic, liveAfterReplay, resyncRequired, shopTopic } from "../../infra/graphql/pubsub";
import { mergeChanges, ORDER_UPDATED, ORDERS_CHANGED, OrderChanged, OrderEventLog, OrdersChanged, summarizeChanges } from "./order-events";

/** Most events a subscription resumed with `since` replays; further behind, it must resynchronise. */
export const REPLAY_LIMIT = 10_000;
/**
 * Most events an every-order subscriber that fell behind reads back from the log by itself; further
 * behind (a restock resuming thousands of orders), it resynchronises: sent one by one to each
 * such subscriber, a burst that size would hold the process for every other screen for seconds.
 */
export const CATCH_UP_LIMIT = 2_000;
/**
 * At most one ordersChanged push per subscriber per this many ms (what comes sooner is merged into
 * the next): a shop whose e-mails go out one by one after a restock would otherwise push every
 * open screen several times a second, and each push to each screen is a GraphQL execution.
 */
export const ORDERS_CHANGED_INTERVAL_MS = 500;
/**
 * How long a change may wait for an every-order subscriber before it counts as fallen behind (it
 * then catches up from the log, or resynchronises): each of its pushes is an execution, and a
 * burst it cannot be sent in time would otherwise hold the process for every other screen.
 */
export const ORDER_FEED_MAX_LAG_MS = 500;
/** Events read per replay query (and at most in one replayed ordersChanged push). */
const REPLAY_PAGE = 500;

/** The latest change of each order among these, in the order of those latest changes. */
function latestPerOrder(changes: OrderChanged[]): OrderChanged[] {
  const latest = new Map<number, OrderChanged>();
  for (const change of changes) {
    latest.delete(change.orderId);
    latest.set(change.orderId, change);
  }
  return [...latest.values()];
}

/**
 * What the live subscriptions about orders hear: pushes from the bus and, for a subscription that
 * resumes from a cursor, the committed events after it, read back from the order event log.
 */
export class OrderFeed {
  constructor(
    private readonly log: OrderEventLog,
    private readonly bus: EventBus,
  ) {}

  /**
   * Changes of one order, or of every order of the shop (then coalesced per order: a subscriber
   * that falls behind gets each order's latest change, not every one). With `since`, the
   * committed changes after that event come first. A subscriber whose queue overflows (a burst
   * bigger than it reads) catches up from the log after the last change it was given.
   */
  orderChanges(shopId: number, orderId: number | null, since: number | null): AsyncIterableIterator<OrderChanged> {
    const resume = (after: number | null, fellBehind: boolean) => {
      const live =
        orderId === null
          ? this.bus.subscribe<OrderChanged>(shopTopic(ORDER_UPDATED, shopId), { coalesceBy: (c) => c.orderId, maxLagMs: ORDER_FEED_MAX_LAG_MS })
          : this.bus.subscribe<OrderChanged>(keyedTopic(ORDER_UPDATED, shopId, orderId));
      const limit = fellBehind ? CATCH_UP_LIMIT : REPLAY_LIMIT;
      return after === null ? live : liveAfterReplay(live, this.replayChanges(shopId, orderId, after, limit), (c) => c.eventId);
    };
    return catchingUp(resume, (c) => c.eventId, since);
  }

  /**
   * The light signal: which orders changed, once per delivered batch of events; a subscriber that
   * has not read one yet gets it merged with the next (one push, whatever the burst). Without `since` it
   * starts with a push that carries the current cursor and no orders, so the client holds a cursor
   * to resume from even before anything changes.
   */
  ordersChanged(shopId: number, since: number | null): AsyncIterableIterator<OrdersChanged> {
    const live = this.bus.subscribe<OrdersChanged>(shopTopic(ORDERS_CHANGED, shopId), {
      coalesceBy: () => "changes",
      merge: mergeChanges,
      minIntervalMs: ORDERS_CHANGED_INTERVAL_MS,
    });
    if (since === null) {
      const start = (async function* (log: OrderEventLog) {
        yield { cursor: await log.latest(shopId), orderIds: [], orderCount: 0, eventCount: 0 } as OrdersChanged;
      })(this.log);
      // Live pushes are never skipped here (the start is at position 0, every batch after it): the
      // client has seen none of them, and its queries may be older than the start's cursor.
      return liveAfterReplay(live, start, (c) => (c.eventCount === 0 ? 0 : c.cursor));
    }
    const log = this.log;
    const replay = (async function* () {
      for await (const page of replayPages(log, shopId, null, since)) yield summarizeChanges(page);
    })();
    return liveAfterReplay(live, replay, (c) => c.cursor);
  }

  private async *replayChanges(shopId: number, orderId: number | null, since: number, limit: number): AsyncGenerator<OrderChanged> {
    for await (const page of replayPages(this.log, shopId, orderId, since, limit)) yield* orderId === null ? latestPerOrder(page) : page;
  }
}

/**
 * The committed events after `since`, a page at a time, up to the shop's latest event when the
 * replay starts (what comes later, the live subscription opened before it delivers: a replay that
 * read on while a burst was committed would feed the subscriber the whole burst, past every bound);
 * RESYNC_REQUIRED when there are more than REPLAY_LIMIT.
 */
async function* replayPages(log: OrderEventLog, shopId: number, orderId: number | null, since: number, limit = REPLAY_LIMIT): AsyncGenerator<OrderChanged[]> {
  const until = await log.latest(shopId);
  if (await log.moreThan(shopId, since, orderId, limit)) {
    throw resyncRequired(
      limit === REPLAY_LIMIT
        ? `More than ${REPLAY_LIMIT} changes were made after the cursor given as \`since\`: too many to replay.`
        : `This subscription fell more than ${limit} changes behind: too many to catch up with one by one.`,
    );
  }
  for (let after = since; after < until; ) {
    const page = await log.after(shopId, after, orderId, REPLAY_PAGE, until);
    if (page.length) yield page;
    if (page.length < REPLAY_PAGE) return;
    after = page[page.length - 1]!.eventId;
  }
}
