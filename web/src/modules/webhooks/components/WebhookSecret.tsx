import { useTranslation } from "react-i18next";
import { ShareLink } from "../../../app/ui/ShareLink";

/** A signing secret, shown once (after creating an endpoint or rotating its secret), with a copy button. */
export function WebhookSecret({ secret, onDone, rotated = false }: { secret: string; onDone: () => void; rotated?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form-stack">
      <p className="alert alert--warning" role="alert" data-testid="webhook-secret-once">
        {t("webhooks.secretOnce")}
      </p>
      <ShareLink
        link={secret}
        label={t("webhooks.secretLabel")}
        note={rotated ? t("webhooks.secretRotatedHowTo") : t("webhooks.secretHowTo")}
        texts={{ copy: t("webhooks.copy"), copied: t("webhooks.copied") }}
        testId="webhook-secret"
      />
      <button type="button" className="button button--primary" onClick={onDone} data-testid="webhook-secret-done">
        {t("webhooks.done")}
      </button>
    </div>
  );
}
