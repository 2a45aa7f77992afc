import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import "./RefundLink.css";

interface Props {
  /** `<PUBLIC_URL>/refund/<token>`: the server shows it once, never again. */
  link: string;
  orderNumber: number;
  customer: { phone?: string | null; locale: string };
}

/**
 * A customer's refund link, just made (with the refund, or again on the order page): shown
 * once, with "Copiar link" and "Enviar por WhatsApp" (wa.me, the message in the customer's
 * language). The one place that shows a refund link.
 */
export function RefundLink({ link, orderNumber, customer }: Props) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const copy = async () => {
    setError(null);
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link stays selectable.
      setCopied(false);
      setError(t("order.refundLink.copyFailed"));
    }
  };
  const phone = (customer.phone ?? "").replace(/\D/g, "");
  const whatsappNumber = phone.length === 10 || phone.length === 11 ? `55${phone}` : phone;
  const message = i18n.getFixedT(customer.locale)("order.refundLink.whatsappMessage", { number: orderNumber, link });

  return (
    <div className="refund-link" data-testid="refund-link-shown">
      <label htmlFor={inputId}>{t("order.refundLink.label")}</label>
      <input id={inputId} className="input mono" readOnly value={link} data-testid="refund-link" onFocus={(e) => e.currentTarget.select()} />
      <p className="muted">{t("order.refundLink.once")}</p>
      <div className="refund-link__actions">
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
      <p role="status" className="muted">
        {copied ? t("order.refundLink.copied") : ""}
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
