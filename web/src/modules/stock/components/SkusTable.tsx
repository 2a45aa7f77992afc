import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { TableSkeleton } from "../../../app/ui/States";
import type { SkuRowFragment } from "../../../generated/graphql";
import "./SkusTable.css";

const COLUMNS = 8;

type Props = {
  skus: readonly SkuRowFragment[] | null;
  stale?: boolean;
  onAdjust: (sku: SkuRowFragment) => void;
  onRestock: (sku: SkuRowFragment) => void;
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
export function SkusTable({ skus, stale, onAdjust, onRestock }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const column = {
    code: t("stock.columns.code"),
    name: t("stock.columns.name"),
    price: t("stock.columns.price"),
    onHand: t("stock.columns.onHand"),
    allocated: t("stock.columns.allocated"),
    available: t("stock.columns.available"),
    status: t("stock.columns.status"),
    actions: t("stock.columns.actions"),
  };
  return (
    <div className="table-scroll">
      <table className={`table table--stack skus-table${stale ? " list-table--stale" : ""}`} data-testid="skus-table">
        <thead>
          <tr>
            <th scope="col">{column.code}</th>
            <th scope="col">{column.name}</th>
            <th scope="col" className="numeric">{column.price}</th>
            <th scope="col" className="numeric">{column.onHand}</th>
            <th scope="col" className="numeric">{column.allocated}</th>
            <th scope="col" className="numeric">{column.available}</th>
            <th scope="col">{column.status}</th>
            <th scope="col">
              <span className="visually-hidden">{column.actions}</span>
            </th>
          </tr>
        </thead>
        {skus === null ? (
          <TableSkeleton columns={COLUMNS} />
        ) : (
          <tbody>
            {skus.map((sku) => (
              <tr key={sku.id} data-testid="sku-row" data-sku-code={sku.code}>
                <td data-label={column.code} className="mono skus-table__code">{sku.code}</td>
                <td data-label={column.name} className="skus-table__name">{sku.name}</td>
                <td data-label={column.price} className="numeric skus-table__price">{format.money(sku.price)}</td>
                <td className="numeric skus-table__level skus-table__on-hand">
                  <LevelLabel>{column.onHand}</LevelLabel>
                  <span data-testid="sku-on-hand">{format.number(sku.stock.onHand)}</span>
                </td>
                <td className="numeric skus-table__level skus-table__allocated">
                  <LevelLabel>{column.allocated}</LevelLabel>
                  <span>{format.number(sku.stock.allocated)}</span>
                </td>
                <td className={`numeric skus-table__level skus-table__available${sku.stock.available <= 0 ? " skus-table__available--none" : ""}`}>
                  <LevelLabel>{column.available}</LevelLabel>
                  <span data-testid="sku-available">{format.number(sku.stock.available)}</span>
                </td>
                <td data-label={column.status} className="skus-table__status">
                  <StatusBadge kind="stock" status={sku.stockStatus} />
                </td>
                <td className="skus-table__actions">
                  <div className="skus-table__buttons">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onAdjust(sku)}
                      aria-label={t("stock.adjustSku", { code: sku.code })}
                      data-testid="adjust-stock"
                    >
                      {t("stock.adjust")}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onRestock(sku)}
                      aria-label={t("restock.actionSku", { code: sku.code })}
                      data-testid="restock-sku"
                    >
                      {t("restock.action")}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}
