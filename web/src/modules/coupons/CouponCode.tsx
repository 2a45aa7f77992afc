import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A coupon code the merchant passes on to the customer, with a copy button. */
export function CouponCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure page, a refused permission): the code stays selectable.
      setCopied(false);
    }
  }
  return (
    <span className="coupon-code">
      <code className="coupon-code__text mono" data-testid="coupon-code">
        {code}
      </code>
      <button type="button" className="button button--small" onClick={() => void copy()} data-testid="coupon-copy">
        {copied ? t("coupons.copied") : t("coupons.copy")}
      </button>
      <span className="visually-hidden" role="status">
        {copied ? t("coupons.copied") : ""}
      </span>
    </span>
  );
}
