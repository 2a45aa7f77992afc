import { useTranslation } from "react-i18next";
import type { OrderDetailQuery } from "../../../generated/graphql";
import { CustomerPageLink } from "./CustomerPageLink";

type Customer = NonNullable<OrderDetailQuery["order"]>["customer"];

/** The customer's contact details, and the link to their order page. The CPF only ever arrives masked from the server. */
export function CustomerCard({ customer, order }: { customer: Customer; order: { id: string; number: number } }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="customer-title" data-testid="customer-card">
      <div className="card__header">
        <h2 id="customer-title">{t("order.customerTitle")}</h2>
      </div>
      <div className="card__body">
        <p className="customer-card__name">{customer.name}</p>
        <dl className="detail-list">
          <div>
            <dt>{t("order.customer.email")}</dt>
            <dd>
              <a href={`mailto:${customer.email}`}>{customer.email}</a>
            </dd>
          </div>
          <div>
            <dt>{t("order.customer.phone")}</dt>
            <dd>{customer.phone ? <a href={`tel:${customer.phone}`}>{customer.phone}</a> : <span className="muted">{t("common.notInformed")}</span>}</dd>
          </div>
          <div>
            <dt>{t("order.customer.cpf")}</dt>
            <dd className="mono" data-testid="customer-cpf">
              {customer.maskedCpf ?? <span className="muted">{t("common.notInformed")}</span>}
            </dd>
          </div>
        </dl>
        <CustomerPageLink orderId={order.id} orderNumber={order.number} customer={customer} />
      </div>
    </section>
  );
}
