import { NetworkStatus } from "@apollo/client";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { allValues } from "../../../app/enum-values";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { ListPageBody } from "../../../app/ui/ListPage";
import { EmptyState } from "../../../app/ui/States";
import { useListSearchParam } from "../../../app/url-state";
import { useClaimsQuery, type ClaimRowFragment, type ClaimStatus } from "../../../generated/graphql";
import { ClaimOutcomeSummary, ClaimStatusBadge, claimItems } from "./ClaimStatus";

const PAGE_SIZE = 25;
export const CLAIM_STATUSES = allValues<ClaimStatus>()(["OPEN", "RESOLVED", "REJECTED"]);

/** The "Reclamações" tab of /after-sales: claims newest first, filtered by status (?status=OPEN in the URL). */
export function ClaimsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [statuses, setStatuses] = useListSearchParam("status", CLAIM_STATUSES);
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useClaimsQuery({
    variables: { first: PAGE_SIZE, filter: { status: statuses.length > 0 ? statuses : undefined } },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: "cache-and-network",
  });
  const connection = (data ?? previousData)?.claims;
  const toggle = (status: ClaimStatus) =>
    setStatuses(statuses.includes(status) ? statuses.filter((s) => s !== status) : CLAIM_STATUSES.filter((s) => s === status || statuses.includes(s)));

  const columns = useMemo(
    (): DataColumn<ClaimRowFragment>[] => [
      {
        id: "claim",
        header: t("claims.columns.claim"),
        cell: (claim) => (
          <Link to={`/orders/${claim.order.id}`} className="data-table__key">
            {t("claims.claimOfOrder", { claim: claim.number, number: claim.order.number })}
          </Link>
        ),
      },
      { id: "customer", header: t("claims.columns.customer"), cell: (claim) => claim.order.customer.name },
      { id: "items", header: t("claims.columns.items"), cell: (claim) => claimItems(claim) },
      { id: "status", header: t("claims.columns.status"), cell: (claim) => <ClaimStatusBadge status={claim.status} /> },
      { id: "outcome", header: t("claims.columns.outcome"), cell: (claim) => <ClaimOutcomeSummary claim={claim} /> },
      {
        id: "createdAt",
        header: t("claims.columns.createdAt"),
        className: "data-table__muted",
        cell: (claim) => (
          <time dateTime={claim.createdAt} title={format.longDateTime(claim.createdAt)}>
            {format.dateTime(claim.createdAt)}
          </time>
        ),
      },
    ],
    [t, format],
  );

  return (
    <div className="card">
      <div className="list-toolbar">
        <fieldset className="chips" data-testid="claim-status-filter">
          <legend>{t("claims.statusFilter")}</legend>
          {CLAIM_STATUSES.map((status) => (
            <button key={status} type="button" className="chip" aria-pressed={statuses.includes(status)} onClick={() => toggle(status)} data-status={status}>
              {t(`claims.status.${status}`)}
            </button>
          ))}
        </fieldset>
        {connection && (
          <span className="list-page__count" data-testid="claims-count">
            {t("claims.count", { count: connection.totalCount })}
          </span>
        )}
      </div>
      <ListPageBody
        connection={connection}
        failed={!!error && !connection}
        onRetry={() => void refetch()}
        empty={<EmptyState title={t("claims.emptyTitle")}>{statuses.length ? t("claims.emptyFiltered") : t("claims.emptyAll")}</EmptyState>}
        loadingMore={networkStatus === NetworkStatus.fetchMore}
        onLoadMore={(after) => void fetchMore({ variables: { after } })}
      >
        <DataTable
          columns={columns}
          rows={connection?.nodes ?? null}
          rowId={(claim) => claim.id}
          rowHref={(claim) => `/orders/${claim.order.id}`}
          rowAttributes={(claim) => ({ "data-testid": "claim-row", "data-claim-id": claim.id, "data-status": claim.status, "data-order-number": claim.order.number })}
          testId="claims-table"
          stale={!data && !!previousData}
        />
      </ListPageBody>
    </div>
  );
}
