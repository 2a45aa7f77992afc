import { NetworkStatus } from "@apollo/client";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useChoiceSearchParam, useDebouncedSearchParam } from "../../../app/url-state";
import { useHasRole } from "../../../app/roles";
import { ListPageBody, ListPageHeader } from "../../../app/ui/ListPage";
import { Toast } from "../../../app/ui/Toast";
import { EmptyState } from "../../../app/ui/States";
import { useSkusQuery, type SkuRowFragment } from "../../../generated/graphql";
import { AdjustStockDialog } from "../components/AdjustStockDialog";
import { IncomingStockDialog } from "../components/IncomingStockDialog";
import { RestockDialog, type RestockResult } from "../components/RestockDialog";
import { SkuImportDialog } from "../components/SkuImportDialog";
import { SkuDialog } from "../components/SkuDialog";
import { StockHistoryDialog } from "../components/StockHistoryDialog";
import { SkusTable } from "../components/SkusTable";
import { downloadSkusExport, type ImportAnswer } from "../catalogue-files";
import { refreshAfterStockChange } from "../../stockouts/live";
import { useApolloClient } from "@apollo/client/react";
import { StockFilters } from "../components/StockFilters";
import { STOCK_STATUSES } from "../stock-statuses";

const PAGE_SIZE = 50;

/** /stock?q=camiseta&stockStatus=LOW_STOCK */
export function StockPage() {
  const { t } = useTranslation();
  const [, setSearchParams] = useSearchParams();
  const [search, setSearch] = useDebouncedSearchParam("q");
  const [stockStatus, setStockStatus] = useChoiceSearchParam("stockStatus", STOCK_STATUSES);
  const [adjusting, setAdjusting] = useState<SkuRowFragment | null>(null);
  const [adjusted, setAdjusted] = useState<SkuRowFragment | null>(null);
  const [restocking, setRestocking] = useState<SkuRowFragment | null>(null);
  const [restocked, setRestocked] = useState<RestockResult | null>(null);
  // By id: the dialog shows the row as the cache has it now, after each change made in it.
  const [incomingFor, setIncomingFor] = useState<string | null>(null);
  const query = search.trim();
  const client = useApolloClient();
  const [importing, setImporting] = useState(false);
  // Creating, editing and importing skus needs MANAGER (the server refuses an OPERATOR).
  const managesCatalogue = useHasRole("MANAGER");
  const [imported, setImported] = useState<ImportAnswer | null>(null);
  const [exportFailed, setExportFailed] = useState(false);
  const [editing, setEditing] = useState<SkuRowFragment | "new" | null>(null);
  const [saved, setSaved] = useState<{ code: string; how: "created" | "updated" | "archived" } | null>(null);
  const [historyOf, setHistoryOf] = useState<SkuRowFragment | null>(null);

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useSkusQuery({
    variables: { first: PAGE_SIZE, filter: { search: query || undefined, stockStatus: stockStatus ?? undefined, archived: false } },
    notifyOnNetworkStatusChange: true,
  });

  const connection = (data ?? previousData)?.skus;
  const stale = !data && !!previousData;
  const filtered = query !== "" || stockStatus !== null;
  const incomingSku = (incomingFor && connection?.nodes.find((sku) => sku.id === incomingFor)) || null;

  return (
    <section className="list-page">
      <ListPageHeader
        title={t("stock.title")}
        count={connection ? t("stock.count", { count: connection.totalCount }) : undefined}
        actions={
          <>
            {managesCatalogue && (
              <>
                <button type="button" className="button button--primary" onClick={() => setEditing("new")} data-testid="sku-new">
                  {t("catalogue.new")}
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setSaved(null);
                    setImporting(true);
                  }}
                  data-testid="sku-import-open"
                >
                  {t("catalogue.import")}
                </button>
              </>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                setExportFailed(false);
                downloadSkusExport().catch(() => setExportFailed(true));
              }}
              data-testid="sku-export"
            >
              {t("catalogue.export")}
            </button>
          </>
        }
      />
      {exportFailed && (
        <p className="alert alert--danger" role="alert">
          {t("catalogue.exportFailed")}
        </p>
      )}
      <div className="card">
        <StockFilters
          search={search}
          onSearchChange={setSearch}
          stockStatus={stockStatus}
          onStockStatusChange={setStockStatus}
          onClear={() => setSearchParams(new URLSearchParams())}
        />
        <ListPageBody
          connection={connection}
          failed={!!error && !connection}
          onRetry={() => void refetch()}
          empty={
            <EmptyState title={t("stock.emptyTitle")}>{filtered ? t("stock.emptyFiltered") : t("stock.emptyAll")}</EmptyState>
          }
          loadingMore={networkStatus === NetworkStatus.fetchMore}
          onLoadMore={(after) => void fetchMore({ variables: { after } })}
        >
          <SkusTable
            skus={connection?.nodes ?? null}
            stale={stale}
            onAdjust={(sku) => {
              setAdjusted(null);
              setRestocked(null);
              setSaved(null);
              setImported(null);
              setAdjusting(sku);
            }}
            onRestock={(sku) => {
              setAdjusted(null);
              setRestocked(null);
              setSaved(null);
              setImported(null);
              setRestocking(sku);
            }}
            onIncoming={(sku) => {
              setAdjusted(null);
              setRestocked(null);
              setSaved(null);
              setImported(null);
              setIncomingFor(sku.id);
            }}
            onEdit={managesCatalogue ? (sku) => setEditing(sku) : undefined}
            onHistory={(sku) => setHistoryOf(sku)}
          />
        </ListPageBody>
      </div>
      {/* The result shows where the merchant is: the row may be far below the top of the page. */}
      <Toast
        onDismiss={() => {
          setAdjusted(null);
          setRestocked(null);
          setImported(null);
          setSaved(null);
        }}
        testId={saved ? "sku-saved" : imported ? "sku-import-success" : restocked ? "restock-success" : "adjust-success"}
      >
        {saved ? (
          <p>{t(`catalogue.${saved.how}`, { code: saved.code })}</p>
        ) : imported ? (
          <p>{t("catalogue.imported", { created: imported.created, updated: imported.updated, resumed: imported.ordersResumedCount })}</p>
        ) : restocked ? (
          <RestockSuccess result={restocked} />
        ) : adjusted ? (
          <p>{t("stock.adjusted", { code: adjusted.code, onHand: adjusted.stock.onHand })}</p>
        ) : null}
      </Toast>
      <SkuDialog
        sku={editing}
        onClose={() => setEditing(null)}
        onSaved={(sku, how) => {
          setEditing(null);
          setAdjusted(null);
          setRestocked(null);
          setImported(null);
          setSaved({ code: sku.code, how });
          // A new or archived sku enters or leaves the list.
          if (how !== "updated") void refetch();
        }}
      />
      <StockHistoryDialog sku={historyOf} onClose={() => setHistoryOf(null)} />
      <SkuImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(result) => {
          setImporting(false);
          setAdjusted(null);
          setRestocked(null);
          setImported(result);
          // Stock rose and orders may have resumed: lists and orders are read again.
          refreshAfterStockChange(client.cache, { orders: "all" });
          void refetch();
        }}
      />
      <AdjustStockDialog
        sku={adjusting}
        onClose={() => setAdjusting(null)}
        onAdjusted={(sku) => {
          setAdjusting(null);
          setAdjusted(sku);
        }}
      />
      <IncomingStockDialog
        sku={incomingSku}
        onClose={() => setIncomingFor(null)}
        onReceived={(result) => {
          setIncomingFor(null);
          setRestocked(result);
        }}
      />
      <RestockDialog
        sku={restocking}
        onClose={() => setRestocking(null)}
        onRestocked={(result) => {
          setRestocking(null);
          setRestocked(result);
        }}
      />
    </section>
  );
}

/** Resumed orders listed by number after a restock; the rest are counted. */
const RESUMED_SHOWN = 20;

/** After a restock: how much came in and which waiting orders it resumed (links to them). */
function RestockSuccess({ result }: { result: RestockResult }) {
  const { t } = useTranslation();
  return (
    <div className="restock-success">
      <p>{t("restock.success", { code: result.sku.code, count: result.quantity })}</p>
      {result.ordersResumed.length > 0 ? (
        <p>
          {t("restock.resumed")}{" "}
          {result.ordersResumed.slice(0, RESUMED_SHOWN).map((order, index) => (
            <span key={order.id}>
              {index > 0 && ", "}
              <Link to={`/orders/${order.id}`} className="restock-success__order" data-testid="restock-resumed-order" data-order-number={order.number}>
                {t("orders.number", { number: order.number })}
              </Link>
            </span>
          ))}
          {result.ordersResumedCount > Math.min(RESUMED_SHOWN, result.ordersResumed.length) && (
            <> {t("restock.resumedMore", { more: result.ordersResumedCount - Math.min(RESUMED_SHOWN, result.ordersResumed.length) })}</>
          )}
        </p>
      ) : (
        <p>{t("restock.noneResumed")}</p>
      )}
    </div>
  );
}
