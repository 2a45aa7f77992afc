import type { RefundRequestFieldsFragment } from "../../../generated/public";
import { useI18n } from "../../shared/i18n";

/**
 * What the refund is: shop, order number and, in full, the refunded items, the total and until when
 * the link works. A status page shows only the shop and the order (`brief`).
 */
export function RefundSummary({ refund, brief = false }: { refund: RefundRequestFieldsFragment; brief?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="summary" aria-label={t("summary.label")}>
      <dl className="summary__facts">
        <div>
          <dt>{t("summary.shop")}</dt>
          <dd data-testid="refund-shop">{refund.shopName}</dd>
        </div>
        <div>
          <dt>{t("summary.order")}</dt>
          <dd data-testid="refund-order-number">{t("summary.orderNumber", { number: String(refund.orderNumber) })}</dd>
        </div>
      </dl>
      {!brief && (
        <>
          <h2 className="summary__heading">{t("summary.items")}</h2>
          <ul className="summary__lines">
            {refund.lines.map((line, index) => (
              <li key={index} className="summary__line" data-testid="refund-line">
                <span>
                  <span className="summary__quantity">{t("summary.quantity", { count: line.quantity })}</span> {line.name}
                </span>
                <span className="summary__amount">{i18n.money(line.amount)}</span>
              </li>
            ))}
          </ul>
          <p className="summary__total">
            <span>{t("summary.total")}</span>
            <strong data-testid="refund-amount">{i18n.money(refund.amount)}</strong>
          </p>
          <p className="summary__expires">
            {t("summary.expires")} <time dateTime={refund.expiresAt} data-testid="refund-expires">{i18n.dateTime(refund.expiresAt)}</time>
          </p>
        </>
      )}
    </section>
  );
}
