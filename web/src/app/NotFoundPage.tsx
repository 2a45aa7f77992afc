import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EmptyState } from "./ui/States";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="card" data-testid="not-found">
      <EmptyState pageTitle title={t("notFound.title")}>
        <p>{t("notFound.body")}</p>
        <p>
          <Link to="/orders" className="button" style={{ marginTop: "var(--space-3)" }}>
            {t("notFound.home")}
          </Link>
        </p>
      </EmptyState>
    </div>
  );
}
