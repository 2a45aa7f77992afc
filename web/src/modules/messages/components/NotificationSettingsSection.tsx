import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { NotificationSettingsDocument, useMessagePreviewQuery, useNotificationSettingsQuery, usePreviewOrdersQuery, useSetNotificationEnabledMutation, type MessageKind } from "../../../generated/graphql";
import { Field } from "../../../app/ui/Field";
import { MESSAGE_KINDS, MESSAGE_LOCALES } from "../message-values";
import { useMessageKindLabel } from "./MessageStatusBadge";
import "../messages.css";

type PreviewRequest = { orderId: string; kind: MessageKind; locale: string | null };

/**
 * "E-mails aos clientes" in the shop settings: one switch per kind of message (all on by
 * default), and a preview of any kind rendered with a real order, shown in a sandboxed frame.
 */
export function NotificationSettingsSection() {
  const { t } = useTranslation();
  const kindLabel = useMessageKindLabel();
  const settings = useNotificationSettingsQuery({ fetchPolicy: "cache-and-network" });
  const [setEnabled, { loading: saving }] = useSetNotificationEnabledMutation();
  const [errors, setErrors] = useState<string[]>([]);
  const orders = usePreviewOrdersQuery({ fetchPolicy: "cache-and-network" });
  const [orderId, setOrderId] = useState("");
  const [kind, setKind] = useState<MessageKind>("STOCK_DELAY");
  const [locale, setLocale] = useState("");
  const [request, setRequest] = useState<PreviewRequest | null>(null);
  const preview = useMessagePreviewQuery({ variables: request ?? { orderId: "", kind }, skip: request === null, fetchPolicy: "network-only" });

  const enabledByKind = new Map((settings.data?.notificationSettings ?? []).map((s) => [s.kind, s.enabled]));
  const recentOrders = orders.data?.orders.nodes ?? [];
  const chosenOrder = orderId || recentOrders[0]?.id || "";

  async function toggle(kindToSet: MessageKind, enabled: boolean) {
    setErrors([]);
    try {
      const result = await setEnabled({
        variables: { kind: kindToSet, enabled },
        // Settings have no id of their own: the answer replaces the list in the cache.
        update(cache, { data }) {
          const next = data?.setNotificationEnabled.settings;
          if (next) cache.writeQuery({ query: NotificationSettingsDocument, data: { notificationSettings: next } });
        },
      });
      const payload = result.data?.setNotificationEnabled;
      if (payload?.userErrors.length) setErrors(payload.userErrors.map((e) => e.message));
    } catch {
      setErrors([t("notifications.saveFailed")]);
    }
  }

  function showPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosenOrder) setRequest({ orderId: chosenOrder, kind, locale: locale || null });
  }

  const rendered = preview.data?.messagePreview ?? null;
  return (
    <section className="card" aria-labelledby="notification-settings-title" data-testid="notification-settings">
      <div className="card__header">
        <h2 id="notification-settings-title">{t("notifications.title")}</h2>
      </div>
      <div className="card__body shop-settings__body">
        <p className="muted">{t("notifications.explanation")}</p>
        <fieldset className="notification-settings__toggles" aria-busy={saving}>
          <legend className="visually-hidden">{t("notifications.togglesLabel")}</legend>
          {MESSAGE_KINDS.map((k) => (
            <label key={k} className="notification-settings__toggle">
              <input
                type="checkbox"
                role="switch"
                checked={enabledByKind.get(k) ?? true}
                disabled={!settings.data || saving}
                onChange={(e) => void toggle(k, e.currentTarget.checked)}
                data-testid="notification-toggle"
                data-kind={k}
              />
              <span>{kindLabel(k)}</span>
            </label>
          ))}
        </fieldset>
        {errors.length > 0 && (
          <div className="alert alert--danger" role="alert" data-testid="notification-settings-error">
            {errors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}

        <h3>{t("notifications.preview.title")}</h3>
        {recentOrders.length === 0 ? (
          <p className="muted">{t("notifications.preview.noOrders")}</p>
        ) : (
          <form className="notification-settings__preview-form" onSubmit={showPreview} data-testid="message-preview-form">
            <Field label={t("notifications.preview.order")}>
              {(control) => (
                <select {...control} className="input" value={chosenOrder} onChange={(e) => setOrderId(e.currentTarget.value)} data-testid="preview-order">
                  {recentOrders.map((o) => (
                    <option key={o.id} value={o.id}>
                      {t("orders.number", { number: o.number })} · {o.customer.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("notifications.preview.kind")}>
              {(control) => (
                <select {...control} className="input" value={kind} onChange={(e) => setKind(e.currentTarget.value as MessageKind)} data-testid="preview-kind">
                  {MESSAGE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {kindLabel(k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("notifications.preview.language")}>
              {(control) => (
                <select {...control} className="input" value={locale} onChange={(e) => setLocale(e.currentTarget.value)} data-testid="preview-locale">
                  <option value="">{t("notifications.preview.customerLanguage")}</option>
                  {MESSAGE_LOCALES.map((l) => (
                    <option key={l} value={l}>
                      {t(`notifications.preview.languages.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" className="button" data-testid="preview-show">
              {t("notifications.preview.show")}
            </button>
          </form>
        )}
        {preview.loading && (
          <p className="muted" aria-busy="true">
            {t("common.loading")}
          </p>
        )}
        {preview.error && (
          <p className="alert alert--danger" role="alert">
            {t("notifications.preview.failed")}
          </p>
        )}
        {rendered && (
          <div data-testid="message-preview">
            <p>
              <strong>{t("notifications.preview.subject")}</strong> <span data-testid="message-preview-subject">{rendered.subject}</span>
            </p>
            {/* An empty sandbox: the message's HTML runs no script and reaches nothing of the app. */}
            <iframe className="notification-settings__frame" sandbox="" srcDoc={rendered.html} title={t("notifications.preview.frameTitle", { subject: rendered.subject })} data-testid="message-preview-frame" />
            <details>
              <summary>{t("notifications.preview.text")}</summary>
              <pre className="notification-settings__text">{rendered.text}</pre>
            </details>
          </div>
        )}
      </div>
    </section>
  );
}
