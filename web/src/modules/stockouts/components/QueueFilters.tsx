import { useTranslation } from "react-i18next";
import { Field } from "../../../app/ui/Field";
import { useSkuOptionQuery, useSkuOptionsQuery, type OrderStatus } from "../../../generated/graphql";
import { WITHOUT_STOCK_STATUSES } from "../../orders/order-statuses";

/** The server's largest page: the sku choices are the first 100 out-of-stock skus. */
const SKU_OPTIONS = 100;

type Props = {
  skuId: string | null;
  onSkuChange: (skuId: string | null) => void;
  status: OrderStatus | null;
  onStatusChange: (status: OrderStatus | null) => void;
  onClear: () => void;
};

export function QueueFilters({ skuId, onSkuChange, status, onStatusChange, onClear }: Props) {
  const { t } = useTranslation();
  // Skus with waiting orders have nothing available (new units go to waiting lines first), so
  // the out-of-stock ones are the choices. Not cached: it would share the stock page's list.
  const { data } = useSkuOptionsQuery({
    variables: { first: SKU_OPTIONS, filter: { stockStatus: "OUT_OF_STOCK" } },
    fetchPolicy: "no-cache",
  });
  const options = [...(data?.skus.nodes ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  const listed = skuId === null || options.some((sku) => sku.id === skuId);
  // A sku chosen in the URL that has stock again is still shown as chosen.
  const chosen = useSkuOptionQuery({ variables: { id: skuId ?? "" }, skip: listed }).data?.sku;
  if (!listed && chosen) options.unshift(chosen);

  return (
    <div className="list-toolbar">
      <div className="queue-filters__sku">
        <Field label={t("stockouts.skuFilter")}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={skuId ?? ""}
              onChange={(event) => onSkuChange(event.target.value || null)}
              data-testid="queue-sku-filter"
            >
              <option value="">{t("stockouts.allSkus")}</option>
              {/* Until the choices arrive, keep the chosen id selectable so the value holds. */}
              {!listed && !chosen && skuId && <option value={skuId}>{skuId}</option>}
              {options.map((sku) => (
                <option key={sku.id} value={sku.id}>
                  {sku.code} — {sku.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t("stockouts.statusFilter")}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={status ?? ""}
            onChange={(event) => onStatusChange(WITHOUT_STOCK_STATUSES.find((candidate) => candidate === event.target.value) ?? null)}
            data-testid="queue-status-filter"
          >
            <option value="">{t("stockouts.allStatuses")}</option>
            {WITHOUT_STOCK_STATUSES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`orderStatus.${candidate}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(skuId !== null || status !== null) && (
        <button type="button" className="button button--ghost button--small list-toolbar__clear" onClick={onClear}>
          {t("common.clearFilters")}
        </button>
      )}
    </div>
  );
}
