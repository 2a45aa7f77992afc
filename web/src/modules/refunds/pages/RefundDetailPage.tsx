import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFormat } from "../../../app/format";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { Toast } from "../../../app/ui/Toast";
import { useRefundQuery, type RefundQuery } from "../../../generated/graphql";
import { MarkPaidDialog } from "../components/MarkPaidDialog";
import { useHasRole } from "../../../app/roles";
import "./RefundDetailPage.css";

type OrderEvent = NonNullable<RefundQuery["refund"]>["order"]["events"][number];

/** The order's events about this refund (their data names it), newest first. */
function refundEvents(events: readonly OrderEvent[], refundId: string): OrderEvent[] {
  return events
    .filter((event) => {
      try {
        return String((JSON.parse(event.data ?? "null") as { refundId?: unknown } | null)?.refundId) === refundId;
      } catch {
        return false;
      }
    })
    .reverse();
}

export function RefundDetailPage() {
  const { t, i18n } = useTranslation();
  // Marking refunds paid needs MANAGER.
  const mayMarkPaid = useHasRole("MANAGER");
  const format = useFormat();
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useRefundQuery({ variables: { id }, fetchPolicy: "cache-and-network" });
  const [paying, setPaying] = useState(false);
  const [paid, setPaid] = useState(false);

  if (loading && !data) {
    return (
      <div className="refund-detail" aria-busy="true">
        <span className="visually-hidden">{t("common.loading")}</span>
      </div>
    );
  }
  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const refund = data?.refund;
  if (!refund) {
    return (
      <div className="card" data-testid="refund-not-found">
        <EmptyState pageTitle title={t("refunds.notFound")}>
          <p>
            <Link to="/refunds" className="button">
              {t("refunds.back")}
            </Link>
          </p>
        </EmptyState>
      </div>
    );
  }
  const events = refundEvents(refund.order.events, refund.id);

  return (
    <article className="refund-detail" data-testid="refund-detail" data-status={refund.status}>
      <header className="refund-detail__header">
        <Link to="/refunds" className="refund-detail__back">
          ← {t("refunds.back")}
        </Link>
        <div className="refund-detail__title">
          <h1>{t("refunds.detailTitle", { id: refund.id })}</h1>
          <StatusBadge kind="refund" status={refund.status} />
          <span className="refund-detail__amount" data-testid="refund-amount">
            {format.money(refund.amount)}
          </span>
          {refund.status === "READY_FOR_PAYOUT" && mayMarkPaid && (
            <button type="button" className="button button--primary refund-detail__action" onClick={() => setPaying(true)} data-testid="mark-paid">
              {t("refunds.markPaid")}
            </button>
          )}
        </div>
      </header>

      <div className="refund-detail__grid">
        <section className="card" aria-labelledby="refund-facts">
          <div className="card__header">
            <h2 id="refund-facts">{t("refunds.columns.refund")}</h2>
          </div>
          <dl className="refund-detail__facts">
            <div>
              <dt>{t("refunds.order")}</dt>
              <dd>
                <Link to={`/orders/${refund.order.id}`} data-testid="refund-order-link" aria-label={t("refunds.openOrder", { number: refund.order.number })}>
                  {t("orders.number", { number: refund.order.number })}
                </Link>
              </dd>
            </div>
            <div>
              <dt>{t("refunds.customer")}</dt>
              <dd>{refund.order.customer.name}</dd>
            </div>
            <div>
              <dt>{t("refunds.destination")}</dt>
              <dd>{i18n.exists(`refundDestination.${refund.destination}`) ? t(`refundDestination.${refund.destination}`) : refund.destination}</dd>
            </div>
            <div>
              <dt>{t("refunds.createdAt")}</dt>
              <dd>
                <time dateTime={refund.createdAt}>{format.longDateTime(refund.createdAt)}</time>
              </dd>
            </div>
            {refund.reason && (
              <div>
                <dt>{t("refunds.reason")}</dt>
                <dd>{refund.reason}</dd>
              </div>
            )}
            <div>
              <dt>{t("refunds.payoutDetails")}</dt>
              {refund.payoutDetails ? (
                <dd className="mono" data-testid="refund-payout-details">
                  {refund.payoutDetails}
                </dd>
              ) : (
                <dd className="muted">{t("refunds.payoutDetailsPending")}</dd>
              )}
            </div>
            {refund.paidAt && (
              <div>
                <dt>{t("refunds.paidAt")}</dt>
                <dd data-testid="refund-paid-at">
                  <time dateTime={refund.paidAt}>{format.longDateTime(refund.paidAt)}</time>
                </dd>
              </div>
            )}
            {refund.payoutReference && (
              <div>
                <dt>{t("refunds.payoutReference")}</dt>
                <dd className="mono" data-testid="refund-payout-reference">
                  {refund.payoutReference}
                </dd>
              </div>
            )}
          </dl>
        </section>

        <section className="card" aria-labelledby="refund-lines">
          <div className="card__header">
            <h2 id="refund-lines">{t("refunds.lines")}</h2>
          </div>
          <ul className="refund-detail__lines">
            {refund.lines.map((line) => (
              <li key={line.id} title={line.orderLine.name}>
                <span>{t("refunds.line", { quantity: line.quantity, code: line.orderLine.skuCode })}</span>
                <span className="numeric">{format.money(line.amount)}</span>
              </li>
            ))}
            {refund.shippingAmount.amount > 0 && (
              <li>
                <span>{t("refunds.shipping")}</span>
                <span className="numeric">{format.money(refund.shippingAmount)}</span>
              </li>
            )}
            <li className="refund-detail__total">
              <span>{t("refunds.total")}</span>
              <span className="numeric">{format.money(refund.amount)}</span>
            </li>
          </ul>
        </section>

        {events.length > 0 && (
          <section className="card" aria-labelledby="refund-timeline">
            <div className="card__header">
              <h2 id="refund-timeline">{t("refunds.timeline")}</h2>
            </div>
            <ol className="refund-detail__events" data-testid="refund-events">
              {events.map((event) => (
                <li key={event.id} data-event-type={event.type}>
                  <span>{i18n.exists(`eventType.${event.type}`) ? t(`eventType.${event.type}`) : event.type}</span>
                  <span className="muted">
                    {event.actor.name ?? t(`actorType.${event.actor.type}`)} · <time dateTime={event.createdAt}>{format.dateTime(event.createdAt)}</time>
                  </span>
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>

      <MarkPaidDialog
        refund={paying ? refund : null}
        onClose={() => setPaying(false)}
        onPaid={() => {
          setPaying(false);
          setPaid(true);
          void refetch();
        }}
      />
      <Toast onDismiss={() => setPaid(false)} testId="refund-paid-toast">
        {paid ? t("refunds.markedPaid", { id: refund.id }) : null}
      </Toast>
    </article>
  );
}
