import { useTranslation } from "react-i18next";
import "./FormActions.css";

type Props = {
  /** The submit button's label, and its label while the form is being sent. */
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  submitTestId: string;
  /** "danger" for a destructive action (cancelling a delivery). */
  tone?: "primary" | "danger";
  onCancel: () => void;
  /** "Cancelar" unless given ("Voltar", "Manter"). */
  cancelLabel?: string;
  cancelAutoFocus?: boolean;
};

/** A form's buttons (dialogs, the settings page): go back without changing anything, or send the form. */
export function FormActions({ submitLabel, busyLabel, busy, submitTestId, tone = "primary", onCancel, cancelLabel, cancelAutoFocus }: Props) {
  const { t } = useTranslation();
  return (
    <div className="adjust-form__actions">
      <button type="button" className="button" onClick={onCancel} autoFocus={cancelAutoFocus}>
        {cancelLabel ?? t("common.cancel")}
      </button>
      <button type="submit" className={`button button--${tone}`} disabled={busy} data-testid={submitTestId}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
