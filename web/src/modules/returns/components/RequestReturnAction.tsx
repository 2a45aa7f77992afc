import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { useOrderReturnsQuery, useRequestReturnMutation, type OrderReturnsQuery, type ReturnReason } from "../../../generated/graphql";
import { REQUEST_REASONS } from "../return-values";
import { ReturnStatusBadge } from "./ReturnStatusBadge";
import "./returns.css";

/** "Devolver itens" on a delivered order: the button and its dialog (what comes back, why, a note). */
export function RequestReturnAction({ orderId, orderNumber }: { orderId: string; orderNumber: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setDone(null);
          setOpen(true);
        }}
        data-testid="request-return"
      >
        {t("returns.requestAction")}
      </button>
      {done && (
        <span className="visually-hidden" role="status">
          {done}
        </span>
      )}
      <Dialog title={t("returns.requestTitle", { number: orderNumber })} open={open} onClose={() => setOpen(false)} testId="request-return-dialog" size="wide">
        {open && (
          <RequestForm
            orderId={orderId}
            onClose={() => setOpen(false)}
            onDone={(id) => {
              setOpen(false);
              setDone(t("returns.requested", { id }));
            }}
          />
        )}
      </Dialog>
    </>
  );
}

type Options = NonNullable<NonNullable<OrderReturnsQuery["order"]>["returnOptions"]>;

function RequestForm({ orderId, onClose, onDone }: { orderId: string; onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading: reading } = useOrderReturnsQuery({ variables: { orderId }, fetchPolicy: "network-only" });
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState<Record<string, ReturnReason>>({});
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const [request, { loading }] = useRequestReturnMutation({ refetchQueries: ["Returns", "OrderReturns"] });
  const options: Options | undefined = data?.order?.returnOptions;
  const lines = options?.lines.filter((l) => l.returnable > 0) ?? [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = lines
      .map((l) => ({ orderLineId: l.orderLineId, quantity: Number(quantities[l.orderLineId] ?? "0"), reason: reasons[l.orderLineId] ?? "DAMAGED" }))
      .filter((l) => l.quantity > 0);
    if (chosen.length === 0) {
      setErrors([t("returns.nothingChosen")]);
      return;
    }
    setErrors([]);
    try {
      const { data: result } = await request({ variables: { orderId, input: { lines: chosen, note: note.trim() || null } } });
      const payload = result?.requestReturn;
      if (payload?.return && payload.userErrors.length === 0) {
        onDone(payload.return.id);
        return;
      }
      setErrors(payload?.userErrors.length ? payload.userErrors.map((e) => userErrorText(e, t)) : [t("returns.failed")]);
    } catch (failure) {
      setErrors([requestFailureText(failure, t, t("returns.failed"))]);
    }
  }

  if (reading && !data) return <p className="muted">{t("common.loading")}</p>;
  return (
    <form className="adjust-form" onSubmit={submit} noValidate>
      {errors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="request-return-error">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      {options && (
        <p className="field__hint">
          {options.regretOpen && options.regretUntil
            ? t("returns.regretOpen", { days: options.regretWindowDays, until: format.dateTime(options.regretUntil) })
            : t("returns.regretClosed", { days: options.regretWindowDays })}
        </p>
      )}
      {lines.length === 0 ? (
        <p data-testid="request-return-nothing">{t("returns.nothingReturnable")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--stack" data-testid="request-return-lines">
            <thead>
              <tr>
                <th scope="col">{t("order.lines.name")}</th>
                <th scope="col" className="numeric">{t("returns.returnable")}</th>
                <th scope="col" className="numeric">{t("returns.quantity")}</th>
                <th scope="col">{t("returns.reasonLabel")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.orderLineId} data-testid="request-return-line" data-sku={l.skuCode}>
                  <td data-label={t("order.lines.name")}>
                    {l.name} <span className="muted mono">{l.skuCode}</span>
                  </td>
                  <td data-label={t("returns.returnable")} className="numeric">{l.returnable}</td>
                  <td data-label={t("returns.quantity")} className="numeric">
                    <label className="visually-hidden" htmlFor={`return-quantity-${l.orderLineId}`}>
                      {t("returns.quantityLabel", { name: l.name })}
                    </label>
                    <input
                      id={`return-quantity-${l.orderLineId}`}
                      className="input input--quantity"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={l.returnable}
                      value={quantities[l.orderLineId] ?? "0"}
                      onChange={(e) => setQuantities({ ...quantities, [l.orderLineId]: e.target.value })}
                      data-testid="return-quantity"
                    />
                  </td>
                  <td data-label={t("returns.reasonLabel")}>
                    <label className="visually-hidden" htmlFor={`return-reason-${l.orderLineId}`}>
                      {t("returns.reasonFor", { name: l.name })}
                    </label>
                    <select
                      id={`return-reason-${l.orderLineId}`}
                      className="input"
                      value={reasons[l.orderLineId] ?? "DAMAGED"}
                      onChange={(e) => setReasons({ ...reasons, [l.orderLineId]: e.target.value as ReturnReason })}
                      data-testid="return-reason"
                    >
                      {REQUEST_REASONS.map((reason) => (
                        <option key={reason} value={reason} disabled={reason === "REGRET" && !options?.regretOpen}>
                          {t(`returns.reason.${reason}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Field label={t("returns.note")} testId="request-return-note">
        {(control) => <textarea {...control} className="input" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="request-return-note" />}
      </Field>
      <FormActions onCancel={onClose} busy={loading} submitLabel={t("returns.requestConfirm")} busyLabel={t("returns.saving")} submitTestId="request-return-confirm" />
    </form>
  );
}

/** The order's returns, each with its status, linking to the returns desk; nothing when it has none. */
export function OrderReturnsCard({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const { data } = useOrderReturnsQuery({ variables: { orderId }, fetchPolicy: "cache-and-network" });
  const returns = data?.order?.returns ?? [];
  if (returns.length === 0) return null;
  return (
    <section className="card" aria-labelledby="order-returns-title" data-testid="order-returns">
      <div className="card__header">
        <h2 id="order-returns-title">{t("returns.orderCard")}</h2>
        <Link to="/after-sales?tab=returns" className="button button--ghost button--small">
          {t("returns.openDesk")}
        </Link>
      </div>
      <ul className="order-returns">
        {returns.map((r) => (
          <li key={r.id} data-testid="order-return">
            <span className="mono">#{r.id}</span> <ReturnStatusBadge status={r.status} />
            <span className="muted"> {r.lines.map((l) => t("returns.itemLine", { count: l.quantity, name: l.name })).join(", ")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
