import type { MoneyValue } from "../../app/format";

/**
 * What the reports page shows, in the page's own terms. The GraphQL answer is mapped onto this in
 * one place (toReportView), so the sections do not follow every name of the schema.
 */
export type Summary = {
  placed: number;
  hitStockout: number;
  cancelled: number;
};

export type DailyRow = { day: string; placed: number; hitStockout: number; cancelled: number };

export type ResolutionRow = { kind: string; merchant: number; customer: number; total: number };

export type DurationStats = { count: number; medianMs: number | null; p90Ms: number | null };

export type RefundRow = { destination: string; status: string; count: number; amount: MoneyValue };

export type SkuRow = {
  skuId: string;
  code: string;
  name: string;
  ordersAffected: number;
  unitsShort: number;
  daysOutOfStock: number;
  availableNow: number;
  incoming: number;
  incomingEta: string | null;
};

/** Claims by status and outcome, and returns by reason: one row each. */
export type AfterSalesRow = { type: "CLAIM" | "RETURN"; key: string; status: string | null; outcome: string | null; reason: string | null; count: number; units: number };

export type AfterSalesSkuRow = { skuId: string; code: string; name: string; claims: number; unitsClaimed: number; returns: number; unitsReturned: number };

export type ReportView = {
  currency: string;
  summary: Summary;
  previous: Summary;
  daily: DailyRow[];
  resolutions: ResolutionRow[];
  toResolution: DurationStats;
  toResumption: DurationStats;
  revenueAtRisk: MoneyValue;
  ordersAtRisk: number;
  revenueLost: MoneyValue;
  refunded: MoneyValue;
  refunds: RefundRow[];
  refundsPaidCount: number;
  refundsPaid: MoneyValue;
  averagePayoutMs: number | null;
  topSkus: SkuRow[];
  afterSales: AfterSalesRow[];
  afterSalesSkus: AfterSalesSkuRow[];
};

/** Nothing at all happened in the range (a new shop): the page shows its empty state. */
export function isEmptyReport(view: ReportView): boolean {
  return (
    view.summary.placed === 0 &&
    view.resolutions.every((row) => row.total === 0) &&
    view.refunds.length === 0 &&
    view.topSkus.length === 0 &&
    view.afterSales.length === 0 &&
    view.afterSalesSkus.length === 0 &&
    view.revenueAtRisk.amount === 0
  );
}
