import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { useApproveReturnMutation, useRefuseReturnMutation, type ReturnFieldsFragment } from "../../../generated/graphql";

type Props = {
  ret: ReturnFieldsFragment | null;
  mode: "approve" | "refuse";
  onClose: () => void;
  onDone: (notice: string) => void;
};

/** Approve a return with the instructions for sending the goods back, or refuse it with a message (the customer sees both). */
export function DecideReturnDialog({ ret, mode, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [approve, approving] = useApproveReturnMutation({ refetchQueries: ["Returns"] });
  const [refuse, refusing] = useRefuseReturnMutation({ refetchQueries: ["Returns"] });
  const close = () => {
    setText("");
    setError(null);
    onClose();
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ret) return;
    if (!text.trim()) {
      setError(t(mode === "approve" ? "returns.instructionsRequired" : "returns.messageRequired"));
      return;
    }
    setError(null);
    try {
      const result =
        mode === "approve"
          ? (await approve({ variables: { returnId: ret.id, instructions: text } })).data?.approveReturn
          : (await refuse({ variables: { returnId: ret.id, message: text } })).data?.refuseReturn;
      if (result?.return && result.userErrors.length === 0) {
        setText("");
        onDone(t(mode === "approve" ? "returns.approved" : "returns.refused", { id: ret.id }));
        return;
      }
      setError(result?.userErrors.map((e) => userErrorText(e, t)).join(" ") || t("returns.failed"));
    } catch (failure) {
      setError(requestFailureText(failure, t, t("returns.failed")));
    }
  }

  return (
    <Dialog title={ret ? t(mode === "approve" ? "returns.approveTitle" : "returns.refuseTitle", { id: ret.id }) : ""} open={ret !== null} onClose={close} testId="decide-return-dialog">
      {ret && (
        <form className="adjust-form" onSubmit={submit} noValidate>
          <ul className="returns-table__items">
            {ret.lines.map((l) => (
              <li key={l.id}>
                {t("returns.itemLine", { count: l.quantity, name: l.name })} · {t(`returns.reason.${l.reason}`)}
              </li>
            ))}
          </ul>
          {ret.note && <p className="muted">“{ret.note}”</p>}
          <Field label={t(mode === "approve" ? "returns.instructions" : "returns.refusalMessage")} hint={t(mode === "approve" ? "returns.instructionsHint" : "returns.refusalHint")} error={error} testId="decide-return-text">
            {(control) => (
              <textarea {...control} className="input" rows={4} maxLength={mode === "approve" ? 2000 : 1000} value={text} onChange={(e) => setText(e.target.value)} data-testid="decide-return-text" data-autofocus />
            )}
          </Field>
          <FormActions
            onCancel={close}
            busy={approving.loading || refusing.loading}
            tone={mode === "approve" ? "primary" : "danger"}
            submitLabel={t(mode === "approve" ? "returns.approve" : "returns.refuse")}
            busyLabel={t("returns.saving")}
            submitTestId="decide-return-confirm"
          />
        </form>
      )}
    </Dialog>
  );
}
