import { useTranslation } from "react-i18next";
import { EmptyState } from "../../../app/ui/States";

/** The "Reclamações" tab of /after-sales (the claims list comes with the claims). */
export function ClaimsTab() {
  const { t } = useTranslation();
  return (
    <div className="card">
      <EmptyState title={t("claims.emptyTitle")}>{t("claims.emptyAll")}</EmptyState>
    </div>
  );
}
