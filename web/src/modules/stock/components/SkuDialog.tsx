import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import { useArchiveSkuMutation, useCreateSkuMutation, useUpdateSkuMutation, type SkuRowFragment } from "../../../generated/graphql";

type SkuField = "code" | "name" | "price" | "barcode" | "imageUrl";
const FIELDS: readonly SkuField[] = ["code", "name", "price", "barcode", "imageUrl"];

type Props = {
  /** null: closed; "new": a new product; a sku: edit it. */
  sku: SkuRowFragment | "new" | null;
  onClose: () => void;
  onSaved: (sku: SkuRowFragment, how: "created" | "updated" | "archived") => void;
};

/** "49,90", "49.90" or "4990,5"? Whole cents only: the price in the shop's currency with up to 2 decimals. */
export function parsePrice(text: string): number | null {
  const match = /^\s*(\d{1,8})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

const priceText = (amount: number) => `${Math.floor(amount / 100)},${String(amount % 100).padStart(2, "0")}`;

/** Novo produto / Editar produto: code, name, price, barcode and image; archive from the edit form. */
export function SkuDialog({ sku, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const editing = sku !== null && sku !== "new" ? sku : null;
  return (
    <Dialog title={editing ? t("catalogue.editTitle", { code: editing.code }) : t("catalogue.newTitle")} open={sku !== null} onClose={onClose} testId="sku-dialog">
      {sku !== null && <SkuForm key={editing?.id ?? "new"} sku={editing} onCancel={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function SkuForm({ sku, onCancel, onSaved }: { sku: SkuRowFragment | null; onCancel: () => void; onSaved: Props["onSaved"] }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(sku?.code ?? "");
  const [name, setName] = useState(sku?.name ?? "");
  const [price, setPrice] = useState(sku ? priceText(sku.price.amount) : "");
  const [barcode, setBarcode] = useState(sku?.barcode ?? "");
  const [imageUrl, setImageUrl] = useState(sku?.imageUrl ?? "");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<SkuField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [createSku, created] = useCreateSkuMutation();
  const [updateSku, updated] = useUpdateSkuMutation();
  const [archiveSku, archived] = useArchiveSkuMutation();
  const busy = created.loading || updated.loading || archived.loading;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const cents = parsePrice(price);
    const invalid: Partial<Record<SkuField, string>> = {};
    if (!code.trim()) invalid.code = t("userErrors.REQUIRED");
    if (!name.trim()) invalid.name = t("userErrors.REQUIRED");
    if (cents === null) invalid.price = t("catalogue.priceInvalid");
    setFieldErrors(invalid);
    setFormErrors([]);
    if (cents === null || Object.keys(invalid).length) return;
    const input = { code: code.trim(), name: name.trim(), price: cents, barcode: barcode.trim() || null, imageUrl: imageUrl.trim() || null };
    try {
      const result = sku
        ? (await updateSku({ variables: { id: sku.id, input } })).data?.updateSku
        : (await createSku({ variables: { input } })).data?.createSku;
      if (result?.sku && result.userErrors.length === 0) {
        onSaved(result.sku, sku ? "updated" : "created");
        return;
      }
      const errors = errorsByField(result?.userErrors ?? [], FIELDS, t);
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("catalogue.saveFailed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("catalogue.saveFailed"))]);
    }
  }

  async function archive() {
    if (!sku) return;
    try {
      const result = (await archiveSku({ variables: { id: sku.id } })).data?.archiveSku;
      if (result?.sku && result.userErrors.length === 0) onSaved(result.sku, "archived");
      else setFormErrors([t("catalogue.saveFailed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("catalogue.saveFailed"))]);
    }
  }

  const text = (field: SkuField, label: string, value: string, set: (v: string) => void, extra: { hint?: string; maxLength?: number; inputMode?: "decimal" | "numeric" | "url" } = {}) => (
    <Field label={label} hint={extra.hint} error={fieldErrors[field]} testId={`sku-${field}`}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="text"
          inputMode={extra.inputMode}
          maxLength={extra.maxLength}
          autoComplete="off"
          value={value}
          onChange={(event) => set(event.target.value)}
          data-testid={`sku-${field}`}
        />
      )}
    </Field>
  );

  return (
    <form className="adjust-form" onSubmit={submit} noValidate>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="sku-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      {text("code", t("catalogue.code"), code, setCode, { maxLength: 64, hint: t("catalogue.codeHint") })}
      {text("name", t("catalogue.name"), name, setName, { maxLength: 200 })}
      {text("price", t("catalogue.price"), price, setPrice, { inputMode: "decimal", hint: t("catalogue.priceHint") })}
      {text("barcode", t("catalogue.barcode"), barcode, setBarcode, { inputMode: "numeric", maxLength: 20, hint: t("catalogue.barcodeHint") })}
      {text("imageUrl", t("catalogue.imageUrl"), imageUrl, setImageUrl, { inputMode: "url", maxLength: 500 })}
      <div className="adjust-form__actions">
        {sku && (
          <button type="button" className="button button--danger" onClick={() => void archive()} disabled={busy} data-testid="sku-archive">
            {t("catalogue.archive")}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="sku-submit">
          {busy ? t("catalogue.saving") : t("catalogue.save")}
        </button>
      </div>
    </form>
  );
}
