import { useMemo, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { MAX_IMPORT_BYTES, sendImport, type ImportAnswer, type ImportRowError } from "../catalogue-files";

type Props = {
  open: boolean;
  onClose: () => void;
  /** After a successful apply, with what it did. */
  onImported: (result: ImportAnswer) => void;
};

/** Importar CSV: pick a file, see what it would change and every error by line, then apply it all. */
export function SkuImportDialog({ open, onClose, onImported }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t("catalogue.importTitle")} open={open} onClose={onClose} testId="sku-import-dialog" size="wide">
      {open && <SkuImportForm onCancel={onClose} onImported={onImported} />}
    </Dialog>
  );
}

function SkuImportForm({ onCancel, onImported }: { onCancel: () => void; onImported: (result: ImportAnswer) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const columns = useMemo<DataColumn<ImportRowError>[]>(
    () => [
      { id: "line", header: t("catalogue.errorLine"), cell: (e) => e.line, className: "numeric" },
      { id: "column", header: t("catalogue.errorColumn"), cell: (e) => <span className="mono">{e.column ?? "—"}</span> },
      { id: "message", header: t("catalogue.errorMessage"), cell: (e) => e.message },
    ],
    [t],
  );

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setPreview(null);
    setFailure(null);
    setText(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setFailure(t("catalogue.tooBig", { mb: MAX_IMPORT_BYTES / 1024 / 1024 }));
      return;
    }
    setBusy(true);
    try {
      const content = await file.text();
      setText(content);
      setPreview(await sendImport("preview", content));
    } catch {
      setFailure(t("catalogue.failed"));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (text === null) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await sendImport("apply", text);
      if (result.userErrors.length === 0) onImported(result);
      else setPreview(result);
    } catch {
      setFailure(t("catalogue.failed"));
    } finally {
      setBusy(false);
    }
  }

  const canApply = preview !== null && preview.errorCount === 0 && preview.rows > 0 && !busy;
  return (
    <div className="sku-import">
      <p>{t("catalogue.format")}</p>
      <Field label={t("catalogue.file")} hint={t("catalogue.fileHint", { mb: MAX_IMPORT_BYTES / 1024 / 1024 })} testId="sku-import-file">
        {(control) => <input {...control} type="file" accept=".csv,text/csv" onChange={(event) => void choose(event)} data-testid="sku-import-file" data-autofocus />}
      </Field>
      {failure && (
        <p className="alert alert--danger" role="alert">
          {failure}
        </p>
      )}
      {busy && <p role="status">{t("catalogue.reading")}</p>}
      {preview && (
        <div aria-live="polite" data-testid="sku-import-preview">
          <p data-testid="sku-import-summary">
            {t("catalogue.summary", { rows: preview.rows, created: preview.created, updated: preview.updated, unchanged: preview.unchanged })}{" "}
            {t("catalogue.stockSummary", { up: preview.stockIncreased, down: preview.stockDecreased })}
          </p>
          {preview.errorCount > 0 && (
            <>
              <p className="alert alert--danger" role="alert" data-testid="sku-import-errors">
                {t("catalogue.errors", { count: preview.errorCount })}
              </p>
              <DataTable columns={columns} rows={preview.errors} rowId={(e) => `${e.line}-${e.column ?? ""}-${e.code}`} testId="sku-import-error-table" />
            </>
          )}
        </div>
      )}
      <div className="adjust-form__actions">
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="button" className="button button--primary" disabled={!canApply} onClick={() => void apply()} data-testid="sku-import-apply">
          {busy ? t("catalogue.applying") : t("catalogue.apply")}
        </button>
      </div>
    </div>
  );
}
