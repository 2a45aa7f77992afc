import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { AppHeader } from "./AppHeader";
import { Sidebar } from "./Sidebar";
import { VerifyEmailBanner } from "../../modules/signup/components/VerifyEmailBanner";
import "./AppLayout.css";

export function AppLayout() {
  const { t } = useTranslation();
  return (
    <div className="app-layout">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      {/* The column paints the brand colour the whole page down; the sidebar in it stays in view. */}
      <div className="app-layout__side">
        <Sidebar />
      </div>
      <div className="app-layout__main">
        <AppHeader />
        <main id="main" className="app-layout__content" tabIndex={-1}>
          <VerifyEmailBanner />
          <Outlet />
        </main>
      </div>
    </div>
  );
}
