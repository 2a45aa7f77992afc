import { createEventBus, RESYNC_REQUIRED, shopTopic, SUBSCRIBER_QUEUE_LIMIT } from "../../infra/graphql/pubsub";
import { CATCH_UP_LIMIT, OrderFeed } from "./order-feed";
import { ORDER_UPDATED, OrderChanged, OrderEventLog } from "./order-events";

/** The event log in memory: `committed` grows as a test commits. */
function memoryLog(committed: OrderChanged[]) {
  const reads: Array<{ after: number; until: number }> = [];
  const log = {
    async after(_shop: number, after: number, orderId: number | null, limit: number, until = Number.MAX_SAFE_INTEGER) {
      reads.push({ after, until });
      return committed.filter((c) => c.eventId > after && c.eventId <= until && (orderId === null || c.orderId === orderId)).slice(0, limit);
    },
    async moreThan(_shop: number, after: number, _orderId: number | null, n: number) {
      return committed.filter((c) => c.eventId > after).length > n;
    },
    async latest() {
      return committed.reduce((max, c) => Math.max(max, c.eventId), 0);
    },
  };
  return { log: log as unknown as OrderEventLog, reads };
}

const change = (eventId: number): OrderChanged => ({ orderId: eventId, eventId, type: "ORDER_RESUMED" as OrderChanged["type"] });

describe("OrderFeed", () => {
  afterEach(() => jest.restoreAllMocks());

  it("replays up to the latest event at the replay's start; what is committed meanwhile comes live, not read on from the log", async () => {
    // The clock stands still: on a slow machine reading 1,300 changes one by one can take longer
    // than ORDER_FEED_MAX_LAG_MS, and the subscriber would then (rightly) catch up from the log up
    // to the event latest by then; this test is about the replay's bound, not about lag.
    const now = Date.now();
    jest.spyOn(Date, "now").mockReturnValue(now);
    const committed = Array.from({ length: 1200 }, (_, i) => change(i + 1));
    const { log, reads } = memoryLog(committed);
    const bus = createEventBus();
    const feed = new OrderFeed(log, bus);
    const changes = feed.orderChanges(7, null, 0);
    const seen: number[] = [];
    // The first page is read; then a burst is committed (and delivered live) while the replay goes on.
    seen.push((await changes.next()).value.eventId);
    for (let id = 1201; id <= 1300; id++) {
      committed.push(change(id));
      bus.publish(shopTopic(ORDER_UPDATED, 7), change(id));
    }
    while (seen[seen.length - 1] !== 1300) seen.push((await changes.next()).value.eventId);
    expect(seen).toEqual(Array.from({ length: 1300 }, (_, i) => i + 1));
    // Every read of the log stopped at event 1200, the latest when the replay started.
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.every((r) => r.until === 1200)).toBe(true);
    await changes.return!();
  });

  it("an every-order subscriber that fell behind catches up from the log up to CATCH_UP_LIMIT changes; further behind it resynchronises", async () => {
    for (const behind of [SUBSCRIBER_QUEUE_LIMIT + 100, CATCH_UP_LIMIT + 100]) {
      const committed = [change(1)];
      const { log } = memoryLog(committed);
      const bus = createEventBus();
      const changes = new OrderFeed(log, bus).orderChanges(7, null, null);
      const first = changes.next();
      bus.publish(shopTopic(ORDER_UPDATED, 7), change(1));
      expect((await first).value.eventId).toBe(1);
      // A burst it has not read: its queue overflows.
      for (let id = 2; id <= behind + 1; id++) {
        committed.push(change(id));
        bus.publish(shopTopic(ORDER_UPDATED, 7), change(id));
      }
      if (behind <= CATCH_UP_LIMIT) {
        const seen: number[] = [];
        for (let i = 0; i < behind; i++) seen.push((await changes.next()).value.eventId);
        expect(seen).toEqual(Array.from({ length: behind }, (_, i) => i + 2));
      } else {
        await expect(changes.next()).rejects.toMatchObject({ extensions: { code: RESYNC_REQUIRED }, message: expect.stringContaining(`more than ${CATCH_UP_LIMIT} changes behind`) });
      }
      await changes.return!();
    }
  });
});
