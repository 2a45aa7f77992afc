import { NetworkStatus } from "@apollo/client";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { downloadFile } from "../../../app/download";
import { useChoiceSearchParam, useDebouncedSearchParam, useStringSearchParam } from "../../../app/url-state";
import { SearchField } from "../../../app/ui/SearchField";
import type { TableSelection, TableSort } from "../../../app/ui/DataTable";
import { ListPageHeader } from "../../../app/ui/ListPage";
import { LoadMore } from "../../../app/ui/LoadMore";
import { Toast } from "../../../app/ui/Toast";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import type { QueueOrderRowFragment, QueueSortField, SortDirection } from "../../../generated/graphql";
import { WITHOUT_STOCK_STATUSES } from "../../orders/order-statuses";
import { QueueFilters } from "../components/QueueFilters";
import { QUEUE_SORT_COLUMNS, QueueTable } from "../components/QueueTable";
import { BulkResolveDialog, MAX_BULK_ORDERS, type BulkTarget } from "../components/BulkResolveDialog";
import { ShortcutsHelp } from "../components/ShortcutsHelp";
import { ResolveOrderDialog, type ResolvedOrder } from "../components/ResolveOrderDialog";
import { ResolveSuccess } from "../components/ResolveSuccess";
import { useOrdersWithoutStockLive } from "../live";

const SORT_FIELDS: readonly QueueSortField[] = ["WAITING_SINCE", "VALUE", "MISSING_UNITS"];
const DIRECTIONS: readonly SortDirection[] = ["ASC", "DESC"];
/** The server's limit on one export file (MAX_ORDER_EXPORT_ROWS). */
const EXPORT_LIMIT = 50_000;
const EXPORT_PATH = "/exports/orders-without-stock.csv";

/** Whether a key press is typing in a field (shortcuts leave it alone). */
const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || !!target.closest("input, textarea, select"));

/**
 * /orders-without-stock?sku=<id>&status=ON_HOLD_FOR_RESTOCK&q=costa&sort=VALUE&dir=DESC — "Pedidos sem estoque", the
 * merchant's work queue: every order that cannot ship for lack of stock, oldest first, each with
 * its "Resolver". Orders leave by themselves when they resume or are resolved (see ../live.ts).
 * Searchable and sortable (in the URL), rows selectable for one resolution applied to many (or to
 * every order matching), exported as CSV, and navigable with the keyboard ("Atalhos", ?).
 */
export function OrdersWithoutStockPage() {
  const { t } = useTranslation();
  const [, setSearchParams] = useSearchParams();
  const [skuId, setSkuId] = useStringSearchParam("sku");
  const [status, setStatus] = useChoiceSearchParam("status", WITHOUT_STOCK_STATUSES);
  const [resolving, setResolving] = useState<QueueOrderRowFragment | null>(null);
  const [resolved, setResolved] = useState<ResolvedOrder | null>(null);
  const [search, setSearch] = useDebouncedSearchParam("q");
  const [sortField] = useChoiceSearchParam("sort", SORT_FIELDS);
  const [sortDirection] = useChoiceSearchParam("dir", DIRECTIONS);
  const query = search.trim();
  const filtered = skuId !== null || status !== null || query !== "";
  const filter = filtered ? { skuId: skuId ?? undefined, status: status ?? undefined, search: query || undefined } : undefined;
  const orderBy = sortField ? { field: sortField, direction: sortDirection ?? "ASC" } : undefined;

  const { data, previousData, error, networkStatus, refetch, loadMore } = useOrdersWithoutStockLive(filter, orderBy);

  // The selection belongs to the list it was made in: a new filter or search starts afresh.
  const filterKey = JSON.stringify(filter ?? null);
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string>; allMatching: boolean }>({ key: filterKey, ids: new Set(), allMatching: false });
  const selected = selection.key === filterKey ? selection : { key: filterKey, ids: new Set<string>(), allMatching: false };
  const [bulkTarget, setBulkTarget] = useState<BulkTarget | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const searchRef = useRef<HTMLDivElement>(null);

  // While new filters load (or the list is read again after a change), keep showing the
  // previous rows, dimmed, rather than a blank table.
  const connection = (data ?? previousData)?.ordersWithoutStock;
  const stale = !data && !!previousData;
  const total = connection?.totalCount ?? 0;

  const sort = useMemo(
    (): TableSort => ({
      current: sortField ? { id: Object.entries(QUEUE_SORT_COLUMNS).find(([, field]) => field === sortField)![0], direction: sortDirection ?? "ASC" } : null,
      // Ascending, then descending, then back to the serving order.
      onSort: (columnId) => {
        const field = QUEUE_SORT_COLUMNS[columnId as keyof typeof QUEUE_SORT_COLUMNS];
        setSearchParams(
          (previous) => {
            const next = new URLSearchParams(previous);
            if (sortField !== field) {
              next.set("sort", field);
              next.set("dir", "ASC");
            } else if ((sortDirection ?? "ASC") === "ASC") next.set("dir", "DESC");
            else {
              next.delete("sort");
              next.delete("dir");
            }
            return next;
          },
          { replace: true },
        );
      },
    }),
    [sortField, sortDirection, setSearchParams],
  );
  const tableSelection = useMemo(
    (): TableSelection<QueueOrderRowFragment> => ({
      selected: selected.ids,
      onChange: (ids, checked) => {
        const next = new Set(selected.ids);
        for (const id of ids) {
          if (checked) next.add(id);
          else next.delete(id);
        }
        setSelection({ key: filterKey, ids: next, allMatching: false });
      },
      rowLabel: (order) => t("stockouts.selectOrder", { number: order.number }),
      pageLabel: t("stockouts.selectPage"),
    }),
    [selected.ids, filterKey, t],
  );
  const clearSelection = () => setSelection({ key: filterKey, ids: new Set(), allMatching: false });
  const shownCount = connection?.nodes.length ?? 0;
  const allShownSelected = shownCount > 0 && connection!.nodes.every((order) => selected.ids.has(order.id));

  // Shortcuts of the page: / searches, ? shows them; j/k from outside the table enter it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || document.querySelector("dialog[open]")) return;
      if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.querySelector("input")?.focus();
      } else if (event.key === "?") {
        event.preventDefault();
        setHelpOpen(true);
      } else if ((event.key === "j" || event.key === "k") && !(event.target as HTMLElement | null)?.closest?.("[data-testid=queue-table] tbody")) {
        const row = document.querySelector<HTMLElement>('[data-testid="queue-table"] tbody tr[tabindex="0"]');
        if (row) {
          event.preventDefault();
          row.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  async function exportCsv() {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
    if (skuId) params.set("sku", skuId);
    if (query) params.set("search", query);
    if (orderBy) {
      params.set("sort", orderBy.field);
      params.set("direction", orderBy.direction);
    }
    setExporting(true);
    try {
      await downloadFile(`${EXPORT_PATH}?${params}`, "orders-without-stock.csv");
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="list-page">
      <ListPageHeader
        title={t("stockouts.title")}
        count={connection ? t("stockouts.count", { count: connection.totalCount }) : undefined}
        actions={
          <>
            <button type="button" className="button button--small" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?" data-testid="shortcuts-button">
              {t("stockouts.shortcutsButton")}
            </button>
            <button type="button" className="button button--small" onClick={() => void exportCsv()} disabled={exporting || total === 0} data-testid="queue-export">
              {exporting ? t("stockouts.exporting") : t("stockouts.exportCsv")}
            </button>
          </>
        }
      />
      <p className="muted">{t("stockouts.subtitle")}</p>
      {total > EXPORT_LIMIT && <p className="muted">{t("stockouts.exportLimit", { limit: EXPORT_LIMIT })}</p>}
      <div className="card">
        <div className="queue-toolbar__search" ref={searchRef}>
          <SearchField label={t("stockouts.search")} placeholder={t("stockouts.searchPlaceholder")} value={search} onChange={setSearch} testId="queue-search" />
        </div>
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
            {(selected.ids.size > 0 || selected.allMatching) && (
              <div className="bulk-bar" role="region" aria-label={t("stockouts.bulk.title", { count: selected.allMatching ? total : selected.ids.size })} data-testid="bulk-bar">
                <strong data-testid="selected-count">
                  {selected.allMatching ? t("stockouts.allMatchingSelected", { count: total }) : t("stockouts.selected", { count: selected.ids.size })}
                </strong>
                {!selected.allMatching && allShownSelected && total > shownCount && total <= MAX_BULK_ORDERS && (
                  <button type="button" className="button button--ghost button--small" onClick={() => setSelection({ ...selected, allMatching: true })} data-testid="select-all-matching">
                    {t("stockouts.selectAllMatching", { count: total })}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--primary button--small"
                  onClick={() => setBulkTarget(selected.allMatching ? { filter: filter ?? {}, count: total } : { orderIds: [...selected.ids] })}
                  data-testid="bulk-resolve"
                >
                  {t("stockouts.resolveSelected")}
                </button>
                <button type="button" className="button button--ghost button--small" onClick={clearSelection}>
                  {t("stockouts.clearSelection")}
                </button>
              </div>
            )}
            <QueueTable
              sort={sort}
              selection={tableSelection}
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
      <BulkResolveDialog target={bulkTarget} onClose={() => setBulkTarget(null)} onStarted={clearSelection} />
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
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
