/**
 * The customer's order page (web/order.html, served at /order/<token>): a public entry like the
 * refund page, sharing its i18n, styles and fetch (web/src/public/shared). It imports nothing from
 * the merchant app: test/e2e/public-bundles.spec.ts checks the built bundle for that.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { tokenFromPath } from "../shared/api";
import { OrderApp } from "./OrderApp";
import "../shared/public.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <OrderApp token={tokenFromPath(window.location.pathname, "order")} />
  </StrictMode>,
);
