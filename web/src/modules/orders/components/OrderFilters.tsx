import { useTranslation } from "react-i18next";
import { SearchField } from "../../../app/ui/SearchField";
import type { OrderStatus } from "../../../generated/graphql";
import { ORDER_STATUSES } from "../order-statuses";

type Props = {
  search: string;
  onSearchChange: (value: string) => void;
  statuses: OrderStatus[];
  onStatusesChange: (statuses: OrderStatus[]) => void;
  onClear: () => void;
};

export function OrderFilters({ search, onSearchChange, statuses, onStatusesChange, onClear }: Props) {
  const { t } = useTranslation();
  const toggle = (status: OrderStatus) =>
    onStatusesChange(
      statuses.includes(status)
        ? statuses.filter((selected) => selected !== status)
        : ORDER_STATUSES.filter((candidate) => candidate === status || statuses.includes(candidate)),
    );
  const filtered = search !== "" || statuses.length > 0;

  return (
    <div className="list-toolbar">
      <div className="list-toolbar__search">
        <SearchField
          label={t("orders.searchLabel")}
          placeholder={t("orders.searchPlaceholder")}
          value={search}
          onChange={onSearchChange}
          testId="orders-search"
        />
      </div>
      <fieldset className="chips" data-testid="status-filter">
        <legend>{t("orders.statusFilter")}</legend>
        {ORDER_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className="chip"
            aria-pressed={statuses.includes(status)}
            onClick={() => toggle(status)}
            data-status={status}
          >
            {t(`orderStatus.${status}`)}
          </button>
        ))}
      </fieldset>
      {filtered && (
        <button
          type="button"
          className="button button--ghost button--small list-toolbar__clear"
          onClick={onClear}
        >
          {t("common.clearFilters")}
        </button>
      )}
    </div>
  );
}
