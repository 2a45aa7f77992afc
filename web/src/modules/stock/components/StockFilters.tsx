import { useTranslation } from "react-i18next";
import { Field } from "../../../app/ui/Field";
import { SearchField } from "../../../app/ui/SearchField";
import type { StockStatus } from "../../../generated/graphql";
import { STOCK_STATUSES } from "../stock-statuses";

type Props = {
  search: string;
  onSearchChange: (value: string) => void;
  stockStatus: StockStatus | null;
  onStockStatusChange: (value: StockStatus | null) => void;
  onClear: () => void;
};

export function StockFilters({ search, onSearchChange, stockStatus, onStockStatusChange, onClear }: Props) {
  const { t } = useTranslation();
  return (
    <div className="list-toolbar">
      <div className="list-toolbar__search">
        <SearchField
          label={t("stock.searchLabel")}
          placeholder={t("stock.searchPlaceholder")}
          value={search}
          onChange={onSearchChange}
          testId="skus-search"
        />
      </div>
      <Field label={t("stock.statusFilter")}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={stockStatus ?? ""}
            onChange={(event) => {
              const value = event.target.value;
              onStockStatusChange(STOCK_STATUSES.find((status) => status === value) ?? null);
            }}
            data-testid="stock-status-filter"
          >
            <option value="">{t("stock.allStatuses")}</option>
            {STOCK_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`stockStatus.${status}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(search !== "" || stockStatus !== null) && (
        <button type="button" className="button button--ghost button--small list-toolbar__clear" onClick={onClear}>
          {t("common.clearFilters")}
        </button>
      )}
    </div>
  );
}
