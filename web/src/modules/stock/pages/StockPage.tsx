import { NetworkStatus } from "@apollo/client";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useChoiceSearchParam, useDebouncedSearchParam } from "../../../app/url-state";
import { ListPageBody, ListPageHeader } from "../../../app/ui/ListPage";
import { Toast } from "../../../app/ui/Toast";
import { EmptyState } from "../../../app/ui/States";
import { useSkusQuery, type SkuRowFragment } from "../../../generated/graphql";
import { AdjustStockDialog } from "../components/AdjustStockDialog";
import { IncomingStockDialog } from "../components/IncomingStockDialog";
import { RestockDialog, type RestockResult } from "../components/RestockDialog";
import { SkusTable } from "../components/SkusTable";
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

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useSkusQuery({
    variables: { first: PAGE_SIZE, filter: { search: query || undefined, stockStatus: stockStatus ?? undefined } },
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
      />
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
              setAdjusting(sku);
            }}
            onRestock={(sku) => {
              setAdjusted(null);
              setRestocked(null);
              setRestocking(sku);
            }}
            onIncoming={(sku) => {
              setAdjusted(null);
              setRestocked(null);
              setIncomingFor(sku.id);
            }}
          />
        </ListPageBody>
      </div>
      {/* The result shows where the merchant is: the row may be far below the top of the page. */}
      <Toast
        onDismiss={() => {
          setAdjusted(null);
          setRestocked(null);
        }}
        testId={restocked ? "restock-success" : "adjust-success"}
      >
        {restocked ? (
          <RestockSuccess result={restocked} />
        ) : adjusted ? (
          <p>{t("stock.adjusted", { code: adjusted.code, onHand: adjusted.stock.onHand })}</p>
        ) : null}
      </Toast>
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
