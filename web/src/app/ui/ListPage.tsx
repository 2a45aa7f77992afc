import type { ReactNode } from "react";
import "./ListPage.css";

/** Title row of a list page: the heading and, once known, how many items match. */
export function ListPageHeader({ title, count }: { title: string; count?: ReactNode }) {
  return (
    <div className="list-page__header">
      <h1>{title}</h1>
      {count !== undefined && (
        <span className="list-page__count" data-testid="total-count">
          {count}
        </span>
      )}
    </div>
  );
}
