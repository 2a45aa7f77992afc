import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import type { OrderDetailQuery } from "../../../generated/graphql";

type Order = NonNullable<OrderDetailQuery["order"]>;

export function OrderTotals({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="totals-title" data-testid="order-totals">
      <div className="card__header">
        <h2 id="totals-title">{t("order.totalsTitle")}</h2>
      </div>
      <dl className="card__body totals">
        <div>
          <dt>{t("order.totals.subtotal")}</dt>
          <dd className="numeric">{format.money(order.subtotal)}</dd>
        </div>
        <div>
          <dt>{t("order.totals.shipping")}</dt>
          <dd className="numeric">{format.money(order.shipping)}</dd>
        </div>
        {order.discount.amount !== 0 && (
          <div>
            <dt>{t("order.totals.discount")}</dt>
            <dd className="numeric">{format.money({ ...order.discount, amount: -Math.abs(order.discount.amount) })}</dd>
          </div>
        )}
        <div className="totals__total">
          <dt>{t("order.totals.total")}</dt>
          <dd className="numeric" data-testid="order-total">{format.money(order.total)}</dd>
        </div>
        {order.refundedTotal.amount > 0 && (
          <div className="totals__refunded">
            <dt>{t("order.totals.refunded")}</dt>
            <dd className="numeric" data-testid="order-refunded-total">
              {format.money({ ...order.refundedTotal, amount: -Math.abs(order.refundedTotal.amount) })}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
