import { useTranslation } from "react-i18next";
import type { OrderStatus, RefundStatus, StockStatus } from "../../generated/graphql";
import "./StatusBadge.css";

type Props =
  | { kind: "order"; status: OrderStatus }
  /** An order the merchant marked priority (served first by arriving stock); `reason` as its tooltip. */
  | { kind: "priority"; reason?: string | null }
  | { kind: "stock"; status: StockStatus }
  | { kind: "refund"; status: RefundStatus };

const NAMESPACES = { order: "orderStatus", stock: "stockStatus", refund: "refundStatus" } as const;

/**
 * The colored label for an order, stock or refund status. A status this build does not know yet
 * (the server is newer) still shows, as its code on a neutral badge.
 */
export function StatusBadge(props: Props) {
  const { t, i18n } = useTranslation();
  if (props.kind === "priority") {
    return (
      <span className="status-badge status-badge--PRIORITY" data-testid="priority-badge" title={props.reason ?? undefined}>
        {t("priority.badge")}
      </span>
    );
  }
  const known = i18n.exists(`${NAMESPACES[props.kind]}.${props.status}`);
  const label =
    props.kind === "order"
      ? t(`orderStatus.${props.status}`)
      : props.kind === "stock"
        ? t(`stockStatus.${props.status}`)
        : t(`refundStatus.${props.status}`);
  return (
    <span
      className={`status-badge status-badge--${known ? props.status : "UNKNOWN"}`}
      data-testid={props.kind === "refund" ? "refund-status-badge" : "status-badge"}
      data-status={props.status}
    >
      {known ? label : props.status}
    </span>
  );
}
