import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./States.css";

type EmptyStateProps = {
  title: string;
  children?: ReactNode;
  /** "success" when an empty list is good news (nothing left to do). */
  tone?: "neutral" | "success";
  testId?: string;
  /** The state is all the page shows (e.g. not found): its title is the page's <h1>. */
  pageTitle?: boolean;
};

export function EmptyState({ title, children, tone = "neutral", testId, pageTitle = false }: EmptyStateProps) {
  const Title = pageTitle ? "h1" : "p";
  return (
    <div className={`state${tone === "success" ? " state--success" : ""}`} role="status" data-testid={testId}>
      {tone === "success" ? (
        <svg className="state__icon" viewBox="0 0 48 48" aria-hidden="true">
          <circle cx="24" cy="24" r="17" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M16 24.5l5.5 5.5L32.5 19" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      ) : (
        <svg className="state__icon" viewBox="0 0 48 48" aria-hidden="true">
          <rect x="8" y="14" width="32" height="24" rx="4" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M8 22h32M19 28h10" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
      )}
      <Title className="state__title">{title}</Title>
      {children && <div className="state__body">{children}</div>}
    </div>
  );
}

export function ErrorState({ onRetry }: { onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{t("common.errorTitle")}</p>
      <p className="state__body">{t("common.errorBody")}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/** Placeholder rows while a table's first page loads. */
export function TableSkeleton({ columns, rows = 8 }: { columns: number; rows?: number }) {
  const { t } = useTranslation();
  return (
    <tbody aria-busy="true">
      {Array.from({ length: rows }, (_, row) => (
        <tr key={row} className="skeleton-row">
          {Array.from({ length: columns }, (_, column) => (
            <td key={column}>
              <span className="skeleton" style={{ width: `${45 + ((row * 7 + column * 13) % 45)}%` }} />
              {row === 0 && column === 0 && <span className="visually-hidden">{t("common.loading")}</span>}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/** While a lazily loaded page's code arrives. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" data-testid="page-loading">
      {t("common.loading")}
    </p>
  );
}
