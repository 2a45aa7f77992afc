import { NetworkStatus } from "@apollo/client";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { useListSearchParam } from "../../../app/url-state";
import { userErrorText } from "../../../app/user-errors";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { ListPageBody } from "../../../app/ui/ListPage";
import { EmptyState } from "../../../app/ui/States";
import { useCloseReturnMutation, useReturnsQuery, type ReturnFieldsFragment, type ReturnStatus } from "../../../generated/graphql";
import { RETURN_STATUSES } from "../return-values";
import { DecideReturnDialog } from "./DecideReturnDialog";
import { ReceiveReturnDialog } from "./ReceiveReturnDialog";
import { ReturnStatusBadge } from "./ReturnStatusBadge";
import "./returns.css";

const PAGE_SIZE = 25;

/** The "Devoluções" tab of /after-sales: every return, newest first, filtered by status (in the URL), with its next step. */
export function ReturnsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [statuses, setStatuses] = useListSearchParam("status", RETURN_STATUSES);
  const [deciding, setDeciding] = useState<{ ret: ReturnFieldsFragment; mode: "approve" | "refuse" } | null>(null);
  const [receiving, setReceiving] = useState<ReturnFieldsFragment | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useReturnsQuery({
    variables: { first: PAGE_SIZE, filter: { status: statuses.length ? statuses : undefined } },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: "cache-and-network",
  });
  const [closeReturn] = useCloseReturnMutation({ refetchQueries: ["Returns"] });
  const connection = (data ?? previousData)?.returns;

  const toggle = (status: ReturnStatus) =>
    setStatuses(statuses.includes(status) ? statuses.filter((s) => s !== status) : RETURN_STATUSES.filter((s) => s === status || statuses.includes(s)));

  const columns = useMemo<DataColumn<ReturnFieldsFragment>[]>(
    () => [
      { id: "number", header: t("returns.columns.number"), cell: (r) => <span className="mono">#{r.id}</span> },
      {
        id: "order",
        header: t("returns.columns.order"),
        cell: (r) => (
          <>
            <Link to={`/orders/${r.order.id}`}>#{r.order.number}</Link>
            <span className="muted returns-table__customer">{r.order.customer.name}</span>
          </>
        ),
      },
      {
        id: "items",
        header: t("returns.columns.items"),
        cell: (r) => (
          <ul className="returns-table__items">
            {r.lines.map((l) => (
              <li key={l.id}>
                {t("returns.itemLine", { count: l.quantity, name: l.name })} <span className="muted">· {t(`returns.reason.${l.reason}`)}</span>
              </li>
            ))}
          </ul>
        ),
      },
      {
        id: "requested",
        header: t("returns.columns.requested"),
        cell: (r) => (
          <>
            <time dateTime={r.requestedAt}>{format.dateTime(r.requestedAt)}</time>
            <span className="muted returns-table__customer">{r.requestedBy.type === "CUSTOMER" ? t("returns.byCustomer") : (r.requestedBy.name ?? t("returns.byShop"))}</span>
          </>
        ),
      },
      {
        id: "status",
        header: t("returns.columns.status"),
        cell: (r) => (
          <>
            <ReturnStatusBadge status={r.status} />
            {r.settlement && <span className="muted returns-table__customer">{t(`returns.settlement.${r.settlement}`)}</span>}
            {r.exchangeOrder && (
              <Link className="returns-table__customer" to={`/orders/${r.exchangeOrder.id}`}>
                {t("returns.exchangeOrder", { number: r.exchangeOrder.number })}
              </Link>
            )}
          </>
        ),
      },
      {
        id: "actions",
        header: t("returns.columns.actions"),
        headerHidden: true,
        ownLabel: true,
        cell: (r) => (
          <div className="returns-table__actions">
            {r.status === "REQUESTED" && (
              <>
                <button type="button" className="button button--small button--primary" onClick={() => setDeciding({ ret: r, mode: "approve" })} data-testid="return-approve">
                  {t("returns.approve")}
                </button>
                <button type="button" className="button button--small" onClick={() => setDeciding({ ret: r, mode: "refuse" })} data-testid="return-refuse">
                  {t("returns.refuse")}
                </button>
              </>
            )}
            {r.status === "APPROVED" && (
              <button type="button" className="button button--small button--primary" onClick={() => setReceiving(r)} data-testid="return-receive">
                {t("returns.receive")}
              </button>
            )}
            {r.status === "RECEIVED" && (
              <button
                type="button"
                className="button button--small"
                data-testid="return-close"
                onClick={async () => {
                  setNotice(null);
                  try {
                    const { data: closed } = await closeReturn({ variables: { returnId: r.id } });
                    const errors = closed?.closeReturn.userErrors ?? [];
                    setNotice(errors.length ? { tone: "danger", text: errors.map((e) => userErrorText(e, t)).join(" ") } : { tone: "success", text: t("returns.closed", { id: r.id }) });
                  } catch (failure) {
                    setNotice({ tone: "danger", text: requestFailureText(failure, t, t("returns.failed")) });
                  }
                }}
              >
                {t("returns.close")}
              </button>
            )}
          </div>
        ),
      },
    ],
    [t, format, closeReturn],
  );

  return (
    <div className="card returns-tab" data-testid="returns-tab">
      <div className="list-toolbar">
        <fieldset className="chips" data-testid="return-status-filter">
          <legend>{t("returns.statusFilter")}</legend>
          {RETURN_STATUSES.map((status) => (
            <button key={status} type="button" className="chip" aria-pressed={statuses.includes(status)} onClick={() => toggle(status)} data-status={status}>
              {t(`returns.status.${status}`)}
            </button>
          ))}
        </fieldset>
        {statuses.length > 0 && (
          <button type="button" className="button button--ghost button--small list-toolbar__clear" onClick={() => setStatuses([])}>
            {t("common.clearFilters")}
          </button>
        )}
      </div>
      {notice && (
        <p className={`alert alert--${notice.tone}`} role={notice.tone === "danger" ? "alert" : "status"} data-testid="returns-notice">
          {notice.text}
        </p>
      )}
      <ListPageBody
        connection={connection}
        failed={!!error && !connection}
        onRetry={() => void refetch()}
        empty={<EmptyState title={t("returns.emptyTitle")}>{statuses.length ? t("returns.emptyFiltered") : t("returns.emptyAll")}</EmptyState>}
        loadingMore={networkStatus === NetworkStatus.fetchMore}
        onLoadMore={(after) => void fetchMore({ variables: { after } })}
      >
        <DataTable
          columns={columns}
          rows={connection?.nodes ?? null}
          rowId={(r) => r.id}
          rowAttributes={(r) => ({ "data-testid": "return-row", "data-status": r.status, "data-return-id": r.id })}
          className="returns-table"
          testId="returns-table"
          stale={!data && !!previousData}
        />
      </ListPageBody>
      <DecideReturnDialog
        ret={deciding?.ret ?? null}
        mode={deciding?.mode ?? "approve"}
        onClose={() => setDeciding(null)}
        onDone={(text) => {
          setDeciding(null);
          setNotice({ tone: "success", text });
        }}
      />
      <ReceiveReturnDialog
        ret={receiving}
        onClose={() => setReceiving(null)}
        onReceived={(text) => {
          setReceiving(null);
          setNotice({ tone: "success", text });
        }}
      />
    </div>
  );
}
