import { useTranslation } from "react-i18next";
import { EmptyState } from "../../../app/ui/States";

/** The "Devoluções" tab of /after-sales: a placeholder until returns land (helper C replaces this file). */
export function ReturnsTab() {
  const { t } = useTranslation();
  return (
    <div className="card">
      <EmptyState title={t("afterSales.returnsSoonTitle")}>{t("afterSales.returnsSoon")}</EmptyState>
    </div>
  );
}
