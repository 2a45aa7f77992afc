import { useTranslation } from "react-i18next";
import type { RefundDestination, RefundStatus } from "../../../generated/graphql";
import { REFUND_DESTINATIONS, REFUND_STATUSES } from "../refund-values";

type Props = {
  statuses: RefundStatus[];
  onStatusesChange: (statuses: RefundStatus[]) => void;
  destination: RefundDestination | null;
  onDestinationChange: (destination: RefundDestination | null) => void;
  onClear: () => void;
};

/** Status chips (any number) and destination chips (one at a time). */
export function RefundFilters({ statuses, onStatusesChange, destination, onDestinationChange, onClear }: Props) {
  const { t } = useTranslation();
  const toggle = (status: RefundStatus) =>
    onStatusesChange(
      statuses.includes(status)
        ? statuses.filter((selected) => selected !== status)
        : REFUND_STATUSES.filter((candidate) => candidate === status || statuses.includes(candidate)),
    );
  return (
    <div className="list-toolbar">
      <fieldset className="chips" data-testid="refund-status-filter">
        <legend>{t("refunds.statusFilter")}</legend>
        {REFUND_STATUSES.map((status) => (
          <button key={status} type="button" className="chip" aria-pressed={statuses.includes(status)} onClick={() => toggle(status)} data-status={status}>
            {t(`refundStatus.${status}`)}
          </button>
        ))}
      </fieldset>
      <fieldset className="chips" data-testid="refund-destination-filter">
        <legend>{t("refunds.destinationFilter")}</legend>
        {REFUND_DESTINATIONS.map((value) => (
          <button
            key={value}
            type="button"
            className="chip"
            aria-pressed={destination === value}
            onClick={() => onDestinationChange(destination === value ? null : value)}
            data-destination={value}
          >
            {t(`refundDestination.${value}`)}
          </button>
        ))}
      </fieldset>
      {(statuses.length > 0 || destination !== null) && (
        <button type="button" className="button button--ghost button--small list-toolbar__clear" onClick={onClear}>
          {t("common.clearFilters")}
        </button>
      )}
    </div>
  );
}
