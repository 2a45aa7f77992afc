import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { errorsByField } from "../../../app/user-errors";
import { useMarkRefundPaidMutation, type RefundDetailFragment } from "../../../generated/graphql";

const FIELDS = ["payoutReference"] as const;

/** "Marcar como pago": confirms the amount sent, with an optional reference of the transfer. */
export function MarkPaidDialog({ refund, onClose, onPaid }: { refund: RefundDetailFragment | null; onClose: () => void; onPaid: (refund: RefundDetailFragment) => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t("refunds.markPaidTitle")} open={refund !== null} onClose={onClose} testId="mark-paid-dialog">
      {refund && <MarkPaidForm refund={refund} onPaid={onPaid} />}
    </Dialog>
  );
}

function MarkPaidForm({ refund, onPaid }: { refund: RefundDetailFragment; onPaid: (refund: RefundDetailFragment) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [reference, setReference] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [markPaid, { loading }] = useMarkRefundPaidMutation();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    setFieldError(undefined);
    setFormErrors([]);
    try {
      const { data } = await markPaid({ variables: { refundId: refund.id, payoutReference: reference.trim() || null } });
      const payload = data?.markRefundPaid;
      if (payload?.refund && payload.userErrors.length === 0) return onPaid(payload.refund);
      const errors = errorsByField(payload?.userErrors ?? [], FIELDS, t);
      setFieldError(errors.fields.payoutReference);
      setFormErrors(errors.form.length || errors.fields.payoutReference ? errors.form : [t("refunds.markPaidFailed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("refunds.markPaidFailed"))]);
    }
  }

  return (
    <form className="mark-paid" onSubmit={submit} noValidate>
      <p>{t("refunds.markPaidBody", { amount: format.money(refund.amount) })}</p>
      <Field label={`${t("refunds.payoutReference")} (${t("common.optional")})`} hint={t("refunds.payoutReferenceHint")} error={fieldError} testId="payout-reference">
        {(control) => (
          <input
            {...control}
            className="input"
            value={reference}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => setReference(event.target.value)}
            data-autofocus
            data-testid="payout-reference"
          />
        )}
      </Field>
      {formErrors.map((message) => (
        <p key={message} className="alert alert--danger" role="alert">
          {message}
        </p>
      ))}
      <div className="mark-paid__actions">
        <button type="submit" className="button button--primary" disabled={loading} data-testid="confirm-paid">
          {loading ? t("refunds.saving") : t("refunds.confirmPaid")}
        </button>
      </div>
    </form>
  );
}
