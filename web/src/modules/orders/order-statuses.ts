import { allValues } from "../../app/enum-values";
import type { OrderStatus } from "../../generated/graphql";

/** Every order status, in the order the merchant meets them (filter chips follow it). */
export const ORDER_STATUSES = allValues<OrderStatus>()([
  "AWAITING_STOCK",
  "ON_HOLD_FOR_RESTOCK",
  "READY",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
]);

/** The statuses of orders that cannot ship for lack of stock ("Orders without stock"). */
export const WITHOUT_STOCK_STATUSES: readonly OrderStatus[] = ["AWAITING_STOCK", "ON_HOLD_FOR_RESTOCK"];
