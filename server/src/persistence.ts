import { DatabaseOptions, openDatabase } from "./infra/db/data-source";
import { Database } from "./infra/db/database";
import { StaffUser } from "./modules/auth/staff-user.entity";
import { Session } from "./modules/auth/session.entity";
import { StaffInvitation } from "./modules/auth/invitation.entity";
import { PasswordReset } from "./modules/auth/password-reset.entity";
import { EmailVerification } from "./modules/auth/email-verification.entity";
import { ApiKey } from "./modules/api-keys/api-key.entity";
import { IdempotencyRecord } from "./infra/idempotency/idempotency-record.entity";
import { webhookEntities } from "./modules/webhooks/webhook.entity";
import { Sku } from "./modules/catalog/sku.entity";
import { claimEntities } from "./modules/claims/claim.entity";
import { Coupon } from "./modules/coupons/coupon.entity";
import { CreditNote, CreditNoteLine, CreditNoteSequence } from "./modules/credit-notes/credit-note.entity";
import { Customer } from "./modules/customers/customer.entity";
import { CustomerSearchWord } from "./modules/customers/customer-search";
import { OrderSearchWord } from "./modules/orders/order-search";
import { IncomingStock } from "./modules/incoming-stock/incoming-stock.entity";
import { Order } from "./modules/orders/order.entity";
import { OrderEvent } from "./modules/orders/order-event.entity";
import { orderFactEntities } from "./modules/orders/order-facts.entity";
import { OrderLine } from "./modules/orders/order-line.entity";
import { SubstituteOffer } from "./modules/orders/substitute-offer.entity";
import { shippingEntities } from "./modules/shipping/shipment.entity";
import { returnEntities } from "./modules/returns/return.entity";
import { notificationEntities } from "./modules/notifications/notification.entity";
import { Refund, RefundLine } from "./modules/refunds/refund.entity";
import { OrderPageLink } from "./modules/order-page/order-page-link.entity";
import { ShopPayoutAccount } from "./modules/shops/payout-account.entity";
import { OrderNumberSequence, Shop } from "./modules/shops/shop.entity";
import { BulkResolutionOrderRow, BulkResolutionRow } from "./modules/orders/bulk-resolution.entity";
import { StockLevel } from "./modules/stock/stock-level.entity";
import { StockMovement } from "./modules/stock/stock-movement.entity";

/** Every table of the domain, by module. A new entity is added here and in a migration. */
export const entities: Function[] = [
  Shop,
  OrderNumberSequence,
  StaffUser,
  Session,
  StaffInvitation,
  PasswordReset,
  EmailVerification,
  Sku,
  StockLevel,
  StockMovement,
  Customer,
  CustomerSearchWord,
  Order,
  OrderSearchWord,
  OrderLine,
  OrderEvent,
  ...orderFactEntities,
  Refund,
  RefundLine,
  CreditNote,
  CreditNoteLine,
  CreditNoteSequence,
  Coupon,
  ShopPayoutAccount,
  OrderPageLink,
  IncomingStock,
  SubstituteOffer,
  ...notificationEntities,
  ...shippingEntities,
  ...claimEntities,
  ...returnEntities,
  ApiKey,
  IdempotencyRecord,
  ...webhookEntities,
  BulkResolutionRow,
  BulkResolutionOrderRow,
];

/** The application's database: connects, runs pending migrations, knows every entity. */
export function openAppDatabase(options: Omit<DatabaseOptions, "entities">): Promise<Database> {
  return openDatabase({ ...options, entities });
}
