import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./Toast.css";

type Props = {
  /** The message; nothing is shown while null. */
  children: ReactNode | null;
  onDismiss: () => void;
  testId?: string;
};

/**
 * The result of an action taken low on a long page (e.g. "Repor estoque" on the 40th row), shown
 * where the merchant is looking: fixed to the bottom of the viewport, not at the top of the page.
 * The live region is always mounted, so screen readers announce what appears in it. It stays
 * until dismissed or replaced (it may hold links), never disappearing on a timer.
 */
export function Toast({ children, onDismiss, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {children !== null && (
        <div className="toast alert alert--success" data-testid={testId}>
          <div className="toast__body">{children}</div>
          <button type="button" className="button button--ghost button--small toast__close" onClick={onDismiss}>
            {t("common.close")}
          </button>
        </div>
      )}
    </div>
  );
}
