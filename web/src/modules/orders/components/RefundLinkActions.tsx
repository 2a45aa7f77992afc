import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RefundLink } from "../../refunds/components/RefundLink";
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
 * one (the previous stops working; an expired or locked refund opens again) and shows it (RefundLink).
 */
export function RefundLinkActions({ refund, orderNumber, customer }: Props) {
  const { t } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resend, { loading }] = useResendRefundLinkMutation();
  if (refund.destination !== "CUSTOMER" || (!link && !OPEN.has(refund.status))) return null;

  const issue = async () => {
    setError(null);
    try {
      const { data } = await resend({ variables: { refundId: refund.id } });
      const payload = data?.resendRefundLink;
      if (payload?.link) setLink(payload.link);
      else setError(payload?.userErrors[0]?.message ?? t("order.refundLink.failed"));
    } catch {
      setError(t("order.refundLink.failed"));
    }
  };

  return (
    <div className="refund__link" data-testid="refund-link-actions">
      {!link ? (
        <button type="button" className="button" onClick={issue} disabled={loading} data-testid="refund-link-issue">
          {t("order.refundLink.issue")}
        </button>
      ) : (
        <RefundLink link={link} orderNumber={orderNumber} customer={customer} />
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
