import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { Dialog } from "../../../app/ui/Dialog";
import { ListPageHeader } from "../../../app/ui/ListPage";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import {
  type WebhookEndpointFieldsFragment,
  useDeleteWebhookEndpointMutation,
  useRotateWebhookSecretMutation,
  useSendTestWebhookMutation,
  useUpdateWebhookEndpointMutation,
  useWebhookEndpointsQuery,
} from "../../../generated/graphql";
import { DeliveryLog } from "../components/DeliveryLog";
import { WebhookEndpointDialog } from "../components/WebhookEndpointDialog";
import { WebhookSecret } from "../components/WebhookSecret";
import { eventName } from "../events";
import "../webhooks.css";

type Endpoint = WebhookEndpointFieldsFragment;

/**
 * "Webhooks" (OWNER and MANAGER): the URLs that receive the shop's events, signed (Standard
 * Webhooks). Create and edit them, rotate the secret, send a test event, read each one's delivery
 * log and redeliver; an endpoint disabled after a day of failures is announced at the top.
 */
export function WebhooksPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, refetch } = useWebhookEndpointsQuery({ fetchPolicy: "cache-and-network" });
  const [update] = useUpdateWebhookEndpointMutation();
  const [remove] = useDeleteWebhookEndpointMutation();
  const [rotate] = useRotateWebhookSecretMutation();
  const [sendTest] = useSendTestWebhookMutation();
  const [editing, setEditing] = useState<Endpoint | null | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [rotatedSecret, setRotatedSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const report = useCallback((message: string | null) => setProblem(message), []);

  const act = useCallback(
    async (work: () => Promise<string | null | undefined>) => {
      setNotice(null);
      try {
        setProblem((await work()) ?? null);
      } catch {
        setProblem(t("accountLinks.failed"));
      }
      await refetch();
    },
    [refetch, t],
  );

  const columns = useMemo<DataColumn<Endpoint>[]>(
    () => [
      { id: "url", header: t("webhooks.url"), cell: (e) => <code className="webhooks__url">{e.url}</code> },
      { id: "events", header: t("webhooks.events"), cell: (e) => <span className="webhooks__event-list">{e.eventTypes.map(eventName).join(", ")}</span> },
      {
        id: "status",
        header: t("webhooks.status.title"),
        cell: (e) => (
          <span data-testid="webhook-endpoint-status">
            {e.enabled ? t("webhooks.enabled") : e.disabledReason === "FAILING" ? t("webhooks.disabledFailing") : t("webhooks.disabled")}
            {e.enabled && e.failingSince ? ` · ${t("webhooks.failingSince", { when: format.dateTime(e.failingSince) })}` : ""}
          </span>
        ),
      },
      {
        id: "actions",
        header: t("team.actions"),
        headerHidden: true,
        cell: (e) => (
          <div className="webhooks__actions">
            <button type="button" className="button" aria-pressed={selected === e.id} onClick={() => setSelected(selected === e.id ? null : e.id)} data-testid="webhook-show-log">
              {t("webhooks.showLog")}
            </button>
            <button
              type="button"
              className="button"
              data-testid="webhook-send-test"
              disabled={!e.enabled}
              onClick={() =>
                act(async () => {
                  const result = (await sendTest({ variables: { endpointId: e.id } })).data?.sendTestWebhook;
                  if (!result?.userErrors.length) {
                    setSelected(e.id);
                    setLogVersion((v) => v + 1);
                    setNotice(t("webhooks.testSent"));
                  }
                  return result?.userErrors[0]?.message;
                })
              }
            >
              {t("webhooks.sendTest")}
            </button>
            <button type="button" className="button" onClick={() => setEditing(e)} aria-label={t("webhooks.editNamed", { url: e.url })} data-testid="webhook-edit">
              {t("webhooks.edit")}
            </button>
            <button
              type="button"
              className="button"
              data-testid="webhook-toggle"
              onClick={() => act(async () => (await update({ variables: { id: e.id, input: { enabled: !e.enabled } } })).data?.updateWebhookEndpoint.userErrors[0]?.message)}
            >
              {e.enabled ? t("webhooks.disable") : t("webhooks.enable")}
            </button>
            <button
              type="button"
              className="button"
              data-testid="webhook-rotate"
              onClick={() => {
                if (!window.confirm(t("webhooks.rotateConfirm"))) return;
                void act(async () => {
                  const result = (await rotate({ variables: { id: e.id } })).data?.rotateWebhookSecret;
                  if (result?.secret) setRotatedSecret(result.secret);
                  return result?.userErrors[0]?.message;
                });
              }}
            >
              {t("webhooks.rotate")}
            </button>
            <button
              type="button"
              className="button button--danger"
              aria-label={t("webhooks.deleteNamed", { url: e.url })}
              data-testid="webhook-delete"
              onClick={() => {
                if (!window.confirm(t("webhooks.deleteConfirm", { url: e.url }))) return;
                void act(async () => {
                  if (selected === e.id) setSelected(null);
                  return (await remove({ variables: { id: e.id } })).data?.deleteWebhookEndpoint.userErrors[0]?.message;
                });
              }}
            >
              {t("webhooks.delete")}
            </button>
          </div>
        ),
      },
    ],
    [t, format, selected, act, sendTest, update, rotate, remove],
  );

  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const endpoints = data?.webhookEndpoints ?? null;
  const failing = endpoints?.filter((e) => e.disabledReason === "FAILING") ?? [];
  const shown = endpoints?.find((e) => e.id === selected) ?? null;
  return (
    <section className="list-page" data-testid="webhooks-page">
      <ListPageHeader
        title={t("webhooks.title")}
        count={endpoints ? t("webhooks.count", { count: endpoints.length }) : undefined}
        actions={
          <button type="button" className="button button--primary" onClick={() => setEditing(null)} data-testid="webhook-create">
            {t("webhooks.create")}
          </button>
        }
      />
      <p className="muted">{t("webhooks.intro")}</p>
      {failing.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="webhook-failing-banner">
          {t("webhooks.failingBanner", { count: failing.length, urls: failing.map((e) => e.url).join(", ") })}
        </div>
      )}
      {problem && (
        <p className="alert alert--danger" role="alert">
          {problem}
        </p>
      )}
      {notice && (
        <p className="alert" role="status" data-testid="webhook-notice">
          {notice}
        </p>
      )}
      {endpoints && endpoints.length === 0 ? (
        <EmptyState title={t("webhooks.empty")} testId="webhooks-empty" />
      ) : (
        <DataTable
          columns={columns}
          rows={endpoints}
          rowId={(e) => e.id}
          rowAttributes={(e) => ({ "data-testid": "webhook-row", "data-url": e.url, "data-enabled": e.enabled ? "true" : "false" })}
          testId="webhooks-table"
        />
      )}
      {shown && (
        <>
          <p className="muted webhooks__log-for">{t("webhooks.logFor", { url: shown.url })}</p>
          <DeliveryLog key={`${shown.id}:${logVersion}`} endpointId={shown.id} onProblem={report} />
        </>
      )}
      <WebhookEndpointDialog open={editing !== undefined} endpoint={editing ?? null} onClose={() => setEditing(undefined)} onSaved={() => void refetch()} />
      <Dialog title={t("webhooks.rotatedTitle")} open={rotatedSecret !== null} onClose={() => setRotatedSecret(null)} testId="webhook-rotated-dialog">
        {rotatedSecret && <WebhookSecret secret={rotatedSecret} rotated onDone={() => setRotatedSecret(null)} />}
      </Dialog>
    </section>
  );
}
