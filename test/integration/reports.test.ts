import { Database } from "../../server/src/infra/db/database";
import { ReportService } from "../../server/src/modules/reports/report.service";
import { reportFactsRebuild } from "../../server/src/modules/orders/order-facts";
import { createShop, customer, HOLD, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const REPORT = `query($from: Date!, $to: Date!) {
  report(range: { from: $from, to: $to }) {
    timeZone currency
    current { from to ordersPlaced ordersHitStockout stockoutShare ordersCancelled cancelRate }
    previous { from to ordersPlaced ordersHitStockout stockoutShare ordersCancelled cancelRate }
    daily { date ordersPlaced ordersHitStockout ordersCancelled }
    resolutions { resolution side count }
    timeToResolution { count medianSeconds p90Seconds }
    timeToResumption { count medianSeconds p90Seconds }
    revenue { atRiskNow { amount currency } ordersWaitingNow cancelledUnits { amount currency } refunded { amount currency } }
    refunds { buckets { destination status count amount { amount } } paidCount paidAmount { amount } averageSecondsToPayout }
    topSkus { skuId code name ordersAffected unitsShort daysOutOfStock availableNow incoming nextExpectedOn }
    afterDelivery {
      claimsByOutcome { status outcome count units }
      returnsByReason { reason count units }
      bySku { skuId code claims unitsClaimed returns unitsReturned }
    }
  }
}`;

/** Rows written straight in SQL, at the instants the test needs (UTC, `YYYY-MM-DD HH:MM:SS`). */
class Rows {
  private customerId = 0;
  private number = 0;
  constructor(
    private readonly db: Database,
    private readonly shopId: number,
  ) {}

  async insert(table: string, row: Record<string, unknown>): Promise<number> {
    const columns = Object.keys(row);
    // Timestamps as the app writes them (with milliseconds: SQLite compares the text).
    const values = Object.values(row).map((v) => (typeof v === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v) ? `${v}.000` : v));
    await this.db.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, values);
    const [last] = await this.db.query<{ id: number }>(`SELECT MAX(id) AS id FROM ${table}`);
    return Number(last!.id);
  }

  async order(
    placedAt: string,
    status: string,
    lines: Array<{ sku: number; quantity: number; price: number; allocated?: number; short?: number; cancelled?: number }>,
    events: Array<[type: string, at: string, actor?: string]> = [],
    kind = "SALE",
  ): Promise<{ id: number; lineIds: number[] }> {
    if (!this.customerId) this.customerId = await this.insert("customer", { shop_id: this.shopId, name: "Cliente", email: "c@example.com", locale: "pt-BR", created_at: placedAt });
    const id = await this.insert("orders", {
      shop_id: this.shopId,
      number: ++this.number + 1000 * this.shopId,
      customer_id: this.customerId,
      status,
      source: "API",
      kind,
      currency: "BRL",
      subtotal: 0,
      shipping: 0,
      discount: 0,
      total: 0,
      placed_at: placedAt,
      updated_at: placedAt,
    });
    const lineIds: number[] = [];
    for (const l of lines) {
      lineIds.push(
        await this.insert("order_line", {
          shop_id: this.shopId,
          order_id: id,
          sku_id: l.sku,
          sku_code: "X",
          name: "X",
          quantity: l.quantity,
          unit_price: l.price,
          allocated: l.allocated ?? 0,
          short: l.short ?? 0,
          cancelled: l.cancelled ?? 0,
        }),
      );
    }
    for (const [type, at, actor] of [["ORDER_PLACED", placedAt] as [string, string], ...events]) {
      await this.insert("order_event", { shop_id: this.shopId, order_id: id, type, actor_type: actor ?? "SYSTEM", created_at: at, dispatched_at: at });
    }
    return { id, lineIds };
  }

  refund(orderId: number, destination: string, status: string, amount: number, createdAt: string, paidAt: string | null = null) {
    return this.insert("refund", {
      shop_id: this.shopId,
      order_id: orderId,
      destination,
      status,
      amount,
      shipping_amount: 0,
      currency: "BRL",
      paid_at: paidAt,
      created_at: createdAt,
      updated_at: createdAt,
    });
  }
}

const SHORT = "STOCK_SHORTAGE";

/** Rows written straight in SQL have no facts yet: the migration's backfill makes them. */
async function rebuildFacts(db: Database, shopId: number): Promise<void> {
  for (const { sql, params } of reportFactsRebuild(db.dialect, shopId)) await db.query(sql, params);
}

describe.each(databaseKinds())("report on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  let empty: ShopFixture;
  const report = (from: string, to: string, token = shop.token) => gqlData(server.graphqlUrl, REPORT, { from, to }, token).then((d) => d.report);

  beforeAll(async () => {
    // No dispatcher: its polls would land inside the statement count below.
    server = await startTestServer(kind, { dispatch: false });
    shop = await createShop(server, { A: [1000, 0], B: [500, 3], C: [800, 0], D: [800, 10] }, "Report shop");
    other = await createShop(server, { A: [1000, 0] }, "Other shop");
    empty = await createShop(server, {}, "Empty shop");
    // São Paulo: UTC-3 all year (no DST since 2019). Nov 1 starts at 03:00 UTC.
    await server.db.query("UPDATE shop SET time_zone = 'America/Sao_Paulo' WHERE id IN (?, ?)", [shop.shopId, empty.shopId]);
    const { A, B, C, D } = shop.skus as Record<string, number>;
    const r = new Rows(server.db, shop.shopId);

    // Previous period (Oct 22 .. Oct 31 local).
    await r.order("2026-11-01 02:59:00", "READY", [{ sku: B, quantity: 1, price: 500, allocated: 1 }]); // Oct 31, 23:59 local
    const o10 = await r.order("2026-10-25 12:00:00", "CANCELLED", [{ sku: B, quantity: 1, price: 500, cancelled: 1 }], [
      [SHORT, "2026-10-25 12:00:00"],
      ["ORDER_CANCELLED", "2026-10-25 13:00:00", "STAFF"],
    ]);
    // The range (Nov 1 .. Nov 10 local).
    await r.order("2026-11-01 03:00:00", "AWAITING_STOCK", [{ sku: A, quantity: 2, price: 1000, short: 2 }], [[SHORT, "2026-11-01 03:00:00"]]);
    await r.order("2026-11-02 12:00:00", "ON_HOLD_FOR_RESTOCK", [{ sku: A, quantity: 1, price: 1000, short: 1 }], [
      [SHORT, "2026-11-02 12:00:00"],
      ["ORDER_ON_HOLD", "2026-11-02 13:00:00", "STAFF"],
    ]);
    const o4 = await r.order("2026-11-03 12:00:00", "CANCELLED", [{ sku: B, quantity: 3, price: 500, cancelled: 3 }], [
      [SHORT, "2026-11-03 12:00:00"],
      ["ORDER_CANCELLED", "2026-11-03 12:30:00", "CUSTOMER"],
    ]);
    const o5 = await r.order(
      "2026-11-05 12:00:00",
      "READY",
      [
        { sku: A, quantity: 2, price: 1000, allocated: 1, cancelled: 1 },
        { sku: B, quantity: 1, price: 500, allocated: 1 },
      ],
      [
        [SHORT, "2026-11-05 12:00:00"],
        ["ITEMS_CANCELLED", "2026-11-05 14:00:00", "API_KEY"],
      ],
    );
    await r.order(
      "2026-11-06 12:00:00",
      "READY",
      [
        { sku: A, quantity: 1, price: 1000, cancelled: 1 },
        { sku: D, quantity: 1, price: 1000, allocated: 1 },
      ],
      [
        [SHORT, "2026-11-06 12:00:00"],
        ["LINE_SUBSTITUTED", "2026-11-06 12:10:00", "CUSTOMER"],
        ["ORDER_RESUMED", "2026-11-06 12:10:00"],
      ],
    );
    const o7 = await r.order("2026-11-07 12:00:00", "READY", [{ sku: A, quantity: 1, price: 1000, allocated: 1 }], [
      [SHORT, "2026-11-07 12:00:00"],
      ["ORDER_ON_HOLD", "2026-11-07 12:20:00", "CUSTOMER"],
      ["ORDER_RESUMED", "2026-11-08 12:00:00"],
    ]);
    // Two lines substituted by the shop: one SUBSTITUTE on the order.
    await r.order(
      "2026-11-08 12:00:00",
      "READY",
      [
        { sku: C, quantity: 1, price: 800, cancelled: 1 },
        { sku: C, quantity: 1, price: 800, cancelled: 1 },
        { sku: D, quantity: 2, price: 800, allocated: 2 },
      ],
      [
        [SHORT, "2026-11-08 12:00:00"],
        ["LINE_SUBSTITUTED", "2026-11-08 12:05:00", "STAFF"],
        ["LINE_SUBSTITUTED", "2026-11-08 12:05:00", "STAFF"],
        ["ORDER_RESUMED", "2026-11-08 12:05:00"],
      ],
    );
    const o13 = await r.order("2026-11-09 12:00:00", "READY", [{ sku: B, quantity: 2, price: 500, allocated: 1, cancelled: 1 }], [
      [SHORT, "2026-11-09 12:00:00"],
      ["ITEMS_CANCELLED", "2026-11-09 15:00:00", "CUSTOMER"],
    ]);
    // Nov 11 02:00 UTC is still Nov 10 in São Paulo: in the range. A READY order cancelled, no stockout.
    const o8 = await r.order("2026-11-11 02:00:00", "CANCELLED", [{ sku: B, quantity: 2, price: 500, cancelled: 2 }], [["ORDER_CANCELLED", "2026-11-11 02:30:00", "STAFF"]]);
    // After the range (Nov 11 local), and a follow-up order (not a sale): never counted.
    await r.order("2026-11-11 03:00:00", "AWAITING_STOCK", [{ sku: A, quantity: 1, price: 1000, short: 1 }], [[SHORT, "2026-11-11 03:00:00"]]);
    await r.order("2026-11-04 12:00:00", "AWAITING_STOCK", [{ sku: A, quantity: 1, price: 1000, short: 1 }], [[SHORT, "2026-11-04 12:00:00"]], "RESHIPMENT");

    // Refunds in every status.
    await r.refund(o4.id, "CUSTOMER", "AWAITING_CUSTOMER_DETAILS", 1500, "2026-11-03 12:30:00");
    await r.refund(o5.id, "MERCHANT", "PAID", 1000, "2026-11-05 14:00:00", "2026-11-06 14:00:00");
    await r.refund(o8.id, "CUSTOMER", "EXPIRED", 1000, "2026-11-11 02:30:00");
    await r.refund(o13.id, "MERCHANT", "READY_FOR_PAYOUT", 500, "2026-11-09 15:00:00");
    await r.refund(o4.id, "CUSTOMER", "LOCKED", 300, "2026-11-09 10:00:00");
    // Created before the range, paid in it (8 days).
    await r.refund(o10.id, "CUSTOMER", "PAID", 500, "2026-10-25 13:00:00", "2026-11-02 13:00:00");
    await r.refund(o4.id, "CUSTOMER", "PAID", 999, "2026-10-01 13:00:00", "2026-10-02 13:00:00"); // paid before: not counted

    // Incoming stock of A: two open deliveries (one partly received) and a cancelled one.
    for (const [quantity, received, on, status] of [
      [10, 4, "2026-11-20", "OPEN"],
      [5, 0, "2026-11-15", "OPEN"],
      [100, 0, "2026-11-12", "CANCELLED"],
    ] as const) {
      await r.insert("incoming_stock", { shop_id: shop.shopId, sku_id: A, quantity, received_quantity: received, expected_on: on, status, created_at: "2026-11-01 00:00:00", updated_at: "2026-11-01 00:00:00" });
    }

    // A claim resolved, a claim open, a return of two lines; a claim before the range.
    const claim = async (orderId: number, lineId: number, sku: number, at: string, status: string, outcome: string | null) => {
      const id = await r.insert("claim", { shop_id: shop.shopId, order_id: orderId, number: 1, status, outcome, opened_by: "CUSTOMER", created_at: at });
      await r.insert("claim_line", { shop_id: shop.shopId, claim_id: id, order_line_id: lineId, sku_id: sku, quantity: 1 });
    };
    await claim(o5.id, o5.lineIds[1]!, B, "2026-11-07 10:00:00", "RESOLVED", "KEEP_AND_SETTLE");
    await claim(o7.id, o7.lineIds[0]!, A, "2026-11-08 10:00:00", "OPEN", null);
    await claim(o4.id, o4.lineIds[0]!, B, "2026-10-20 10:00:00", "OPEN", null);
    const ret = await r.insert("order_return", { shop_id: shop.shopId, order_id: o5.id, status: "REQUESTED", requested_by_type: "CUSTOMER", requested_at: "2026-11-09 10:00:00", updated_at: "2026-11-09 10:00:00" });
    await r.insert("order_return_line", { shop_id: shop.shopId, return_id: ret, order_line_id: o5.lineIds[1]!, sku_id: B, quantity: 1, reason: "DAMAGED" });
    await r.insert("order_return_line", { shop_id: shop.shopId, return_id: ret, order_line_id: o5.lineIds[0]!, sku_id: A, quantity: 1, reason: "REGRET" });

    // Another shop, busy in the same days: never counted.
    const o = new Rows(server.db, other.shopId);
    for (const at of ["2026-11-02 12:00:00", "2026-11-05 12:00:00"]) {
      const x = await o.order(at, "CANCELLED", [{ sku: other.skus.A!, quantity: 5, price: 1000, cancelled: 5 }], [
        [SHORT, at],
        ["ORDER_CANCELLED", at, "CUSTOMER"],
        ["ORDER_RESUMED", at],
      ]);
      await o.refund(x.id, "CUSTOMER", "PAID", 5000, at, at);
    }
    await o.order("2026-11-03 12:00:00", "AWAITING_STOCK", [{ sku: other.skus.A!, quantity: 5, price: 1000, short: 5 }], [[SHORT, "2026-11-03 12:00:00"]]);
    await rebuildFacts(server.db, shop.shopId);
    await rebuildFacts(server.db, other.shopId);
  });
  afterAll(() => server.stop());

  it("computes every figure of a hand-built shop", async () => {
    const rep = await report("2026-11-01", "2026-11-10");
    expect(rep.timeZone).toBe("America/Sao_Paulo");
    expect(rep.currency).toBe("BRL");
    expect(rep.current).toEqual({ from: "2026-11-01", to: "2026-11-10", ordersPlaced: 9, ordersHitStockout: 8, stockoutShare: 8 / 9, ordersCancelled: 2, cancelRate: 2 / 9 });
    expect(rep.previous).toEqual({ from: "2026-10-22", to: "2026-10-31", ordersPlaced: 2, ordersHitStockout: 1, stockoutShare: 0.5, ordersCancelled: 1, cancelRate: 0.5 });
    const day = (date: string, placed: number, hit: number, cancelled: number) => ({ date, ordersPlaced: placed, ordersHitStockout: hit, ordersCancelled: cancelled });
    expect(rep.daily).toEqual([
      day("2026-11-01", 1, 1, 0),
      day("2026-11-02", 1, 1, 0),
      day("2026-11-03", 1, 1, 1),
      day("2026-11-04", 0, 0, 0),
      day("2026-11-05", 1, 1, 0),
      day("2026-11-06", 1, 1, 0),
      day("2026-11-07", 1, 1, 0),
      day("2026-11-08", 1, 1, 0),
      day("2026-11-09", 1, 1, 0),
      day("2026-11-10", 1, 0, 1),
    ]);
    expect(rep.resolutions).toEqual([
      { resolution: "CANCEL", side: "CUSTOMER", count: 1 },
      { resolution: "CANCEL", side: "MERCHANT", count: 1 },
      { resolution: "SHIP_AVAILABLE", side: "CUSTOMER", count: 1 },
      { resolution: "SHIP_AVAILABLE", side: "MERCHANT", count: 1 },
      { resolution: "SUBSTITUTE", side: "CUSTOMER", count: 1 },
      { resolution: "SUBSTITUTE", side: "MERCHANT", count: 1 },
      { resolution: "WAIT_FOR_RESTOCK", side: "CUSTOMER", count: 1 },
      { resolution: "WAIT_FOR_RESTOCK", side: "MERCHANT", count: 1 },
    ]);
    // 300, 600, 1200, 1800, 3600, 7200, 10800: rank 4 and rank 7.
    expect(rep.timeToResolution).toEqual({ count: 7, medianSeconds: 1800, p90Seconds: 10800 });
    // 300, 600, 86400: rank 2 and rank 3.
    expect(rep.timeToResumption).toEqual({ count: 3, medianSeconds: 600, p90Seconds: 86400 });
    expect(rep.revenue).toEqual({
      // Now, whatever the range or kind: also the order placed after it (Nov 11) and the reshipment.
      atRiskNow: { amount: 5000, currency: "BRL" },
      ordersWaitingNow: 4,
      cancelledUnits: { amount: 1500 + 1000 + 500 + 1000, currency: "BRL" },
      refunded: { amount: 1500 + 1000 + 500 + 300, currency: "BRL" },
    });
    expect(rep.refunds).toEqual({
      buckets: [
        { destination: "CUSTOMER", status: "AWAITING_CUSTOMER_DETAILS", count: 1, amount: { amount: 1500 } },
        { destination: "CUSTOMER", status: "EXPIRED", count: 1, amount: { amount: 1000 } },
        { destination: "CUSTOMER", status: "LOCKED", count: 1, amount: { amount: 300 } },
        { destination: "MERCHANT", status: "PAID", count: 1, amount: { amount: 1000 } },
        { destination: "MERCHANT", status: "READY_FOR_PAYOUT", count: 1, amount: { amount: 500 } },
      ],
      paidCount: 2,
      paidAmount: { amount: 1500 },
      averageSecondsToPayout: (86400 + 8 * 86400) / 2,
    });
    const { A, B, C } = shop.skus as Record<string, number>;
    expect(rep.topSkus).toEqual([
      { skuId: String(A), code: "A", name: "Item A", ordersAffected: 4, unitsShort: 5, daysOutOfStock: 4, availableNow: 0, incoming: 11, nextExpectedOn: "2026-11-15" },
      { skuId: String(B), code: "B", name: "Item B", ordersAffected: 2, unitsShort: 4, daysOutOfStock: 2, availableNow: 3, incoming: 0, nextExpectedOn: null },
      { skuId: String(C), code: "C", name: "Item C", ordersAffected: 1, unitsShort: 2, daysOutOfStock: 1, availableNow: 0, incoming: 0, nextExpectedOn: null },
    ]);
    expect(rep.afterDelivery).toEqual({
      claimsByOutcome: [
        { status: "OPEN", outcome: null, count: 1, units: 1 },
        { status: "RESOLVED", outcome: "KEEP_AND_SETTLE", count: 1, units: 1 },
      ],
      returnsByReason: [
        { reason: "DAMAGED", count: 1, units: 1 },
        { reason: "REGRET", count: 1, units: 1 },
      ],
      bySku: [
        { skuId: String(A), code: "A", claims: 1, unitsClaimed: 1, returns: 1, unitsReturned: 1 },
        { skuId: String(B), code: "B", claims: 1, unitsClaimed: 1, returns: 1, unitsReturned: 1 },
      ],
    });
  });

  it("reads the days in the shop's zone: one day, and the UTC day that is still yesterday there", async () => {
    const rep = await report("2026-11-10", "2026-11-10");
    expect(rep.current).toMatchObject({ ordersPlaced: 1, ordersCancelled: 1, ordersHitStockout: 0 });
    expect(rep.previous).toMatchObject({ from: "2026-11-09", to: "2026-11-09", ordersPlaced: 1, ordersHitStockout: 1 });
    expect(rep.daily).toEqual([{ date: "2026-11-10", ordersPlaced: 1, ordersHitStockout: 0, ordersCancelled: 1 }]);
  });

  it("buckets days right across a DST change (Europe/Warsaw, Oct 25 2026 has 25 hours)", async () => {
    const warsaw = await createShop(server, { A: [1000, 0] }, "Warsaw shop");
    await server.db.query("UPDATE shop SET time_zone = 'Europe/Warsaw' WHERE id = ?", [warsaw.shopId]);
    const w = new Rows(server.db, warsaw.shopId);
    // Oct 25 local = [Oct 24 22:00 UTC, Oct 25 23:00 UTC); Oct 26 on = UTC+1.
    for (const at of ["2026-10-24 21:59:59", "2026-10-24 22:00:00", "2026-10-25 22:30:00", "2026-10-25 23:00:00", "2026-10-27 22:59:00", "2026-10-27 23:00:00"]) {
      await w.order(at, "READY", [{ sku: warsaw.skus.A!, quantity: 1, price: 1000, allocated: 1 }]);
    }
    await rebuildFacts(server.db, warsaw.shopId);
    const rep = await report("2026-10-24", "2026-10-28", warsaw.token);
    expect(rep.daily.map((d: { date: string; ordersPlaced: number }) => [d.date, d.ordersPlaced])).toEqual([
      ["2026-10-24", 1],
      ["2026-10-25", 2],
      ["2026-10-26", 1],
      ["2026-10-27", 1],
      ["2026-10-28", 1],
    ]);
  });

  it("counts real orders placed and held over the API (today, in UTC)", async () => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "A", quantity: 2 }] } }, other.token);
    expect(placed.placeOrder.order.status).toBe("AWAITING_STOCK");
    await gqlData(server.graphqlUrl, HOLD, { id: placed.placeOrder.order.id }, other.token);
    // Other shop's zone is the default for BRL; ask for yesterday .. tomorrow so the zone does not matter.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const rep = await report(day(-1), day(1), other.token);
    expect(rep.current).toMatchObject({ ordersPlaced: 1, ordersHitStockout: 1, ordersCancelled: 0 });
    expect(rep.resolutions).toEqual([{ resolution: "WAIT_FOR_RESTOCK", side: "MERCHANT", count: 1 }]);
    expect(rep.timeToResolution.count).toBe(1);
    // Its waiting order from the seed (5 x 1000) and this one (2 x 1000).
    expect(rep.revenue.atRiskNow.amount).toBe(7000);
    expect(rep.revenue.ordersWaitingNow).toBe(2);
    expect(rep.topSkus.map((s: { code: string; ordersAffected: number; unitsShort: number }) => [s.code, s.ordersAffected, s.unitsShort])).toEqual([["A", 1, 2]]);
  });

  it("answers zeros (no NaN, nulls for durations) for an empty shop", async () => {
    const rep = await report("2026-11-01", "2026-11-03", empty.token);
    expect(rep.current).toEqual({ from: "2026-11-01", to: "2026-11-03", ordersPlaced: 0, ordersHitStockout: 0, stockoutShare: 0, ordersCancelled: 0, cancelRate: 0 });
    expect(rep.daily).toHaveLength(3);
    expect(rep.resolutions).toEqual([]);
    expect(rep.timeToResolution).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(rep.revenue).toEqual({ atRiskNow: { amount: 0, currency: "BRL" }, ordersWaitingNow: 0, cancelledUnits: { amount: 0, currency: "BRL" }, refunded: { amount: 0, currency: "BRL" } });
    expect(rep.refunds).toEqual({ buckets: [], paidCount: 0, paidAmount: { amount: 0 }, averageSecondsToPayout: null });
    expect(rep.topSkus).toEqual([]);
    expect(rep.afterDelivery).toEqual({ claimsByOutcome: [], returnsByReason: [], bySku: [] });
  });

  it("runs a fixed number of statements whatever the data", async () => {
    await report("2026-11-01", "2026-11-10"); // warm the session cache
    await report("2026-11-01", "2026-11-10", empty.token);
    const full = await server.queries.measure(() => report("2026-11-01", "2026-11-10"));
    const none = await server.queries.measure(() => report("2026-11-01", "2026-11-10", empty.token));
    expect(full.count).toBe(ReportService.STATEMENTS);
    expect(none.count).toBe(ReportService.STATEMENTS);
  });

  it("refuses a reversed range and one longer than 366 days", async () => {
    const reversed = await gql(server.graphqlUrl, REPORT, { from: "2026-11-10", to: "2026-11-01" }, shop.token);
    expect(reversed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const long = await gql(server.graphqlUrl, REPORT, { from: "2025-01-01", to: "2026-01-02" }, shop.token);
    expect(long.errors?.[0]?.message).toMatch(/at most 366 days/);
    expect(long.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await report("2025-01-01", "2026-01-01")).daily).toHaveLength(366);
  });
});
