import { useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ClaimsTab } from "../../claims/components/ClaimsTab";
import { ReturnsTab } from "../../returns/components/ReturnsTab";
import "./AfterSalesPage.css";

export const AFTER_SALES_PATH = "/after-sales";
const TABS = ["claims", "returns"] as const;
type Tab = (typeof TABS)[number];

/**
 * /after-sales?tab=claims|returns — "Devoluções e reclamações": incomplete-delivery claims and
 * returns, each its own tab (a DataTable with status filters). The tab lives in the URL.
 */
export function AfterSalesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get("tab") === "returns" ? "returns" : "claims";
  const refs = useRef<Record<Tab, HTMLButtonElement | null>>({ claims: null, returns: null });

  const select = (next: Tab) => {
    // Each tab keeps its own filters: switching starts the other one unfiltered.
    setParams(new URLSearchParams(next === "claims" ? {} : { tab: next }));
    refs.current[next]?.focus();
  };
  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const i = TABS.indexOf(tab);
    select(TABS[(i + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!);
  };

  return (
    <section className="list-page after-sales">
      <div className="list-page__header">
        <h1>{t("afterSales.title")}</h1>
      </div>
      <div role="tablist" aria-label={t("afterSales.title")} className="after-sales__tabs" onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`after-sales-tab-${name}`}
            aria-controls={`after-sales-panel-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            className="after-sales__tab"
            onClick={() => select(name)}
            data-testid={`after-sales-tab-${name}`}
          >
            {t(`afterSales.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`after-sales-panel-${tab}`} aria-labelledby={`after-sales-tab-${tab}`} className="after-sales__panel">
        {tab === "claims" ? <ClaimsTab /> : <ReturnsTab />}
      </div>
    </section>
  );
}
