import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { relativeChange } from "../range";

type Props = {
  current: number | null | undefined;
  previous: number | null | undefined;
  /** "up" when a rise is good news (orders placed); "down" when a fall is (cancel rate). */
  better: "up" | "down";
  /** Shares (rates) compare in percentage points, counts and money in percent. */
  kind?: "relative" | "points";
  testId?: string;
};

/**
 * The change against the previous period: an arrow, the figure and words ("▲ 12 % vs. período
 * anterior"), coloured good/bad, so the colour is never the only sign.
 */
export function Delta({ current, previous, better, kind = "relative", testId }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const change =
    kind === "points"
      ? current === null || current === undefined || previous === null || previous === undefined || !Number.isFinite(current) || !Number.isFinite(previous)
        ? null
        : current - previous
      : relativeChange(current, previous);
  if (change === null) {
    return (
      <span className="report-delta report-delta--none" data-testid={testId}>
        {t("reports.delta.none")}
      </span>
    );
  }
  const direction = Math.abs(change) < 0.0005 ? "same" : change > 0 ? "up" : "down";
  const tone = direction === "same" ? "neutral" : direction === better ? "good" : "bad";
  const figure = kind === "points" ? t("reports.delta.points", { value: format.number(Math.round(Math.abs(change) * 1000) / 10) }) : format.percent(Math.abs(change));
  return (
    <span className={`report-delta report-delta--${tone}`} data-testid={testId} data-direction={direction}>
      <span aria-hidden="true">{direction === "up" ? "▲" : direction === "down" ? "▼" : "="}</span>{" "}
      {direction === "same" ? t("reports.delta.same") : t(direction === "up" ? "reports.delta.up" : "reports.delta.down", { figure })}
    </span>
  );
}
