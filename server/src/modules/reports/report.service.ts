import { Database } from "../../infra/db/database";
import { sqlTimestamp } from "../../infra/db/dialect";
import { badUserInput } from "../../infra/graphql/errors";
import { money } from "../../infra/graphql/money";
import { ClaimOutcome, ClaimStatus } from "../claims/claim.entity";
import { ResolvedBy } from "../orders/order.types";
import { Resolution } from "../orders/resolution";
import { RefundDestination, RefundStatus } from "../refunds/refund.entity";
import { ReturnReason } from "../returns/return.entity";
import { dayBuckets, dayNumber, dayString, epochSeconds, MAX_REPORT_DAYS } from "./report-days";
import { ReportDay, ReportDurations, ReportNode, ReportPeriod } from "./report.types";

/** The order events that are a resolution, and which. */
const RESOLUTION_EVENTS: Record<string, Resolution> = {
  ORDER_ON_HOLD: Resolution.WAIT_FOR_RESTOCK,
  ITEMS_CANCELLED: Resolution.SHIP_AVAILABLE,
  ORDER_CANCELLED: Resolution.CANCEL,
  LINE_SUBSTITUTED: Resolution.SUBSTITUTE,
};
const RESOLUTION_TYPES = Object.keys(RESOLUTION_EVENTS);
/** Who took a resolution: the customer, or the merchant (staff, API keys, the system). */
const SIDES = ["CUSTOMER", "MERCHANT"];

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)));
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * The report (issue 16): every figure by aggregate SQL, a fixed number of statements whatever the
 * data (STATEMENTS), nothing per order in memory. Reads across the order, refund, claim, return and
 * stock tables on purpose: a report is the one reader of all of them.
 */
export class ReportService {
  /** Statements one report runs, whatever the data (test/integration/reports.test.ts counts them). */
  static readonly STATEMENTS = 13;

  constructor(private readonly db: Database) {}

  async report(shopId: number, range: { from: Date; to: Date }): Promise<ReportNode> {
    const first = dayNumber(range.from);
    const last = dayNumber(range.to);
    if (last < first) throw badUserInput("The range's `from` is after its `to`.", "range");
    const days = last - first + 1;
    if (days > MAX_REPORT_DAYS) throw badUserInput(`A report covers at most ${MAX_REPORT_DAYS} days; this range has ${days}.`, "range");

    const shop = (await this.db.query<{ time_zone: string; currency: string }>("SELECT time_zone, currency FROM shop WHERE id = ?", [shopId]))[0];
    const timeZone = shop?.time_zone ?? "UTC";
    const currency = shop?.currency ?? "BRL";
    const dialect = this.db.dialect;
    const stamp = (ms: number) => sqlTimestamp(new Date(ms));

    // Both periods' days: the previous period first, then the range.
    const buckets = dayBuckets(dialect, timeZone, first - days, 2 * days);
    const prevStart = stamp(buckets.bounds[0]);
    const start = stamp(buckets.bounds[days]);
    const end = stamp(buckets.bounds[2 * days]);
    const dayOf = (column: string) => buckets.expression(column, stamp);
    const secs = (column: string) => epochSeconds(dialect, column);
    const q = <T = Record<string, unknown>>(sql: string, params: unknown[]) => this.db.query<T>(sql, params);

    // Placed, hit and cancelled per day from the quarter-hour counts kept at placement, shortage
    // and cancellation (order_quarter_count): a zone's midnight is always on a quarter hour.
    const quarterDay = dayOf("c.quarter_start");
    const placedDays = q<{ d: number; placed: number; hit: number; cancelled: number }>(
      `SELECT ${quarterDay.sql} AS d, SUM(c.placed) AS placed, SUM(c.stockouts) AS hit, SUM(c.cancelled) AS cancelled
       FROM order_quarter_count c WHERE c.shop_id = ? AND c.quarter_start >= ? AND c.quarter_start < ? GROUP BY d`,
      [...quarterDay.params, shopId, prevStart, end],
    );
    // Orders per resolution and side whose first such resolution is in the range (order_resolution,
    // kept with the events): one index range per resolution and side, nothing to group or dedupe.
    const probes = RESOLUTION_TYPES.flatMap((type) => SIDES.map((side) => ({ type, side })));
    const resolutions = q<{ type: string; side: string; n: number }>(
      probes
        .map(
          (p) =>
            `SELECT '${p.type}' AS type, '${p.side}' AS side, COUNT(*) AS n FROM order_resolution r
             WHERE r.shop_id = ? AND r.type = '${p.type}' AND r.side = '${p.side}' AND r.created_at >= ? AND r.created_at < ?`,
        )
        .join(" UNION ALL "),
      probes.flatMap(() => [shopId, start, end]),
    );
    // Per order with its first shortage in the range, the seconds to its first resolution and to its
    // first resumption, from the stockout facts kept with the events (order_stockout); each kind
    // ranked among its own (one window over both, partitioned by kind). Percentiles by nearest rank:
    // the smallest value whose rank r has r/n >= p.
    const waited = (column: string, kind: string) =>
      `SELECT '${kind}' AS k, ${secs(`f.${column}`)} - ${secs("f.short_at")} AS v
       FROM order_stockout f WHERE f.shop_id = ? AND f.short_at >= ? AND f.short_at < ? AND f.${column} >= f.short_at`;
    const durations = q<{ k: string; n: number; median: number | null; p90: number | null }>(
      `SELECT k, MAX(n) AS n, MIN(CASE WHEN rn * 2 >= n THEN v END) AS median, MIN(CASE WHEN rn * 10 >= n * 9 THEN v END) AS p90
       FROM (
         SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY k) AS n
         FROM (${waited("resolved_at", "r")} UNION ALL ${waited("resumed_at", "s")}) w
       ) ranked GROUP BY k`,
      [shopId, start, end, shopId, start, end],
    );
    // Only the orders waiting for stock have short units (READY means nothing short; a cancellation
    // moves them to cancelled): the short lines alone, from their covering index.
    const atRisk = q<{ orders: number; amount: number | null }>(
      `SELECT COUNT(DISTINCT l.order_id) AS orders, SUM(l.short * l.unit_price) AS amount FROM order_line l WHERE l.shop_id = ? AND l.short > 0`,
      [shopId],
    );
    // The value of the cancelled units of the orders placed in the range, kept per order at each
    // ORDER_CANCELLED / ITEMS_CANCELLED (order_stockout.cancelled_value).
    const cancelledUnits = q<{ amount: number | null }>(
      `SELECT SUM(f.cancelled_value) AS amount FROM order_stockout f WHERE f.shop_id = ? AND f.placed_at >= ? AND f.placed_at < ? AND f.kind = 'SALE'`,
      [shopId, start, end],
    );
    // Per destination and status, one index range each (no grouping of a year's refunds).
    const refundProbes = Object.values(RefundDestination).flatMap((destination) => Object.values(RefundStatus).map((status) => ({ destination, status })));
    const refundBuckets = q<{ destination: string; status: string; n: number; amount: number | null }>(
      refundProbes
        .map(
          (p) =>
            `SELECT '${p.destination}' AS destination, '${p.status}' AS status, COUNT(*) AS n, SUM(amount) AS amount FROM refund
             WHERE shop_id = ? AND destination = '${p.destination}' AND status = '${p.status}' AND created_at >= ? AND created_at < ?`,
        )
        .join(" UNION ALL "),
      refundProbes.flatMap(() => [shopId, start, end]),
    );
    const paid = q<{ n: number; amount: number | null; avg_secs: number | null }>(
      `SELECT COUNT(*) AS n, SUM(amount) AS amount, AVG(${secs("paid_at")} - ${secs("created_at")}) AS avg_secs FROM refund
       WHERE shop_id = ? AND status = 'PAID' AND paid_at >= ? AND paid_at < ?`,
      [shopId, start, end],
    );
    // The lines of the range's SALE orders that hit a stockout, with their units short or
    // cancelled, kept with the events that change them (order_stockout_line).
    const currentDay = buckets.expression("x.placed_at", stamp);
    const topSkus = q<{ sku_id: number; orders: number; units: number; days: number }>(
      `SELECT x.sku_id AS sku_id, COUNT(DISTINCT x.order_id) AS orders, SUM(x.units) AS units, COUNT(DISTINCT ${currentDay.sql}) AS days
       FROM order_stockout_line x WHERE x.shop_id = ? AND x.placed_at >= ? AND x.placed_at < ? AND x.units > 0
       GROUP BY x.sku_id ORDER BY orders DESC, units DESC, x.sku_id LIMIT 10`,
      [...currentDay.params, shopId, start, end],
    );
    const claims = q<{ status: string; outcome: string | null; n: number; units: number }>(
      `SELECT c.status AS status, c.outcome AS outcome, COUNT(DISTINCT c.id) AS n, SUM(cl.quantity) AS units
       FROM claim c JOIN claim_line cl ON cl.claim_id = c.id
       WHERE c.shop_id = ? AND c.created_at >= ? AND c.created_at < ? GROUP BY c.status, c.outcome`,
      [shopId, start, end],
    );
    const returns = q<{ reason: string; n: number; units: number }>(
      `SELECT rl.reason AS reason, COUNT(DISTINCT r.id) AS n, SUM(rl.quantity) AS units
       FROM order_return r JOIN order_return_line rl ON rl.return_id = r.id
       WHERE r.shop_id = ? AND r.requested_at >= ? AND r.requested_at < ? GROUP BY rl.reason`,
      [shopId, start, end],
    );
    const afterDeliverySkus = q<{ sku_id: number; code: string; name: string; claims: number; claimed: number; returns: number; returned: number }>(
      `SELECT x.sku_id AS sku_id, s.code AS code, s.name AS name,
         SUM(CASE WHEN x.k = 'C' THEN x.docs ELSE 0 END) AS claims, SUM(CASE WHEN x.k = 'C' THEN x.units ELSE 0 END) AS claimed,
         SUM(CASE WHEN x.k = 'R' THEN x.docs ELSE 0 END) AS returns, SUM(CASE WHEN x.k = 'R' THEN x.units ELSE 0 END) AS returned
       FROM (
         SELECT 'C' AS k, cl.sku_id AS sku_id, COUNT(DISTINCT c.id) AS docs, SUM(cl.quantity) AS units
         FROM claim c JOIN claim_line cl ON cl.claim_id = c.id WHERE c.shop_id = ? AND c.created_at >= ? AND c.created_at < ? GROUP BY cl.sku_id
         UNION ALL
         SELECT 'R' AS k, rl.sku_id AS sku_id, COUNT(DISTINCT r.id) AS docs, SUM(rl.quantity) AS units
         FROM order_return r JOIN order_return_line rl ON rl.return_id = r.id WHERE r.shop_id = ? AND r.requested_at >= ? AND r.requested_at < ? GROUP BY rl.sku_id
       ) x JOIN sku s ON s.id = x.sku_id AND s.shop_id = ?
       GROUP BY x.sku_id, s.code, s.name ORDER BY SUM(x.units) DESC, x.sku_id LIMIT 20`,
      [shopId, start, end, shopId, start, end, shopId],
    );

    const [placedRows, resolutionRows, durationRows, riskRows, cancelledRows, refundRows, paidRows, top, claimRows, returnRows, adRows] = await Promise.all([
      placedDays,
      resolutions,
      durations,
      atRisk,
      cancelledUnits,
      refundBuckets,
      paid,
      topSkus,
      claims,
      returns,
      afterDeliverySkus,
    ]);
    // One statement whatever the number of skus (an id no sku has when there are none).
    const skuIds = top.length ? top.map((t) => Number(t.sku_id)) : [0];
    const skuDetail = await q<{ id: number; code: string; name: string; available: number | null; incoming: number | null; next_on: string | Date | null }>(
      `SELECT s.id AS id, s.code AS code, s.name AS name,
         (SELECT SUM(sl.on_hand - sl.allocated) FROM stock_level sl WHERE sl.shop_id = s.shop_id AND sl.sku_id = s.id) AS available,
         (SELECT SUM(i.quantity - i.received_quantity) FROM incoming_stock i WHERE i.shop_id = s.shop_id AND i.sku_id = s.id AND i.status = 'OPEN') AS incoming,
         (SELECT MIN(i.expected_on) FROM incoming_stock i WHERE i.shop_id = s.shop_id AND i.sku_id = s.id AND i.status = 'OPEN') AS next_on
       FROM sku s WHERE s.shop_id = ? AND s.id IN (${skuIds.map(() => "?").join(", ")})`,
      [shopId, ...skuIds],
    );


    const daily: ReportDay[] = Array.from({ length: 2 * days }, (_, i) => ({ date: dayString(first - days + i), ordersPlaced: 0, ordersHitStockout: 0, ordersCancelled: 0 }));
    const at = (d: unknown) => daily[num(d) - (first - days)];
    for (const r of placedRows) {
      const day = at(r.d);
      if (!day) continue;
      day.ordersPlaced = num(r.placed);
      day.ordersHitStockout = num(r.hit);
      day.ordersCancelled = num(r.cancelled);
    }
    const period = (list: ReportDay[]): ReportPeriod => {
      const placed = list.reduce((s, d) => s + d.ordersPlaced, 0);
      const hit = list.reduce((s, d) => s + d.ordersHitStockout, 0);
      const cancelled = list.reduce((s, d) => s + d.ordersCancelled, 0);
      return {
        from: list[0].date,
        to: list[list.length - 1].date,
        ordersPlaced: placed,
        ordersHitStockout: hit,
        stockoutShare: ratio(hit, placed),
        ordersCancelled: cancelled,
        cancelRate: ratio(cancelled, placed),
      };
    };
    const durationOf = (kind: "r" | "s"): ReportDurations => {
      const row = durationRows.find((r) => r.k === kind);
      const count = num(row?.n);
      return count === 0 ? { count: 0, medianSeconds: null, p90Seconds: null } : { count, medianSeconds: numOrNull(row!.median), p90Seconds: numOrNull(row!.p90) };
    };
    const buckets_ = refundRows
      .filter((r) => num(r.n) > 0)
      .map((r) => ({ destination: r.destination as RefundDestination, status: r.status as RefundStatus, count: num(r.n), amount: money(num(r.amount), currency) }))
      .sort((a, b) => a.destination.localeCompare(b.destination) || a.status.localeCompare(b.status));
    const refunded = buckets_.filter((b) => b.status !== RefundStatus.EXPIRED).reduce((s, b) => s + b.amount.amount, 0);
    const details = new Map(skuDetail.map((s) => [Number(s.id), s]));
    const nextOn = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

    return {
      timeZone,
      currency,
      current: period(daily.slice(days)),
      previous: period(daily.slice(0, days)),
      daily: daily.slice(days),
      resolutions: resolutionRows
        .filter((r) => num(r.n) > 0)
        .map((r) => ({ resolution: RESOLUTION_EVENTS[r.type], side: r.side as ResolvedBy, count: num(r.n) }))
        .sort((a, b) => a.resolution.localeCompare(b.resolution) || a.side.localeCompare(b.side)),
      timeToResolution: durationOf("r"),
      timeToResumption: durationOf("s"),
      revenue: {
        atRiskNow: money(num(riskRows[0]?.amount), currency),
        ordersWaitingNow: num(riskRows[0]?.orders),
        cancelledUnits: money(num(cancelledRows[0]?.amount), currency),
        refunded: money(refunded, currency),
      },
      refunds: {
        buckets: buckets_,
        paidCount: num(paidRows[0]?.n),
        paidAmount: money(num(paidRows[0]?.amount), currency),
        averageSecondsToPayout: num(paidRows[0]?.n) === 0 ? null : numOrNull(paidRows[0]?.avg_secs),
      },
      topSkus: top.flatMap((t) => {
        const s = details.get(Number(t.sku_id));
        if (!s) return [];
        return [
          {
            skuId: String(t.sku_id),
            code: s.code,
            name: s.name,
            ordersAffected: num(t.orders),
            unitsShort: num(t.units),
            daysOutOfStock: num(t.days),
            availableNow: num(s.available),
            incoming: num(s.incoming),
            nextExpectedOn: nextOn(s.next_on),
          },
        ];
      }),
      afterDelivery: {
        claimsByOutcome: claimRows
          .map((r) => ({ status: r.status as ClaimStatus, outcome: (r.outcome ?? null) as ClaimOutcome | null, count: num(r.n), units: num(r.units) }))
          .sort((a, b) => a.status.localeCompare(b.status) || (a.outcome ?? "").localeCompare(b.outcome ?? "")),
        returnsByReason: returnRows.map((r) => ({ reason: r.reason as ReturnReason, count: num(r.n), units: num(r.units) })).sort((a, b) => a.reason.localeCompare(b.reason)),
        bySku: adRows.map((r) => ({
          skuId: String(r.sku_id),
          code: r.code,
          name: r.name,
          claims: num(r.claims),
          unitsClaimed: num(r.claimed),
          returns: num(r.returns),
          unitsReturned: num(r.returned),
        })),
      },
    };
  }
}
