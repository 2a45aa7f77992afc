import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useResendRefundLinkMutation, type RefundFieldsFragment } from "../../../generated/graphql";

/** Refunds whose customer still has to give their details: a new link may be sent. */
const OPEN = new Set(["AWAITING_CUSTOMER_DETAILS", "EXPIRED", "LOCKED"]);

interface Props {
  refund: Pick<RefundFieldsFragment, "id" | "destination" | "status">;
  orderNumber: number;
  customer: { phone?: string | null; locale: string };
}

/**
 * The customer's refund link. The server shows a link only once, so the order page makes a new
 * one (the previous stops working; an expired or locked refund opens again), then offers to copy
 * it or send it on WhatsApp in the customer's language.
 */
export function RefundLinkActions({ refund, orderNumber, customer }: Props) {
  const { t, i18n } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resend, { loading }] = useResendRefundLinkMutation();
  if (refund.destination !== "CUSTOMER" || (!link && !OPEN.has(refund.status))) return null;

  const issue = async () => {
    setError(null);
    setCopied(false);
    try {
      const { data } = await resend({ variables: { refundId: refund.id } });
      const payload = data?.resendRefundLink;
      if (payload?.link) setLink(payload.link);
      else setError(payload?.userErrors[0]?.message ?? t("order.refundLink.failed"));
    } catch {
      setError(t("order.refundLink.failed"));
    }
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link stays selectable.
      setError(t("order.refundLink.copyFailed"));
    }
  };
  const phone = (customer.phone ?? "").replace(/\D/g, "");
  const whatsappNumber = phone.length === 10 || phone.length === 11 ? `55${phone}` : phone;
  const message = link ? i18n.getFixedT(customer.locale)("order.refundLink.whatsappMessage", { number: orderNumber, link }) : "";

  return (
    <div className="refund__link" data-testid="refund-link-actions">
      {!link ? (
        <button type="button" className="button" onClick={issue} disabled={loading} data-testid="refund-link-issue">
          {t("order.refundLink.issue")}
        </button>
      ) : (
        <>
          <label htmlFor={`refund-link-${refund.id}`}>{t("order.refundLink.label")}</label>
          <input id={`refund-link-${refund.id}`} className="input mono" readOnly value={link} data-testid="refund-link" onFocus={(e) => e.currentTarget.select()} />
          <p className="muted">{t("order.refundLink.once")}</p>
          <div className="refund__link-actions">
            <button type="button" className="button button--primary" onClick={copy} data-testid="refund-link-copy">
              {t("order.refundLink.copy")}
            </button>
            {whatsappNumber && (
              <a
                className="button"
                href={`https://wa.me/${whatsappNumber}?text=${encodeURIComponent(message)}`}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="refund-link-whatsapp"
              >
                {t("order.refundLink.whatsapp")}
              </a>
            )}
          </div>
        </>
      )}
      <p role="status" className="muted">
        {copied ? t("order.refundLink.copied") : ""}
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
