import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { sleep, subscribe, wsClient } from "../helpers/subscriptions";

const ORDER_UPDATED = `subscription($id: ID) { orderUpdated(orderId: $id) { id number status lines { allocated short } } }`;
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
