import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import { useReportShortAtPackingMutation, type OrderDetailFieldsFragment } from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";
import { unshipped } from "../carriers";
import "./ShortAtPacking.css";

type Line = OrderDetailFieldsFragment["lines"][number];

/** What the lines table shows in a line's action cell (nothing when the line has no action). */
export type LineAction = (line: Line) => ReactNode;

const FIELDS = ["quantity", "note"] as const;
type FormField = (typeof FIELDS)[number];

/**
 * "Faltou na embalagem": on a READY order (partly shipped or not), each line with units allocated
 * and not yet shipped can be reported short. The lines table is rendered by `children`, which gets
 * the action for each line (none when the order is not READY); the dialog and what it did are here.
 */
export function ShortAtPacking({ order, children }: { order: OrderDetailFieldsFragment; children: (lineAction: LineAction | undefined) => ReactNode }) {
  const { t } = useTranslation();
  const [lineId, setLineId] = useState<string | null>(null);
  const [done, setDone] = useState<{ orderId: string; text: string } | null>(null);
  const line = order.status === "READY" ? (order.lines.find((l) => l.id === lineId) ?? null) : null;

  const lineAction: LineAction | undefined =
    order.status === "READY"
      ? (l) =>
          unshipped(l) > 0 ? (
            <button
              type="button"
              className="button button--small short-at-packing__action"
              aria-label={t("packing.actionLabel", { code: l.skuCode })}
              onClick={() => {
                setDone(null);
                setLineId(l.id);
              }}
              data-testid="short-at-packing"
            >
              {t("packing.action")}
            </button>
          ) : null
      : undefined;

  return (
    <>
      {done && done.orderId === order.id && (
        <p className="alert alert--warning" role="status" data-testid="short-at-packing-notice">
          {done.text}
        </p>
      )}
      {children(lineAction)}
      <Dialog title={t("packing.dialogTitle", { number: order.number })} open={line !== null} onClose={() => setLineId(null)} testId="short-at-packing-dialog">
        {line && (
          <ShortForm
            key={`${line.id}:${line.allocated}:${line.shipped}`}
            line={line}
            onCancel={() => setLineId(null)}
            onDone={(quantity) => {
              setLineId(null);
              setDone({ orderId: order.id, text: t("packing.done", { count: quantity, code: line.skuCode }) });
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function ShortForm({ line, onCancel, onDone }: { line: Line; onCancel: () => void; onDone: (quantity: number) => void }) {
  const { t } = useTranslation();
  const max = unshipped(line);
  const [quantityText, setQuantityText] = useState("1");
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [report, { loading }] = useReportShortAtPackingMutation({
    // Stock left the shelf and the order joined the queue: lists of stock and orders are read again.
    update: (cache, { data }) => {
      if (data?.reportShortAtPacking.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });

  const text = quantityText.trim();
  const quantity = /^\d+$/.test(text) ? Number(text) : NaN;
  const valid = Number.isInteger(quantity) && quantity >= 1 && quantity <= max;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormErrors([]);
    if (!valid) {
      setFieldErrors({ quantity: t("packing.quantityInvalid", { max }) });
      return;
    }
    setFieldErrors({});
    try {
      const { data } = await report({ variables: { orderLineId: line.id, quantity, note: note.trim() || null } });
      const result = data?.reportShortAtPacking;
      if (result?.order && result.userErrors.length === 0) {
        onDone(quantity);
        return;
      }
      const errors = errorsByField(result?.userErrors ?? [], FIELDS, t);
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("packing.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("packing.failed"))]);
    }
  }

  return (
    <form className="adjust-form" onSubmit={submit} noValidate>
      <p className="adjust-form__sku" data-testid="short-at-packing-line">
        {t("packing.line", { count: max, code: line.skuCode, name: line.name })}
      </p>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="short-at-packing-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <Field label={t("packing.quantity")} hint={t("packing.quantityHint", { max })} error={fieldErrors.quantity} testId="short-at-packing-quantity">
        {(control) => (
          <input
            {...control}
            className="input adjust-form__delta"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            data-autofocus
            value={quantityText}
            onChange={(event) => {
              setQuantityText(event.target.value);
              // The error was about the number that was there: the preview now speaks for the new one.
              setFieldErrors(({ quantity: _stale, ...rest }) => rest);
            }}
            data-testid="short-at-packing-quantity"
          />
        )}
      </Field>
      <Field label={t("packing.note")} hint={t("packing.noteHint")} error={fieldErrors.note} testId="short-at-packing-note">
        {(control) => (
          <textarea
            {...control}
            className="input"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            data-testid="short-at-packing-note"
          />
        )}
      </Field>
      <p className="adjust-form__preview" aria-live="polite" data-testid="short-at-packing-preview">
        {valid ? t("packing.preview", { count: quantity }) : t("packing.quantityInvalid", { max })}
      </p>
      <FormActions
        onCancel={onCancel}
        busy={loading}
        tone="danger"
        submitLabel={t("packing.submit")}
        busyLabel={t("packing.submitting")}
        submitTestId="short-at-packing-confirm"
      />
    </form>
  );
}
