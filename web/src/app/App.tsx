import { ApolloProvider } from "@apollo/client/react";
import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { LoginPage } from "../modules/auth/pages/LoginPage";
import { AcceptInvitationPage, ForgotPasswordPage, ResetPasswordPage } from "../modules/auth/pages/AccountLinkPages";
import { CreditNotePage } from "../modules/credit-notes/pages/CreditNotePage";
import { AfterSalesPage } from "../modules/after-sales/pages/AfterSalesPage";
import { OrderDetailPage } from "../modules/orders/pages/OrderDetailPage";
import { OrdersPage } from "../modules/orders/pages/OrdersPage";
import { MessagesPage } from "../modules/messages/pages/MessagesPage";
import { RefundDetailPage } from "../modules/refunds/pages/RefundDetailPage";
import { RefundsPage } from "../modules/refunds/pages/RefundsPage";
import { ShopSettingsPage } from "../modules/shop-settings/pages/ShopSettingsPage";
import { StockPage } from "../modules/stock/pages/StockPage";
import { OrdersWithoutStockPage } from "../modules/stockouts/pages/OrdersWithoutStockPage";
import { apolloClient } from "./apollo";
import { AppLayout } from "./layout/AppLayout";
import { NotFoundPage } from "./NotFoundPage";
import { PageLoading } from "./ui/States";
import { RequireAuth } from "./RequireAuth";
import { RequireRole } from "./roles";
import { TeamPage } from "../modules/team/pages/TeamPage";
import { ApiKeysPage } from "../modules/api-keys/pages/ApiKeysPage";
import { WebhooksPage } from "../modules/webhooks/pages/WebhooksPage";
import { AccountPage } from "../modules/account/pages/AccountPage";
import { SignupPage } from "../modules/signup/pages/SignupPage";
import { VerifyEmailPage } from "../modules/signup/pages/VerifyEmailPage";

/** The reports page brings the charting library (recharts): loaded only when it is opened. */
const ReportsPage = lazy(() => import("../modules/reports/pages/ReportsPage"));

export function App() {
  return (
    <ApolloProvider client={apolloClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
          <Route path="/invite/:token" element={<AcceptInvitationPage />} />
          <Route path="/signup" element={<SignupPage />} />
          <Route path="/verify-email/:token" element={<VerifyEmailPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<Navigate to="/orders" replace />} />
            <Route path="orders" element={<OrdersPage />} />
            <Route path="orders/:id" element={<OrderDetailPage />} />
            <Route path="orders-without-stock" element={<OrdersWithoutStockPage />} />
            <Route path="stock" element={<StockPage />} />
            <Route path="refunds" element={<RefundsPage />} />
            <Route path="refunds/:id" element={<RefundDetailPage />} />
            <Route path="credit-notes/:id" element={<CreditNotePage />} />
            <Route path="after-sales" element={<AfterSalesPage />} />
            <Route path="messages" element={<MessagesPage />} />
            <Route
              path="reports"
              element={
                <Suspense fallback={<PageLoading />}>
                  <ReportsPage />
                </Suspense>
              }
            />
            <Route
              path="settings"
              element={
                <RequireRole role="MANAGER">
                  <ShopSettingsPage />
                </RequireRole>
              }
            />
            <Route
              path="settings/api-keys"
              element={
                <RequireRole role="MANAGER">
                  <ApiKeysPage />
                </RequireRole>
              }
            />
            <Route
              path="settings/webhooks"
              element={
                <RequireRole role="MANAGER">
                  <WebhooksPage />
                </RequireRole>
              }
            />
            <Route path="team" element={<TeamPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
