import { useTranslation } from "react-i18next";
import type { OrderDetailFieldsFragment } from "../../../generated/graphql";

type Address = NonNullable<OrderDetailFieldsFragment["shippingAddress"]>;

/** Where the order goes, written the way the country writes addresses on a parcel. */
export function ShippingAddressCard({ address }: { address: Address | null }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="shipping-address-title" data-testid="shipping-address">
      <div className="card__header">
        <h2 id="shipping-address-title">{t("shipping.addressTitle")}</h2>
      </div>
      <div className="card__body">
        {address ? (
          <address className="shipping-address">
            {address.recipientName && <span>{address.recipientName}</span>}
            <span>{[address.street, address.number].filter(Boolean).join(", ")}</span>
            {address.complement && <span>{address.complement}</span>}
            {address.district && <span>{address.district}</span>}
            <span>{[address.city, address.region].filter(Boolean).join(" – ")}</span>
            <span>
              <span className="mono" data-testid="shipping-postal-code">{address.postalCode}</span> · {address.country}
            </span>
          </address>
        ) : (
          <p className="muted">{t("shipping.noAddress")}</p>
        )}
      </div>
    </section>
  );
}
