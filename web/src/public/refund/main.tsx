/**
 * The customer's refund page (web/refund.html, served at /refund/<token>): its own Vite entry and
 * bundle. It imports nothing from the merchant app (web/src/app, web/src/modules), no GraphQL
 * client and no router: test/e2e/refund-bundle.spec.ts checks the built bundle for that.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { tokenFromPath } from "../shared/api";
import { RefundApp } from "./RefundApp";
import "../shared/public.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <RefundApp token={tokenFromPath(window.location.pathname)} />
  </StrictMode>,
);
