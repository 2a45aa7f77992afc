import { Database } from "../../server/src/infra/db/database";
import { reportFactsRebuild } from "../../server/src/modules/orders/order-facts";
import { ReportService } from "../../server/src/modules/reports/report.service";
import { HEALTHY, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { startTestServer, TestServer } from "../helpers/server";
import { raceResolutions, resolveEveryWay } from "../helpers/stockout-scenarios";

/** The report's facts of a shop, every column, in a stable order, as plain values. */
async function facts(db: Database, shopId: number) {
  const plain = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v === null ? null : typeof v === "string" && !/^\d{4}-/.test(v) ? v : typeof v === "string" ? new Date(v.replace(" ", "T") + "Z").toISOString() : Number(v)])));
  return {
    orders: plain(await db.query("SELECT order_id, shop_id, placed_at, kind, short_at, resolved_at, resumed_at, cancelled_value FROM order_stockout WHERE shop_id = ? ORDER BY order_id", [shopId])),
    lines: plain(await db.query("SELECT order_line_id, shop_id, order_id, sku_id, placed_at, units FROM order_stockout_line WHERE shop_id = ? ORDER BY order_line_id", [shopId])),
    quarters: plain(await db.query("SELECT shop_id, quarter_start, placed, stockouts, cancelled FROM order_quarter_count WHERE shop_id = ? ORDER BY quarter_start", [shopId])),
    resolutions: plain(await db.query("SELECT order_id, type, side, shop_id, created_at FROM order_resolution WHERE shop_id = ? ORDER BY order_id, type, side", [shopId])),
  };
}

/** The facts kept by the writes, then the same shop's facts made again from its events (the migration's backfill): they must be equal. */
async function keptAndRebuilt(db: Database, shopId: number) {
  const kept = await facts(db, shopId);
  for (const { sql, params } of reportFactsRebuild(db.dialect, shopId)) await db.query(sql, params);
  return { kept, rebuilt: await facts(db, shopId) };
}

const today = () => new Date(new Date().toISOString().slice(0, 10));

describe.each(databaseKinds())("report facts kept with the events on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  it("equal what the events say after every kind of resolution, resumption and cancellation", async () => {
    const { api, orders } = await resolveEveryWay(server, "Facts shop", async (step, { inStock, held, shipAvailable, cancelled, substituted, partlyServed }, { orderLines }) => {
      if (step === "placed") {
        for (const o of [held, shipAvailable, cancelled, substituted, partlyServed]) expect(o.status).toBe("AWAITING_STOCK");
        expect(inStock.status).toBe("READY");
      }
      if (step === "restocked") expect((await orderLines(partlyServed.id)).lines[0]).toMatchObject({ allocated: 2, short: 1 });
    });
    const { shop } = api;
    const { held, shipAvailable, cancelled, substituted, cancelledInStock } = orders;
    const report = () => new ReportService(server.db).report(shop.shopId, { from: new Date(today().getTime() - 86_400_000), to: new Date(today().getTime() + 86_400_000) });

    const before = await report();
    const { kept, rebuilt } = await keptAndRebuilt(server.db, shop.shopId);
    expect(kept).toEqual(rebuilt);
    expect(await report()).toEqual(before);
    // What they say: every order but the one served from stock has facts; one cancellation had no stockout.
    expect(kept.orders).toHaveLength(6);
    expect(kept.orders.filter((o) => o.short_at !== null)).toHaveLength(5);
    expect(kept.orders.filter((o) => o.resumed_at !== null).map((o) => o.order_id).sort()).toEqual([Number(held.id), Number(substituted.id)].sort());
    expect(kept.quarters.reduce((s, q) => s + Number(q.placed), 0)).toBe(7);
    expect(kept.quarters.reduce((s, q) => s + Number(q.stockouts), 0)).toBe(5);
    expect(kept.quarters.reduce((s, q) => s + Number(q.cancelled), 0)).toBe(2);
    expect(before.current).toMatchObject({ ordersPlaced: 7, ordersHitStockout: 5, ordersCancelled: 2 });
    expect(kept.resolutions.map((r) => [r.order_id, r.type, r.side])).toEqual(
      [
        [Number(held.id), "ORDER_ON_HOLD", "MERCHANT"],
        [Number(shipAvailable.id), "ITEMS_CANCELLED", "MERCHANT"],
        [Number(cancelled.id), "ORDER_CANCELLED", "MERCHANT"],
        [Number(substituted.id), "LINE_SUBSTITUTED", "MERCHANT"],
        [Number(cancelledInStock.id), "ORDER_CANCELLED", "MERCHANT"],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    // 1 unit of OUT cancelled by shipping what was available, 3 OUT and 1 SIDE by the cancellation, 1 SIDE by the one in stock.
    expect(before.revenue.cancelledUnits.amount).toBe(1000 + 3000 + 500 + 500);
  });

  it("stay equal to the events while orders, restocks, cancellations, holds and substitutions race", async () => {
    const { shop, results } = await raceResolutions(server, "Racing facts shop", { emailPrefix: "facts" });
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    const { kept, rebuilt } = await keptAndRebuilt(server.db, shop.shopId);
    expect(kept).toEqual(rebuilt);
    const placed = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM orders WHERE shop_id = ?", [shop.shopId]);
    expect(kept.quarters.reduce((s, q) => s + Number(q.placed), 0)).toBe(Number(placed[0]!.n));
    expect(kept.orders.length).toBeGreaterThan(0);
  });
});
