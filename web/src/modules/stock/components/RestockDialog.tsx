import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import {
  useRestockMutation,
  useRestockPreviewQuery,
  type RestockMutation,
  type SkuRowFragment,
} from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";
import { MAX_ON_HAND, MAX_UNITS_PER_CHANGE, stockChangeProblem } from "../limits";
import "./AdjustStockDialog.css";

type RestockField = "quantity" | "note";
const FIELDS: readonly RestockField[] = ["quantity", "note"];

/** How long typing must pause before the preview asks the server. */
const PREVIEW_DELAY_MS = 300;

/** What the stock page reports after a restock. */
export type RestockResult = {
  sku: SkuRowFragment;
  quantity: number;
  ordersResumed: RestockMutation["restock"]["ordersResumed"];
  /** All the orders resumed; ordersResumed lists only the oldest. */
  ordersResumedCount: number;
};

/** "12" -> 12; anything but a whole number above zero -> null. */
export function parseQuantity(text: string): number | null {
  const match = /^\s*\+?\s*(\d+)\s*$/.exec(text);
  if (!match) return null;
  const value = Number.parseInt(match[1]!, 10);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

type Props = {
  sku: SkuRowFragment | null;
  onClose: () => void;
  onRestocked: (result: RestockResult) => void;
};

/** "Repor estoque": units received for a sku, with what they will do for the waiting orders. */
export function RestockDialog({ sku, onClose, onRestocked }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={sku ? t("restock.actionSku", { code: sku.code }) : t("restock.action")} open={sku !== null} onClose={onClose} testId="restock-dialog">
      {/* Keyed by sku: a fresh, empty form every time the dialog opens. */}
      {sku && <RestockForm key={sku.id} sku={sku} onCancel={onClose} onRestocked={onRestocked} />}
    </Dialog>
  );
}

function RestockForm({ sku, onCancel, onRestocked }: { sku: SkuRowFragment; onCancel: () => void; onRestocked: (result: RestockResult) => void }) {
  const { t } = useTranslation();
  const [quantityText, setQuantityText] = useState("");
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RestockField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const parsed = parseQuantity(quantityText);
  const problem = parsed === null ? null : stockChangeProblem(parsed, sku.stock.onHand);
  const problemText =
    problem === "perChange"
      ? t("stockLimits.restockQuantity", { max: MAX_UNITS_PER_CHANGE })
      : problem === "onHand"
        ? t("stockLimits.onHand", { max: MAX_ON_HAND, code: sku.code, onHand: sku.stock.onHand })
        : null;
  // Only a quantity within the limits is previewed or sent.
  const quantity = problem ? null : parsed;
  const settled = useDebounced(quantity, PREVIEW_DELAY_MS);

  const preview = useRestockPreviewQuery({
    variables: { skuId: sku.id, quantity: settled ?? 1 },
    skip: settled === null,
    // What the waiting orders need right now.
    fetchPolicy: "network-only",
  });
  const previewData = preview.data?.restockPreview;
  // Only a preview of the quantity in the field counts (not one still on its way for an older one).
  const current = previewData && quantity !== null && previewData.quantity === quantity && settled === quantity ? previewData : null;

  const [restock, { loading }] = useRestockMutation({
    // The sku row updates from the payload; resumed orders changed: lists and details are read again.
    update: (cache, { data }) => {
      if (data?.restock.userErrors.length === 0) refreshAfterStockChange(cache, { orders: "all" });
    },
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalid: Partial<Record<RestockField, string>> = {};
    if (quantity === null) invalid.quantity = problemText ?? t("restock.quantityInvalid");
    setFieldErrors(invalid);
    setFormErrors([]);
    if (quantity === null) return;

    try {
      const { data } = await restock({ variables: { skuId: sku.id, quantity, note: note.trim() || undefined } });
      const result = data?.restock;
      if (result?.sku && result.userErrors.length === 0) {
        onRestocked({ sku: result.sku, quantity, ordersResumed: result.ordersResumed, ordersResumedCount: result.ordersResumedCount });
        return;
      }
      const userErrors = result?.userErrors ?? [];
      const errors = errorsByField(userErrors, FIELDS, t);
      // The one range a quantity has: name it rather than "out of range".
      if (userErrors.some((e) => e.field === "quantity" && e.code === "OUT_OF_RANGE")) {
        errors.fields.quantity = t("stockLimits.restockQuantity", { max: MAX_UNITS_PER_CHANGE });
      }
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("restock.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("restock.failed"))]);
    }
  }

  // A quantity beyond a limit is named under the field as it is typed; there is nothing to preview.
  let previewText: string;
  if (problemText) previewText = "";
  else if (quantity === null) previewText = t("restock.previewEmpty");
  else if (current) {
    previewText = t("restock.preview", {
      resumes: t("restock.previewResumes", { count: current.ordersResumed }),
      reserves: t("restock.previewReserves", { count: current.unitsAllocated }),
      left: t("restock.previewLeft", { count: current.unitsLeftAvailable }),
    });
    if (current.ordersPartiallyServed > 0) {
      previewText += ` ${t("restock.previewPartial", { count: current.ordersPartiallyServed })}`;
    }
  } else if (preview.error && settled === quantity) previewText = t("restock.previewFailed");
  else previewText = t("restock.previewLoading");

  return (
    <form className="adjust-form" onSubmit={submit} noValidate>
      <p className="adjust-form__sku">
        <span className="mono">{sku.code}</span> · {sku.name}
      </p>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="restock-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <Field
        label={t("restock.quantity")}
        hint={t("restock.quantityHint", { max: MAX_UNITS_PER_CHANGE })}
        error={problemText ?? fieldErrors.quantity}
        testId="restock-quantity"
      >
        {(control) => (
          <input
            {...control}
            className="input adjust-form__delta"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            data-autofocus
            value={quantityText}
            onChange={(event) => setQuantityText(event.target.value)}
            data-testid="restock-quantity"
          />
        )}
      </Field>
      <p
        className="adjust-form__preview"
        aria-live="polite"
        aria-busy={quantity !== null && !current && !preview.error}
        data-problem={problem ?? undefined}
        data-testid="restock-preview"
        data-ready={current ? true : undefined}
      >
        {previewText}
      </p>
      <Field label={`${t("restock.note")} (${t("common.optional")})`} error={fieldErrors.note} testId="restock-note">
        {(control) => (
          <input
            {...control}
            className="input"
            type="text"
            placeholder={t("restock.notePlaceholder")}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            data-testid="restock-note"
          />
        )}
      </Field>
      <FormActions onCancel={onCancel} busy={loading} submitLabel={t("restock.submit")} busyLabel={t("restock.submitting")} submitTestId="restock-confirm" />
    </form>
  );
}
