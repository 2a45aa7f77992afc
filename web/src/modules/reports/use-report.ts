import { useReportQuery, type ReportQuery } from "../../generated/graphql";
import { RESOLUTIONS } from "../stockouts/resolutions";
import type { DayRange } from "./range";
import type { DurationStats, ReportView, ResolutionRow } from "./report-view";

type Report = ReportQuery["report"];

const durations = (stats: Report["timeToResolution"]): DurationStats => ({
  count: stats.count,
  medianMs: stats.medianSeconds === null || stats.medianSeconds === undefined ? null : stats.medianSeconds * 1000,
  p90Ms: stats.p90Seconds === null || stats.p90Seconds === undefined ? null : stats.p90Seconds * 1000,
});

/** The GraphQL answer in the page's terms (see report-view.ts). */
export function toReportView(report: Report): ReportView {
  const period = (p: Report["current"]) => ({ placed: p.ordersPlaced, hitStockout: p.ordersHitStockout, cancelled: p.ordersCancelled });
  // One row per resolution, the shop's and the customer's side by side, in the dialog's order.
  const byKind = new Map<string, ResolutionRow>();
  for (const row of report.resolutions) {
    const entry = byKind.get(row.resolution) ?? { kind: row.resolution, merchant: 0, customer: 0, total: 0 };
    if (row.side === "CUSTOMER") entry.customer += row.count;
    else entry.merchant += row.count;
    entry.total += row.count;
    byKind.set(row.resolution, entry);
  }
  const order = (kind: string) => {
    const index = (RESOLUTIONS as readonly string[]).indexOf(kind);
    return index < 0 ? RESOLUTIONS.length : index;
  };
  const { afterDelivery, refunds, revenue } = report;
  return {
    currency: report.currency,
    summary: period(report.current),
    previous: period(report.previous),
    daily: report.daily.map((day) => ({ day: day.date, placed: day.ordersPlaced, hitStockout: day.ordersHitStockout, cancelled: day.ordersCancelled })),
    resolutions: [...byKind.values()].sort((a, b) => order(a.kind) - order(b.kind)),
    toResolution: durations(report.timeToResolution),
    toResumption: durations(report.timeToResumption),
    revenueAtRisk: revenue.atRiskNow,
    ordersAtRisk: revenue.ordersWaitingNow,
    revenueLost: revenue.cancelledUnits,
    refunded: revenue.refunded,
    refunds: refunds.buckets.map((bucket) => ({ destination: bucket.destination, status: bucket.status, count: bucket.count, amount: bucket.amount })),
    refundsPaidCount: refunds.paidCount,
    refundsPaid: refunds.paidAmount,
    averagePayoutMs: refunds.averageSecondsToPayout === null || refunds.averageSecondsToPayout === undefined ? null : refunds.averageSecondsToPayout * 1000,
    topSkus: report.topSkus.map((sku) => ({
      skuId: sku.skuId,
      code: sku.code,
      name: sku.name,
      ordersAffected: sku.ordersAffected,
      unitsShort: sku.unitsShort,
      daysOutOfStock: sku.daysOutOfStock,
      availableNow: sku.availableNow,
      incoming: sku.incoming,
      incomingEta: sku.nextExpectedOn ?? null,
    })),
    afterSales: [
      ...afterDelivery.claimsByOutcome.map((row) => ({
        type: "CLAIM" as const,
        key: `CLAIM:${row.status}:${row.outcome ?? ""}`,
        status: row.status,
        outcome: row.outcome ?? null,
        reason: null,
        count: row.count,
        units: row.units,
      })),
      ...afterDelivery.returnsByReason.map((row) => ({
        type: "RETURN" as const,
        key: `RETURN:${row.reason}`,
        status: null,
        outcome: null,
        reason: row.reason,
        count: row.count,
        units: row.units,
      })),
    ],
    afterSalesSkus: afterDelivery.bySku.map((row) => ({ ...row })),
  };
}

/**
 * The report for `range` (the server compares it with the same number of days before). While a new
 * range loads, the previous answer stays on screen.
 */
export function useReportView(range: DayRange | null): { view: ReportView | null; loading: boolean; error: unknown; refetch: () => Promise<unknown> } {
  const { data, previousData, loading, error, refetch } = useReportQuery({
    variables: { range: { from: range?.from ?? "", to: range?.to ?? "" } },
    skip: !range,
    // Figures move with every order: read them again on each visit.
    fetchPolicy: "cache-and-network",
  });
  const report = (data ?? previousData)?.report;
  return { view: report ? toReportView(report) : null, loading, error, refetch };
}
