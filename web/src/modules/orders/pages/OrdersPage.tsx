import { NetworkStatus } from "@apollo/client";
import { useTranslation } from "react-i18next";
import { FirstStepsCard } from "../../signup/components/FirstStepsCard";
import { useSearchParams } from "react-router";
import { useState } from "react";
import { downloadFile } from "../../../app/download";
import { useDebouncedSearchParam, useListSearchParam } from "../../../app/url-state";
import { ListPageBody, ListPageHeader } from "../../../app/ui/ListPage";
import { EmptyState } from "../../../app/ui/States";
import { useOrdersQuery } from "../../../generated/graphql";
import { OrderFilters } from "../components/OrderFilters";
import { OrdersTable } from "../components/OrdersTable";
import { ORDER_STATUSES, WITHOUT_STOCK_STATUSES } from "../order-statuses";

const PAGE_SIZE = 25;

/** /orders?status=AWAITING_STOCK&status=ON_HOLD_FOR_RESTOCK&q=silva — the filters live in the URL. */
export function OrdersPage() {
  const { t } = useTranslation();
  const [, setSearchParams] = useSearchParams();
  const [search, setSearch] = useDebouncedSearchParam("q");
  const [statuses, setStatuses] = useListSearchParam("status", ORDER_STATUSES);
  const query = search.trim();

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useOrdersQuery({
    variables: {
      first: PAGE_SIZE,
      filter: { status: statuses.length > 0 ? statuses : undefined, search: query || undefined },
    },
    notifyOnNetworkStatusChange: true,
  });

  // While new filters load, keep showing the previous results, dimmed, rather than a blank table.
  const connection = (data ?? previousData)?.orders;
  const stale = !data && !!previousData;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  const filtered = query !== "" || statuses.length > 0;
  const [exporting, setExporting] = useState(false);
  /** The list as CSV with the same filter, streamed by the server (GET /exports/orders.csv). */
  async function exportCsv() {
    const params = new URLSearchParams();
    for (const status of statuses) params.append("status", status);
    if (query) params.set("search", query);
    setExporting(true);
    try {
      await downloadFile(`/exports/orders.csv?${params}`, "orders.csv");
    } finally {
      setExporting(false);
    }
  }
  const withoutStockView =
    statuses.length === WITHOUT_STOCK_STATUSES.length && WITHOUT_STOCK_STATUSES.every((status) => statuses.includes(status));

  return (
    <section className="list-page">
      <ListPageHeader
        title={withoutStockView ? t("orders.withoutStockTitle") : t("orders.title")}
        count={
          connection?.totalCount === undefined
            ? undefined
            : t(connection.totalCountIsExact === false ? "orders.countMoreThan" : "orders.count", { count: connection.totalCount })
        }
        actions={
          <button type="button" className="button button--small" onClick={() => void exportCsv()} disabled={exporting || !connection?.totalCount} data-testid="orders-export">
            {exporting ? t("stockouts.exporting") : t("stockouts.exportCsv")}
          </button>
        }
      />
      {!withoutStockView && <FirstStepsCard />}
      <div className="card">
        <OrderFilters
          search={search}
          onSearchChange={setSearch}
          statuses={statuses}
          onStatusesChange={setStatuses}
          onClear={() => setSearchParams(new URLSearchParams())}
        />
        <ListPageBody
          connection={connection}
          failed={!!error && !connection}
          onRetry={() => void refetch()}
          empty={
            <EmptyState title={t("orders.emptyTitle")}>{filtered ? t("orders.emptyFiltered") : t("orders.emptyAll")}</EmptyState>
          }
          loadingMore={loadingMore}
          onLoadMore={(after) => void fetchMore({ variables: { after, withCount: false } })}
        >
          <OrdersTable orders={connection?.nodes ?? null} stale={stale} />
        </ListPageBody>
      </div>
    </section>
  );
}
