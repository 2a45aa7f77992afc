import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField, userErrorText } from "../../../app/user-errors";
import { useShipOrderMutation, type Carrier, type OrderDetailFieldsFragment, type ShipmentFieldsFragment } from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";
import { carrierLabel, CARRIERS, defaultCarrier, unshipped } from "../carriers";

type Props = {
  order: OrderDetailFieldsFragment | null;
  onClose: () => void;
  onShipped: (shipment: ShipmentFieldsFragment, order: OrderDetailFieldsFragment) => void;
};

const FIELDS = ["input.carrier", "input.trackingCode", "input.trackingUrl"] as const;
type FormField = (typeof FIELDS)[number];

/** "Enviar": one parcel of the order — carrier, tracking, and how many units of each line go in it. */
export function ShipOrderDialog({ order, onClose, onShipped }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={order ? t("shipping.dialogTitle", { number: order.number }) : t("shipping.ship")} open={order !== null} onClose={onClose} testId="ship-dialog" size="wide">
      {/* Keyed by the order and what has shipped: a fresh form, every unit still to go proposed. */}
      {order && <ShipForm key={`${order.id}:${order.shippedQuantity}`} order={order} onCancel={onClose} onShipped={onShipped} />}
    </Dialog>
  );
}

function ShipForm({ order, onCancel, onShipped }: { order: OrderDetailFieldsFragment; onCancel: () => void; onShipped: Props["onShipped"] }) {
  const { t } = useTranslation();
  const lines = order.lines.filter((line) => unshipped(line) > 0);
  const [carrier, setCarrier] = useState<Carrier>(defaultCarrier(order.currency));
  const [trackingCode, setTrackingCode] = useState("");
  const [trackingUrl, setTrackingUrl] = useState("");
  const [quantities, setQuantities] = useState<Record<string, string>>(() => Object.fromEntries(lines.map((line) => [line.id, String(unshipped(line))])));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField, string>>>({});
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [ship, { loading }] = useShipOrderMutation({
    // Stock left the warehouse: lists showing stock or orders are read again.
    update: (cache, { data }) => {
      if (data?.shipOrder.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });

  const parsed = lines.map((line) => {
    const text = (quantities[line.id] ?? "").trim();
    const quantity = /^\d+$/.test(text) ? Number(text) : NaN;
    return { line, quantity };
  });
  const total = parsed.reduce((sum, p) => sum + (Number.isFinite(p.quantity) ? p.quantity : 0), 0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalidLines: Record<string, string> = {};
    for (const { line, quantity } of parsed) {
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > unshipped(line)) invalidLines[line.id] = t("shipping.quantityInvalid", { max: unshipped(line) });
    }
    const invalid: Partial<Record<FormField, string>> = {};
    if (!trackingCode.trim()) invalid["input.trackingCode"] = t("shipping.trackingCodeRequired");
    if (carrier === "OTHER" && !trackingUrl.trim()) invalid["input.trackingUrl"] = t("shipping.trackingUrlRequired");
    setLineErrors(invalidLines);
    setFieldErrors(invalid);
    const empty = Object.keys(invalidLines).length === 0 && total === 0;
    setFormErrors(empty ? [t("shipping.nothingChosen")] : []);
    if (Object.keys(invalidLines).length || Object.keys(invalid).length || empty) return;

    const chosen = parsed.filter((p) => p.quantity > 0);
    try {
      const { data } = await ship({
        variables: {
          orderId: order.id,
          input: {
            carrier,
            trackingCode: trackingCode.trim(),
            trackingUrl: trackingUrl.trim() || null,
            lines: chosen.map(({ line, quantity }) => ({ orderLineId: line.id, quantity })),
          },
        },
      });
      const result = data?.shipOrder;
      if (result?.shipment && result.order && result.userErrors.length === 0) {
        onShipped(result.shipment, result.order);
        return;
      }
      const userErrors = result?.userErrors ?? [];
      // Errors of the parcel's lines (input.lines.<i>.quantity) go under their line's quantity.
      const lineOf = (field: string | null | undefined) => {
        const match = /^input\.lines\.(\d+)\./.exec(field ?? "");
        return match ? chosen[Number(match[1])]?.line : undefined;
      };
      const byLine: Record<string, string> = {};
      for (const error of userErrors) {
        const line = lineOf(error.field);
        if (line && byLine[line.id] === undefined) byLine[line.id] = userErrorText(error, t);
      }
      const errors = errorsByField(
        userErrors.filter((error) => !lineOf(error.field)),
        FIELDS,
        t,
      );
      const rest = errors.form;
      setFieldErrors(errors.fields);
      setLineErrors(byLine);
      setFormErrors(rest.length || Object.keys(errors.fields).length || Object.keys(byLine).length ? rest : [t("shipping.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("shipping.failed"))]);
    }
  }

  return (
    <form className="adjust-form ship-form" onSubmit={submit} noValidate>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="ship-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <div className="ship-form__row">
        <Field label={t("shipping.carrier")} error={fieldErrors["input.carrier"]} testId="ship-carrier">
          {(control) => (
            <select {...control} className="input" value={carrier} onChange={(event) => setCarrier(event.target.value as Carrier)} data-testid="ship-carrier" data-autofocus>
              {CARRIERS.map((value) => (
                <option key={value} value={value}>
                  {carrierLabel(value, t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("shipping.trackingCode")}
          hint={carrier === "CORREIOS" ? t("shipping.trackingCodeHintCorreios") : undefined}
          error={fieldErrors["input.trackingCode"]}
          testId="ship-tracking-code"
        >
          {(control) => (
            <input
              {...control}
              className="input mono"
              type="text"
              autoComplete="off"
              spellCheck={false}
              maxLength={60}
              value={trackingCode}
              onChange={(event) => setTrackingCode(event.target.value)}
              data-testid="ship-tracking-code"
            />
          )}
        </Field>
      </div>
      {carrier === "OTHER" && (
        <Field label={t("shipping.trackingUrl")} hint={t("shipping.trackingUrlHint")} error={fieldErrors["input.trackingUrl"]} testId="ship-tracking-url">
          {(control) => (
            <input
              {...control}
              className="input"
              type="url"
              inputMode="url"
              autoComplete="off"
              maxLength={500}
              placeholder="https://"
              value={trackingUrl}
              onChange={(event) => setTrackingUrl(event.target.value)}
              data-testid="ship-tracking-url"
            />
          )}
        </Field>
      )}
      <fieldset className="ship-form__lines">
        <legend className="field__label">{t("shipping.parcelContents")}</legend>
        <p className="field__hint">{t("shipping.parcelHint")}</p>
        <div className="table-scroll">
          <table className="table table--stack" data-testid="ship-lines">
            <thead>
              <tr>
                <th scope="col">{t("order.lines.sku")}</th>
                <th scope="col">{t("order.lines.name")}</th>
                <th scope="col" className="numeric">{t("shipping.toShip")}</th>
                <th scope="col" className="numeric">{t("shipping.inParcel")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const inputId = `ship-quantity-${line.id}`;
                const errorId = `${inputId}-error`;
                return (
                  <tr key={line.id} data-testid="ship-line" data-sku={line.skuCode}>
                    <td data-label={t("order.lines.sku")} className="mono">{line.skuCode}</td>
                    <td data-label={t("order.lines.name")}>{line.name}</td>
                    <td data-label={t("shipping.toShip")} className="numeric">{unshipped(line)}</td>
                    <td data-label={t("shipping.inParcel")} className="numeric">
                      <label className="visually-hidden" htmlFor={inputId}>
                        {t("shipping.quantityLabel", { code: line.skuCode })}
                      </label>
                      <input
                        id={inputId}
                        className="input ship-form__quantity"
                        type="text"
                        inputMode="numeric"
                        autoComplete="off"
                        value={quantities[line.id] ?? ""}
                        aria-invalid={lineErrors[line.id] ? true : undefined}
                        aria-describedby={lineErrors[line.id] ? errorId : undefined}
                        onChange={(event) => setQuantities((current) => ({ ...current, [line.id]: event.target.value }))}
                        data-testid="ship-quantity"
                      />
                      {lineErrors[line.id] && (
                        <p className="field__error" id={errorId} data-testid="ship-quantity-error">
                          {lineErrors[line.id]}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <p className="adjust-form__preview" aria-live="polite" data-testid="ship-summary">
        {total > 0 && total >= order.unshippedQuantity ? t("shipping.summaryLast", { count: total }) : t("shipping.summary", { count: total, left: Math.max(0, order.unshippedQuantity - total) })}
      </p>
      <FormActions onCancel={onCancel} busy={loading} submitLabel={t("shipping.submit")} busyLabel={t("shipping.submitting")} submitTestId="ship-confirm" />
    </form>
  );
}
