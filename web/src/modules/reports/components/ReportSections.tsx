import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { currencyFractionDigits, useFormat } from "../../../app/format";
import { share } from "../range";
import type { AfterSalesRow, AfterSalesSkuRow, DailyRow, DurationStats, RefundRow, ReportView, ResolutionRow, SkuRow } from "../report-view";
import { BarsChart, DailyChart } from "./charts";
import { Delta } from "./Delta";
import { ReportSection, type ReportColumn } from "./ReportSection";

/** Money in the CSV: major units as a plain number (12.5), the currency in its own column's header. */
const major = (amount: number, digits: number) => Number((amount / 10 ** digits).toFixed(digits));

type SectionProps = { view: ReportView; fileSuffix: string };

/** The headline figures with their change against the previous period. */
export function SummaryCards({ view }: { view: ReportView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { summary, previous } = view;
  const stockoutShare = share(summary.hitStockout, summary.placed);
  const cancelRate = share(summary.cancelled, summary.placed);
  const previousStockoutShare = previous ? share(previous.hitStockout, previous.placed) : null;
  const previousCancelRate = previous ? share(previous.cancelled, previous.placed) : null;
  return (
    <ul className="report-cards" data-testid="report-summary">
      <li className="card report-card" data-testid="report-placed">
        <span className="report-card__label">{t("reports.summary.placed")}</span>
        <span className="report-card__value" data-testid="report-placed-value">{format.number(summary.placed)}</span>
        <Delta current={summary.placed} previous={previous?.placed} better="up" testId="report-placed-delta" />
      </li>
      <li className="card report-card" data-testid="report-stockout-share">
        <span className="report-card__label">{t("reports.summary.hitStockout")}</span>
        <span className="report-card__value" data-testid="report-stockout-share-value">{format.percent(stockoutShare)}</span>
        <span className="report-card__detail">{t("reports.summary.ordersCount", { count: summary.hitStockout })}</span>
        <Delta current={stockoutShare} previous={previousStockoutShare} better="down" kind="points" testId="report-stockout-share-delta" />
      </li>
      <li className="card report-card" data-testid="report-cancel-rate">
        <span className="report-card__label">{t("reports.summary.cancelRate")}</span>
        <span className="report-card__value" data-testid="report-cancel-rate-value">{format.percent(cancelRate)}</span>
        <span className="report-card__detail">{t("reports.summary.cancelledCount", { count: summary.cancelled })}</span>
        <Delta current={cancelRate} previous={previousCancelRate} better="down" kind="points" testId="report-cancel-rate-delta" />
      </li>
      <li className="card report-card" data-testid="report-at-risk">
        <span className="report-card__label">{t("reports.summary.atRisk")}</span>
        <span className="report-card__value" data-testid="report-at-risk-value">{format.money(view.revenueAtRisk)}</span>
        <span className="report-card__detail">{t("reports.summary.atRiskDetail", { count: view.ordersAtRisk })}</span>
      </li>
      <li className="card report-card" data-testid="report-lost">
        <span className="report-card__label">{t("reports.summary.lost")}</span>
        <span className="report-card__value" data-testid="report-lost-value">{format.money(view.revenueLost)}</span>
        <span className="report-card__detail">{t("reports.summary.lostDetail", { refunded: format.money(view.refunded) })}</span>
      </li>
    </ul>
  );
}

export function DailySection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<ReportColumn<DailyRow>[]>(
    () => [
      { id: "day", header: t("reports.daily.day"), cell: (row) => format.calendarDate(row.day), csv: (row) => row.day },
      { id: "placed", header: t("reports.daily.placed"), className: "numeric", cell: (row) => format.number(row.placed), csv: (row) => row.placed },
      { id: "hitStockout", header: t("reports.daily.hitStockout"), className: "numeric", cell: (row) => format.number(row.hitStockout), csv: (row) => row.hitStockout },
      { id: "cancelled", header: t("reports.daily.cancelled"), className: "numeric", cell: (row) => format.number(row.cancelled), csv: (row) => row.cancelled },
    ],
    [t, format],
  );
  const series = [
    { key: "placed" as const, name: t("reports.daily.placed") },
    { key: "hitStockout" as const, name: t("reports.daily.hitStockout") },
    { key: "cancelled" as const, name: t("reports.daily.cancelled") },
  ];
  const anything = view.daily.some((row) => row.placed + row.hitStockout + row.cancelled > 0);
  return (
    <ReportSection
      id="daily"
      title={t("reports.daily.title")}
      chart={<DailyChart label={t("reports.daily.chartLabel")} data={view.daily} series={series} formatDay={format.calendarDate} formatValue={format.number} />}
      columns={columns}
      rows={anything ? view.daily : []}
      rowId={(row) => row.day}
      emptyText={t("reports.daily.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

export function ResolutionsSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<ReportColumn<ResolutionRow>[]>(
    () => [
      { id: "kind", header: t("reports.resolutions.kind"), cell: (row) => t(`reports.resolutionKind.${row.kind}`, { defaultValue: row.kind }), csv: (row) => t(`reports.resolutionKind.${row.kind}`, { defaultValue: row.kind }) },
      { id: "merchant", header: t("reports.resolutions.merchant"), className: "numeric", cell: (row) => format.number(row.merchant), csv: (row) => row.merchant },
      { id: "customer", header: t("reports.resolutions.customer"), className: "numeric", cell: (row) => format.number(row.customer), csv: (row) => row.customer },
      { id: "total", header: t("reports.resolutions.total"), className: "numeric", cell: (row) => format.number(row.total), csv: (row) => row.total },
    ],
    [t, format],
  );
  const rows = view.resolutions.filter((row) => row.total > 0);
  const data = rows.map((row) => ({ name: t(`reports.resolutionKind.${row.kind}`, { defaultValue: row.kind }), merchant: row.merchant, customer: row.customer }));
  return (
    <ReportSection
      id="resolutions"
      title={t("reports.resolutions.title")}
      chart={
        <BarsChart
          label={t("reports.resolutions.chartLabel")}
          data={data}
          series={[
            { key: "merchant", name: t("reports.resolutions.merchant") },
            { key: "customer", name: t("reports.resolutions.customer") },
          ]}
          formatValue={format.number}
          stacked
        />
      }
      columns={columns}
      rows={rows}
      rowId={(row) => row.kind}
      emptyText={t("reports.resolutions.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

type TimingRow = { id: string; label: string; stats: DurationStats };

export function TimingSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);
  const columns = useMemo<ReportColumn<TimingRow>[]>(
    () => [
      { id: "measure", header: t("reports.timing.measure"), cell: (row) => row.label, csv: (row) => row.label },
      { id: "count", header: t("reports.timing.count"), className: "numeric", cell: (row) => format.number(row.stats.count), csv: (row) => row.stats.count },
      { id: "median", header: t("reports.timing.median"), className: "numeric", cell: (row) => format.duration(row.stats.medianMs), csv: (row) => hours(row.stats.medianMs) },
      { id: "p90", header: t("reports.timing.p90"), className: "numeric", cell: (row) => format.duration(row.stats.p90Ms), csv: (row) => hours(row.stats.p90Ms) },
    ],
    [t, format],
  );
  const rows: TimingRow[] = [
    { id: "resolution", label: t("reports.timing.toResolution"), stats: view.toResolution },
    { id: "resumption", label: t("reports.timing.toResumption"), stats: view.toResumption },
  ].filter((row) => row.stats.count > 0);
  return (
    <ReportSection
      id="timing"
      title={t("reports.timing.title")}
      description={t("reports.timing.description")}
      columns={columns}
      rows={rows}
      rowId={(row) => row.id}
      emptyText={t("reports.timing.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

export function RefundsSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<ReportColumn<RefundRow>[]>(
    () => [
      { id: "destination", header: t("reports.refunds.destination"), cell: (row) => t(`refundDestination.${row.destination}`, { defaultValue: row.destination }), csv: (row) => t(`refundDestination.${row.destination}`, { defaultValue: row.destination }) },
      { id: "status", header: t("reports.refunds.status"), cell: (row) => t(`refundStatus.${row.status}`, { defaultValue: row.status }), csv: (row) => t(`refundStatus.${row.status}`, { defaultValue: row.status }) },
      { id: "count", header: t("reports.refunds.count"), className: "numeric", cell: (row) => format.number(row.count), csv: (row) => row.count },
      {
        id: "amount",
        header: t("reports.refunds.amount", { currency: view.currency }),
        className: "numeric",
        cell: (row) => format.money(row.amount),
        csv: (row) => major(row.amount.amount, currencyFractionDigits(row.amount.currency)),
      },
    ],
    [t, format, view.currency],
  );
  const data = view.refunds.map((row) => ({
    name: `${t(`refundDestination.${row.destination}`, { defaultValue: row.destination })} · ${t(`refundStatus.${row.status}`, { defaultValue: row.status })}`,
    count: row.count,
  }));
  return (
    <ReportSection
      id="refunds"
      title={t("reports.refunds.title")}
      description={
        view.refunds.length > 0
          ? [
              view.refundsPaidCount > 0 ? t("reports.refunds.paid", { count: view.refundsPaidCount, amount: format.money(view.refundsPaid) }) : null,
              view.averagePayoutMs !== null ? t("reports.refunds.averagePayout", { duration: format.duration(view.averagePayoutMs) }) : null,
            ]
              .filter(Boolean)
              .join(" · ") || undefined
          : undefined
      }
      chart={<BarsChart label={t("reports.refunds.chartLabel")} data={data} series={[{ key: "count", name: t("reports.refunds.count") }]} formatValue={format.number} />}
      columns={columns}
      rows={view.refunds}
      rowId={(row) => `${row.destination}:${row.status}`}
      emptyText={t("reports.refunds.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

export function TopSkusSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<ReportColumn<SkuRow>[]>(
    () => [
      { id: "code", header: t("reports.skus.code"), className: "mono", cell: (row) => row.code, csv: (row) => row.code },
      { id: "name", header: t("reports.skus.name"), cell: (row) => row.name, csv: (row) => row.name },
      { id: "orders", header: t("reports.skus.ordersAffected"), className: "numeric", cell: (row) => format.number(row.ordersAffected), csv: (row) => row.ordersAffected },
      { id: "short", header: t("reports.skus.unitsShort"), className: "numeric", cell: (row) => format.number(row.unitsShort), csv: (row) => row.unitsShort },
      { id: "days", header: t("reports.skus.daysOut"), className: "numeric", cell: (row) => format.number(row.daysOutOfStock), csv: (row) => row.daysOutOfStock },
      { id: "available", header: t("reports.skus.availableNow"), className: "numeric", cell: (row) => format.number(row.availableNow), csv: (row) => row.availableNow },
      {
        id: "incoming",
        header: t("reports.skus.incoming"),
        className: "numeric",
        cell: (row) => (row.incoming > 0 ? format.number(row.incoming) : "—"),
        csv: (row) => row.incoming,
      },
      { id: "eta", header: t("reports.skus.eta"), cell: (row) => (row.incomingEta ? format.calendarDate(row.incomingEta) : "—"), csv: (row) => row.incomingEta ?? "" },
    ],
    [t, format],
  );
  const data = view.topSkus.map((row) => ({ name: row.code, ordersAffected: row.ordersAffected }));
  return (
    <ReportSection
      id="skus"
      title={t("reports.skus.title")}
      description={t("reports.skus.description")}
      chart={<BarsChart label={t("reports.skus.chartLabel")} data={data} series={[{ key: "ordersAffected", name: t("reports.skus.ordersAffected") }]} formatValue={format.number} />}
      columns={columns}
      rows={view.topSkus}
      rowId={(row) => row.skuId}
      emptyText={t("reports.skus.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

/** What a claims/returns row is about: a claim's status and outcome, or a return's reason. */
function useAfterSalesLabel() {
  const { t } = useTranslation();
  return (row: AfterSalesRow): string => {
    if (row.type === "RETURN") return t(`returns.reason.${row.reason as "OTHER"}`, { defaultValue: row.reason ?? "" });
    const status = t(`claims.status.${row.status as "OPEN"}`, { defaultValue: row.status ?? "" });
    return row.outcome ? `${status} · ${t(`claims.outcome.${row.outcome as "RESHIP"}`, { defaultValue: row.outcome })}` : status;
  };
}

export function AfterSalesSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useAfterSalesLabel();
  const columns = useMemo<ReportColumn<AfterSalesRow>[]>(
    () => [
      { id: "type", header: t("reports.afterSales.type"), cell: (row) => t(`reports.afterSales.kind.${row.type}`), csv: (row) => t(`reports.afterSales.kind.${row.type}`) },
      { id: "reason", header: t("reports.afterSales.reasonLabel"), cell: label, csv: label },
      { id: "count", header: t("reports.afterSales.count"), className: "numeric", cell: (row) => format.number(row.count), csv: (row) => row.count },
      { id: "units", header: t("reports.afterSales.units"), className: "numeric", cell: (row) => format.number(row.units), csv: (row) => row.units },
    ],
    [t, format, label],
  );
  const data = view.afterSales.map((row) => ({ name: `${t(`reports.afterSales.kind.${row.type}`)}: ${label(row)}`, count: row.count }));
  return (
    <ReportSection
      id="after-sales"
      title={t("reports.afterSales.title")}
      description={t("reports.afterSales.description")}
      chart={<BarsChart label={t("reports.afterSales.chartLabel")} data={data} series={[{ key: "count", name: t("reports.afterSales.count") }]} formatValue={format.number} />}
      columns={columns}
      rows={view.afterSales}
      rowId={(row) => row.key}
      emptyText={t("reports.afterSales.empty")}
      fileSuffix={fileSuffix}
    />
  );
}

export function AfterSalesSkusSection({ view, fileSuffix }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<ReportColumn<AfterSalesSkuRow>[]>(
    () => [
      { id: "code", header: t("reports.skus.code"), className: "mono", cell: (row) => row.code, csv: (row) => row.code },
      { id: "name", header: t("reports.skus.name"), cell: (row) => row.name, csv: (row) => row.name },
      { id: "claims", header: t("reports.afterSales.kind.CLAIM"), className: "numeric", cell: (row) => format.number(row.claims), csv: (row) => row.claims },
      { id: "unitsClaimed", header: t("reports.afterSales.unitsClaimed"), className: "numeric", cell: (row) => format.number(row.unitsClaimed), csv: (row) => row.unitsClaimed },
      { id: "returns", header: t("reports.afterSales.kind.RETURN"), className: "numeric", cell: (row) => format.number(row.returns), csv: (row) => row.returns },
      { id: "unitsReturned", header: t("reports.afterSales.unitsReturned"), className: "numeric", cell: (row) => format.number(row.unitsReturned), csv: (row) => row.unitsReturned },
    ],
    [t, format],
  );
  const data = view.afterSalesSkus.map((row) => ({ name: row.code, unitsClaimed: row.unitsClaimed, unitsReturned: row.unitsReturned }));
  return (
    <ReportSection
      id="after-sales-skus"
      title={t("reports.afterSales.bySkuTitle")}
      chart={
        <BarsChart
          label={t("reports.afterSales.bySkuChartLabel")}
          data={data}
          series={[
            { key: "unitsClaimed", name: t("reports.afterSales.unitsClaimed") },
            { key: "unitsReturned", name: t("reports.afterSales.unitsReturned") },
          ]}
          formatValue={format.number}
          stacked
        />
      }
      columns={columns}
      rows={view.afterSalesSkus}
      rowId={(row) => row.skuId}
      emptyText={t("reports.afterSales.empty")}
      fileSuffix={fileSuffix}
    />
  );
}
