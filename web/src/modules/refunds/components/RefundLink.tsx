import { useTranslation } from "react-i18next";
import { ShareLink } from "../../../app/ui/ShareLink";

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
  return (
    <ShareLink
      link={link}
      label={t("order.refundLink.label")}
      note={t("order.refundLink.once")}
      whatsapp={{ phone: customer.phone, message: i18n.getFixedT(customer.locale)("order.refundLink.whatsappMessage", { number: orderNumber, link }) }}
      testId="refund-link"
    />
  );
}
