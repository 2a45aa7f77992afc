import { useTranslation } from "react-i18next";
import type { ReturnStatus } from "../../../generated/graphql";
import { RETURN_BADGE } from "../return-values";
import "../../../app/ui/StatusBadge.css";

/** A return's status, coloured like the order statuses it resembles. */
export function ReturnStatusBadge({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-badge--${RETURN_BADGE[status] ?? "UNKNOWN"}`} data-testid="return-status-badge" data-status={status}>
      {t(`returns.status.${status}`, { defaultValue: status })}
    </span>
  );
}
