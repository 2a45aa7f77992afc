import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import { Dialog } from "../../../app/ui/Dialog";
import { FormActions } from "../../../app/ui/FormActions";
import {
  useReceiveReturnMutation,
  useReturnReceiptPreviewQuery,
  type ReceiveReturnInput,
  type RefundDestination,
  type ReturnFieldsFragment,
  type ReturnSettlement,
} from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";

type Props = {
  ret: ReturnFieldsFragment | null;
  onClose: () => void;
  onReceived: (notice: string) => void;
};

type Counts = Record<string, { good: string; damaged: string }>;
type ExchangeRow = { skuCode: string; quantity: string };

const whole = (value: string) => (/^\d{1,6}$/.test(value.trim()) ? Number(value) : NaN);

/**
 * "Receber devolução": what arrived per line (good units back to stock, damaged ones recorded) and
 * how it is settled, refund or exchange, with a live preview of stock and money before anything changes.
 */
export function ReceiveReturnDialog({ ret, onClose, onReceived }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={ret ? t("returns.receiveTitle", { id: ret.id, number: ret.order.number }) : ""} open={ret !== null} onClose={onClose} testId="receive-return-dialog" size="wide">
      {ret && <ReceiveForm key={ret.id} ret={ret} onClose={onClose} onReceived={onReceived} />}
    </Dialog>
  );
}

function ReceiveForm({ ret, onClose, onReceived }: { ret: ReturnFieldsFragment; onClose: () => void; onReceived: (notice: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [counts, setCounts] = useState<Counts>(() => Object.fromEntries(ret.lines.map((l) => [l.id, { good: String(l.quantity), damaged: "0" }])));
  const [settle, setSettle] = useState<ReturnSettlement>("REFUND");
  const [refundTo, setRefundTo] = useState<RefundDestination>("CUSTOMER");
  const [exchange, setExchange] = useState<ExchangeRow[]>([{ skuCode: "", quantity: "1" }]);
  const [errors, setErrors] = useState<string[]>([]);
  const [receive, { loading }] = useReceiveReturnMutation({
    refetchQueries: ["Returns"],
    update: (cache, { data }) => {
      if (data?.receiveReturn.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });

  const lines = ret.lines.map((l) => ({ line: l, good: whole(counts[l.id]?.good ?? ""), damaged: whole(counts[l.id]?.damaged ?? "") }));
  const linesValid = lines.every((l) => Number.isInteger(l.good) && Number.isInteger(l.damaged) && l.good + l.damaged <= l.line.quantity);
  const units = linesValid ? lines.reduce((sum, l) => sum + l.good + l.damaged, 0) : 0;
  const exchangeRows = exchange.filter((row) => row.skuCode.trim()).map((row) => ({ skuCode: row.skuCode.trim(), quantity: whole(row.quantity) }));
  const exchangeValid = settle === "REFUND" || (exchangeRows.length > 0 && exchangeRows.every((row) => Number.isInteger(row.quantity) && row.quantity > 0));
  const input: ReceiveReturnInput = {
    lines: lines.map((l) => ({ returnLineId: l.line.id, quantityGood: l.good || 0, quantityDamaged: l.damaged || 0 })),
    settle,
    ...(settle === "EXCHANGE" ? { exchange: exchangeRows } : { refundTo }),
  };
  const ready = linesValid && units > 0 && exchangeValid;

  // The preview follows the form, a moment after typing stops.
  const [previewInput, setPreviewInput] = useState<ReceiveReturnInput | null>(null);
  const key = JSON.stringify(ready ? input : null);
  useEffect(() => {
    const timer = setTimeout(() => setPreviewInput(key === "null" ? null : (JSON.parse(key) as ReceiveReturnInput)), 250);
    return () => clearTimeout(timer);
  }, [key]);
  const preview = useReturnReceiptPreviewQuery({ variables: { returnId: ret.id, input: previewInput! }, skip: previewInput === null, fetchPolicy: "network-only" });
  const shown = previewInput ? (preview.data ?? preview.previousData)?.returnReceiptPreview : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) {
      setErrors([!linesValid ? t("returns.countsInvalid") : units === 0 ? t("returns.nothingArrived") : t("returns.exchangeRequired")]);
      return;
    }
    setErrors([]);
    try {
      const { data } = await receive({ variables: { returnId: ret.id, input } });
      const result = data?.receiveReturn;
      if (result?.return && result.userErrors.length === 0) {
        const resumed = result.ordersResumed.length;
        onReceived(
          [t("returns.received", { id: ret.id }), resumed ? t("returns.resumed", { count: resumed, numbers: result.ordersResumed.map((o) => `#${o.number}`).join(", ") }) : null]
            .filter(Boolean)
            .join(" "),
        );
        return;
      }
      setErrors(result?.userErrors.length ? result.userErrors.map((e) => userErrorText(e, t)) : [t("returns.failed")]);
    } catch (failure) {
      setErrors([requestFailureText(failure, t, t("returns.failed"))]);
    }
  }

  return (
    <form className="adjust-form receive-return" onSubmit={submit} noValidate>
      {errors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="receive-return-error">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <fieldset>
        <legend className="field__label">{t("returns.whatArrived")}</legend>
        <div className="table-scroll">
          <table className="table table--stack" data-testid="receive-return-lines">
            <thead>
              <tr>
                <th scope="col">{t("order.lines.name")}</th>
                <th scope="col" className="numeric">{t("returns.expected")}</th>
                <th scope="col" className="numeric">{t("returns.good")}</th>
                <th scope="col" className="numeric">{t("returns.damaged")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map(({ line }) => (
                <tr key={line.id} data-testid="receive-return-line" data-sku={line.skuCode}>
                  <td data-label={t("order.lines.name")}>
                    {line.name} <span className="muted mono">{line.skuCode}</span>
                  </td>
                  <td data-label={t("returns.expected")} className="numeric">{line.quantity}</td>
                  {(["good", "damaged"] as const).map((which) => (
                    <td key={which} data-label={t(`returns.${which}`)} className="numeric">
                      <label className="visually-hidden" htmlFor={`receive-${which}-${line.id}`}>
                        {t(`returns.${which}Label`, { name: line.name })}
                      </label>
                      <input
                        id={`receive-${which}-${line.id}`}
                        className="input input--quantity"
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={line.quantity}
                        value={counts[line.id]?.[which] ?? ""}
                        onChange={(e) => setCounts({ ...counts, [line.id]: { ...counts[line.id]!, [which]: e.target.value } })}
                        data-testid={`receive-${which}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset className="chips">
        <legend className="field__label">{t("returns.settleLegend")}</legend>
        {(["REFUND", "EXCHANGE"] as const).map((value) => (
          <label key={value} className="receive-return__choice">
            <input type="radio" name="settle" value={value} checked={settle === value} disabled={ret.withdrawal && value === "EXCHANGE"} onChange={() => setSettle(value)} data-testid={`receive-settle-${value}`} />{" "}
            {t(`returns.settlement.${value}`)}
          </label>
        ))}
      </fieldset>
      {ret.withdrawal && <p className="field__hint">{t("returns.withdrawalHint")}</p>}

      {settle === "REFUND" ? (
        <fieldset className="chips">
          <legend className="field__label">{t("returns.refundTo")}</legend>
          {(["CUSTOMER", "MERCHANT"] as const).map((value) => (
            <label key={value} className="receive-return__choice">
              <input type="radio" name="refundTo" value={value} checked={refundTo === value} onChange={() => setRefundTo(value)} data-testid={`receive-refund-to-${value}`} />{" "}
              {t(`refundDestination.${value}`)}
            </label>
          ))}
        </fieldset>
      ) : (
        <fieldset>
          <legend className="field__label">{t("returns.exchangeLegend")}</legend>
          <p className="field__hint">{t("returns.exchangeHint")}</p>
          {exchange.map((row, i) => (
            <div key={i} className="receive-return__exchange-row">
              <label className="visually-hidden" htmlFor={`exchange-sku-${i}`}>
                {t("returns.exchangeSku")}
              </label>
              <input
                id={`exchange-sku-${i}`}
                className="input mono"
                placeholder={t("returns.exchangeSku")}
                autoComplete="off"
                spellCheck={false}
                value={row.skuCode}
                onChange={(e) => setExchange(exchange.map((r, j) => (j === i ? { ...r, skuCode: e.target.value } : r)))}
                data-testid="exchange-sku"
              />
              <label className="visually-hidden" htmlFor={`exchange-quantity-${i}`}>
                {t("returns.exchangeQuantity")}
              </label>
              <input
                id={`exchange-quantity-${i}`}
                className="input input--quantity"
                type="number"
                inputMode="numeric"
                min={1}
                value={row.quantity}
                onChange={(e) => setExchange(exchange.map((r, j) => (j === i ? { ...r, quantity: e.target.value } : r)))}
                data-testid="exchange-quantity"
              />
            </div>
          ))}
          <button type="button" className="button button--ghost button--small" onClick={() => setExchange([...exchange, { skuCode: "", quantity: "1" }])}>
            {t("returns.exchangeAdd")}
          </button>
        </fieldset>
      )}

      <section className="receive-return__preview" aria-live="polite" data-testid="receive-return-preview">
        <h3>{t("returns.previewTitle")}</h3>
        {!ready ? (
          <p className="muted">{t("returns.previewIncomplete")}</p>
        ) : preview.error ? (
          <p className="alert alert--warning" data-testid="receive-return-preview-error">
            {preview.error.message}
          </p>
        ) : !shown ? (
          <p className="muted">{t("common.loading")}</p>
        ) : (
          <ul>
            {shown.backToStock.map((b) => (
              <li key={b.skuId} data-testid="preview-stock-back">
                {t("returns.previewBack", { count: b.quantity, code: b.skuCode })}{" "}
                {b.unitsToWaitingOrders > 0 ? t("returns.previewWaiting", { count: b.waitingOrdersServed, units: b.unitsToWaitingOrders, resumed: b.waitingOrdersResumed }) : t("returns.previewNoWaiting")}
              </li>
            ))}
            {shown.damaged.map((d) => (
              <li key={d.skuCode} data-testid="preview-damaged">
                {t("returns.previewDamaged", { count: d.quantity, code: d.skuCode })}
              </li>
            ))}
            {settle === "REFUND" && (
              <li data-testid="preview-refund">
                {t(shown.includesShipping ? "returns.previewRefundShipping" : "returns.previewRefund", { amount: format.money(shown.refundAmount) })}
              </li>
            )}
            {shown.exchange.map((x) => (
              <li key={x.skuCode} data-testid="preview-exchange" data-in-stock={x.inStock}>
                {x.inStock ? t("returns.previewExchangeInStock", { count: x.quantity, code: x.skuCode, name: x.name }) : t("returns.previewExchangeWaits", { count: x.quantity, code: x.skuCode, name: x.name, available: x.availableNow })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <FormActions onCancel={onClose} busy={loading} submitLabel={t("returns.receiveConfirm")} busyLabel={t("returns.saving")} submitTestId="receive-return-confirm" />
    </form>
  );
}
