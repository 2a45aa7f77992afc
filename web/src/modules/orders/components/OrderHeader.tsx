import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { OrderDetailQuery } from "../../../generated/graphql";

type Order = NonNullable<OrderDetailQuery["order"]>;

/** `actions`: buttons at the end of the title row (e.g. "Resolver"). */
export function OrderHeader({ order, actions }: { order: Order; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (
    <header className="order-header">
      <Link to="/orders" className="order-header__back">
        ← {t("order.back")}
      </Link>
      <div className="order-header__title">
        <h1 data-testid="order-number">{t("order.title", { number: order.number })}</h1>
        <StatusBadge kind="order" status={order.status} />
        {order.priority && <StatusBadge kind="priority" reason={order.priorityReason} />}
        {actions && <div className="order-header__actions">{actions}</div>}
      </div>
      <dl className="order-header__facts">
        <div>
          <dt>{t("order.placedAt")}</dt>
          <dd>
            <time dateTime={order.placedAt}>{format.longDateTime(order.placedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("order.source")}</dt>
          <dd>{i18n.exists(`orderSource.${order.source}`) ? t(`orderSource.${order.source}`) : order.source}</dd>
        </div>
        {order.priority && order.prioritySince && (
          <div data-testid="order-priority">
            <dt>{t("priority.badge")}</dt>
            <dd>{t("priority.current", { when: format.longDateTime(order.prioritySince), reason: order.priorityReason ?? "" })}</dd>
          </div>
        )}
        {order.externalReference && (
          <div>
            <dt>{t("order.externalReference")}</dt>
            <dd className="mono">{order.externalReference}</dd>
          </div>
        )}
      </dl>
      {order.missingQuantity > 0 && (
        <p className="alert alert--warning" role="status" data-testid="order-missing-banner">
          {t("order.missing", { count: order.missingQuantity })}{" "}
          <span data-testid="order-expected" data-expected-on={order.expectedRestockOn ?? undefined}>
            {order.expectedRestockOn ? t("expected.on", { date: format.calendarDate(order.expectedRestockOn) }) : t("expected.none")}
          </span>
        </p>
      )}
    </header>
  );
}
