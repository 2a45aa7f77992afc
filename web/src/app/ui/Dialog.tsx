import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./Dialog.css";

type Props = {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** "wide" for dialogs that show a table (e.g. the resolution preview). */
  size?: "default" | "wide";
};

/**
 * A modal on the native <dialog>: the browser traps focus, handles Escape and restores focus.
 * On opening, focus goes to the element marked `data-autofocus` (else the browser's choice, the
 * first focusable one: the close button).
 */
export function Dialog({ title, open, onClose, children, testId, size = "default" }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog${size === "wide" ? " dialog--wide" : ""}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose(); // click on the backdrop
      }}
      data-testid={testId}
    >
      {open && (
        <div className="dialog__panel">
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="button button--ghost button--small" onClick={onClose}>
              {t("common.close")}
            </button>
          </header>
          {children}
        </div>
      )}
    </dialog>
  );
}
