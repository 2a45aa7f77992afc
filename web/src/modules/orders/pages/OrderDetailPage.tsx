import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { EmptyState, ErrorState } from "../../../app/ui/States";
import { useOrderDetailQuery } from "../../../generated/graphql";
import { CustomerCard } from "../components/CustomerCard";
import { OrderHeader } from "../components/OrderHeader";
import { OrderLines } from "../components/OrderLines";
import { OrderTimeline } from "../components/OrderTimeline";
import { OrderTotals } from "../components/OrderTotals";
import "./OrderDetailPage.css";

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useOrderDetailQuery({ variables: { id } });

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
        <EmptyState title={t("order.notFoundTitle")}>
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
      <OrderHeader order={order} />
      <OrderLines lines={order.lines} />
      <div className="order-detail__grid">
        <div className="order-detail__main">
          <OrderTimeline events={order.events} />
        </div>
        <aside className="order-detail__side">
          <CustomerCard customer={order.customer} />
          <OrderTotals order={order} />
        </aside>
      </div>
    </article>
  );
}
