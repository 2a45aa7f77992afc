import type { ReactNode } from "react";
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
