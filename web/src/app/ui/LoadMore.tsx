import { useTranslation } from "react-i18next";
import "./LoadMore.css";

type Props = {
  shown: number;
  total: number;
  /** False when `total` is a cap (the list counts up to it): "of more than 10,000". */
  totalIsExact?: boolean;
  hasNextPage: boolean;
  loading: boolean;
  onLoadMore: () => void;
};

/**
 * The footer of every paginated list: how many are shown, and a button for the next page (the
 * cache appends it; see connectionPagination in app/apollo.ts).
 */
export function LoadMore({ shown, total, totalIsExact = true, hasNextPage, loading, onLoadMore }: Props) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      <span className="muted" aria-live="polite">
        {t(totalIsExact ? "common.shownOfTotal" : "common.shownOfMoreThan", { shown, total })}
      </span>
      {hasNextPage && (
        <button type="button" className="button" onClick={onLoadMore} disabled={loading} data-testid="load-more">
          {loading ? t("common.loadingMore") : t("common.loadMore")}
        </button>
      )}
    </div>
  );
}
