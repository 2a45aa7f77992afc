import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../app/ui/Field";
import { isDay, MAX_RANGE_DAYS, RANGE_PRESETS, rangeLength, type DayRange, type RangeChoice } from "../range";

type Props = {
  choice: RangeChoice;
  range: DayRange;
  /** The shop's today (`YYYY-MM-DD`): the last day a custom range may end on. */
  today: string;
  onPreset: (preset: (typeof RANGE_PRESETS)[number]) => void;
  onCustom: (range: DayRange) => void;
};

/** Presets (7, 30, 90 days) as a button group, and a custom pair of days applied together. */
export function RangePicker({ choice, range, today, onPreset, onCustom }: Props) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState(choice === "custom");
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  // Back/forward or a preset changed the range: the inputs show it.
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
    if (choice === "custom") setCustom(true);
  }, [range.from, range.to, choice]);

  const error = !isDay(from) || !isDay(to)
    ? t("reports.range.errorMissing")
    : from > to
      ? t("reports.range.errorOrder")
      : to > today
        ? t("reports.range.errorFuture")
        : rangeLength({ from, to }) > MAX_RANGE_DAYS
          ? t("reports.range.errorTooLong", { days: MAX_RANGE_DAYS })
          : null;

  return (
    <div className="report-range" data-testid="report-range">
      <div className="report-range__presets" role="group" aria-label={t("reports.range.label")}>
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="button button--small"
            aria-pressed={choice === preset && !custom}
            onClick={() => {
              setCustom(false);
              onPreset(preset);
            }}
            data-testid={`report-range-${preset}`}
          >
            {t("reports.range.lastDays", { count: Number(preset) })}
          </button>
        ))}
        <button type="button" className="button button--small" aria-pressed={custom} aria-expanded={custom} onClick={() => setCustom(true)} data-testid="report-range-custom">
          {t("reports.range.custom")}
        </button>
      </div>
      {custom && (
        <form
          className="report-range__custom"
          onSubmit={(event) => {
            event.preventDefault();
            if (!error) onCustom({ from, to });
          }}
        >
          <Field label={t("reports.range.from")}>
            {(control) => <input {...control} className="input" type="date" value={from} max={today} onChange={(event) => setFrom(event.target.value)} data-testid="report-range-from" />}
          </Field>
          <Field label={t("reports.range.to")} error={error} testId="report-range">
            {(control) => <input {...control} className="input" type="date" value={to} max={today} onChange={(event) => setTo(event.target.value)} data-testid="report-range-to" />}
          </Field>
          <button type="submit" className="button button--primary" disabled={!!error} data-testid="report-range-apply">
            {t("reports.range.apply")}
          </button>
        </form>
      )}
    </div>
  );
}
