import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./Dialog.css";

type Props = {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
};

/** A modal on the native <dialog>: the browser traps focus, handles Escape and restores focus. */
export function Dialog({ title, open, onClose, children, testId }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
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
