import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import { useSetOrderPriorityMutation, type OrderDetailFieldsFragment } from "../../../generated/graphql";

type Props = {
  order: OrderDetailFieldsFragment | null;
  onClose: () => void;
  onChanged: (order: OrderDetailFieldsFragment) => void;
};

const REASON_MAX = 200;

/**
 * "Prioridade": marks an order waiting for stock priority, with the reason (required), or removes
 * its priority (with an optional note). Arriving stock serves priority orders first.
 */
export function PriorityDialog({ order, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [setPriority, { loading }] = useSetOrderPriorityMutation();
  const marking = order ? !order.priority : true;

  function close() {
    setReason("");
    setFieldError(null);
    setFormErrors([]);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!order) return;
    setFieldError(null);
    setFormErrors([]);
    if (marking && !reason.trim()) {
      setFieldError(t("userErrors.REQUIRED"));
      return;
    }
    try {
      const { data } = await setPriority({ variables: { orderId: order.id, priority: marking, reason: reason.trim() || null } });
      const result = data?.setOrderPriority;
      if (result?.order && result.userErrors.length === 0) {
        setReason("");
        onChanged(result.order);
        return;
      }
      const { fields, form } = errorsByField(result?.userErrors ?? [], ["reason"] as const, t);
      setFieldError(fields.reason ?? null);
      setFormErrors(form.length || fields.reason ? form : [t("priority.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("priority.failed"))]);
    }
  }

  return (
    <Dialog
      title={order ? t(marking ? "priority.markTitle" : "priority.clearTitle", { number: order.number }) : t("priority.action")}
      open={order !== null}
      onClose={close}
      testId="priority-dialog"
    >
      {order && (
        <form className="adjust-form" onSubmit={submit} noValidate>
          {formErrors.length > 0 && (
            <div className="alert alert--danger" role="alert" data-testid="priority-error">
              {formErrors.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </div>
          )}
          <p>{t("priority.explain")}</p>
          {!marking && order.priorityReason && (
            <p data-testid="priority-current-reason">
              {t("priority.reason")}: {order.priorityReason}
            </p>
          )}
          <Field
            label={marking ? t("priority.reason") : t("priority.reasonOptional")}
            hint={marking ? t("priority.reasonHint") : undefined}
            error={fieldError}
            testId="priority-reason"
          >
            {(control) => (
              <textarea
                {...control}
                className="input"
                rows={2}
                maxLength={REASON_MAX}
                required={marking}
                value={reason}
                onChange={(event) => {
                  setReason(event.target.value);
                  setFieldError(null);
                }}
                data-testid="priority-reason"
              />
            )}
          </Field>
          <FormActions
            onCancel={close}
            busy={loading}
            cancelLabel={t("priority.back")}
            submitLabel={marking ? t("priority.mark") : t("priority.clear")}
            busyLabel={t("priority.marking")}
            tone={marking ? "primary" : "danger"}
            submitTestId="priority-confirm"
          />
        </form>
      )}
    </Dialog>
  );
}
