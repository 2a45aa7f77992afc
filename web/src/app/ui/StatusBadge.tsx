import { useTranslation } from "react-i18next";
import type { OrderStatus, StockStatus } from "../../generated/graphql";
import "./StatusBadge.css";

type Props = { kind: "order"; status: OrderStatus } | { kind: "stock"; status: StockStatus };

/**
 * The colored label for an order status or a stock status. A status this build does not know yet
 * (the server is newer) still shows, as its code on a neutral badge.
 */
export function StatusBadge(props: Props) {
  const { t, i18n } = useTranslation();
  const key = props.kind === "order" ? `orderStatus.${props.status}` : `stockStatus.${props.status}`;
  const known = i18n.exists(key);
  const label = props.kind === "order" ? t(`orderStatus.${props.status}`) : t(`stockStatus.${props.status}`);
  return (
    <span
      className={`status-badge status-badge--${known ? props.status : "UNKNOWN"}`}
      data-testid="status-badge"
      data-status={props.status}
    >
      {known ? label : props.status}
    </span>
  );
}
