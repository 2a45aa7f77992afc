import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { TableSkeleton } from "../../../app/ui/States";
import type { OrderRowFragment } from "../../../generated/graphql";
import "./OrdersTable.css";

const COLUMNS = 6;

type Props = { orders: readonly OrderRowFragment[] | null; stale?: boolean };

/** Orders, newest first; the whole row opens the order. `orders` null while the first page loads. */
export function OrdersTable({ orders, stale }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const columns = {
    number: t("orders.columns.number"),
    customer: t("orders.columns.customer"),
    status: t("orders.columns.status"),
    items: t("orders.columns.items"),
    total: t("orders.columns.total"),
    placedAt: t("orders.columns.placedAt"),
  };

  return (
    <div className="table-scroll">
      <table className={`table table--stack orders-table${stale ? " list-table--stale" : ""}`} data-testid="orders-table">
        <thead>
          <tr>
            <th scope="col">{columns.number}</th>
            <th scope="col">{columns.customer}</th>
            <th scope="col">{columns.status}</th>
            <th scope="col">{columns.items}</th>
            <th scope="col" className="numeric">
              {columns.total}
            </th>
            <th scope="col">{columns.placedAt}</th>
          </tr>
        </thead>
        {orders === null ? (
          <TableSkeleton columns={COLUMNS} />
        ) : (
          <tbody>
            {orders.map((order) => {
              const items = order.lines.reduce((sum, line) => sum + line.quantity, 0);
              return (
                <tr
                  key={order.id}
                  className="orders-table__row"
                  onClick={(event) => {
                    // The number is a real link (keyboard, new tab); elsewhere the row opens the order.
                    if (!(event.target as HTMLElement).closest("a")) navigate(`/orders/${order.id}`);
                  }}
                  data-testid="order-row"
                  data-order-number={order.number}
                >
                  <td data-label={columns.number} className="orders-table__cell--number">
                    <Link
                      to={`/orders/${order.id}`}
                      className="orders-table__number"
                      aria-label={t("orders.openOrder", { number: order.number })}
                    >
                      {t("orders.number", { number: order.number })}
                    </Link>
                  </td>
                  <td data-label={columns.customer} className="orders-table__customer">
                    {order.customer.name}
                  </td>
                  <td data-label={columns.status} className="orders-table__cell--status">
                    <StatusBadge kind="order" status={order.status} />
                  </td>
                  <td data-label={columns.items} className="orders-table__cell--items">
                    <span className="orders-table__items">
                      {t("orders.items", { count: items })}
                      {order.missingQuantity > 0 && (
                        <span className="orders-table__missing" data-testid="order-missing">
                          {t("orders.missing", { count: order.missingQuantity })}
                        </span>
                      )}
                    </span>
                  </td>
                  <td data-label={columns.total} className="numeric orders-table__cell--total">
                    {format.money(order.total)}
                  </td>
                  <td data-label={columns.placedAt} className="orders-table__date">
                    <time dateTime={order.placedAt} title={format.longDateTime(order.placedAt)}>
                      {format.dateTime(order.placedAt)}
                    </time>
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
