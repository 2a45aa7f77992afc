import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat, useNow } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { TableSkeleton } from "../../../app/ui/States";
import type { QueueOrderRowFragment } from "../../../generated/graphql";
import { canResolve } from "../resolutions";
import "./QueueTable.css";

const COLUMNS = 7;

type Props = {
  /** null while the first page loads. */
  orders: readonly QueueOrderRowFragment[] | null;
  stale?: boolean;
  onResolve: (order: QueueOrderRowFragment) => void;
};

/** The work queue, oldest first: what each order lacks and for how long. The row opens the order. */
export function QueueTable({ orders, stale, onResolve }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const now = useNow();
  const column = {
    number: t("stockouts.columns.number"),
    customer: t("stockouts.columns.customer"),
    missing: t("stockouts.columns.missing"),
    waitingSince: t("stockouts.columns.waitingSince"),
    status: t("stockouts.columns.status"),
    total: t("stockouts.columns.total"),
    actions: t("stockouts.columns.actions"),
  };

  return (
    <div className="table-scroll">
      <table className={`table table--stack queue-table${stale ? " list-table--stale" : ""}`} data-testid="queue-table">
        <thead>
          <tr>
            <th scope="col">{column.number}</th>
            <th scope="col">{column.customer}</th>
            <th scope="col">{column.missing}</th>
            <th scope="col">{column.waitingSince}</th>
            <th scope="col">{column.status}</th>
            <th scope="col" className="numeric">{column.total}</th>
            <th scope="col">
              <span className="visually-hidden">{column.actions}</span>
            </th>
          </tr>
        </thead>
        {orders === null ? (
          <TableSkeleton columns={COLUMNS} />
        ) : (
          <tbody>
            {orders.map((order) => {
              const missing = order.lines.filter((line) => line.short > 0);
              return (
                <tr
                  key={order.id}
                  className="queue-table__row"
                  onClick={(event) => {
                    // The number is a real link and "Resolver" a button; elsewhere the row opens the order.
                    if (!(event.target as HTMLElement).closest("a, button")) navigate(`/orders/${order.id}`);
                  }}
                  data-testid="queue-row"
                  data-order-number={order.number}
                  data-status={order.status}
                >
                  <td data-label={column.number} className="queue-table__cell--number">
                    <Link
                      to={`/orders/${order.id}`}
                      className="queue-table__number"
                      aria-label={t("orders.openOrder", { number: order.number })}
                    >
                      {t("orders.number", { number: order.number })}
                    </Link>
                  </td>
                  <td data-label={column.customer} className="queue-table__customer">
                    {order.customer.name}
                  </td>
                  <td data-label={column.missing} className="queue-table__cell--missing">
                    <ul className="queue-table__missing" data-testid="queue-missing">
                      {missing.map((line) => (
                        <li key={line.id} title={line.name} data-sku-code={line.skuCode} data-short={line.short}>
                          <span className="mono">{line.skuCode}</span>{" "}
                          <span className="queue-table__short">{t("stockouts.short", { count: line.short })}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label={column.waitingSince} className="queue-table__since">
                    <time dateTime={order.placedAt} title={format.longDateTime(order.placedAt)} data-testid="queue-waiting-since">
                      {format.relativeTime(order.placedAt, now)}
                    </time>
                  </td>
                  <td data-label={column.status} className="queue-table__cell--status">
                    <StatusBadge kind="order" status={order.status} />
                  </td>
                  <td data-label={column.total} className="numeric queue-table__cell--total">
                    {format.money(order.total)}
                  </td>
                  <td className="queue-table__actions">
                    {canResolve(order) && (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => onResolve(order)}
                        aria-label={t("stockouts.resolveOrder", { number: order.number })}
                        data-testid="resolve-order"
                      >
                        {t("stockouts.resolve")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        )}
      </table>
    </div>
  );
}
