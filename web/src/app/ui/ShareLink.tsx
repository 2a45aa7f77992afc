import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import "./ShareLink.css";

interface Props {
  link: string;
  label: string;
  /** A line under the link (e.g. that it is shown only once). */
  note?: string;
  /** The customer's phone and the message (with the link) in their language, for wa.me; no button without a phone. */
  whatsapp?: { phone?: string | null; message: string };
  /** The copy button's text and its confirmation, for something other than a link (e.g. an API key's secret). */
  texts?: { copy: string; copied: string };
  /** Prefix of the test ids: `<prefix>`, `<prefix>-copy`, `<prefix>-whatsapp`, `<prefix>-shown`. */
  testId: string;
}

/** A link to give the customer: selectable, "Copiar link" and "Enviar por WhatsApp". */
export function ShareLink({ link, label, note, whatsapp, texts, testId }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const copy = async () => {
    setError(null);
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link stays selectable.
      setCopied(false);
      setError(t("shareLink.copyFailed"));
    }
  };
  const phone = (whatsapp?.phone ?? "").replace(/\D/g, "");
  const whatsappNumber = phone.length === 10 || phone.length === 11 ? `55${phone}` : phone;

  return (
    <div className="share-link" data-testid={`${testId}-shown`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} className="input mono" readOnly value={link} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
      {note && <p className="muted">{note}</p>}
      <div className="share-link__actions">
        <button type="button" className="button button--primary" onClick={copy} data-testid={`${testId}-copy`}>
          {texts?.copy ?? t("shareLink.copy")}
        </button>
        {whatsapp && whatsappNumber && (
          <a
            className="button"
            href={`https://wa.me/${whatsappNumber}?text=${encodeURIComponent(whatsapp.message)}`}
            target="_blank"
            rel="noopener noreferrer"
            data-testid={`${testId}-whatsapp`}
          >
            {t("shareLink.whatsapp")}
          </a>
        )}
      </div>
      <p role="status" className="muted">
        {copied ? (texts?.copied ?? t("shareLink.copied")) : ""}
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
