import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat, useNow } from "../../../app/format";
import { DataTable, type DataColumn, type TableSelection, type TableSort } from "../../../app/ui/DataTable";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { QueueOrderRowFragment } from "../../../generated/graphql";
import { canResolve } from "../resolutions";
import "./QueueTable.css";

type Props = {
  /** null while the first page loads. */
  orders: readonly QueueOrderRowFragment[] | null;
  stale?: boolean;
  onResolve: (order: QueueOrderRowFragment) => void;
  /** Sortable headers (waiting since, missing units, total). */
  sort?: TableSort;
  /** The selection column for a bulk resolution. */
  selection?: TableSelection<QueueOrderRowFragment>;
};

/** The columns the queue sorts by, and the server's sort key of each. */
export const QUEUE_SORT_COLUMNS = { waitingSince: "WAITING_SINCE", missing: "MISSING_UNITS", total: "VALUE" } as const;

/**
 * The work queue in the order arriving stock serves it: priority orders first (with a badge), then
 * oldest first; what each order lacks and for how long. The row opens the order.
 */
export function QueueTable({ orders, stale, onResolve, sort, selection }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  const columns = useMemo(
    (): DataColumn<QueueOrderRowFragment>[] => [
      {
        id: "number",
        header: t("stockouts.columns.number"),
        className: "queue-table__cell--number",
        // The number is a real link and "Resolver" a button; elsewhere the row opens the order.
        cell: (order) => (
          <Link to={`/orders/${order.id}`} className="data-table__key queue-table__number" aria-label={t("orders.openOrder", { number: order.number })}>
            {t("orders.number", { number: order.number })}
          </Link>
        ),
      },
      { id: "customer", header: t("stockouts.columns.customer"), className: "queue-table__customer", cell: (order) => order.customer.name },
      {
        id: "missing",
        header: t("stockouts.columns.missing"),
        sortable: true,
        className: "queue-table__cell--missing",
        cell: (order) => (
          <>
            <ul className="queue-table__missing" data-testid="queue-missing">
              {order.lines
                .filter((line) => line.short > 0)
                .map((line) => (
                  <li key={line.id} title={line.name} data-sku-code={line.skuCode} data-short={line.short}>
                    <span className="mono">{line.skuCode}</span> <span className="queue-table__short">{t("stockouts.short", { count: line.short })}</span>
                  </li>
                ))}
            </ul>
            <p className="queue-table__expected" data-testid="queue-expected" data-expected-on={order.expectedRestockOn ?? undefined}>
              {order.expectedRestockOn ? t("expected.on", { date: format.calendarDate(order.expectedRestockOn) }) : t("expected.none")}
            </p>
          </>
        ),
      },
      {
        id: "waitingSince",
        header: t("stockouts.columns.waitingSince"),
        sortable: true,
        className: "queue-table__since",
        cell: (order) => (
          <time dateTime={order.placedAt} title={format.longDateTime(order.placedAt)} data-testid="queue-waiting-since">
            {format.relativeTime(order.placedAt, now)}
          </time>
        ),
      },
      {
        id: "status",
        header: t("stockouts.columns.status"),
        className: "queue-table__cell--status",
        cell: (order) => (
          <>
            <StatusBadge kind="order" status={order.status} />
            {order.priority && (
              <>
                {" "}
                <StatusBadge kind="priority" reason={order.priorityReason} />
              </>
            )}
          </>
        ),
      },
      { id: "total", header: t("stockouts.columns.total"), sortable: true, className: "numeric queue-table__cell--total", cell: (order) => format.money(order.total) },
      {
        id: "actions",
        header: t("stockouts.columns.actions"),
        headerHidden: true,
        className: "queue-table__actions",
        cell: (order) =>
          canResolve(order) && (
            <button
              type="button"
              className="button button--small"
              onClick={() => onResolve(order)}
              aria-label={t("stockouts.resolveOrder", { number: order.number })}
              data-testid="resolve-order"
            >
              {t("stockouts.resolve")}
            </button>
          ),
      },
    ],
    [t, format, now, onResolve],
  );

  return (
    <DataTable
      columns={columns}
      rows={orders}
      rowId={(order) => order.id}
      rowHref={(order) => `/orders/${order.id}`}
      rowAttributes={(order) => ({ "data-testid": "queue-row", "data-order-number": order.number, "data-status": order.status, "data-priority": order.priority ? "true" : undefined })}
      className="queue-table"
      rowClassName="queue-table__row"
      testId="queue-table"
      stale={stale}
      sort={sort}
      selection={selection}
      keyboard
    />
  );
}
