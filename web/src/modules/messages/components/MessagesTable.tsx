import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import type { CustomerMessageRowFragment } from "../../../generated/graphql";
import { MessageStatusBadge, useMessageKindLabel } from "./MessageStatusBadge";

type Props = { messages: readonly CustomerMessageRowFragment[] | null; stale?: boolean };

/** The shop's e-mails to customers, newest first; the row opens the order. Addresses are masked by the server. */
export function MessagesTable({ messages, stale }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const kindLabel = useMessageKindLabel();
  const columns = useMemo(
    (): DataColumn<CustomerMessageRowFragment>[] => [
      {
        id: "order",
        header: t("messages.columns.order"),
        cell: (message) => (
          <Link to={`/orders/${message.orderId}`} className="data-table__key" aria-label={t("messages.openOrder", { number: message.orderNumber })}>
            {t("orders.number", { number: message.orderNumber })}
          </Link>
        ),
      },
      { id: "kind", header: t("messages.columns.kind"), cell: (message) => kindLabel(message.kind) },
      { id: "status", header: t("messages.columns.status"), cell: (message) => <MessageStatusBadge status={message.status} /> },
      { id: "recipient", header: t("messages.columns.recipient"), className: "mono", cell: (message) => message.recipientMasked },
      {
        id: "sentAt",
        header: t("messages.columns.sentAt"),
        className: "data-table__muted",
        cell: (message) =>
          message.sentAt ? (
            <time dateTime={message.sentAt} title={format.longDateTime(message.sentAt)}>
              {format.dateTime(message.sentAt)}
            </time>
          ) : message.status === "PENDING" && message.nextAttemptAt ? (
            t("messages.nextAttempt", { date: format.dateTime(message.nextAttemptAt) })
          ) : (
            "—"
          ),
      },
      {
        id: "error",
        header: t("messages.columns.error"),
        className: "messages-table__error",
        cell: (message) =>
          message.skipReason ? t(`messages.skipReason.${message.skipReason}`) : message.lastError ? t("messages.error", { attempts: message.attempts, error: message.lastError }) : "—",
      },
    ],
    [t, format, kindLabel],
  );

  return (
    <DataTable
      columns={columns}
      rows={messages}
      rowId={(message) => message.id}
      rowHref={(message) => `/orders/${message.orderId}`}
      rowAttributes={(message) => ({ "data-testid": "message-row", "data-kind": message.kind, "data-status": message.status, "data-order-number": message.orderNumber })}
      className="messages-table"
      testId="messages-table"
      stale={stale}
    />
  );
}
