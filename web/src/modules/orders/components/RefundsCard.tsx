import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { RefundFieldsFragment } from "../../../generated/graphql";
import { RefundLinkActions } from "./RefundLinkActions";

/** The order's refunds, oldest first: how much, to whom, where each stands, for which items. */
export function RefundsCard({
  refunds,
  orderNumber,
  customer,
}: {
  refunds: readonly RefundFieldsFragment[];
  orderNumber: number;
  customer: { phone?: string | null; locale: string };
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="refunds-title" data-testid="order-refunds">
      <div className="card__header">
        <h2 id="refunds-title">{t("order.refunds.title")}</h2>
      </div>
      <ul className="refunds">
        {refunds.map((refund) => (
          <li key={refund.id} className="refund" data-testid="order-refund" data-destination={refund.destination} data-status={refund.status}>
            <div className="refund__head">
              <span className="refund__amount" data-testid="order-refund-amount">
                {format.money(refund.amount)}
              </span>
              <StatusBadge kind="refund" status={refund.status} />
            </div>
            <dl className="detail-list">
              <div>
                <dt>{t("order.refunds.destination")}</dt>
                <dd>
                  {i18n.exists(`refundDestination.${refund.destination}`)
                    ? t(`refundDestination.${refund.destination}`)
                    : refund.destination}
                </dd>
              </div>
              <div>
                <dt>{t("order.refunds.createdAt")}</dt>
                <dd>
                  <time dateTime={refund.createdAt}>{format.dateTime(refund.createdAt)}</time>
                </dd>
              </div>
              {refund.payoutDetails && (
                <div>
                  <dt>{t("order.refunds.payoutDetails")}</dt>
                  <dd className="mono" data-testid="order-refund-payout-details">
                    {refund.payoutDetails}
                  </dd>
                </div>
              )}
              {refund.reason && (
                <div>
                  <dt>{t("order.refunds.reason")}</dt>
                  <dd>{refund.reason}</dd>
                </div>
              )}
            </dl>
            {(refund.lines.length > 0 || refund.shippingAmount.amount > 0) && (
              <ul className="refund__lines" aria-label={t("order.refunds.lines")}>
                {refund.lines.map((line) => (
                  <li key={line.id} title={line.orderLine.name}>
                    <span>{t("order.refunds.line", { quantity: line.quantity, code: line.orderLine.skuCode })}</span>
                    <span className="numeric">{format.money(line.amount)}</span>
                  </li>
                ))}
                {refund.shippingAmount.amount > 0 && (
                  <li>
                    <span>{t("order.refunds.shipping")}</span>
                    <span className="numeric">{format.money(refund.shippingAmount)}</span>
                  </li>
                )}
              </ul>
            )}
            <RefundLinkActions refund={refund} orderNumber={orderNumber} customer={customer} />
          </li>
        ))}
      </ul>
    </section>
  );
}
