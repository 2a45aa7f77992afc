import { NetworkStatus } from "@apollo/client";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useChoiceSearchParam, useStringSearchParam } from "../../../app/url-state";
import { ListPageHeader } from "../../../app/ui/ListPage";
import { LoadMore } from "../../../app/ui/LoadMore";
import { Toast } from "../../../app/ui/Toast";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import type { QueueOrderRowFragment } from "../../../generated/graphql";
import { WITHOUT_STOCK_STATUSES } from "../../orders/order-statuses";
import { QueueFilters } from "../components/QueueFilters";
import { QueueTable } from "../components/QueueTable";
import { ResolveOrderDialog, type ResolvedOrder } from "../components/ResolveOrderDialog";
import { ResolveSuccess } from "../components/ResolveSuccess";
import { useOrdersWithoutStockLive } from "../live";

/**
 * /orders-without-stock?sku=<id>&status=ON_HOLD_FOR_RESTOCK — "Pedidos sem estoque", the
 * merchant's work queue: every order that cannot ship for lack of stock, oldest first, each with
 * its "Resolver". Orders leave by themselves when they resume or are resolved (see ../live.ts).
 */
export function OrdersWithoutStockPage() {
  const { t } = useTranslation();
  const [, setSearchParams] = useSearchParams();
  const [skuId, setSkuId] = useStringSearchParam("sku");
  const [status, setStatus] = useChoiceSearchParam("status", WITHOUT_STOCK_STATUSES);
  const [resolving, setResolving] = useState<QueueOrderRowFragment | null>(null);
  const [resolved, setResolved] = useState<ResolvedOrder | null>(null);
  const filtered = skuId !== null || status !== null;

  const { data, previousData, error, networkStatus, refetch, loadMore } = useOrdersWithoutStockLive(
    filtered ? { skuId: skuId ?? undefined, status: status ?? undefined } : undefined,
  );

  // While new filters load (or the list is read again after a change), keep showing the
  // previous rows, dimmed, rather than a blank table.
  const connection = (data ?? previousData)?.ordersWithoutStock;
  const stale = !data && !!previousData;

  return (
    <section className="list-page">
      <ListPageHeader
        title={t("stockouts.title")}
        count={connection ? t("stockouts.count", { count: connection.totalCount }) : undefined}
      />
      <p className="muted">{t("stockouts.subtitle")}</p>
      <div className="card">
        <QueueFilters
          skuId={skuId}
          onSkuChange={setSkuId}
          status={status}
          onStatusChange={setStatus}
          onClear={() => setSearchParams(new URLSearchParams())}
        />
        {error && !connection ? (
          <ErrorState onRetry={() => void refetch()} />
        ) : connection && connection.nodes.length === 0 ? (
          filtered ? (
            <EmptyState title={t("stockouts.emptyFilteredTitle")} testId="queue-empty">
              {t("stockouts.emptyFiltered")}
            </EmptyState>
          ) : (
            <EmptyState title={t("stockouts.emptyTitle")} tone="success" testId="queue-empty">
              {t("stockouts.emptyAll")}
            </EmptyState>
          )
        ) : (
          <>
            <QueueTable
              orders={connection?.nodes ?? null}
              stale={stale}
              onResolve={(order) => {
                setResolved(null);
                setResolving(order);
              }}
            />
            {connection && (
              <LoadMore
                shown={connection.nodes.length}
                total={connection.totalCount}
                hasNextPage={connection.pageInfo.hasNextPage}
                loading={networkStatus === NetworkStatus.fetchMore}
                onLoadMore={() => void loadMore()}
              />
            )}
          </>
        )}
      </div>
      {/* Shown where the merchant is: the resolved row may have been far down the queue. */}
      <Toast onDismiss={() => setResolved(null)}>{resolved ? <ResolveSuccess result={resolved} linkToOrder inToast /> : null}</Toast>
      <ResolveOrderDialog
        order={resolving}
        onClose={() => setResolving(null)}
        onResolved={(result) => {
          setResolving(null);
          setResolved(result);
        }}
      />
    </section>
  );
}
