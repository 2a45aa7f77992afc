import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { type WebhookEndpointFieldsFragment, type WebhookEventType, useCreateWebhookEndpointMutation, useUpdateWebhookEndpointMutation } from "../../../generated/graphql";
import { WEBHOOK_EVENTS } from "../events";
import { WebhookSecret } from "./WebhookSecret";

/**
 * "Novo endpoint" / "Editar endpoint": the URL and the events (checkboxes). Once created, the
 * signing secret is shown here, this once.
 */
export function WebhookEndpointDialog({
  open,
  endpoint,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The endpoint to edit; null to create one. */
  endpoint: WebhookEndpointFieldsFragment | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [create, creating] = useCreateWebhookEndpointMutation();
  const [update, updating] = useUpdateWebhookEndpointMutation();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [urlError, setUrlError] = useState<string | undefined>();
  const [eventsError, setEventsError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setUrl(endpoint?.url ?? "");
    setEvents(endpoint?.eventTypes ?? []);
  }, [open, endpoint]);

  function close() {
    // The secret leaves memory with the dialog: it cannot be shown again.
    setSecret(null);
    setUrl("");
    setEvents([]);
    setUrlError(undefined);
    setEventsError(undefined);
    setFailure(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missingUrl = url.trim() ? undefined : t("webhooks.urlRequired");
    const missingEvents = events.length ? undefined : t("webhooks.eventsRequired");
    setUrlError(missingUrl);
    setEventsError(missingEvents);
    if (missingUrl || missingEvents) return;
    try {
      const input = { url: url.trim(), eventTypes: events };
      const result = endpoint
        ? (await update({ variables: { id: endpoint.id, input } })).data?.updateWebhookEndpoint
        : (await create({ variables: { input } })).data?.createWebhookEndpoint;
      const refused = result?.userErrors[0];
      if (refused) {
        if (refused.field === "url") setUrlError(refused.code === "UNSAFE_URL" ? t("webhooks.urlUnsafe") : t("webhooks.urlInvalid"));
        else if (refused.field === "eventTypes") setEventsError(t("webhooks.eventsRequired"));
        else setFailure(refused.message);
        return;
      }
      setFailure(null);
      onSaved();
      const created = result && "secret" in result ? (result.secret as string | null) : null;
      if (created) setSecret(created);
      else close();
    } catch {
      setFailure(t("accountLinks.failed"));
    }
  }

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? [...current, type] : current.filter((e) => e !== type)));

  return (
    <Dialog title={secret ? t("webhooks.createdTitle") : endpoint ? t("webhooks.editTitle") : t("webhooks.createTitle")} open={open} onClose={close} testId="webhook-dialog">
      {secret ? (
        <WebhookSecret secret={secret} onDone={close} />
      ) : (
        <form className="form-stack" onSubmit={submit} noValidate>
          <Field label={t("webhooks.url")} hint={t("webhooks.urlHint")} error={urlError} testId="webhook-url">
            {(control) => (
              <input {...control} className="input" type="url" inputMode="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} data-autofocus data-testid="webhook-url" />
            )}
          </Field>
          <fieldset className="webhooks__events" aria-describedby={eventsError ? "webhook-events-error" : undefined} data-testid="webhook-events">
            <legend className="field__label">{t("webhooks.events")}</legend>
            {WEBHOOK_EVENTS.map(({ type, name }) => (
              <label key={type} className="webhooks__event">
                <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} data-testid={`webhook-event-${type}`} />
                <span>
                  <code>{name}</code> <span className="muted">{t(`webhooks.eventHelp.${type}`)}</span>
                </span>
              </label>
            ))}
            {eventsError && (
              <p className="field__error" id="webhook-events-error" data-testid="webhook-events-error">
                {eventsError}
              </p>
            )}
          </fieldset>
          {failure && <p role="alert">{failure}</p>}
          <FormActions
            submitLabel={endpoint ? t("webhooks.save") : t("webhooks.createSubmit")}
            busyLabel={t("webhooks.saving")}
            busy={creating.loading || updating.loading}
            submitTestId="webhook-submit"
            onCancel={close}
          />
        </form>
      )}
    </Dialog>
  );
}
