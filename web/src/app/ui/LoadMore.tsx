import { useTranslation } from "react-i18next";
import "./LoadMore.css";

type Props = {
  shown: number;
  total: number;
  hasNextPage: boolean;
  loading: boolean;
  onLoadMore: () => void;
};

/**
 * The footer of every paginated list: how many are shown, and a button for the next page (the
 * cache appends it; see connectionPagination in app/apollo.ts).
 */
export function LoadMore({ shown, total, hasNextPage, loading, onLoadMore }: Props) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      <span className="muted" aria-live="polite">
        {t("common.shownOfTotal", { shown, total })}
      </span>
      {hasNextPage && (
        <button type="button" className="button" onClick={onLoadMore} disabled={loading} data-testid="load-more">
          {loading ? t("common.loadingMore") : t("common.loadMore")}
        </button>
      )}
    </div>
  );
}
