import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useOrdersWithoutStockCountLive } from "../../modules/stockouts/live";
import { useFormat } from "../format";
import { useHasRole } from "../roles";
import { API_KEYS_PATH } from "../../modules/api-keys/paths";
import { WEBHOOKS_PATH } from "../../modules/webhooks/paths";
import { useWebhookEndpointsQuery } from "../../generated/graphql";

/** The merchant's work queue: orders stuck for lack of stock, oldest first. */
export const ORDERS_WITHOUT_STOCK_PATH = "/orders-without-stock";

export function Sidebar() {
  const { t } = useTranslation();
  const format = useFormat();
  const { pathname } = useLocation();
  // Kept current while the page sits open: stock comes back, orders come in.
  const withoutStock = useOrdersWithoutStockCountLive();
  // Settings are the payout account, customer choices and messages: MANAGER and OWNER.
  const managesShop = useHasRole("MANAGER");
  // A webhook endpoint disabled after a day of failures is flagged here, wherever the manager is.
  const webhooks = useWebhookEndpointsQuery({ skip: !managesShop, fetchPolicy: "cache-first" });
  const failingWebhooks = webhooks.data?.webhookEndpoints.filter((e) => e.disabledReason === "FAILING").length ?? 0;

  const current = {
    orders: pathname === "/orders" || pathname.startsWith("/orders/"),
    withoutStock: pathname === ORDERS_WITHOUT_STOCK_PATH,
    stock: pathname === "/stock",
    refunds: pathname === "/refunds" || pathname.startsWith("/refunds/"),
    afterSales: pathname === "/after-sales",
    messages: pathname === "/messages",
    reports: pathname === "/reports",
    settings: pathname === "/settings",
    apiKeys: pathname === API_KEYS_PATH,
    webhooks: pathname === WEBHOOKS_PATH,
    team: pathname === "/team",
    account: pathname === "/account",
  };

  return (
    <nav className="sidebar" aria-label={t("nav.label")}>
      <Link to="/orders" className="sidebar__brand">
        <svg viewBox="0 0 32 32" aria-hidden="true" className="sidebar__logo">
          <rect width="32" height="32" rx="8" fill="currentColor" />
          <path d="M9 23V9h7.5a4.5 4.5 0 0 1 0 9H13l6 5" fill="none" stroke="var(--color-accent)" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>{t("app.name")}</span>
      </Link>
      <ul className="sidebar__links">
        <li>
          <Link to="/orders" className="sidebar__link" aria-current={current.orders ? "page" : undefined}>
            {t("nav.orders")}
          </Link>
        </li>
        <li>
          <Link
            to={ORDERS_WITHOUT_STOCK_PATH}
            className="sidebar__link"
            aria-current={current.withoutStock ? "page" : undefined}
            data-testid="nav-orders-without-stock"
          >
            <span>{t("nav.ordersWithoutStock")}</span>
            {withoutStock > 0 && (
              <>
                <span className="sidebar__count" aria-hidden="true" data-testid="orders-without-stock-count">
                  {format.number(withoutStock)}
                </span>
                <span className="visually-hidden">({t("nav.ordersWithoutStockCount", { count: withoutStock })})</span>
              </>
            )}
          </Link>
        </li>
        <li>
          <Link to="/stock" className="sidebar__link" aria-current={current.stock ? "page" : undefined}>
            {t("nav.stock")}
          </Link>
        </li>
        <li>
          <Link to="/refunds" className="sidebar__link" aria-current={current.refunds ? "page" : undefined} data-testid="nav-refunds">
            {t("nav.refunds")}
          </Link>
        </li>
        <li>
          <Link to="/after-sales" className="sidebar__link" aria-current={current.afterSales ? "page" : undefined} data-testid="nav-after-sales">
            {t("nav.afterSales")}
          </Link>
        </li>
        <li>
          <Link to="/messages" className="sidebar__link" aria-current={current.messages ? "page" : undefined} data-testid="nav-messages">
            {t("nav.messages")}
          </Link>
        </li>
        <li>
          <Link to="/reports" className="sidebar__link" aria-current={current.reports ? "page" : undefined} data-testid="nav-reports">
            {t("nav.reports")}
          </Link>
        </li>
        <li>
          <Link to="/team" className="sidebar__link" aria-current={current.team ? "page" : undefined} data-testid="nav-team">
            {t("nav.team")}
          </Link>
        </li>
        <li>
          <Link to="/account" className="sidebar__link" aria-current={current.account ? "page" : undefined} data-testid="nav-account">
            {t("nav.account")}
          </Link>
        </li>
        {managesShop && (
          <li>
            <Link to="/settings" className="sidebar__link" aria-current={current.settings ? "page" : undefined} data-testid="nav-settings">
              {t("nav.settings")}
            </Link>
          </li>
        )}
        {managesShop && (
          <li>
            <Link to={API_KEYS_PATH} className="sidebar__link sidebar__link--sub" aria-current={current.apiKeys ? "page" : undefined} data-testid="nav-api-keys">
              {t("nav.apiKeys")}
            </Link>
          </li>
        )}
        {managesShop && (
          <li>
            <Link to={WEBHOOKS_PATH} className="sidebar__link sidebar__link--sub" aria-current={current.webhooks ? "page" : undefined} data-testid="nav-webhooks">
              <span>{t("nav.webhooks")}</span>
              {failingWebhooks > 0 && (
                <>
                  <span className="sidebar__count" aria-hidden="true" data-testid="webhooks-failing-count">
                    !
                  </span>
                  <span className="visually-hidden">({t("nav.webhooksFailing", { count: failingWebhooks })})</span>
                </>
              )}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
