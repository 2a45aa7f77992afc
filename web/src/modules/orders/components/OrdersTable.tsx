import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { OrderRowFragment } from "../../../generated/graphql";
import "./OrdersTable.css";

type Props = { orders: readonly OrderRowFragment[] | null; stale?: boolean };

/** Orders, newest first; the whole row opens the order. `orders` null while the first page loads. */
export function OrdersTable({ orders, stale }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    (): DataColumn<OrderRowFragment>[] => [
      {
        id: "number",
        header: t("orders.columns.number"),
        className: "orders-table__cell--number",
        // The number is a real link (keyboard, new tab); elsewhere the row opens the order.
        cell: (order) => (
          <Link to={`/orders/${order.id}`} className="data-table__key" aria-label={t("orders.openOrder", { number: order.number })}>
            {t("orders.number", { number: order.number })}
          </Link>
        ),
      },
      { id: "customer", header: t("orders.columns.customer"), className: "orders-table__customer", cell: (order) => order.customer.name },
      { id: "status", header: t("orders.columns.status"), className: "orders-table__cell--status", cell: (order) => <StatusBadge kind="order" status={order.status} /> },
      {
        id: "items",
        header: t("orders.columns.items"),
        className: "orders-table__cell--items",
        cell: (order) => (
          <span className="orders-table__items">
            {t("orders.items", { count: order.lines.reduce((sum, line) => sum + line.quantity, 0) })}
            {order.missingQuantity > 0 && (
              <span className="orders-table__missing" data-testid="order-missing">
                {t("orders.missing", { count: order.missingQuantity })}
              </span>
            )}
          </span>
        ),
      },
      { id: "total", header: t("orders.columns.total"), className: "numeric orders-table__cell--total", cell: (order) => format.money(order.total) },
      {
        id: "placedAt",
        header: t("orders.columns.placedAt"),
        className: "orders-table__date data-table__muted",
        cell: (order) => (
          <time dateTime={order.placedAt} title={format.longDateTime(order.placedAt)}>
            {format.dateTime(order.placedAt)}
          </time>
        ),
      },
    ],
    [t, format],
  );

  return (
    <DataTable
      columns={columns}
      rows={orders}
      rowId={(order) => order.id}
      rowHref={(order) => `/orders/${order.id}`}
      rowAttributes={(order) => ({ "data-testid": "order-row", "data-order-number": order.number })}
      className="orders-table"
      rowClassName="orders-table__row"
      testId="orders-table"
      stale={stale}
    />
  );
}
