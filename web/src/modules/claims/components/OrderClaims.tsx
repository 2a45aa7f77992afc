import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { ShareLink } from "../../../app/ui/ShareLink";
import { useOrderClaimsQuery, type ClaimRowFragment } from "../../../generated/graphql";
import { ClaimDialog } from "./ClaimDialog";
import { ClaimOutcomeSummary, ClaimStatusBadge, claimItems } from "./ClaimStatus";
import "../claims.css";

/**
 * The order page's claims card: the order's incomplete-delivery claims, "Informar itens faltantes"
 * on a DELIVERED order with units left to claim, and "Resolver" on an OPEN claim. Nothing at all
 * for an order that is not delivered and has no claim.
 */
export function OrderClaims({ orderId, eventCount }: { orderId: string; eventCount: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, refetch } = useOrderClaimsQuery({ variables: { orderId }, fetchPolicy: "cache-and-network" });
  // The live order page's timeline length: a delivery, or a claim the customer opened, reads the claims again.
  const seen = useRef(eventCount);
  useEffect(() => {
    if (seen.current === eventCount) return;
    seen.current = eventCount;
    void refetch();
  }, [eventCount, refetch]);
  const [dialog, setDialog] = useState<{ claim: ClaimRowFragment | null; key: number } | null>(null);
  const [done, setDone] = useState<{ claim: ClaimRowFragment; refundLink: string | null } | null>(null);
  const order = data?.order;
  if (!order) return null;
  // A follow-up order (a claim's reshipment, a return's exchange) says which order it follows up.
  if (order.kind !== "SALE" && order.originOrder) {
    return (
      <section className="card" aria-labelledby="order-follow-up-title" data-testid="order-follow-up" data-kind={order.kind}>
        <div className="card__header">
          <h2 id="order-follow-up-title">{t(order.kind === "RESHIPMENT" ? "claims.followUp.RESHIPMENT" : "claims.followUp.EXCHANGE")}</h2>
        </div>
        <p>
          {t("claims.followUp.body")}{" "}
          <Link to={`/orders/${order.originOrder.id}`}>{t("claims.followUp.origin", { number: order.originOrder.number })}</Link>
        </p>
      </section>
    );
  }
  if (order.status !== "DELIVERED" && order.claims.length === 0) return null;
  const claimable = order.claimableLines.some((l) => l.claimable > 0);

  return (
    <section className="card" aria-labelledby="order-claims-title" data-testid="order-claims">
      <div className="card__header">
        <h2 id="order-claims-title">{t("claims.orderCard.title")}</h2>
        {claimable && (
          <button type="button" className="button button--small" onClick={() => setDialog({ claim: null, key: Date.now() })} data-testid="report-missing">
            {t("claims.orderCard.report")}
          </button>
        )}
      </div>
      <div className="card__body order-claims__body">
      {done && (
        <div className="alert alert--success" role="status" data-testid="claim-done">
          <p>{t(done.claim.status === "OPEN" ? "claims.orderCard.reported" : "claims.orderCard.resolved", { claim: done.claim.number })}</p>
          {done.refundLink && (
            <ShareLink link={done.refundLink} label={t("claims.orderCard.refundLink")} whatsapp={{ message: t("claims.orderCard.refundLinkMessage", { number: order.number, link: done.refundLink }) }} testId="claim-refund-link" />
          )}
        </div>
      )}
      {order.claims.length === 0 ? (
        <p className="muted">{t("claims.orderCard.none")}</p>
      ) : (
        <ul className="order-claims">
          {order.claims.map((claim) => (
            <li key={claim.id} className="order-claims__item" data-testid="order-claim" data-status={claim.status}>
              <div className="order-claims__head">
                <strong>{t("claims.number", { claim: claim.number })}</strong>
                <ClaimStatusBadge status={claim.status} />
              </div>
              <span>{claimItems(claim)}</span>
              <time dateTime={claim.createdAt} className="muted">
                {t(claim.openedBy === "CUSTOMER" ? "claims.openedByCustomer" : "claims.openedByShop", { when: format.dateTime(claim.createdAt) })}
              </time>
              {claim.note && <q>{claim.note}</q>}
              <ClaimOutcomeSummary claim={claim} />
              {claim.status === "OPEN" && (
                <button type="button" className="button button--primary button--small" onClick={() => setDialog({ claim, key: Date.now() })} data-testid="resolve-claim">
                  {t("claims.orderCard.resolve")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      </div>
      {dialog && (
        <ClaimDialog
          key={dialog.key}
          order={order}
          claim={dialog.claim}
          open
          onClose={() => setDialog(null)}
          onDone={(claim, refundLink) => {
            setDialog(null);
            setDone({ claim, refundLink });
          }}
        />
      )}
    </section>
  );
}
