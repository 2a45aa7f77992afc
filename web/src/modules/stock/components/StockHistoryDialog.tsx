import { NetworkStatus } from "@apollo/client";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { LoadMore } from "../../../app/ui/LoadMore";
import { ErrorState } from "../../../app/ui/States";
import { useStockMovementsQuery, type SkuRowFragment, type StockMovementKind, type StockMovementsQuery } from "../../../generated/graphql";

type Movement = StockMovementsQuery["stockMovements"]["nodes"][number];
const KINDS: readonly StockMovementKind[] = ["RESTOCK", "ADJUSTMENT", "ALLOCATION", "RELEASE", "SALE"];
const PAGE_SIZE = 50;

/** Histórico: a sku's stock ledger, newest first (who, when, why, which order), by kind and date. */
export function StockHistoryDialog({ sku, onClose }: { sku: SkuRowFragment | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={sku ? t("history.title", { code: sku.code }) : t("history.titleNone")} open={sku !== null} onClose={onClose} testId="stock-history-dialog" size="wide">
      {sku && <History key={sku.id} sku={sku} />}
    </Dialog>
  );
}

function History({ sku }: { sku: SkuRowFragment }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<StockMovementKind | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  // Calendar days in the merchant's browser time: from the start of `from` to the end of `to`.
  const filter = {
    kinds: kind ? [kind] : undefined,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
  };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useStockMovementsQuery({
    variables: { skuId: sku.id, first: PAGE_SIZE, filter },
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const connection = (data ?? previousData)?.stockMovements;

  const columns = useMemo<DataColumn<Movement>[]>(
    () => [
      {
        id: "when",
        header: t("history.whenWho"),
        cell: (m) => (
          <>
            {format.dateTime(m.createdAt)}
            <br />
            {m.actor.name ?? t(`actorType.${m.actor.type}`)}
          </>
        ),
      },
      { id: "kind", header: t("history.kind"), cell: (m) => t(`history.kinds.${m.kind}`) },
      {
        id: "change",
        header: t("history.change"),
        className: "numeric",
        cell: (m) => (m.onHandDelta ? t("history.onHandDelta", { delta: format.delta(m.onHandDelta) }) : t("history.allocatedDelta", { delta: format.delta(m.allocatedDelta) })),
      },
      {
        id: "why",
        header: t("history.why"),
        cell: (m) =>
          m.orderId ? (
            <Link to={`/orders/${m.orderId}`}>{t("orders.number", { number: m.orderNumber })}</Link>
          ) : (
            (m.reason ?? "—")
          ),
      },
    ],
    [t, format],
  );

  return (
    <div className="stock-history" data-testid="stock-history">
      <div className="stock-history__filters">
        <Field label={t("history.kind")} testId="history-kind">
          {(control) => (
            <select {...control} className="input" value={kind} onChange={(event) => setKind(event.target.value as StockMovementKind | "")} data-testid="history-kind">
              <option value="">{t("history.allKinds")}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`history.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("history.from")} testId="history-from">
          {(control) => <input {...control} className="input" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />}
        </Field>
        <Field label={t("history.to")} testId="history-to">
          {(control) => <input {...control} className="input" type="date" value={to} onChange={(event) => setTo(event.target.value)} />}
        </Field>
      </div>
      {error && !connection ? (
        <ErrorState onRetry={() => void refetch()} />
      ) : connection && connection.nodes.length === 0 ? (
        <p>{t("history.empty")}</p>
      ) : (
        <>
          <DataTable columns={columns} rows={connection?.nodes ?? null} rowId={(m) => m.id} testId="stock-history-table" stale={!data && !!previousData} />
          {connection && (
            <LoadMore
              shown={connection.nodes.length}
              total={connection.totalCount}
              hasNextPage={connection.pageInfo.hasNextPage}
              loading={networkStatus === NetworkStatus.fetchMore}
              onLoadMore={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}
            />
          )}
        </>
      )}
    </div>
  );
}
