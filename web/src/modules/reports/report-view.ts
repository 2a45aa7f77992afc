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
  incoming: number;
  incomingEta: string | null;
};

export type AfterSalesRow = { type: "CLAIM" | "RETURN"; reason: string; skuCode: string; skuName: string; count: number; units: number };

export type ReportView = {
  currency: string;
  summary: Summary;
  previous: Summary | null;
  daily: DailyRow[];
  resolutions: ResolutionRow[];
  toResolution: DurationStats;
  toResumption: DurationStats;
  revenueAtRisk: MoneyValue;
  ordersAtRisk: number;
  revenueLost: MoneyValue;
  refunds: RefundRow[];
  refundsPaid: MoneyValue | null;
  averagePayoutMs: number | null;
  topSkus: SkuRow[];
  afterSales: AfterSalesRow[];
};

/** Nothing at all happened in the range (a new shop): the page shows its empty state. */
export function isEmptyReport(view: ReportView): boolean {
  return (
    view.summary.placed === 0 &&
    view.resolutions.every((row) => row.total === 0) &&
    view.refunds.length === 0 &&
    view.topSkus.length === 0 &&
    view.afterSales.length === 0 &&
    view.revenueAtRisk.amount === 0
  );
}
