import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../app/format";
import type { CouponFieldsFragment } from "../../generated/graphql";
import { CouponCode } from "./CouponCode";
import "./coupons.css";

/** What a coupon gives: "10%" or "R$ 15,00". */
export function useCouponValue() {
  const format = useFormat();
  return (coupon: Pick<CouponFieldsFragment, "kind" | "value">, currency: string) =>
    coupon.kind === "PERCENT" ? `${format.number(coupon.value)}%` : format.money({ amount: coupon.value, currency });
}

/**
 * The order's coupons: the apology coupons issued for it (with where each stands) and the coupon
 * it used at checkout.
 */
export function CouponsCard({
  apologyCoupons,
  couponApplied,
  currency,
}: {
  apologyCoupons: readonly CouponFieldsFragment[];
  couponApplied: CouponFieldsFragment | null;
  currency: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const value = useCouponValue();
  const status = (coupon: CouponFieldsFragment) => {
    switch (coupon.status) {
      case "USED":
        return coupon.usedByOrderId ? (
          <Link to={`/orders/${coupon.usedByOrderId}`}>{t("coupons.status.USED", { number: coupon.usedByOrderNumber })}</Link>
        ) : (
          t("coupons.status.USED", { number: coupon.usedByOrderNumber })
        );
      case "EXPIRED":
        return t("coupons.status.EXPIRED", { date: format.dateTime(coupon.expiresAt) });
      default:
        return t("coupons.status.VALID", { date: format.dateTime(coupon.expiresAt) });
    }
  };
  return (
    <section className="card" aria-labelledby="coupons-title" data-testid="order-coupons">
      <div className="card__header">
        <h2 id="coupons-title">{t("coupons.title")}</h2>
      </div>
      <ul className="coupons">
        {apologyCoupons.map((coupon) => (
          <li key={coupon.id} className="coupon" data-testid="order-apology-coupon" data-status={coupon.status}>
            <p className="coupon__what">{t("coupons.apology", { value: value(coupon, currency) })}</p>
            <CouponCode code={coupon.code} />
            <p className="coupon__status" data-testid="coupon-status">
              {status(coupon)}
            </p>
          </li>
        ))}
        {couponApplied && (
          <li className="coupon" data-testid="order-coupon-applied">
            <p className="coupon__what">
              {t("coupons.applied", {
                code: couponApplied.code,
                discount: couponApplied.discountApplied ? format.money(couponApplied.discountApplied) : value(couponApplied, currency),
              })}
            </p>
            <p className="coupon__status">
              <Link to={`/orders/${couponApplied.issuedForOrderId}`}>{t("coupons.apologyFor", { number: couponApplied.issuedForOrderNumber })}</Link>
            </p>
          </li>
        )}
      </ul>
    </section>
  );
}
