import type { TFunction } from "i18next";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { OrderDetailFieldsFragment } from "../../../generated/graphql";
import { actorText, latestChange, type OrderEventItem } from "../../orders/order-events";

/** "às 09:12" today, "em 26/11/2026 18:40" on another day. */
function whenText(iso: string, format: ReturnType<typeof useFormat>, t: TFunction): string {
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? t("orderChanged.atTime", { time: format.time(iso) }) : t("orderChanged.onDate", { dateTime: format.dateTime(iso) });
}

function whatHappened(event: OrderEventItem | null, format: ReturnType<typeof useFormat>, t: TFunction): string {
  if (!event) return t("orderChanged.unknown");
  const values = { actor: actorText(event.actor, t), when: whenText(event.createdAt, format, t) };
  switch (event.type) {
    case "ORDER_CANCELLED":
      return t("orderChanged.events.ORDER_CANCELLED", values);
    case "ORDER_ON_HOLD":
      return t("orderChanged.events.ORDER_ON_HOLD", values);
    case "ITEMS_CANCELLED":
      return t("orderChanged.events.ITEMS_CANCELLED", values);
    case "ORDER_RESUMED":
      // Resumed by a substitution (an equivalent product), not by stock arriving.
      return event.data?.includes('"SUBSTITUTION"')
        ? t("orderChanged.events.LINE_SUBSTITUTED", values)
        : t("orderChanged.events.ORDER_RESUMED", values);
    case "LINE_SUBSTITUTED":
      return t("orderChanged.events.LINE_SUBSTITUTED", values);
    case "STOCK_ALLOCATED":
      return t("orderChanged.events.STOCK_ALLOCATED", values);
    case "SHIPMENT_SENT":
      return t("orderChanged.events.SHIPMENT_SENT", values);
    case "ORDER_DELIVERED":
      return t("orderChanged.events.ORDER_DELIVERED", values);
    case "SHORT_AT_PACKING":
      return t("orderChanged.events.SHORT_AT_PACKING", values);
    default:
      return t("orderChanged.unknown");
  }
}

/**
 * In the Resolver dialog, when the order turned out to have changed since it opened: what
 * happened ("Este pedido foi cancelado por Ana às 09:12"), and its status now.
 */
export function OrderChangedNotice({ order, stillResolvable }: { order: OrderDetailFieldsFragment; stillResolvable: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ref = useRef<HTMLDivElement>(null);
  // The button that was pressed may be gone: the focus goes to what replaced it.
  useEffect(() => ref.current?.focus(), [order]);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert--warning order-changed" role="alert" data-testid="resolve-stale">
      <p className="order-changed__title">{t("orderChanged.title")}</p>
      <p>{whatHappened(latestChange(order.events), format, t)}</p>
      <p className="order-changed__status">
        {t("orderChanged.statusNow")}{" "}
        <span data-testid="resolve-current-status">
          <StatusBadge kind="order" status={order.status} />
        </span>
      </p>
      <p>{stillResolvable ? t("orderChanged.chooseAgain") : t("orderChanged.nothingLeft")}</p>
    </div>
  );
}
