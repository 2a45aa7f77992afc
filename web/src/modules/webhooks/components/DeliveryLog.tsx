import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { type WebhookDeliveriesQuery, useRedeliverWebhookMutation, useWebhookDeliveriesQuery } from "../../../generated/graphql";

type Delivery = WebhookDeliveriesQuery["webhookDeliveries"]["nodes"][number];

/** An endpoint's delivery log: event, status, response code and excerpt, duration, attempts; "Reenviar". */
export function DeliveryLog({ endpointId, onProblem }: { endpointId: string; onProblem: (message: string | null) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, refetch, loading } = useWebhookDeliveriesQuery({ variables: { endpointId }, fetchPolicy: "cache-and-network", pollInterval: 5000 });
  const [redeliver] = useRedeliverWebhookMutation();
  const [busy, setBusy] = useState<string | null>(null);

  const columns = useMemo<DataColumn<Delivery>[]>(
    () => [
      { id: "event", header: t("webhooks.log.event"), cell: (d) => <code>{d.eventType}</code> },
      { id: "status", header: t("webhooks.log.status"), cell: (d) => <span data-testid="webhook-delivery-status">{t(`webhooks.status.${d.status}`)}</span> },
      { id: "code", header: t("webhooks.log.code"), cell: (d) => d.responseCode ?? "—" },
      { id: "excerpt", header: t("webhooks.log.excerpt"), cell: (d) => <span className="webhooks__excerpt">{d.responseExcerpt ?? ""}</span> },
      { id: "duration", header: t("webhooks.log.duration"), cell: (d) => (d.durationMs === null ? "—" : t("webhooks.log.ms", { ms: d.durationMs })) },
      { id: "attempts", header: t("webhooks.log.attempts"), cell: (d) => `${d.attempts}/${d.maxAttempts}` },
      {
        id: "when",
        header: t("webhooks.log.when"),
        cell: (d) =>
          d.status === "PENDING" && d.nextAttemptAt ? t("webhooks.log.next", { when: format.dateTime(d.nextAttemptAt) }) : format.dateTime(d.lastAttemptAt ?? d.createdAt),
      },
      {
        id: "actions",
        header: t("team.actions"),
        headerHidden: true,
        cell: (d) =>
          d.status === "PENDING" ? null : (
            <button
              type="button"
              className="button"
              disabled={busy === d.id}
              aria-label={t("webhooks.log.redeliverNamed", { event: d.eventType, id: d.webhookId })}
              data-testid="webhook-redeliver"
              onClick={async () => {
                setBusy(d.id);
                try {
                  const result = await redeliver({ variables: { deliveryId: d.id } });
                  onProblem(result.data?.redeliverWebhook.userErrors[0]?.message ?? null);
                } catch {
                  onProblem(t("accountLinks.failed"));
                }
                setBusy(null);
                await refetch();
              }}
            >
              {t("webhooks.log.redeliver")}
            </button>
          ),
      },
    ],
    [t, format, redeliver, refetch, busy, onProblem],
  );

  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const nodes = data?.webhookDeliveries.nodes ?? null;
  return (
    <section className="webhooks__log" aria-label={t("webhooks.log.title")} data-testid="webhook-log">
      <div className="webhooks__log-header">
        <h2 className="webhooks__log-title">{t("webhooks.log.title")}</h2>
        <button type="button" className="button" onClick={() => void refetch()} disabled={loading} data-testid="webhook-log-refresh">
          {t("webhooks.log.refresh")}
        </button>
      </div>
      {nodes && nodes.length === 0 ? (
        <EmptyState title={t("webhooks.log.empty")} testId="webhook-log-empty" />
      ) : (
        <DataTable
          columns={columns}
          rows={nodes}
          rowId={(d) => d.id}
          rowAttributes={(d) => ({ "data-testid": "webhook-delivery-row", "data-event": d.eventType, "data-status": d.status })}
          testId="webhook-log-table"
        />
      )}
    </section>
  );
}
