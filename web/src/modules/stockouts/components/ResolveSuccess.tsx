import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { CouponCode } from "../../coupons/CouponCode";
import { RefundLink } from "../../refunds/components/RefundLink";
import type { ResolvedOrder } from "./ResolveOrderDialog";

/**
 * The confirmation after a resolution, on the page that opened the dialog. It takes the focus
 * once the dialog has closed: on the queue the resolved row (and its button) has just gone.
 * `inToast`: inside a Toast (the queue, where the row may have been far down), which is the
 * live region and the frame. A refund to the customer shows its link here, the one time the
 * server gives it with the refund.
 */
export function ResolveSuccess({ result, linkToOrder, inToast }: { result: ResolvedOrder; linkToOrder?: boolean; inToast?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // After the dialog's close, which returns focus to the button that opened it.
    const timer = window.setTimeout(() => ref.current?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, [result]);

  const { resolution, order, refund, apologyCoupon, refundLink, offered } = result;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={inToast ? "resolve-success" : "alert alert--success resolve-success"}
      role={inToast ? undefined : "status"}
      data-testid="resolve-success"
    >
      <p>
        {offered ? t("resolve.successOffered", { number: order.number }) : t(`resolve.success.${resolution}`, { number: order.number })}
        {refund && refund.amount.amount > 0 && (
          <> {t(`resolve.successRefund.${refund.destination}`, { amount: format.money(refund.amount) })}</>
        )}
      </p>
      {apologyCoupon && (
        <p className="resolve-success__coupon" data-testid="resolve-success-coupon">
          {t("coupons.issued")} <CouponCode code={apologyCoupon.code} />
        </p>
      )}
      {refundLink && (
        <div className="resolve-success__refund-link">
          <RefundLink link={refundLink} orderNumber={order.number} customer={order.customer} />
        </div>
      )}
      {linkToOrder && (
        <Link to={`/orders/${order.id}`} className="resolve-success__link">
          {t("resolve.openOrder", { number: order.number })}
        </Link>
      )}
    </div>
  );
}
