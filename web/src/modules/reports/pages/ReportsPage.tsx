import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useFormat, zonedToday } from "../../../app/format";
import { useChoiceSearchParam } from "../../../app/url-state";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { RangePicker } from "../components/RangePicker";
import { AfterSalesSection, AfterSalesSkusSection, DailySection, RefundsSection, ResolutionsSection, SummaryCards, TimingSection, TopSkusSection } from "../components/ReportSections";
import { previousRange, RANGE_CHOICES, resolveRange, type DayRange } from "../range";
import { isEmptyReport } from "../report-view";
import { useReportView } from "../use-report";
import "../reports.css";

/**
 * /reports?range=30 (or ?range=custom&from=…&to=…): what stockouts cost the shop over a range of
 * days in the shop's time zone, against the period before. Loaded lazily (App.tsx): the charting
 * library comes with this page only.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [, setSearchParams] = useSearchParams();
  const [choiceParam] = useChoiceSearchParam("range", RANGE_CHOICES);
  const [params] = useSearchParams();
  // "Today" is the shop's, not the browser's; until the shop's zone is known, nothing is asked.
  const today = format.timeZone ? zonedToday(format.timeZone) : null;
  const resolved = today ? resolveRange(choiceParam, params.get("from"), params.get("to"), today) : null;
  const range = resolved?.range ?? null;
  const previous = range ? previousRange(range) : null;
  const { view, loading, error, refetch } = useReportView(range);

  const setRange = (choice: string, custom?: DayRange) =>
    setSearchParams(() => {
      const next = new URLSearchParams(window.location.search);
      next.set("range", choice);
      if (custom) {
        next.set("from", custom.from);
        next.set("to", custom.to);
      } else {
        next.delete("from");
        next.delete("to");
      }
      return next;
    });

  const fileSuffix = range ? `${range.from}_${range.to}` : "";
  return (
    <section className="reports-page" aria-busy={loading || undefined}>
      <div className="list-page__header">
        <h1>{t("reports.title")}</h1>
      </div>
      {resolved && today && range && previous && (
        <>
          <RangePicker choice={resolved.choice} range={range} today={today} onPreset={(preset) => setRange(preset)} onCustom={(custom) => setRange("custom", custom)} />
          <p className="muted report-range__caption" data-testid="report-range-caption">
            {t("reports.range.caption", {
              from: format.calendarDate(range.from),
              to: format.calendarDate(range.to),
              previousFrom: format.calendarDate(previous.from),
              previousTo: format.calendarDate(previous.to),
              zone: format.timeZone,
            })}
          </p>
          {resolved.invalid && (
            <p className="alert alert--warning" role="status" data-testid="report-range-invalid">
              {t("reports.range.invalidUrl")}
            </p>
          )}
        </>
      )}
      {error && !view ? (
        <ErrorState onRetry={() => void refetch()} />
      ) : !view ? (
        <p className="muted" role="status" data-testid="report-loading">
          {t("common.loading")}
        </p>
      ) : isEmptyReport(view) ? (
        <EmptyState title={t("reports.emptyTitle")} testId="report-empty">
          {t("reports.emptyBody")}
        </EmptyState>
      ) : (
        <div className="reports" data-testid="report" data-loading={loading || undefined}>
          <SummaryCards view={view} />
          <DailySection view={view} fileSuffix={fileSuffix} />
          <TopSkusSection view={view} fileSuffix={fileSuffix} />
          <ResolutionsSection view={view} fileSuffix={fileSuffix} />
          <TimingSection view={view} fileSuffix={fileSuffix} />
          <RefundsSection view={view} fileSuffix={fileSuffix} />
          <AfterSalesSection view={view} fileSuffix={fileSuffix} />
          <AfterSalesSkusSection view={view} fileSuffix={fileSuffix} />
        </div>
      )}
    </section>
  );
}
