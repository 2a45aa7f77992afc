import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import type { SkuRowFragment } from "../../../generated/graphql";
import "./SkusTable.css";

type Props = {
  skus: readonly SkuRowFragment[] | null;
  stale?: boolean;
  onAdjust: (sku: SkuRowFragment) => void;
  onRestock: (sku: SkuRowFragment) => void;
  onIncoming: (sku: SkuRowFragment) => void;
  /** Absent for a role that may not edit skus (no Editar button). */
  onEdit?: (sku: SkuRowFragment) => void;
  onHistory: (sku: SkuRowFragment) => void;
};

/**
 * A stock number's column title, shown only on a phone, where each row is a card. A real element
 * (not a ::before) so that it can wrap and be measured; hidden (for screen readers too) where the
 * table has its header row.
 */
function LevelLabel({ children }: { children: string }) {
  return (
    <span className="skus-table__label" data-testid="cell-label">
      {children}
    </span>
  );
}

/** The catalogue with its stock levels, by code. `skus` null while the first page loads. */
export function SkusTable({ skus, stale, onAdjust, onRestock, onIncoming, onEdit, onHistory }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo((): DataColumn<SkuRowFragment>[] => {
    const level = (id: string, header: string, className: string, value: (sku: SkuRowFragment) => number, testId?: string): DataColumn<SkuRowFragment> => ({
      id,
      header,
      ownLabel: true,
      className: `numeric skus-table__level ${className}`,
      cell: (sku) => (
        <>
          <LevelLabel>{header}</LevelLabel>
          <span data-testid={testId}>{format.number(value(sku))}</span>
        </>
      ),
    });
    return [
      { id: "code", header: t("stock.columns.code"), className: "mono skus-table__code", cell: (sku) => sku.code },
      { id: "name", header: t("stock.columns.name"), className: "skus-table__name", cell: (sku) => sku.name },
      { id: "price", header: t("stock.columns.price"), className: "numeric skus-table__price", cell: (sku) => format.money(sku.price) },
      level("onHand", t("stock.columns.onHand"), "skus-table__on-hand", (sku) => sku.stock.onHand, "sku-on-hand"),
      level("allocated", t("stock.columns.allocated"), "skus-table__allocated", (sku) => sku.stock.allocated),
      {
        ...level("available", t("stock.columns.available"), "skus-table__available", (sku) => sku.stock.available, "sku-available"),
        cellClassName: (sku) => (sku.stock.available <= 0 ? "skus-table__available--none" : undefined),
      },
      {
        id: "status",
        header: t("stock.columns.status"),
        className: "skus-table__status",
        // The badge, then who waits for the sku and what is coming for them (when anyone, anything).
        cell: (sku) => {
          const [next, ...later] = sku.incoming;
          return (
            <>
              <StatusBadge kind="stock" status={sku.stockStatus} />
              {sku.waitingDemand.orderCount > 0 && (
                <span className="skus-table__demand" data-testid="sku-waiting" data-orders={sku.waitingDemand.orderCount} data-units={sku.waitingDemand.units}>
                  {t("stock.cells.waiting", { count: sku.waitingDemand.orderCount, units: sku.waitingDemand.units })}
                </span>
              )}
              {next && (
                <span className="skus-table__demand" data-testid="sku-incoming" data-count={sku.incoming.length}>
                  {t("stock.cells.incomingNext", { date: format.calendarDate(next.expectedOn), units: next.remainingQuantity })}
                  {later.length > 0 && <> {t("stock.cells.incomingMore", { count: later.length })}</>}
                </span>
              )}
            </>
          );
        },
      },
      {
        id: "actions",
        header: t("stock.columns.actions"),
        headerHidden: true,
        className: "skus-table__actions",
        cell: (sku) => (
          <div className="skus-table__buttons">
            <button type="button" className="button button--small" onClick={() => onAdjust(sku)} aria-label={t("stock.adjustSku", { code: sku.code })} data-testid="adjust-stock">
              {t("stock.adjust")}
            </button>
            <button type="button" className="button button--small" onClick={() => onRestock(sku)} aria-label={t("restock.actionSku", { code: sku.code })} data-testid="restock-sku">
              {t("restock.action")}
            </button>
            <button type="button" className="button button--small" onClick={() => onIncoming(sku)} aria-label={t("incoming.actionSku", { code: sku.code })} data-testid="incoming-sku">
              {t("incoming.action")}
            </button>
            <button type="button" className="button button--small" onClick={() => onHistory(sku)} aria-label={t("history.actionSku", { code: sku.code })} data-testid="history-sku">
              {t("history.action")}
            </button>
            {onEdit && (
              <button type="button" className="button button--small" onClick={() => onEdit(sku)} aria-label={t("catalogue.editSku", { code: sku.code })} data-testid="edit-sku">
                {t("catalogue.edit")}
              </button>
            )}
          </div>
        ),
      },
    ];
  }, [t, format, onAdjust, onRestock, onIncoming, onEdit, onHistory]);

  return (
    <DataTable
      columns={columns}
      rows={skus}
      rowId={(sku) => sku.id}
      rowAttributes={(sku) => ({ "data-testid": "sku-row", "data-sku-code": sku.code })}
      className="skus-table"
      testId="skus-table"
      stale={stale}
    />
  );
}
