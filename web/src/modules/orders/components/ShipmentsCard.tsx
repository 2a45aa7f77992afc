import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { carrierLabel } from "../carriers";
import type { OrderDetailFieldsFragment, ShipmentFieldsFragment } from "../../../generated/graphql";

type Order = Pick<OrderDetailFieldsFragment, "lines" | "shipments">;

/** The order's parcels: carrier, tracking (linked), what is in each, when it left and arrived. */
export function ShipmentsCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo<DataColumn<ShipmentFieldsFragment>[]>(() => {
    const codeOf = new Map(order.lines.map((line) => [line.id, line.skuCode]));
    return [
      { id: "number", header: t("shipping.parcel"), cell: (s) => t("shipping.parcelNumber", { number: s.number }) },
      { id: "carrier", header: t("shipping.carrier"), cell: (s) => carrierLabel(s.carrier, t) },
      {
        id: "tracking",
        header: t("shipping.trackingCode"),
        cell: (s) =>
          s.trackingUrl ? (
            <a href={s.trackingUrl} target="_blank" rel="noopener noreferrer" className="mono" data-testid="shipment-tracking-link">
              {s.trackingCode}
              <span className="visually-hidden"> ({t("shipping.opensCarrier", { carrier: carrierLabel(s.carrier, t) })})</span>
            </a>
          ) : (
            <span className="mono">{s.trackingCode}</span>
          ),
      },
      {
        id: "contents",
        header: t("shipping.contents"),
        cell: (s) => s.lines.map((line) => `${format.number(line.quantity)} × ${codeOf.get(line.orderLineId) ?? "—"}`).join(", "),
      },
      { id: "shippedAt", header: t("shipping.shippedAt"), cell: (s) => <time dateTime={s.shippedAt}>{format.dateTime(s.shippedAt)}</time> },
      {
        id: "deliveredAt",
        header: t("shipping.deliveredAt"),
        cell: (s) => (s.deliveredAt ? <time dateTime={s.deliveredAt}>{format.dateTime(s.deliveredAt)}</time> : <span className="muted">{t("shipping.inTransit")}</span>),
      },
    ];
  }, [order.lines, t, format]);
  return (
    <section className="card" aria-labelledby="order-shipments-title" data-testid="shipments-card">
      <div className="card__header">
        <h2 id="order-shipments-title">{t("shipping.title")}</h2>
      </div>
      <DataTable columns={columns} rows={order.shipments} rowId={(s) => s.id} rowAttributes={(s) => ({ "data-testid": "shipment-row", "data-number": s.number })} testId="shipments" />
    </section>
  );
}
