import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import type { OrderDetailQuery } from "../../../generated/graphql";

type Line = NonNullable<OrderDetailQuery["order"]>["lines"][number];

/** The order's lines; `lineAction` renders an action under a line's name (e.g. "Faltou na embalagem"). */
export function OrderLines({ lines, lineAction }: { lines: readonly Line[]; lineAction?: (line: Line) => ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const column = {
    sku: t("order.lines.sku"),
    name: t("order.lines.name"),
    quantity: t("order.lines.quantity"),
    unitPrice: t("order.lines.unitPrice"),
    lineTotal: t("order.lines.lineTotal"),
    allocated: t("order.lines.allocated"),
    short: t("order.lines.short"),
    cancelled: t("order.lines.cancelled"),
    shipped: t("order.lines.shipped"),
  };
  return (
    <section className="card" aria-labelledby="order-lines-title">
      <div className="card__header">
        <h2 id="order-lines-title">{t("order.linesTitle")}</h2>
      </div>
      <div className="table-scroll">
        <table className="table table--stack" data-testid="order-lines">
          <thead>
            <tr>
              <th scope="col">{column.sku}</th>
              <th scope="col">{column.name}</th>
              <th scope="col" className="numeric">{column.quantity}</th>
              <th scope="col" className="numeric">{column.unitPrice}</th>
              <th scope="col" className="numeric">{column.lineTotal}</th>
              <th scope="col" className="numeric">{column.allocated}</th>
              <th scope="col" className="numeric">{column.short}</th>
              <th scope="col" className="numeric">{column.cancelled}</th>
              <th scope="col" className="numeric">{column.shipped}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id} className={line.short > 0 ? "order-line--short" : undefined} data-testid="order-line">
                <td data-label={column.sku} className="mono">{line.skuCode}</td>
                <td data-label={column.name}>
                  {line.name}
                  {line.replacesLineId && (
                    <span className="muted order-line__note" data-testid="order-line-replaces">
                      {t("substitute.replaces", { code: lines.find((other) => other.id === line.replacesLineId)?.skuCode ?? "—" })}
                    </span>
                  )}
                  {line.short > 0 && line.substituteOffers.length > 0 && (
                    <span className="order-line__note" data-testid="order-line-offers">
                      {t("substitute.offersTitle")}:{" "}
                      {line.substituteOffers.map((offer) => `${offer.sku.code} (${format.money(offer.sku.price)})`).join(", ")}
                    </span>
                  )}
                  {lineAction?.(line)}
                </td>
                <td data-label={column.quantity} className="numeric">{format.number(line.quantity)}</td>
                <td data-label={column.unitPrice} className="numeric">{format.money(line.unitPrice)}</td>
                <td data-label={column.lineTotal} className="numeric">{format.money(line.lineTotal)}</td>
                <td data-label={column.allocated} className="numeric">{format.number(line.allocated)}</td>
                <td data-label={column.short} className="numeric order-line__short" data-testid="order-line-short">
                  {format.number(line.short)}
                  {line.short > 0 && (
                    <span className="order-line__expected" data-testid="order-line-expected">
                      {line.expectedOn ? t("expected.on", { date: format.calendarDate(line.expectedOn) }) : t("expected.none")}
                    </span>
                  )}
                </td>
                <td data-label={column.cancelled} className="numeric">{format.number(line.cancelled)}</td>
                <td data-label={column.shipped} className="numeric">{format.number(line.shipped)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
