import { useId, useRef, useState, type FormEvent } from "react";
import { ChooseClaimOutcomeDocument, ReportMissingItemsOnOrderPageDocument, type ClaimOutcome, type OrderPageFieldsFragment, type OrderStatus } from "../../generated/public";
import { request, type Outcome } from "../shared/api";
import { useI18n } from "../shared/i18n";
import type { TextKey } from "../shared/i18n-types";
import "./MissingItems.css";

type Props = {
  token: string;
  order: OrderPageFieldsFragment;
  onChanged(order: OrderPageFieldsFragment): void;
};

/** Where a claim's reshipment stands, in the customer's words. */
function reshipmentText(status: OrderStatus): TextKey {
  if (status === "DELIVERED") return "claim.reshipment.delivered";
  if (status === "SHIPPED") return "claim.reshipment.shipped";
  if (status === "READY") return "claim.reshipment.preparing";
  if (status === "CANCELLED") return "claim.reshipment.cancelled";
  return "claim.reshipment.waiting";
}

/** What both claim mutations answer. */
type ClaimPayload = { orderPage?: OrderPageFieldsFragment | null; refundLink?: string | null; userErrors: ReadonlyArray<{ code: string }>; retryAfterSeconds?: number | null };
type Sent = { kind: "data"; payload: ClaimPayload } | { kind: "errors" | "network" };
const payloadOf = <T,>(outcome: Outcome<T>, pick: (data: T) => ClaimPayload): Sent => (outcome.kind === "data" ? { kind: "data", payload: pick(outcome.data) } : { kind: outcome.kind });

/**
 * "Faltou algum item?" on a delivered order: the customer reports missing units (per delivered
 * line, at most what may still be claimed), sees their claims and how each stands, and may choose
 * what is done about an open one (send again, keep and be refunded, or withdraw).
 */
export function MissingItems({ token, order, onChanged }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const ids = useId();
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ text: string; refundLink: string | null } | null>(null);
  const [sending, setSending] = useState(false);
  const form = useRef<HTMLDetailsElement | null>(null);
  const claimable = order.claimableLines.filter((l) => l.claimable > 0);
  if (claimable.length === 0 && order.claims.length === 0) return null;

  /** Runs a claim mutation; on success shows `text`, else explains the refusal. */
  async function run(send: () => Promise<Sent>, text: string) {
    setError(null);
    setDone(null);
    setSending(true);
    const outcome = await send();
    setSending(false);
    if (outcome.kind !== "data") return setError(outcome.kind === "network" ? t("error.network") : t("claim.error.generic"));
    const { orderPage, refundLink, userErrors, retryAfterSeconds } = outcome.payload;
    if (orderPage) onChanged(orderPage);
    const code = userErrors[0]?.code;
    if (!code) {
      setQuantities({});
      setNote("");
      if (form.current) form.current.open = false;
      return setDone({ text, refundLink: refundLink ?? null });
    }
    if (code === "THROTTLED") return setError(retryAfterSeconds ? t("error.THROTTLED", { wait: i18n.wait(retryAfterSeconds) }) : t("error.THROTTLED.generic"));
    const known = ["EXCEEDS_DELIVERED", "MERCHANT_RESOLVED", "CUSTOMER_CPF_MISSING", "INVALID_TRANSITION"];
    setError(t(known.includes(code) ? (`claim.error.${code}` as TextKey) : "claim.error.generic"));
  }

  function report(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    const lines = claimable.flatMap((l) => {
      const quantity = Number(quantities[l.orderLineId] || 0);
      return Number.isInteger(quantity) && quantity > 0 ? [{ orderLineId: l.orderLineId, quantity: Math.min(quantity, l.claimable) }] : [];
    });
    if (lines.length === 0) return setError(t("claim.error.nothing"));
    void run(
      async () => payloadOf(await request(ReportMissingItemsOnOrderPageDocument, { input: { token, lines, note: note.trim() || null } }), (data) => data.reportMissingItemsOnOrderPage),
      t("claim.reported"),
    );
  }

  function choose(claimId: string, outcome: ClaimOutcome) {
    if (sending) return;
    void run(async () => payloadOf(await request(ChooseClaimOutcomeDocument, { input: { token, claimId, outcome } }), (data) => data.chooseClaimOutcome), t(`claim.chosen.${outcome}` as TextKey));
  }

  return (
    <section className="summary" aria-labelledby={`${ids}-title`} data-testid="order-claims">
      <h2 className="summary__heading" id={`${ids}-title`}>
        {t("claim.title")}
      </h2>
      {done && (
        <div className="status status--success" role="status" data-testid="order-claim-done">
          <p className="status__body">{done.text}</p>
          {done.refundLink && (
            <a className="button" href={done.refundLink} data-testid="order-claim-refund-link">
              {t("order.refundLink")}
            </a>
          )}
        </div>
      )}
      {order.claims.length > 0 && (
        <ul className="summary__lines">
          {order.claims.map((claim) => (
            <li key={claim.id} className="summary__line summary__line--stacked" data-testid="order-claim" data-status={claim.status}>
              <span>
                <strong>{t("claim.number", { number: String(claim.number) })}</strong> · {t(`claim.status.${claim.status}` as TextKey)}
                {claim.outcome && ` · ${t(`claim.outcome.${claim.outcome}` as TextKey)}`}
              </span>
              <span className="summary__detail">{claim.items.map((item) => `${t("summary.quantity", { count: item.quantity })} ${item.name}`).join(", ")}</span>
              {claim.message && <span className="summary__detail">{claim.message}</span>}
              {claim.reshipment && (
                <>
                  <span className="summary__detail" data-testid="order-claim-reshipment" data-status={claim.reshipment.status}>
                    {t(reshipmentText(claim.reshipment.status), { number: String(claim.reshipment.number) })}
                  </span>
                  {claim.reshipment.shipments.map((shipment) =>
                    shipment.trackingUrl ? (
                      <a key={shipment.number} href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer" data-testid="order-claim-reshipment-tracking">
                        {t("claim.reshipment.track", { carrier: shipment.carrier === "OTHER" ? t("order.shipment.otherCarrier") : shipment.carrierName, code: shipment.trackingCode })}
                      </a>
                    ) : null,
                  )}
                </>
              )}
              {claim.choices.length > 0 && (
                <span className="claim-choices">
                  <span className="summary__detail">{t("claim.choose")}</span>
                  {claim.choices.map((outcome) => (
                    <button key={outcome} type="button" className="button button--secondary" disabled={sending} onClick={() => choose(claim.id, outcome)} data-testid={`order-claim-${outcome}`}>
                      {t(`claim.choice.${outcome}` as TextKey)}
                    </button>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {claimable.length > 0 && (
        <details className="claim-report" ref={form}>
          <summary data-testid="order-claim-open">{t("claim.question")}</summary>
          <form className="form" onSubmit={report} noValidate data-testid="order-claim-form">
            <p className="field__hint">{t("claim.intro")}</p>
            {claimable.map((line) => (
              <div key={line.orderLineId} className="field">
                <label className="field__label" htmlFor={`${ids}-${line.orderLineId}`}>
                  {line.name}
                </label>
                <span className="field__hint" id={`${ids}-${line.orderLineId}-hint`}>
                  {t("claim.upTo", { count: line.claimable })}
                </span>
                <input
                  id={`${ids}-${line.orderLineId}`}
                  className="field__input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={line.claimable}
                  placeholder="0"
                  aria-describedby={`${ids}-${line.orderLineId}-hint`}
                  value={quantities[line.orderLineId] ?? ""}
                  onChange={(e) => setQuantities({ ...quantities, [line.orderLineId]: e.target.value })}
                  data-testid="order-claim-quantity"
                />
              </div>
            ))}
            <div className="field">
              <label className="field__label" htmlFor={`${ids}-note`}>
                {t("claim.note")}
              </label>
              <textarea id={`${ids}-note`} className="field__input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="order-claim-note" />
            </div>
            <p className="form__alert" role="alert" data-testid="order-claim-error">
              {error}
            </p>
            <button type="submit" className="button" disabled={sending} data-testid="order-claim-submit">
              {sending ? t("order.sending") : t("claim.submit")}
            </button>
          </form>
        </details>
      )}
      {claimable.length === 0 && error && (
        <p className="form__alert" role="alert" data-testid="order-claim-error">
          {error}
        </p>
      )}
    </section>
  );
}
