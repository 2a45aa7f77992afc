import { useId, useState, type FormEvent } from "react";
import { OrderPageDocument, RequestReturnFromOrderPageDocument, type OrderPageFieldsFragment, type ReturnReason } from "../../generated/public";
import { request } from "../shared/api";
import { useI18n } from "../shared/i18n";
import type { TextKey } from "../shared/i18n-types";

const REASONS: ReturnReason[] = ["DAMAGED", "WRONG_ITEM", "REGRET", "OTHER"];

/**
 * The customer's returns on their order page: the ones asked for (with the shop's instructions or
 * refusal) and, on a delivered order with something left to send back, "Devolver ou trocar".
 */
export function Returns({ token, order, onChanged }: { token: string; order: OrderPageFieldsFragment; onChanged(order: OrderPageFieldsFragment): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const returnable = order.returnOptions.lines.filter((l) => l.returnable > 0);
  const mayAsk = order.status === "DELIVERED" && returnable.length > 0;
  if (order.returns.length === 0 && !mayAsk) return null;

  return (
    <section className="summary" aria-labelledby="order-returns" data-testid="order-returns">
      <h2 className="summary__heading" id="order-returns">
        {t("order.returns.title")}
      </h2>
      {order.returns.length > 0 && (
        <ul className="summary__lines">
          {order.returns.map((r, i) => (
            <li key={i} className="summary__line summary__line--stacked" data-testid="order-return" data-status={r.status}>
              <strong>{t(`order.returns.status.${r.status}` as TextKey)}</strong>
              <span className="summary__detail">{r.lines.map((l) => t("order.returns.item", { count: String(l.quantity), name: l.name })).join(", ")}</span>
              {r.status === "APPROVED" && r.instructions && <span data-testid="order-return-instructions">{t("order.returns.instructions", { text: r.instructions })}</span>}
              {r.status === "REFUSED" && r.refusalMessage && <span>{t("order.returns.refusal", { text: r.refusalMessage })}</span>}
              {r.settlement && <span className="summary__detail">{t(`order.returns.settlement.${r.settlement}` as TextKey)}</span>}
            </li>
          ))}
        </ul>
      )}
      {sent && (
        <p className="status__note" role="status" data-testid="order-return-sent">
          {t("order.returns.sent")}
        </p>
      )}
      {mayAsk &&
        (open ? (
          <ReturnForm
            token={token}
            order={order}
            onCancel={() => setOpen(false)}
            onSent={(next) => {
              setOpen(false);
              setSent(true);
              onChanged(next);
            }}
          />
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => {
              setSent(false);
              setOpen(true);
            }}
            data-testid="order-return-open"
          >
            {t("order.returns.open")}
          </button>
        ))}
    </section>
  );
}

function ReturnForm({ token, order, onCancel, onSent }: { token: string; order: OrderPageFieldsFragment; onCancel(): void; onSent(order: OrderPageFieldsFragment): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ids = useId();
  const options = order.returnOptions;
  const lines = options.lines.filter((l) => l.returnable > 0);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState<ReturnReason>(options.regretOpen ? "REGRET" : "DAMAGED");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    const chosen = lines.filter((l) => (quantities[l.orderLineId] ?? 0) > 0).map((l) => ({ orderLineId: l.orderLineId, quantity: quantities[l.orderLineId]!, reason }));
    if (chosen.length === 0) return setError(t("order.returns.nothingChosen"));
    setError(null);
    setSending(true);
    const outcome = await request(RequestReturnFromOrderPageDocument, { input: { token, lines: chosen, note: note.trim() || null } });
    if (outcome.kind !== "data") {
      setSending(false);
      return setError(outcome.kind === "network" ? t("error.network") : t("order.returns.error.generic"));
    }
    const { userErrors, retryAfterSeconds } = outcome.data.requestReturnFromOrderPage;
    if (userErrors.length === 0) {
      const reloaded = await request(OrderPageDocument, { token });
      setSending(false);
      if (reloaded.kind === "data" && reloaded.data.orderPage) onSent(reloaded.data.orderPage);
      return;
    }
    setSending(false);
    const code = userErrors[0]?.code ?? "";
    if (code === "THROTTLED") return setError(retryAfterSeconds ? t("error.THROTTLED", { wait: i18n.wait(retryAfterSeconds) }) : t("error.THROTTLED.generic"));
    if (code === "EXCEEDS_RETURNABLE" || code === "RETURN_WINDOW_CLOSED") return setError(t(`order.returns.error.${code}`));
    setError(t("order.returns.error.generic"));
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="order-return-form">
      <p className="field__hint">{t("order.returns.intro")}</p>
      <p className="field__hint">
        {options.regretOpen && options.regretUntil
          ? t("order.returns.regretOpen", { date: i18n.dateTime(options.regretUntil), days: String(options.regretWindowDays) })
          : t("order.returns.regretClosed", { days: String(options.regretWindowDays) })}
      </p>
      {lines.map((l) => (
        <div className="field" key={l.orderLineId}>
          <label className="field__label" htmlFor={`${ids}-q-${l.orderLineId}`}>
            {t("order.returns.quantity", { name: l.name })}
          </label>
          <select
            id={`${ids}-q-${l.orderLineId}`}
            className="input"
            value={quantities[l.orderLineId] ?? 0}
            onChange={(e) => setQuantities({ ...quantities, [l.orderLineId]: Number(e.target.value) })}
            data-testid="order-return-quantity"
          >
            {Array.from({ length: Math.min(l.returnable, 50) + 1 }, (_, n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      ))}
      <fieldset className="choices">
        <legend className="field__label">{t("order.returns.reason")}</legend>
        <div className="choices__options choices__options--stack">
          {REASONS.filter((r) => r !== "REGRET" || options.regretOpen).map((r) => (
            <label key={r} className="choice">
              <input type="radio" name={`${ids}-reason`} value={r} checked={reason === r} onChange={() => setReason(r)} data-testid={`order-return-reason-${r}`} />
              <span className="choice__text">
                <span className="choice__label">{t(`order.returns.reason.${r}` as TextKey)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-note`}>
          {t("order.returns.note")}
        </label>
        <textarea id={`${ids}-note`} className="input" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="order-return-note" />
      </div>
      <p className="form__alert" role="alert" data-testid="order-return-error">
        {error}
      </p>
      <div className="form__actions">
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("order.returns.back")}
        </button>
        <button type="submit" className="button" disabled={sending} data-testid="order-return-submit">
          {sending ? t("order.returns.sending") : t("order.returns.submit")}
        </button>
      </div>
    </form>
  );
}
