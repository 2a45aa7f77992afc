import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";

/** The queue's keyboard shortcuts, each key and what it does. */
export const QUEUE_SHORTCUTS = [
  { keys: ["j", "↓"], action: "next" },
  { keys: ["k", "↑"], action: "previous" },
  { keys: ["Enter"], action: "open" },
  { keys: ["x"], action: "select" },
  { keys: ["Shift", "x"], action: "selectRange" },
  { keys: ["/"], action: "search" },
  { keys: ["?"], action: "help" },
] as const;

/** "Atalhos": the keyboard shortcuts of the queue (opened with ? or its button). */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t("stockouts.shortcuts.title")} open={open} onClose={onClose} testId="shortcuts-help">
      <dl className="shortcuts">
        {QUEUE_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} className="shortcuts__row">
            <dt>
              {shortcut.keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && (shortcut.action === "selectRange" ? " + " : " / ")}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`stockouts.shortcuts.${shortcut.action}`)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
