import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { ResolveOrderDialog, type ResolvedOrder } from "../../stockouts/components/ResolveOrderDialog";
import { ResolveSuccess } from "../../stockouts/components/ResolveSuccess";
import { useOrderDetailLive } from "../../stockouts/live";
import { canResolve } from "../../stockouts/resolutions";
import { CustomerCard } from "../components/CustomerCard";
import { OrderHeader } from "../components/OrderHeader";
import { OrderLines } from "../components/OrderLines";
import { OrderTimeline } from "../components/OrderTimeline";
import { OrderTotals } from "../components/OrderTotals";
import { RefundsCard } from "../components/RefundsCard";
import { MarkDeliveredDialog } from "../components/MarkDeliveredDialog";
import { PriorityDialog } from "../components/PriorityDialog";
import { useHasRole } from "../../../app/roles";
import { ShipmentsCard } from "../components/ShipmentsCard";
import { ShippingAddressCard } from "../components/ShippingAddressCard";
import { ShipOrderDialog } from "../components/ShipOrderDialog";
import { ShortAtPacking } from "../components/ShortAtPacking";
import { carrierLabel } from "../carriers";
import { CouponsCard } from "../../coupons/CouponsCard";
import { OrderMessagesCard } from "../../messages/components/OrderMessagesCard";
import { OrderCreditNotes } from "../../credit-notes/components/OrderCreditNotes";
import { OrderClaims } from "../../claims/components/OrderClaims";
import { OrderReturnsCard, RequestReturnAction } from "../../returns/components/RequestReturnAction";
import "./OrderDetailPage.css";

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  // Watched while it waits for stock: a restock elsewhere can resume it any moment.
  const { data, error, loading, refetch } = useOrderDetailLive(id);
  const [resolving, setResolving] = useState(false);
  const [resolved, setResolved] = useState<ResolvedOrder | null>(null);
  const [shipping, setShipping] = useState(false);
  const [delivering, setDelivering] = useState(false);
  const [prioritizing, setPrioritizing] = useState(false);
  // Marking priority is a business decision: MANAGER (the server refuses an OPERATOR).
  const mayPrioritize = useHasRole("MANAGER");
  /** What the last action did, said once above the order (for screen readers too). */
  const [notice, setNotice] = useState<{ orderId: string; text: string } | null>(null);

  if (loading && !data) {
    return (
      <div className="order-detail" aria-busy="true">
        <span className="skeleton order-detail__skeleton-title" />
        <div className="card order-detail__skeleton-card">
          <span className="visually-hidden">{t("common.loading")}</span>
        </div>
      </div>
    );
  }
  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;

  const order = data?.order;
  if (!order) {
    return (
      <div className="card" data-testid="order-not-found">
        <EmptyState pageTitle title={t("order.notFoundTitle")}>
          <p>{t("order.notFoundBody")}</p>
          <p>
            <Link to="/orders" className="button" style={{ marginTop: "var(--space-3)" }}>
              {t("order.backToOrders")}
            </Link>
          </p>
        </EmptyState>
      </div>
    );
  }

  return (
    <article className="order-detail">
      <OrderHeader
        order={order}
        actions={
          <>
            {canResolve(order) && (
              <button
                type="button"
                // Beside "Enviar" (a READY order), resolving means cancelling: not the main action.
                className={order.status === "READY" ? "button" : "button button--primary"}
                onClick={() => {
                  setResolved(null);
                  setResolving(true);
                }}
                title={t("order.resolveHint")}
                data-testid="resolve-order"
              >
                {t("order.resolve")}
              </button>
            )}
            {mayPrioritize && (order.status === "AWAITING_STOCK" || order.status === "ON_HOLD_FOR_RESTOCK") && (
              <button
                type="button"
                className="button"
                aria-pressed={order.priority}
                onClick={() => {
                  setNotice(null);
                  setPrioritizing(true);
                }}
                data-testid="priority-action"
              >
                {t("priority.action")}
              </button>
            )}
            {order.status === "READY" && order.unshippedQuantity > 0 && (
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  setNotice(null);
                  setShipping(true);
                }}
                data-testid="ship-order"
              >
                {t("shipping.ship")}
              </button>
            )}
            {order.status === "SHIPPED" && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setNotice(null);
                  setDelivering(true);
                }}
                data-testid="mark-delivered"
              >
                {t("shipping.markDelivered")}
              </button>
            )}
            {order.status === "DELIVERED" && <RequestReturnAction orderId={order.id} orderNumber={order.number} />}
          </>
        }
      />
      {resolved && resolved.order.id === order.id && <ResolveSuccess result={resolved} />}
      {notice && notice.orderId === order.id && (
        <p className="alert alert--success" role="status" data-testid="shipping-notice">
          {notice.text}
        </p>
      )}
      <ShortAtPacking order={order}>{(lineAction) => <OrderLines lines={order.lines} lineAction={lineAction} />}</ShortAtPacking>
      {order.shipments.length > 0 && <ShipmentsCard order={order} />}
      <div className="order-detail__grid">
        <div className="order-detail__main">
          <OrderTimeline order={order} />
        </div>
        <aside className="order-detail__side">
          <CustomerCard customer={order.customer} order={order} />
          <ShippingAddressCard address={order.shippingAddress} />
          <OrderTotals order={order} />
          {order.refunds.length > 0 && <RefundsCard refunds={order.refunds} orderNumber={order.number} customer={order.customer} />}
          <OrderClaims orderId={order.id} eventCount={order.events.length} />
          <OrderCreditNotes orderId={order.id} />
          <OrderReturnsCard orderId={order.id} />
          {(order.apologyCoupons.length > 0 || order.couponApplied) && (
            <CouponsCard apologyCoupons={order.apologyCoupons} couponApplied={order.couponApplied} currency={order.currency} />
          )}
          <OrderMessagesCard orderId={order.id} eventCount={order.events.length} />
        </aside>
      </div>
      <ShipOrderDialog
        order={shipping ? order : null}
        onClose={() => setShipping(false)}
        onShipped={(shipment, shipped) => {
          setShipping(false);
          setNotice({
            orderId: shipped.id,
            text:
              shipped.status === "SHIPPED"
                ? t("shipping.shippedAll", { number: shipment.number, carrier: carrierLabel(shipment.carrier, t) })
                : t("shipping.shippedPart", { number: shipment.number, carrier: carrierLabel(shipment.carrier, t), count: shipped.unshippedQuantity }),
          });
        }}
      />
      <MarkDeliveredDialog
        order={delivering ? order : null}
        onClose={() => setDelivering(false)}
        onDelivered={() => {
          setDelivering(false);
          setNotice({ orderId: order.id, text: t("shipping.delivered") });
        }}
      />
      <PriorityDialog
        order={prioritizing ? order : null}
        onClose={() => setPrioritizing(false)}
        onChanged={(changed) => {
          setPrioritizing(false);
          setNotice({ orderId: changed.id, text: t(changed.priority ? "priority.markedNotice" : "priority.clearedNotice", { number: changed.number }) });
        }}
      />
      <ResolveOrderDialog
        order={resolving ? order : null}
        onClose={() => setResolving(false)}
        onResolved={(result) => {
          setResolving(false);
          setResolved(result);
        }}
      />
    </article>
  );
}
