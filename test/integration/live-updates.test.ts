import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { sleep, subscribe, wsClient } from "../helpers/subscriptions";
import { Client } from "graphql-ws";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { SYSTEM_ACTOR } from "../../server/src/infra/graphql/context";
import { recordOrderEvents } from "../../server/src/modules/orders/order-events";
import { OrderEventType } from "../../server/src/modules/orders/order-event.entity";

const ORDER_UPDATED = `subscription($id: ID) { orderUpdated(orderId: $id) { id number status lines { allocated short } } }`;
const ORDER_SINCE = `subscription($id: ID, $since: ID) { orderUpdated(orderId: $id, since: $since) { id status cursor } }`;
const ORDERS_CHANGED = `subscription($since: ID) { ordersChanged(since: $since) { cursor orderIds eventCount } }`;
const RESTOCK_UPDATES = `subscription($skus: [ID!]) { restockUpdates(skuIds: $skus) { sku { code stock { onHand allocated available } } unitsAllocated ordersResumed { id status } } }`;

describe.each(databaseKinds())("live updates over graphql-ws on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  const place = (shop: ShopFixture, skuCode: string, quantity: number) =>
    gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode, quantity }] } }, shop.token).then((d) => d.placeOrder.order);

  it("tells the shop's subscribers an order resumed after a restock, and tells another shop nothing", async () => {
    const shop = await createShop(server, { WANTED: [1000, 0] });
    const other = await createShop(server, { WANTED: [1000, 0] });
    const waiting = await place(shop, "WANTED", 2);
    const mine = wsClient(server.wsUrl, shop.token);
    const theirs = wsClient(server.wsUrl, other.token);
    try {
      const thisOrder = subscribe(mine, ORDER_UPDATED, { id: waiting.id });
      const allOrders = subscribe(mine, ORDER_UPDATED);
      const restocks = subscribe(mine, RESTOCK_UPDATES, { skus: [String(shop.skus.WANTED)] });
      const otherOrders = subscribe(theirs, ORDER_UPDATED);
      const otherRestocks = subscribe(theirs, RESTOCK_UPDATES);
      await server.subscribed("ORDER_UPDATED", shop.shopId, 2);
      await server.subscribed("STOCK_OFFERED", shop.shopId);
      await server.subscribed("ORDER_UPDATED", other.shopId);
      await server.subscribed("STOCK_OFFERED", other.shopId);
      const theirOrder = await place(other, "WANTED", 1);

      await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.WANTED), quantity: 2 }, shop.token);
      const resumed = await thisOrder.waitFor((v) => v.orderUpdated.status === "READY");
      expect(resumed.orderUpdated).toEqual({ id: waiting.id, number: waiting.number, status: "READY", lines: [{ allocated: 2, short: 0 }] });
      const update = await restocks.waitFor(() => true);
      expect(update.restockUpdates).toEqual({
        sku: { code: "WANTED", stock: { onHand: 2, allocated: 2, available: 0 } },
        unitsAllocated: 2,
        ordersResumed: [{ id: waiting.id, status: "READY" }],
      });
      // Only updates of the order asked for.
      expect(thisOrder.received.every((v) => v.orderUpdated.id === waiting.id)).toBe(true);

      await server.dispatcher.flush();
      await sleep(200);
      // The other shop heard only about its own order (placed, short of stock), nothing of the restock.
      expect(otherOrders.received.length).toBeGreaterThan(0);
      expect(otherOrders.received.every((v) => v.orderUpdated.id === theirOrder.id)).toBe(true);
      expect(otherRestocks.received).toEqual([]);
      expect(allOrders.received.some((v) => v.orderUpdated.id === waiting.id)).toBe(true);
    } finally {
      await mine.dispose();
      await theirs.dispose();
    }
  });

  it("pushes each change with the order as it is now, not as an earlier push of the same subscription saw it", async () => {
    const shop = await createShop(server, { FRESH: [1000, 0] });
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const all = subscribe(client, ORDER_UPDATED);
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      const waiting = await place(shop, "FRESH", 2);
      await all.waitFor((v) => v.orderUpdated.id === waiting.id && v.orderUpdated.status === "AWAITING_STOCK");
      await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.FRESH), quantity: 2 }, shop.token);
      const resumed = await all.waitFor((v) => v.orderUpdated.id === waiting.id && v.orderUpdated.status === "READY");
      expect(resumed.orderUpdated.lines).toEqual([{ allocated: 2, short: 0 }]);
    } finally {
      await client.dispose();
    }
  });

  it("reads each pushed order once for all the subscribers it goes to, not once per subscriber", async () => {
    const shop = await createShop(server, { MANY: [1000, 0] });
    const subscribers = 8;
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const feeds = Array.from({ length: subscribers }, () => subscribe(client, `subscription { orderUpdated { id status } }`));
      await server.subscribed("ORDER_UPDATED", shop.shopId, subscribers);
      server.queries.statements = [];
      server.queries.recording = true;
      const placed: Array<{ id: string }> = [];
      for (let i = 0; i < 3; i++) placed.push(await place(shop, "MANY", 1));
      for (const feed of feeds) for (const order of placed) await feed.waitFor((v) => v.orderUpdated.id === order.id && v.orderUpdated.status === "AWAITING_STOCK");
      server.queries.recording = false;
      // Reads of orders outside a transaction's own statements: the pushes' (by ids, batched) or one per subscriber (by id).
      const orderReads = server.queries.statements.filter((sql) => /FROM [`"]orders[`"]/.test(sql) && !/FOR UPDATE|INSERT|UPDATE [`"]orders/.test(sql) && /[`"]id[`"] (IN|=)/.test(sql));
      const [{ n: events }] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE shop_id = ?", [shop.shopId]);
      // At most one read per change pushed; one per subscriber would be at least 8 x 3.
      expect(orderReads.length).toBeGreaterThan(0);
      expect(orderReads.length).toBeLessThanOrEqual(Number(events));
    } finally {
      server.queries.recording = false;
      await client.dispose();
    }
  });

  it("delivers each shop's changes in the order they were committed", async () => {
    const shop = await createShop(server, { SEQ: [100, 100] });
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const all = subscribe(client, ORDER_UPDATED);
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      const next: Array<{ id: string }> = [];
      for (let i = 0; i < 6; i++) next.push(await place(shop, "SEQ", 1));
      await all.waitFor((v) => v.orderUpdated.id === next[5].id);
      expect(all.received.map((v) => v.orderUpdated.number)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await client.dispose();
    }
  });
});

/** The errors that ended a subscription (an `error` message), or the first pushes if none came. */
function subscriptionErrors(client: Client, query: string, variables: Record<string, unknown>): Promise<Array<{ message: string; extensions?: { code?: string; argument?: string } }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the subscription neither failed nor pushed within 5 s")), 5000);
    client.subscribe(
      { query, variables },
      {
        next: (result) => (clearTimeout(timer), result.errors ? resolve(result.errors as never) : reject(new Error(`pushed ${JSON.stringify(result.data)}`))),
        error: (errors) => (clearTimeout(timer), resolve(errors as never)),
        complete: () => undefined,
      },
    );
  });
}

describe.each(databaseKinds())("resuming live updates from a cursor on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  const place = (shop: ShopFixture, skuCode: string, quantity: number) =>
    gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode, quantity }] } }, shop.token).then((d) => d.placeOrder.order);

  it("replays what the shop committed after the cursor, then goes on live; nothing of another shop", async () => {
    const shop = await createShop(server, { GONE: [1000, 0] });
    const other = await createShop(server, { GONE: [1000, 0] });
    const first = await place(shop, "GONE", 1);
    // Its events are delivered before anyone listens (a late delivery would reach `one` below, with the order as it is by then).
    await server.dispatcher.flush();
    const client = wsClient(server.wsUrl, shop.token);
    let last: string;
    try {
      // Without `since`, the light signal starts with the current cursor and no orders.
      const signal = subscribe(client, ORDERS_CHANGED);
      const start = (await signal.waitFor(() => true)).ordersChanged;
      expect(start.orderIds).toEqual([]);
      const one = subscribe(client, ORDER_SINCE, { id: first.id });
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.GONE), quantity: 1 }, shop.token);
      const seen = (await one.waitFor((v) => v.orderUpdated.status === "READY")).orderUpdated;
      expect(Number(seen.cursor)).toBeGreaterThan(Number(start.cursor));
      await signal.waitFor((v) => v.ordersChanged.orderIds.includes(first.id));
      last = signal.received[signal.received.length - 1].ordersChanged.cursor;
    } finally {
      await client.dispose();
    }

    // While nobody listens: more orders, one of them resumed, and the other shop's traffic.
    const away = [await place(shop, "GONE", 1), await place(shop, "GONE", 2)];
    await place(other, "GONE", 1);
    await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.GONE), quantity: 1 }, shop.token);
    await server.dispatcher.flush();

    const back = wsClient(server.wsUrl, shop.token);
    try {
      const all = subscribe(back, ORDER_SINCE, { since: last });
      const signal = subscribe(back, ORDERS_CHANGED, { since: last });
      const mine = subscribe(back, ORDER_SINCE, { id: away[0].id, since: last });
      await all.waitFor((v) => v.orderUpdated.id === away[0].id && v.orderUpdated.status === "READY");
      await all.waitFor((v) => v.orderUpdated.id === away[1].id);
      await signal.waitFor((v) => v.ordersChanged.orderIds.includes(away[1].id));
      // Exactly what changed while away: not the order seen before, nothing of the other shop.
      expect([...new Set(signal.received.flatMap((v) => v.ordersChanged.orderIds))].sort()).toEqual(away.map((o) => o.id).sort());
      expect(all.received.map((v) => v.orderUpdated.id).sort()).toEqual(away.map((o) => o.id).sort());
      await mine.waitFor((v) => v.orderUpdated.status === "READY");
      expect(mine.received.every((v) => v.orderUpdated.id === away[0].id)).toBe(true);
      // Every order at most once in the replay of every order (coalesced), cursors increasing.
      const cursors = all.received.map((v) => Number(v.orderUpdated.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      expect(new Set(all.received.map((v) => v.orderUpdated.id)).size).toBe(all.received.length);

      // And live after the replay.
      const later = await place(shop, "GONE", 1);
      await all.waitFor((v) => v.orderUpdated.id === later.id);
      await signal.waitFor((v) => v.ordersChanged.orderIds.includes(later.id));
    } finally {
      await back.dispose();
    }
  });

  it("refuses a malformed cursor, and asks a client too far behind to resynchronise", async () => {
    const shop = await createShop(server, { FAR: [1000, 0] });
    const order = await place(shop, "FAR", 1);
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const bad = await subscriptionErrors(client, ORDERS_CHANGED, { since: "abc" });
      expect(bad.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
      const [before] = await server.db.query<{ id: number }>("SELECT MAX(id) AS id FROM order_event");
      // 10,001 events after the cursor: more than a replay serves.
      const now = sqlTimestamp(new Date());
      for (let i = 0; i < 10_001; i += 1000) {
        const n = Math.min(1000, 10_001 - i);
        await server.db.autocommit((tx) =>
          tx.run(
            `INSERT INTO order_event (shop_id, order_id, type, actor_type, created_at, dispatched_at) VALUES ${Array.from({ length: n }, () => "(?, ?, 'ORDER_PLACED', 'SYSTEM', ?, ?)").join(", ")}`,
            Array.from({ length: n }, () => [shop.shopId, Number(order.id), now, now]).flat(),
            n,
          ),
        );
      }
      for (const query of [ORDERS_CHANGED, ORDER_SINCE]) {
        const far = await subscriptionErrors(client, query, { since: String(before!.id) });
        expect(far.map((e) => e.extensions?.code)).toEqual(["RESYNC_REQUIRED"]);
      }
      // Within the limit, it replays.
      const near = subscribe(client, ORDERS_CHANGED, { since: String(Number(before!.id) + 5000) });
      await near.waitFor((v) => v.ordersChanged.orderIds.includes(order.id));
    } finally {
      await client.dispose();
    }
  });
});

// On MariaDB an event's id is taken at insert and its transaction may commit after a later one's:
// SQLite has one writer at a time, so there ids always commit in order.
const outOfOrderKinds = databaseKinds().filter((kind) => kind === "mysql");
(outOfOrderKinds.length ? describe.each(outOfOrderKinds) : describe.skip.each(["mysql" as const]))("events committed out of id order on %s", (kind) => {
  it("are delivered in id order, so a cursor never passes an event still to come", async () => {
    const server = await startTestServer(kind);
    const client = wsClient(server.wsUrl, (await createShop(server)).token);
    try {
      const shop = await createShop(server, { SLOW: [1000, 10] });
      const c = wsClient(server.wsUrl, shop.token);
      const first = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "SLOW", quantity: 1 }] } }, shop.token)).placeOrder.order;
      const all = subscribe(c, ORDER_SINCE);
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      await server.dispatcher.flush();
      // A transaction writes an event (taking the next id) and stays open...
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow = server.db.transaction(async (tx) => {
        await recordOrderEvents(tx, shop.shopId, SYSTEM_ACTOR, [{ orderId: Number(first.id), type: OrderEventType.STOCK_ALLOCATED }]);
        await gate;
      });
      await sleep(200);
      // ...while a later one commits, and the dispatcher runs.
      const second = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "SLOW", quantity: 1 }] } }, shop.token)).placeOrder.order;
      await sleep(400);
      release();
      await slow;
      await all.waitFor((v) => v.orderUpdated.id === first.id);
      await all.waitFor((v) => v.orderUpdated.id === second.id);
      const cursors = all.received.map((v) => Number(v.orderUpdated.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      await c.dispose();
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});

describe.each(databaseKinds())("a restart on %s", (kind) => {
  it("delivers what was committed and not yet dispatched", async () => {
    // Events are committed while nothing delivers them, as if the server died right after the commit.
    const before = await startTestServer(kind, { dispatch: false });
    const shop = await createShop(before, { LATE: [1000, 0] });
    const waiting = (await gqlData(before.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "LATE", quantity: 1 }] } }, shop.token)).placeOrder.order;
    await gqlData(before.graphqlUrl, RESTOCK, { skuId: String(shop.skus.LATE), quantity: 1 }, shop.token);
    const [pending] = await before.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE dispatched_at IS NULL");
    expect(Number(pending!.n)).toBeGreaterThanOrEqual(3);
    await before.stop({ keepDatabase: true });

    const after = await startTestServer(kind, { testDb: before.testDb, dispatch: false });
    const client = wsClient(after.wsUrl, shop.token);
    try {
      const updates = subscribe(client, ORDER_UPDATED, { id: waiting.id });
      const restocks = subscribe(client, RESTOCK_UPDATES);
      await after.subscribed("ORDER_UPDATED", shop.shopId);
      await after.subscribed("STOCK_OFFERED", shop.shopId);
      after.dispatcher.start();
      const resumed = await updates.waitFor((v) => v.orderUpdated.status === "READY");
      expect(resumed.orderUpdated.id).toBe(waiting.id);
      expect((await restocks.waitFor(() => true)).restockUpdates.ordersResumed).toEqual([{ id: waiting.id, status: "READY" }]);
      await after.dispatcher.flush();
      const [left] = await after.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM order_event WHERE dispatched_at IS NULL");
      expect(Number(left!.n)).toBe(0);
    } finally {
      await client.dispose();
      await after.stop();
    }
  });
});
