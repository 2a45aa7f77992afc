import { useTranslation } from "react-i18next";
import { useCurrentUserQuery, useLogoutMutation } from "../../generated/graphql";
import { clearToken } from "../auth";
import { LanguageSwitcher } from "./LanguageSwitcher";

export function AppHeader() {
  const { t } = useTranslation();
  const { data } = useCurrentUserQuery();
  const [logout, { loading }] = useLogoutMutation();
  const me = data?.me;

  async function signOut() {
    try {
      await logout();
    } catch {
      // The session ends on this device either way.
    } finally {
      clearToken();
    }
  }

  return (
    <header className="app-header">
      <div className="app-header__shop" data-testid="shop-name">
        {me?.shop.name ?? <span className="skeleton app-header__skeleton" />}
      </div>
      <div className="app-header__actions">
        <LanguageSwitcher />
        {me && (
          <span className="app-header__user" title={me.email} data-testid="current-user">
            <span className="app-header__avatar" aria-hidden="true">
              {me.name.trim().charAt(0).toUpperCase()}
            </span>
            <span className="visually-hidden">{t("header.signedInAs", { name: me.name })}</span>
            <span className="app-header__user-name" aria-hidden="true">
              {me.name}
            </span>
          </span>
        )}
        <button type="button" className="button button--small" onClick={signOut} disabled={loading} data-testid="logout">
          {loading ? t("header.loggingOut") : t("header.logout")}
        </button>
      </div>
    </header>
  );
}
