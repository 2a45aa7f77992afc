import type { ReactNode } from "react";
import { LoadMore } from "./LoadMore";
import { ErrorState } from "./States";
import "./ListPage.css";

/** Title row of a list page: the heading, once known how many items match, and the page's actions. */
export function ListPageHeader({ title, count, actions }: { title: string; count?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="list-page__header">
      <h1>{title}</h1>
      {count !== undefined && (
        <span className="list-page__count" data-testid="total-count">
          {count}
        </span>
      )}
      {actions && <div className="list-page__actions">{actions}</div>}
    </div>
  );
}

type Connection = {
  nodes: readonly unknown[];
  totalCount?: number;
  /** Capped lists (orders): false when totalCount is the cap, not the exact number. */
  totalCountIsExact?: boolean;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
};

/**
 * The body of a list page: the error state when the first read failed, the empty state when
 * nothing matches, else the table and "Carregar mais" under it.
 */
export function ListPageBody({
  connection,
  failed,
  onRetry,
  empty,
  loadingMore,
  onLoadMore,
  children,
}: {
  connection: Connection | null | undefined;
  /** The first read failed (nothing to show). */
  failed: boolean;
  onRetry: () => void;
  empty: ReactNode;
  loadingMore: boolean;
  onLoadMore: (after: string | null | undefined) => void;
  /** The table. */
  children: ReactNode;
}) {
  if (failed) return <ErrorState onRetry={onRetry} />;
  if (connection && connection.nodes.length === 0) return <>{empty}</>;
  return (
    <>
      {children}
      {connection && (
        <LoadMore
          shown={connection.nodes.length}
          total={connection.totalCount ?? connection.nodes.length}
          totalIsExact={connection.totalCountIsExact ?? true}
          hasNextPage={connection.pageInfo.hasNextPage}
          loading={loadingMore}
          onLoadMore={() => onLoadMore(connection.pageInfo.endCursor)}
        />
      )}
    </>
  );
}
