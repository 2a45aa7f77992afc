import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { useOrderCreditNotesQuery } from "../../../generated/graphql";
import "../credit-notes.css";

/** The order's credit notes, each linking to its printable page; nothing at all when the order has none. */
export function OrderCreditNotes({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data } = useOrderCreditNotesQuery({ variables: { orderId }, fetchPolicy: "cache-and-network" });
  const creditNotes = data?.order?.creditNotes ?? [];
  if (creditNotes.length === 0) return null;
  return (
    <section className="card" aria-labelledby="order-credit-notes-title" data-testid="order-credit-notes">
      <div className="card__header">
        <h2 id="order-credit-notes-title">{t("creditNotes.orderCard.title")}</h2>
      </div>
      <ul className="order-credit-notes">
        {creditNotes.map((creditNote) => (
          <li key={creditNote.id} className="order-credit-notes__item" data-testid="order-credit-note">
            <Link to={`/credit-notes/${creditNote.id}`} className="mono">
              {creditNote.displayNumber}
            </Link>
            <time dateTime={creditNote.issuedAt} className="muted">
              {format.dateTime(creditNote.issuedAt)}
            </time>
            <span className="numeric">{format.money(creditNote.total)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
