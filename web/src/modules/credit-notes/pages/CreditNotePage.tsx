import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFormat } from "../../../app/format";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { useCreditNoteQuery, useCurrentUserQuery, type CreditNoteQuery } from "../../../generated/graphql";
import "../credit-notes.css";

type CreditNote = NonNullable<CreditNoteQuery["creditNote"]>;

/**
 * A credit note as a printable document: the shop, the order and its customer, what is credited and
 * why, in the shop's currency and time zone. "Imprimir" prints it; the print stylesheet
 * (credit-notes.css) leaves out the desk's navigation and prints black on white on A4.
 */
export function CreditNotePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useCreditNoteQuery({ variables: { id }, fetchPolicy: "cache-and-network" });
  const creditNote = data?.creditNote;
  const title = creditNote ? t("creditNotes.title", { number: creditNote.displayNumber }) : null;

  // The printed document (or saved PDF) is named after the note.
  useEffect(() => {
    if (!title) return;
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);

  if (loading && !data) {
    return (
      <div className="credit-note" aria-busy="true">
        <span className="visually-hidden">{t("common.loading")}</span>
      </div>
    );
  }
  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  if (!creditNote) {
    return (
      <div className="card" data-testid="credit-note-not-found">
        <EmptyState pageTitle title={t("creditNotes.notFoundTitle")}>
          <p>{t("creditNotes.notFoundBody")}</p>
          <p>
            <Link to="/orders" className="button" style={{ marginTop: "var(--space-3)" }}>
              {t("order.backToOrders")}
            </Link>
          </p>
        </EmptyState>
      </div>
    );
  }
  return <CreditNoteDocument creditNote={creditNote} title={title!} />;
}

function CreditNoteDocument({ creditNote, title }: { creditNote: CreditNote; title: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { data: me } = useCurrentUserQuery();
  const column = {
    description: t("creditNotes.lines.description"),
    sku: t("creditNotes.lines.sku"),
    quantity: t("creditNotes.lines.quantity"),
    unitAmount: t("creditNotes.lines.unitAmount"),
    amount: t("creditNotes.lines.amount"),
  };
  const source =
    creditNote.source.id !== null && creditNote.source.id !== undefined
      ? t(`creditNotes.source.${creditNote.source.type}`, { id: creditNote.source.id })
      : t("creditNotes.source.OTHER");
  const issuedBy = creditNote.issuedBy.name ?? (i18n.exists(`actorType.${creditNote.issuedBy.type}`) ? t(`actorType.${creditNote.issuedBy.type}`) : creditNote.issuedBy.type);

  return (
    <article className="credit-note" data-testid="credit-note">
      <div className="credit-note__toolbar">
        <Link to={`/orders/${creditNote.order.id}`} className="credit-note__back">
          ← {t("creditNotes.backToOrder", { number: creditNote.order.number })}
        </Link>
        <button type="button" className="button button--primary" onClick={() => window.print()} data-testid="credit-note-print">
          {t("creditNotes.print")}
        </button>
      </div>

      <div className="credit-note__sheet card">
        <header className="credit-note__header">
          <p className="credit-note__shop" data-testid="credit-note-shop">
            {me?.me.shop.name}
          </p>
          <h1 data-testid="credit-note-title">{title}</h1>
        </header>

        <dl className="credit-note__facts">
          <div>
            <dt>{t("creditNotes.order")}</dt>
            <dd data-testid="credit-note-order">{t("orders.number", { number: creditNote.order.number })}</dd>
          </div>
          <div>
            <dt>{t("creditNotes.customer")}</dt>
            <dd data-testid="credit-note-customer">{creditNote.order.customer.name}</dd>
          </div>
          <div>
            <dt>{t("creditNotes.issuedAt")}</dt>
            <dd data-testid="credit-note-issued-at">
              <time dateTime={creditNote.issuedAt}>{format.longDateTime(creditNote.issuedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t("creditNotes.sourceLabel")}</dt>
            <dd data-testid="credit-note-source">{source}</dd>
          </div>
          <div>
            <dt>{t("creditNotes.issuedBy")}</dt>
            <dd>{issuedBy}</dd>
          </div>
        </dl>

        <div className="table-scroll">
          <table className="table credit-note__lines" data-testid="credit-note-lines">
            <caption className="visually-hidden">{t("creditNotes.linesCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{column.description}</th>
                <th scope="col">{column.sku}</th>
                <th scope="col" className="numeric">{column.quantity}</th>
                <th scope="col" className="numeric">{column.unitAmount}</th>
                <th scope="col" className="numeric">{column.amount}</th>
              </tr>
            </thead>
            <tbody>
              {creditNote.lines.map((line) => (
                <tr key={line.id} data-testid="credit-note-line">
                  <td>{line.description}</td>
                  <td className="mono">{line.skuCode ?? "—"}</td>
                  <td className="numeric">{format.number(line.quantity)}</td>
                  <td className="numeric">{format.money(line.unitAmount)}</td>
                  <td className="numeric">{format.money(line.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="credit-note__total">
                <th scope="row" colSpan={4}>
                  {t("creditNotes.total")}
                </th>
                <td className="numeric" data-testid="credit-note-total">
                  {format.money(creditNote.total)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>

        <section className="credit-note__reason" aria-labelledby="credit-note-reason-title">
          <h2 id="credit-note-reason-title">{t("creditNotes.reason")}</h2>
          <p data-testid="credit-note-reason">{creditNote.reason}</p>
        </section>
      </div>
    </article>
  );
}
