import { OutboxMessageRow } from "../outbox/outbox-message.entity";
import { StaffUser } from "../../modules/auth/staff-user.entity";
import { Session } from "../../modules/auth/session.entity";
import { Sku } from "../../modules/catalog/sku.entity";
import { Customer } from "../../modules/customers/customer.entity";
import { Order } from "../../modules/orders/order.entity";
import { OrderEvent } from "../../modules/orders/order-event.entity";
import { OrderLine } from "../../modules/orders/order-line.entity";
import { Refund, RefundLine } from "../../modules/refunds/refund.entity";
import { OrderNumberSequence, Shop } from "../../modules/shops/shop.entity";
import { StockLevel } from "../../modules/stock/stock-level.entity";
import { StockMovement } from "../../modules/stock/stock-movement.entity";

/** Every entity the DataSource knows; infra lists them without knowing their rules. */
export const entities = [
  Shop,
  OrderNumberSequence,
  StaffUser,
  Session,
  Sku,
  StockLevel,
  StockMovement,
  Customer,
  Order,
  OrderLine,
  OrderEvent,
  Refund,
  RefundLine,
  OutboxMessageRow,
];
