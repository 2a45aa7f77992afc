import { NetworkStatus } from "@apollo/client";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useChoiceSearchParam, useListSearchParam } from "../../../app/url-state";
import { ListPageBody, ListPageHeader } from "../../../app/ui/ListPage";
import { EmptyState } from "../../../app/ui/States";
import { useRefundsQuery } from "../../../generated/graphql";
import { RefundFilters } from "../components/RefundFilters";
import { RefundsTable } from "../components/RefundsTable";
import { downloadPayoutExport } from "../export";
import { useHasRole } from "../../../app/roles";
import { REFUND_DESTINATIONS, REFUND_STATUSES } from "../refund-values";

const PAGE_SIZE = 25;

/** /refunds?status=READY_FOR_PAYOUT&destination=MERCHANT — the filters live in the URL. */
export function RefundsPage() {
  const { t } = useTranslation();
  // Exporting payouts needs MANAGER (the server answers 403 otherwise).
  const mayExport = useHasRole("MANAGER");
  const [, setSearchParams] = useSearchParams();
  const [statuses, setStatuses] = useListSearchParam("status", REFUND_STATUSES);
  const [destination, setDestination] = useChoiceSearchParam("destination", REFUND_DESTINATIONS);
  const [exporting, setExporting] = useState(false);
  const [exportFailed, setExportFailed] = useState(false);
  const [exportCutAt, setExportCutAt] = useState<number | null>(null);

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useRefundsQuery({
    variables: { first: PAGE_SIZE, filter: { status: statuses.length > 0 ? statuses : undefined, destination: destination ?? undefined } },
    notifyOnNetworkStatusChange: true,
    // Refunds change on other pages (a cancellation, a payment): read them again on each visit.
    fetchPolicy: "cache-and-network",
  });
  const connection = (data ?? previousData)?.refunds;
  const stale = !data && !!previousData;
  const filtered = statuses.length > 0 || destination !== null;

  const exportCsv = async () => {
    setExporting(true);
    setExportFailed(false);
    try {
      setExportCutAt((await downloadPayoutExport()).truncatedAt);
    } catch {
      setExportFailed(true);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="list-page">
      <ListPageHeader
        title={t("refunds.title")}
        count={connection ? t("refunds.count", { count: connection.totalCount }) : undefined}
        actions={
          mayExport ? (
            <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting} title={t("refunds.exportHint")} data-testid="refunds-export">
              {exporting ? t("refunds.exporting") : t("refunds.export")}
            </button>
          ) : undefined
        }
      />
      {exportFailed && (
        <p className="alert alert--danger" role="alert" data-testid="refunds-export-failed">
          {t("refunds.exportFailed")}
        </p>
      )}
      {exportCutAt !== null && (
        <p className="alert alert--warning" role="status" data-testid="refunds-export-truncated">
          {t("refunds.exportTruncated", { limit: exportCutAt })}
        </p>
      )}
      <div className="card">
        <RefundFilters
          statuses={statuses}
          onStatusesChange={setStatuses}
          destination={destination}
          onDestinationChange={setDestination}
          onClear={() => setSearchParams(new URLSearchParams())}
        />
        <ListPageBody
          connection={connection}
          failed={!!error && !connection}
          onRetry={() => void refetch()}
          empty={
            <EmptyState title={t("refunds.emptyTitle")}>{filtered ? t("refunds.emptyFiltered") : t("refunds.emptyAll")}</EmptyState>
          }
          loadingMore={networkStatus === NetworkStatus.fetchMore}
          onLoadMore={(after) => void fetchMore({ variables: { after } })}
        >
          <RefundsTable refunds={connection?.nodes ?? null} stale={stale} />
        </ListPageBody>
      </div>
    </section>
  );
}
