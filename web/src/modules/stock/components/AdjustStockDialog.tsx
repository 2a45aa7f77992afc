import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import { useAdjustStockMutation, type SkuRowFragment } from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";
import { MAX_ON_HAND, MAX_UNITS_PER_CHANGE, stockChangeProblem } from "../limits";
import "./AdjustStockDialog.css";

type AdjustField = "delta" | "reason";
const FIELDS: readonly AdjustField[] = ["delta", "reason"];

/** "+12", "-3", "−3" (typographic minus) or "12"; null for anything else. */
export function parseDelta(text: string): number | null {
  const match = /^\s*([+\-−]?)\s*(\d+)\s*$/.exec(text);
  if (!match) return null;
  const value = Number.parseInt(match[2]!, 10) * (match[1] === "-" || match[1] === "−" ? -1 : 1);
  return Number.isSafeInteger(value) ? value : null;
}

type Props = {
  sku: SkuRowFragment | null;
  onClose: () => void;
  onAdjusted: (sku: SkuRowFragment) => void;
};

export function AdjustStockDialog({ sku, onClose, onAdjusted }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={sku ? t("stock.adjustSku", { code: sku.code }) : t("adjust.title")} open={sku !== null} onClose={onClose} testId="adjust-stock-dialog">
      {/* Keyed by sku: a fresh, empty form every time the dialog opens. */}
      {sku && <AdjustStockForm key={sku.id} sku={sku} onCancel={onClose} onAdjusted={onAdjusted} />}
    </Dialog>
  );
}

function AdjustStockForm({ sku, onCancel, onAdjusted }: { sku: SkuRowFragment; onCancel: () => void; onAdjusted: (sku: SkuRowFragment) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [deltaText, setDeltaText] = useState("");
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<AdjustField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [adjustStock, { loading }] = useAdjustStockMutation({
    // The row updates through the cache (Sku is normalised by id). Adding stock may have resumed
    // waiting orders: drop cached order lists (the queue and the sidebar count are read again)
    // and order details.
    update: (cache, { data }) => {
      if (data?.adjustStock.userErrors.length === 0) refreshAfterStockChange(cache, { orders: "all" });
    },
  });

  const delta = parseDelta(deltaText);
  const problem = delta === null ? null : stockChangeProblem(delta, sku.stock.onHand);
  const problemText =
    problem === "perChange"
      ? t("stockLimits.adjustDelta", { max: MAX_UNITS_PER_CHANGE })
      : problem === "onHand"
        ? t("stockLimits.onHand", { max: MAX_ON_HAND, code: sku.code, onHand: sku.stock.onHand })
        : null;
  const newOnHand = delta === null || problem ? null : sku.stock.onHand + delta;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalid: Partial<Record<AdjustField, string>> = {};
    if (delta === null || delta === 0) invalid.delta = t("adjust.deltaInvalid");
    else if (problemText) invalid.delta = problemText;
    if (!reason.trim()) invalid.reason = t("adjust.reasonRequired");
    setFieldErrors(invalid);
    setFormErrors([]);
    if (delta === null || Object.keys(invalid).length > 0) return;

    try {
      const { data } = await adjustStock({ variables: { skuId: sku.id, delta, reason: reason.trim() } });
      const result = data?.adjustStock;
      if (result?.sku && result.userErrors.length === 0) {
        onAdjusted(result.sku);
        return;
      }
      const userErrors = result?.userErrors ?? [];
      const errors = errorsByField(userErrors, FIELDS, t);
      // The one range a delta has: name it rather than "out of range".
      if (userErrors.some((e) => e.field === "delta" && e.code === "OUT_OF_RANGE")) {
        errors.fields.delta = t("stockLimits.adjustDelta", { max: MAX_UNITS_PER_CHANGE });
      }
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("adjust.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("adjust.failed"))]);
    }
  }

  return (
    <form className="adjust-form" onSubmit={submit} noValidate>
      <p className="adjust-form__sku">
        <span className="mono">{sku.code}</span> · {sku.name}
      </p>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="adjust-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <Field label={t("adjust.delta")} hint={t("adjust.deltaHint", { max: MAX_UNITS_PER_CHANGE })} error={problemText ?? fieldErrors.delta} testId="adjust-delta">
        {(control) => (
          <input
            {...control}
            className="input adjust-form__delta"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoFocus
            value={deltaText}
            onChange={(event) => setDeltaText(event.target.value)}
            data-testid="adjust-delta"
          />
        )}
      </Field>
      <p className="adjust-form__preview" aria-live="polite" data-testid="adjust-preview">
        {/* A change beyond a limit is named under the field instead. */}
        {!problemText && t("adjust.preview", { from: sku.stock.onHand, to: newOnHand ?? sku.stock.onHand })}
        {newOnHand !== null && delta !== null && delta !== 0 && (
          <span className={delta > 0 ? "adjust-form__up" : "adjust-form__down"}> ({format.delta(delta)})</span>
        )}
      </p>
      <Field label={t("adjust.reason")} error={fieldErrors.reason} testId="adjust-reason">
        {(control) => (
          <input
            {...control}
            className="input"
            type="text"
            placeholder={t("adjust.reasonPlaceholder")}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            data-testid="adjust-reason"
          />
        )}
      </Field>
      <FormActions onCancel={onCancel} busy={loading} submitLabel={t("adjust.submit")} busyLabel={t("adjust.submitting")} submitTestId="adjust-submit" />
    </form>
  );
}
