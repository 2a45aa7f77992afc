import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { RefundRowFragment } from "../../../generated/graphql";
import "./RefundsTable.css";

type Props = { refunds: readonly RefundRowFragment[] | null; stale?: boolean };

/** Refunds, newest first; the whole row opens the refund. */
export function RefundsTable({ refunds, stale }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    (): DataColumn<RefundRowFragment>[] => [
      {
        id: "refund",
        header: t("refunds.columns.refund"),
        className: "refunds-table__cell--refund",
        cell: (refund) => (
          <Link to={`/refunds/${refund.id}`} className="data-table__key" aria-label={t("refunds.openRefund", { id: refund.id })}>
            {t("refunds.number", { id: refund.id })}
          </Link>
        ),
      },
      {
        id: "order",
        header: t("refunds.columns.order"),
        className: "refunds-table__cell--order",
        cell: (refund) => (
          <Link to={`/orders/${refund.order.id}`} aria-label={t("refunds.openOrder", { number: refund.order.number })}>
            {t("orders.number", { number: refund.order.number })}
          </Link>
        ),
      },
      { id: "customer", header: t("refunds.columns.customer"), className: "refunds-table__cell--customer", cell: (refund) => refund.order.customer.name },
      {
        id: "destination",
        header: t("refunds.columns.destination"),
        className: "refunds-table__cell--destination",
        cell: (refund) => (i18n.exists(`refundDestination.${refund.destination}`) ? t(`refundDestination.${refund.destination}`) : refund.destination),
      },
      { id: "status", header: t("refunds.columns.status"), className: "refunds-table__cell--status", cell: (refund) => <StatusBadge kind="refund" status={refund.status} /> },
      { id: "amount", header: t("refunds.columns.amount"), className: "numeric refunds-table__cell--amount", cell: (refund) => format.money(refund.amount) },
      {
        id: "createdAt",
        header: t("refunds.columns.createdAt"),
        className: "data-table__muted refunds-table__cell--date",
        cell: (refund) => (
          <time dateTime={refund.createdAt} title={format.longDateTime(refund.createdAt)}>
            {format.dateTime(refund.createdAt)}
          </time>
        ),
      },
    ],
    [t, i18n, format],
  );

  return (
    <DataTable
      columns={columns}
      rows={refunds}
      rowId={(refund) => refund.id}
      rowHref={(refund) => `/refunds/${refund.id}`}
      rowAttributes={(refund) => ({ "data-testid": "refund-row", "data-refund-id": refund.id, "data-status": refund.status, "data-order-number": refund.order.number })}
      className="refunds-table"
      rowClassName="refunds-table__row"
      testId="refunds-table"
      stale={stale}
    />
  );
}
