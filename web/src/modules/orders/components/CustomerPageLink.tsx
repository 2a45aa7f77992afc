import { useTranslation } from "react-i18next";
import { ShareLink } from "../../../app/ui/ShareLink";
import { useCustomerPageLinkLazyQuery } from "../../../generated/graphql";

interface Props {
  orderId: string;
  orderNumber: number;
  customer: { phone?: string | null; locale: string };
}

/**
 * The customer's own page for this order (progress, refunds and, while it waits for stock, their
 * choice): asked for on demand, then shown with "Copiar link" and "Enviar por WhatsApp".
 */
export function CustomerPageLink({ orderId, orderNumber, customer }: Props) {
  const { t, i18n } = useTranslation();
  const [load, { data, loading, error }] = useCustomerPageLinkLazyQuery();
  const link = data?.order?.customerPageLink;
  if (!link) {
    return (
      <div className="customer-page-link">
        <button type="button" className="button" onClick={() => void load({ variables: { orderId } })} disabled={loading} data-testid="customer-page-link-show">
          {t("order.customerPage.show")}
        </button>
        {error && <p role="alert">{t("order.customerPage.failed")}</p>}
      </div>
    );
  }
  return (
    <ShareLink
      link={link}
      label={t("order.customerPage.label")}
      note={t("order.customerPage.note")}
      whatsapp={{ phone: customer.phone, message: i18n.getFixedT(customer.locale)("order.customerPage.whatsappMessage", { number: orderNumber, link }) }}
      testId="customer-page-link"
    />
  );
}
