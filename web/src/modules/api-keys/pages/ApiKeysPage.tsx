import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { ListPageHeader } from "../../../app/ui/ListPage";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { type ApiKeysQuery, useApiKeysQuery, useRevokeApiKeyMutation } from "../../../generated/graphql";
import { CreateApiKeyDialog } from "../components/CreateApiKeyDialog";
import { scopeName } from "../scopes";
import "../api-keys.css";

type Key = ApiKeysQuery["apiKeys"][number];

/** "Chaves de API": the keys integrations call the API with (OWNER and MANAGER): create, see when each was last used, revoke. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, refetch } = useApiKeysQuery({ fetchPolicy: "cache-and-network" });
  const [revoke] = useRevokeApiKeyMutation();
  const [creating, setCreating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const columns = useMemo<DataColumn<Key>[]>(
    () => [
      { id: "name", header: t("apiKeys.name"), cell: (k) => k.name },
      { id: "key", header: t("apiKeys.key"), cell: (k) => <code data-testid="api-key-masked">{k.maskedSecret}</code> },
      { id: "scopes", header: t("apiKeys.scopes"), cell: (k) => <span className="api-keys__scope-list">{k.scopes.map(scopeName).join(", ")}</span> },
      { id: "created", header: t("apiKeys.created"), cell: (k) => format.dateTime(k.createdAt) },
      { id: "lastUsed", header: t("apiKeys.lastUsed"), cell: (k) => (k.lastUsedAt ? format.dateTime(k.lastUsedAt) : t("apiKeys.never")) },
      {
        id: "status",
        header: t("apiKeys.status"),
        cell: (k) => (k.revokedAt ? t("apiKeys.revokedAt", { when: format.dateTime(k.revokedAt) }) : t("apiKeys.active")),
      },
      {
        id: "actions",
        header: t("team.actions"),
        headerHidden: true,
        cell: (k) =>
          k.revokedAt ? null : (
            <button
              type="button"
              className="button button--danger"
              aria-label={t("apiKeys.revokeNamed", { name: k.name })}
              data-testid="api-key-revoke"
              onClick={async () => {
                if (!window.confirm(t("apiKeys.revokeConfirm", { name: k.name }))) return;
                try {
                  const result = await revoke({ variables: { id: k.id } });
                  setProblem(result.data?.revokeApiKey.userErrors[0]?.message ?? null);
                } catch {
                  setProblem(t("accountLinks.failed"));
                }
                await refetch();
              }}
            >
              {t("apiKeys.revoke")}
            </button>
          ),
      },
    ],
    [t, format, revoke, refetch],
  );

  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const keys = data?.apiKeys ?? null;
  return (
    <section className="list-page" data-testid="api-keys-page">
      <ListPageHeader
        title={t("apiKeys.title")}
        count={keys ? t("apiKeys.count", { count: keys.filter((k) => !k.revokedAt).length }) : undefined}
        actions={
          <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="api-key-create">
            {t("apiKeys.create")}
          </button>
        }
      />
      <p className="muted">{t("apiKeys.intro")}</p>
      {problem && (
        <p className="alert alert--danger" role="alert">
          {problem}
        </p>
      )}
      {keys && keys.length === 0 ? (
        <EmptyState title={t("apiKeys.empty")} testId="api-keys-empty" />
      ) : (
        <DataTable
          columns={columns}
          rows={keys}
          rowId={(k) => k.id}
          rowAttributes={(k) => ({ "data-testid": "api-key-row", "data-name": k.name, "data-revoked": k.revokedAt ? "true" : "false" })}
          testId="api-keys-table"
        />
      )}
      <CreateApiKeyDialog open={creating} onClose={() => setCreating(false)} onCreated={() => void refetch()} />
    </section>
  );
}
