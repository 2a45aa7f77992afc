import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CsvCell } from "../../../app/csv";
import { downloadCsv } from "../../../app/download";
import type { RowData } from "@tanstack/react-table";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";

/** A table column that also says what its CSV cell holds (a plain number, not "R$ 1.234,50"). */
export type ReportColumn<T> = DataColumn<T> & { csv: (row: T) => CsvCell };

type Props<T> = {
  /** Stable id: the CSV file's name and the test ids. */
  id: string;
  title: string;
  description?: string;
  /** The chart (a picture of the table); the table under it is the accessible version. */
  chart?: ReactNode;
  columns: readonly ReportColumn<T>[];
  rows: readonly T[];
  rowId: (row: T) => string;
  /** Shown instead of the chart and table when there are no rows. */
  emptyText: string;
  /** Part of the CSV file name, e.g. the range "2026-10-01_2026-10-31". */
  fileSuffix: string;
};

/**
 * One section of the report: heading, the chart in a <figure> with its caption, the same figures as
 * a table (open under "Ver tabela" when there is a chart, else shown), and "Baixar CSV" of that table.
 */
export function ReportSection<T extends RowData>({ id, title, description, chart, columns, rows, rowId, emptyText, fileSuffix }: Props<T>) {
  const { t } = useTranslation();
  const headingId = useId();
  const exportCsv = () =>
    downloadCsv(
      `${id}_${fileSuffix}.csv`,
      columns.map((column) => column.header),
      rows.map((row) => columns.map((column) => column.csv(row))),
    );
  const table = <DataTable columns={columns} rows={rows} rowId={rowId} testId={`report-${id}-table`} className="report-table" label={title} />;
  return (
    <section className="card report-section" aria-labelledby={headingId} data-testid={`report-${id}`}>
      <div className="card__header report-section__header">
        <h2 id={headingId}>{title}</h2>
        {rows.length > 0 && (
          <button type="button" className="button button--small" onClick={exportCsv} data-testid={`report-${id}-csv`}>
            {t("reports.csv")}
            <span className="visually-hidden"> — {title}</span>
          </button>
        )}
      </div>
      <div className="card__body">
        {description && <p className="muted report-section__description">{description}</p>}
        {rows.length === 0 ? (
          <p className="report-section__empty" data-testid={`report-${id}-empty`}>
            {emptyText}
          </p>
        ) : chart ? (
          <>
            <figure className="report-figure">
              {chart}
              <figcaption className="visually-hidden">{title}</figcaption>
            </figure>
            <details className="report-section__table">
              <summary>{t("reports.showTable")}</summary>
              {table}
            </details>
          </>
        ) : (
          table
        )}
      </div>
    </section>
  );
}
