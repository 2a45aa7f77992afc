import { DataCipher } from "../../infra/crypto/data-cipher";
import { Database, Read, Statement, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller, SYSTEM_ACTOR } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { decodeCursor, Page, toPage } from "../../infra/graphql/pagination";
import { Logger } from "../../infra/logging/logger";
import { describeMailError, Mailer, MailMessage } from "../../infra/mail/mailer";
import { ClaimSpec, claimRows } from "../../infra/outbox/claim";
import { INSTANCE_ID } from "../../infra/instance";
import { OutboxMessage, OutboxSource, readCommitted } from "../../infra/outbox/outbox";
import { CustomerService } from "../customers/customer.service";
import { OrderKind } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { NewOrderEvent, orderEventsStatements } from "../orders/order-events";
import { OrderService } from "../orders/order.service";
import { maskEmail } from "../payments/payment-details";
import { REFUND_LINK_ISSUED_TOPIC } from "../refunds/refund-link.service";
import { RefundDestination, RefundStatus } from "../refunds/refund.entity";
import { RefundService } from "../refunds/refund.service";
import { RefundNode } from "../refunds/refund.types";
import { ShopService } from "../shops/shop.service";
import { Carrier, CARRIERS, isCarrier, trackingUrl } from "../shipping/carriers";
import { CustomerMessageStatus, MESSAGE_KINDS, MessageKind, MessageSourceType } from "./message-kind";
import { ExpectedRestockDatesProvider, noExpectedRestockDates, noOrderPageLinks, OrderPageLinkProvider } from "./providers";
import { renderMessage, RenderedMessage } from "./templates/customer-email";
import { ItemLine, MailLocale, mailLocale, MessageModel } from "./templates/model";

/** The order event each kind of message is planned from (the reminder comes from the refund link's own schedule). */
export const KIND_BY_EVENT: Partial<Record<OrderEventType, MessageKind>> = {
  [OrderEventType.ORDER_PLACED]: MessageKind.ORDER_CONFIRMATION,
  [OrderEventType.STOCK_SHORTAGE]: MessageKind.STOCK_DELAY,
  // A READY order whose units were found missing when packing falls short like one at intake.
  [OrderEventType.SHORT_AT_PACKING]: MessageKind.STOCK_DELAY,
  [OrderEventType.ORDER_RESUMED]: MessageKind.ORDER_RESUMED,
  [OrderEventType.ITEMS_CANCELLED]: MessageKind.PARTIAL_SHIPMENT,
  [OrderEventType.ORDER_CANCELLED]: MessageKind.ORDER_CANCELLED,
  [OrderEventType.REFUND_PAID]: MessageKind.REFUND_PAID,
  [OrderEventType.SHIPMENT_SENT]: MessageKind.ORDER_SHIPPED,
  [OrderEventType.ORDER_DELIVERED]: MessageKind.ORDER_DELIVERED,
  [OrderEventType.CLAIM_RESOLVED]: MessageKind.CLAIM_RESOLVED,
  [OrderEventType.RETURN_APPROVED]: MessageKind.RETURN_APPROVED,
  [OrderEventType.RETURN_RECEIVED]: MessageKind.RETURN_RECEIVED,
};

/** How long before a refund link expires the customer is reminded of it. */
export const REMINDER_BEFORE_MS = 2 * 24 * 3600_000;
/** A message with a refund link whose copy has not arrived yet waits this long for it, then goes without. */
const LINK_WAIT_MS = 2 * 60_000;
/** How long a sender holds a message it took (a crash mid-send frees it after this). */
const SEND_LEASE_MS = 5 * 60_000;
const SEND_BATCH = 20;

export interface RetryPolicy {
  /** The wait after the first failure; doubled after each further one. */
  baseMs: number;
  maxMs: number;
  /** After this many failed attempts the message is FAILED. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3600_000, maxAttempts: 10 };

/** The wait after the `attempts`-th failure: baseMs, doubled each time, at most maxMs. */
export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.baseMs * 2 ** Math.max(0, attempts - 1), policy.maxMs);
}

export interface NotificationOptions {
  /** Where the public pages live (refund links). */
  publicUrl: string;
  /** MAIL_FROM: an address, or `Name <address>`; unset: the shop's name at no-reply@<PUBLIC_URL's host>. */
  mailFrom?: string;
  now?: () => Date;
  /** The public order page (from the order page feature); default: none, and messages leave the link out. */
  orderPageLinks?: OrderPageLinkProvider;
  /** Expected restock dates (from the restock feature); default: none, and the delay message says "no date yet". */
  restockDates?: ExpectedRestockDatesProvider;
  retry?: Partial<RetryPolicy>;
  /**
   * Whether someone at the shop has confirmed their e-mail (sign-up): until then its messages are
   * SKIPPED (skipReason SHOP_EMAIL_NOT_VERIFIED), so a fresh shop cannot relay spam. Default: yes.
   */
  senderVerified?: (shopId: number) => Promise<boolean>;
  /** This server instance, owner of the messages it claims to send (INSTANCE_ID by default). */
  owner?: string;
  /** How long a claimed message is held (SEND_LEASE_MS by default); above the SMTP timeouts. */
  leaseMs?: number;
}

/** Why a message was skipped, as the Mensagens page shows it. */
export type SkipReason = "MESSAGES_OFF" | "NO_RECIPIENT" | "SHOP_EMAIL_NOT_VERIFIED";

/** last_error of a message skipped because nobody at the shop has confirmed their e-mail. */
export const UNVERIFIED_SHOP_SKIP = "Not sent: nobody at the shop has confirmed their e-mail yet.";

/** A message as lists show it: nothing personal beyond the masked address. */
export interface CustomerMessageView {
  id: number;
  orderId: number;
  orderNumber: number;
  kind: MessageKind;
  status: CustomerMessageStatus;
  recipientMasked: string;
  locale: string;
  subject: string | null;
  attempts: number;
  lastError: string | null;
  /** SKIPPED only: why. */
  skipReason: SkipReason | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

interface MessageRow {
  id: number;
  shop_id: number;
  order_id: number;
  order_number: number;
  kind: MessageKind;
  source_type: MessageSourceType;
  source_id: number;
  status: CustomerMessageStatus;
  recipient: string;
  locale: string;
  attempts: number;
  next_attempt_at: string | Date;
  last_error: string | null;
  subject: string | null;
  created_at: string | Date;
  sent_at: string | Date | null;
}

/** The orders a batch of messages is about, as NotificationService.readOrders reads them. */
interface OrdersRead {
  shop: Awaited<ReturnType<ShopService["findShop"]>>;
  orders: Map<number, Awaited<ReturnType<OrderService["ordersByIds"]>>[number]>;
  lines: Awaited<ReturnType<OrderService["linesByOrderIds"]>>;
  events: Awaited<ReturnType<OrderService["eventsByOrderIds"]>>;
  refunds: Awaited<ReturnType<RefundService["refundsByOrderIds"]>>;
  customers: Awaited<ReturnType<CustomerService["customersByIds"]>>;
  pageLinks: Map<number, string | null>;
}

/** A message to plan: which order, which kind, from which committed change. */
interface PlannedMessage {
  shopId: number;
  orderId: number;
  kind: MessageKind;
  sourceType: MessageSourceType;
  sourceId: number;
}

/** The committed change a message is about (its event's data), when it has one. */
interface MessageSource {
  eventId: number | null;
  data: Record<string, unknown> | null;
  /** REFUND_LINK_REMINDER: the refund. */
  refundId?: number;
}

const toView = (r: MessageRow): CustomerMessageView => ({
  id: Number(r.id),
  orderId: Number(r.order_id),
  orderNumber: Number(r.order_number),
  kind: r.kind,
  status: r.status,
  recipientMasked: maskEmail(r.recipient),
  locale: r.locale,
  subject: r.subject,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  skipReason: r.status !== CustomerMessageStatus.SKIPPED ? null : r.last_error === UNVERIFIED_SHOP_SKIP ? "SHOP_EMAIL_NOT_VERIFIED" : !r.recipient?.trim() ? "NO_RECIPIENT" : "MESSAGES_OFF",
  nextAttemptAt: r.status === CustomerMessageStatus.PENDING ? fromSqlTimestamp(r.next_attempt_at) : null,
  sentAt: r.sent_at ? fromSqlTimestamp(r.sent_at) : null,
  createdAt: fromSqlTimestamp(r.created_at),
});

const parseData = (data: string | null): Record<string, unknown> | null => {
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
};

/**
 * Customer e-mail, durable and idempotent. A planner reads committed order events (and refund
 * links from outbox_message) with its own read position, and writes one customer_message row per
 * message, unique on (source, kind): a change delivered twice is planned once. A sender takes due
 * rows, renders them in the customer's language, sends them with a Message-ID fixed by the row,
 * and marks them SENT with a MESSAGE_SENT event on the order's timeline; a failure is retried with
 * exponential backoff. Rows are the state: nothing is lost over a restart.
 */
export class NotificationService {
  private readonly now: () => Date;
  private readonly orderPageLinks: OrderPageLinkProvider;
  private readonly restockDates: ExpectedRestockDatesProvider;
  readonly retry: RetryPolicy;

  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    private readonly orders: OrderService,
    private readonly customers: CustomerService,
    private readonly shops: ShopService,
    private readonly refunds: RefundService,
    private readonly options: NotificationOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.orderPageLinks = options.orderPageLinks ?? noOrderPageLinks;
    this.restockDates = options.restockDates ?? noExpectedRestockDates;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  // ---- Merchant settings -------------------------------------------------------------------

  /** Every kind of message with whether the shop sends it (all on until turned off). */
  async settings(shopId: number): Promise<Array<{ kind: MessageKind; enabled: boolean }>> {
    const disabled = await this.disabledKinds(shopId);
    return MESSAGE_KINDS.map((kind) => ({ kind, enabled: !disabled.has(kind) }));
  }

  /** Turns one kind of message on or off for the shop (staff users only). Messages already planned keep their status. */
  async setEnabled(caller: Caller, kind: MessageKind, enabled: boolean): Promise<Array<{ kind: MessageKind; enabled: boolean }>> {
    if (caller.staffUserId === null) throw new UserInputError([userError(null, UserErrorCode.STAFF_ONLY, "Only a signed-in staff user may change which e-mails customers receive.")]);
    if (!MESSAGE_KINDS.includes(kind)) throw new UserInputError([userError("kind", UserErrorCode.INVALID_FORMAT, "Unknown kind of message.")]);
    await this.db.transaction(async (tx) => {
      if (enabled) await tx.run("DELETE FROM notification_disabled WHERE shop_id = ? AND kind = ?", [caller.shopId, kind]);
      else await tx.run(`${this.insertIgnore()} notification_disabled (shop_id, kind, created_at) VALUES (?, ?, ?)`, [caller.shopId, kind, sqlTimestamp(this.now())]);
    });
    return this.settings(caller.shopId);
  }

  private async disabledKinds(shopId: number): Promise<Set<MessageKind>> {
    const rows = await this.db.query<{ kind: MessageKind }>("SELECT kind FROM notification_disabled WHERE shop_id = ?", [shopId]);
    return new Set(rows.map((r) => r.kind));
  }

  private insertIgnore(): string {
    return this.db.dialect === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
  }

  // ---- Lists and preview ---------------------------------------------------------------------

  /** The messages of these orders, oldest first: one query. */
  async messagesForOrders(shopId: number, orderIds: readonly number[]): Promise<Map<number, CustomerMessageView[]>> {
    const byOrder = new Map<number, CustomerMessageView[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = await this.db.query<MessageRow>(`SELECT * FROM customer_message WHERE shop_id = ? AND order_id IN (${placeholders(orderIds.length)}) ORDER BY id`, [shopId, ...orderIds]);
    for (const row of rows) {
      const view = toView(row);
      byOrder.set(view.orderId, [...(byOrder.get(view.orderId) ?? []), view]);
    }
    return byOrder;
  }

  /** The shop's messages, newest first. */
  async listMessages(
    shopId: number,
    args: { first: number; after?: string | null; status?: CustomerMessageStatus[] | null; kind?: MessageKind[] | null; orderId?: number | null },
  ): Promise<Page<CustomerMessageView>> {
    const where = ["shop_id = ?"];
    const params: unknown[] = [shopId];
    if (args.status?.length) {
      where.push(`status IN (${placeholders(args.status.length)})`);
      params.push(...args.status);
    }
    if (args.kind?.length) {
      where.push(`kind IN (${placeholders(args.kind.length)})`);
      params.push(...args.kind);
    }
    if (args.orderId) {
      where.push("order_id = ?");
      params.push(args.orderId);
    }
    const after = decodeCursor(args.after);
    const pageWhere = after === null ? where : [...where, "id < ?"];
    const rows = await this.db.query<MessageRow>(`SELECT * FROM customer_message WHERE ${pageWhere.join(" AND ")} ORDER BY id DESC LIMIT ?`, [
      ...params,
      ...(after === null ? [] : [after]),
      args.first + 1,
    ]);
    return toPage(
      rows.map((r) => ({ ...r, id: Number(r.id) })),
      args.first,
      toView,
      async () => {
        const [row] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM customer_message WHERE ${where.join(" AND ")}`, params);
        return Number(row?.n ?? 0);
      },
    );
  }

  /**
   * Any kind of message rendered with a real order of the shop, as it would go now (a refund
   * link shows as a placeholder: the real one is never shown again). Null for another shop's order.
   */
  async preview(shopId: number, orderId: number, kind: MessageKind, locale?: string | null): Promise<RenderedMessage | null> {
    const model = await this.buildModel(shopId, orderId, kind, null, { preview: true, locale });
    return model && renderMessage(model.model);
  }

  // ---- The model of a message ----------------------------------------------------------------

  /**
   * What messages say about these orders of a shop, each read once for all of them: a claimed
   * batch of messages costs a few round trips, not a few per message.
   */
  private async readOrders(shopId: number, orderIds: readonly number[]): Promise<OrdersRead> {
    const ids = [...new Set(orderIds)];
    const [shop, orders, lines, events, refunds] = await Promise.all([
      this.shops.findShop(shopId),
      this.orders.ordersByIds(shopId, ids),
      this.orders.linesByOrderIds(shopId, ids),
      this.orders.eventsByOrderIds(shopId, ids),
      this.refunds.refundsByOrderIds(shopId, ids),
    ]);
    const found = orders.map((o) => o.id);
    const [customers, pageLinks] = await Promise.all([this.customers.customersByIds(shopId, [...new Set(orders.map((o) => o.customerId))]), this.pageLinksOf(shopId, found)]);
    return { shop, orders: new Map(orders.map((o) => [o.id, o])), lines, events, refunds, customers, pageLinks };
  }

  /** The order page links of these orders (which exist), in one go when the provider can. */
  private async pageLinksOf(shopId: number, orderIds: number[]): Promise<Map<number, string | null>> {
    if (orderIds.length === 0) return new Map();
    if (this.orderPageLinks.orderPageLinks) return this.orderPageLinks.orderPageLinks(shopId, orderIds);
    return new Map(await Promise.all(orderIds.map(async (id) => [id, await this.orderPageLinks.orderPageLink(shopId, id)] as const)));
  }

  /**
   * What a message says: the order, its lines and customer, and for cancellations the refund and
   * coupon made with it (the REFUND_CREATED / COUPON_ISSUED events right after the source event).
   * `linkPending` says a refund link is expected but its copy has not been read yet.
   */
  private async buildModel(
    shopId: number,
    orderId: number,
    kind: MessageKind,
    source: MessageSource | null,
    options: { preview?: boolean; locale?: string | null } = {},
    loaded?: OrdersRead,
  ): Promise<{ model: MessageModel; linkPending: boolean } | null> {
    const read = loaded ?? (await this.readOrders(shopId, [orderId]));
    const order = read.orders.get(orderId);
    if (!order) return null;
    const shop = read.shop;
    const lines = read.lines.get(orderId) ?? [];
    const events = read.events.get(orderId) ?? [];
    const refunds = read.refunds.get(orderId) ?? [];
    const customer = read.customers.get(order.customerId);
    const locale: MailLocale = mailLocale(options.locale, customer?.locale, shop?.locale);
    const nameOf = new Map(lines.map((l) => [l.skuCode, l.name]));
    const named = (list: unknown): ItemLine[] =>
      Array.isArray(list)
        ? list.map((l: { skuCode?: string; short?: number; quantity?: number }) => ({ name: nameOf.get(String(l.skuCode)) ?? String(l.skuCode), quantity: Number(l.quantity ?? l.short ?? 0) }))
        : [];

    const model: MessageModel = {
      kind,
      locale,
      timeZone: shop?.timeZone ?? "UTC",
      shopName: shop?.name ?? "",
      customerName: customer?.name.split(/\s+/)[0] ?? "",
      orderNumber: order.number,
      currency: order.currency,
      placedAt: order.placedAt,
      items: lines.map((l) => ({ name: l.name, quantity: l.quantity - l.cancelled, unitPrice: l.unitPrice })).filter((l) => l.quantity > 0),
      subtotal: order.subtotal,
      shipping: order.shipping,
      discount: order.discount,
      total: order.total,
      missing: [],
      cancelled: [],
      expectedDate: null,
      orderPageLink: read.pageLinks.get(orderId) ?? null,
      refund: null,
      coupon: null,
      shipment: null,
    };
    let linkPending = false;

    // The source event, or for a preview the latest event of the kind (or the order as it is).
    const sourceTypes = Object.entries(KIND_BY_EVENT).filter(([, k]) => k === kind).map(([type]) => type as OrderEventType);
    const sourceEvent = source?.eventId ? events.find((e) => e.id === source.eventId) : [...events].reverse().find((e) => sourceTypes.includes(e.type));
    const data = source?.data ?? parseData(sourceEvent?.data ?? null);

    const refundView = (refund: RefundNode | undefined) => {
      if (!refund) return;
      model.refund = { amount: refund.amount.amount, destination: refund.destination, link: null, linkExpiresAt: refund.linkExpiresAt };
      return refund;
    };
    const withLink = async (refund: RefundNode | undefined) => {
      if (!refund || refund.destination !== RefundDestination.CUSTOMER || refund.status !== RefundStatus.AWAITING_CUSTOMER_DETAILS || !model.refund) return;
      if (options.preview) {
        model.refund.link = `${this.options.publicUrl}/refund/…`;
        return;
      }
      const link = await this.currentLink(refund);
      if (link) Object.assign(model.refund, link);
      else linkPending = true;
    };

    switch (kind) {
      case MessageKind.STOCK_DELAY: {
        model.missing = data?.missing ? named(data.missing) : lines.filter((l) => l.short > 0).map((l) => ({ name: l.name, quantity: l.short }));
        model.foundAtPacking = sourceEvent?.type === OrderEventType.SHORT_AT_PACKING;
        model.partlyShipped = lines.some((l) => l.shipped > 0);
        model.expectedDate = (await this.restockDates.expectedRestockDates(shopId, [orderId])).get(orderId) ?? null;
        break;
      }
      case MessageKind.PARTIAL_SHIPMENT:
      case MessageKind.ORDER_CANCELLED: {
        model.cancelled = data?.lines ? named(data.lines) : lines.filter((l) => l.cancelled > 0).map((l) => ({ name: l.name, quantity: l.cancelled }));
        // The refund and coupon written with this resolution: the events after it, up to the next resolution.
        const from = sourceEvent?.id ?? source?.eventId ?? 0;
        const after = events.filter((e) => e.id > from);
        const nextResolution = after.find((e) => e.type === OrderEventType.ITEMS_CANCELLED || e.type === OrderEventType.ORDER_CANCELLED)?.id ?? Infinity;
        const window = after.filter((e) => e.id < nextResolution);
        const refundData = parseData(window.find((e) => e.type === OrderEventType.REFUND_CREATED)?.data ?? null);
        const couponData = parseData(window.find((e) => e.type === OrderEventType.COUPON_ISSUED)?.data ?? null);
        if (refundData) await withLink(refundView(refunds.find((r) => Number(r.id) === Number(refundData.refundId))));
        if (couponData) {
          model.coupon = { code: String(couponData.code), kind: couponData.kind === "PERCENT" ? "PERCENT" : "FIXED_AMOUNT", value: Number(couponData.value), expiresAt: new Date(String(couponData.expiresAt)) };
        }
        break;
      }
      case MessageKind.REFUND_LINK_REMINDER: {
        const refund = source?.refundId ? refunds.find((r) => Number(r.id) === source.refundId) : [...refunds].reverse().find((r) => r.destination === RefundDestination.CUSTOMER);
        await withLink(refundView(refund));
        break;
      }
      case MessageKind.ORDER_SHIPPED: {
        if (data && isCarrier(data.carrier)) {
          model.shipment = {
            number: Number(data.number ?? 1),
            // OTHER is named in the customer's language by the template.
            carrierName: data.carrier === Carrier.OTHER ? "" : CARRIERS[data.carrier].name,
            trackingCode: String(data.trackingCode ?? ""),
            trackingUrl: typeof data.trackingUrl === "string" ? data.trackingUrl : null,
            items: named(data.lines),
            complete: data.status === "SHIPPED",
          };
        } else if (options.preview) {
          // No parcel has left yet: the preview shows one with everything, tracked by the Correios.
          const code = "AA123456789BR";
          model.shipment = { number: 1, carrierName: CARRIERS[Carrier.CORREIOS].name, trackingCode: code, trackingUrl: trackingUrl(Carrier.CORREIOS, code), items: model.items.map(({ name, quantity }) => ({ name, quantity })), complete: true };
        }
        break;
      }
      case MessageKind.CLAIM_RESOLVED: {
        const status = data?.status === "REJECTED" ? "REJECTED" : "RESOLVED";
        const outcome = ["RESHIP", "KEEP_AND_SETTLE", "WITHDRAW"].includes(String(data?.outcome)) ? (String(data!.outcome) as "RESHIP" | "KEEP_AND_SETTLE" | "WITHDRAW") : null;
        const settledInstead = !!data?.reshipmentCancelled;
        model.claim = {
          number: Number(data?.number ?? 1),
          status,
          outcome: status === "REJECTED" ? null : (outcome ?? "RESHIP"),
          settledInstead,
          message: sourceEvent?.note ?? null,
          items: data?.lines ? named(data.lines) : settledInstead ? named((data!.reshipmentCancelled as { lines?: unknown }).lines) : options.preview ? model.items.slice(0, 1).map(({ name }) => ({ name, quantity: 1 })) : [],
        };
        if (data?.refundId) await withLink(refundView(refunds.find((r) => Number(r.id) === Number(data.refundId))));
        break;
      }
      case MessageKind.RETURN_APPROVED:
      case MessageKind.RETURN_RECEIVED: {
        // The return's own request event lists what comes back; the receipt lists what arrived.
        const returnId = data?.returnId;
        const requested = [...events].reverse().find((e) => e.type === OrderEventType.RETURN_REQUESTED && parseData(e.data)?.returnId === returnId);
        const items =
          kind === MessageKind.RETURN_RECEIVED && Array.isArray(data?.lines)
            ? (data.lines as Array<{ skuCode?: string; good?: number; damaged?: number }>).map((l) => ({ name: nameOf.get(String(l.skuCode)) ?? String(l.skuCode), quantity: Number(l.good ?? 0) + Number(l.damaged ?? 0) })).filter((l) => l.quantity > 0)
            : named(parseData(requested?.data ?? null)?.lines);
        const settlement = data?.settlement === "REFUND" || data?.settlement === "EXCHANGE" ? data.settlement : null;
        model.returned = { items: items.length || !options.preview ? items : model.items.map(({ name, quantity }) => ({ name, quantity: Math.min(1, quantity) })), instructions: typeof data?.instructions === "string" ? data.instructions : null, settlement };
        if (kind === MessageKind.RETURN_RECEIVED && settlement === "REFUND") {
          // The refund written with the receipt: the REFUND_CREATED after it, before the next receipt.
          const from = sourceEvent?.id ?? source?.eventId ?? 0;
          const after = events.filter((e) => e.id > from);
          const next = after.find((e) => e.type === OrderEventType.RETURN_RECEIVED)?.id ?? Infinity;
          const refundData = parseData(after.find((e) => e.id < next && e.type === OrderEventType.REFUND_CREATED)?.data ?? null);
          if (refundData) await withLink(refundView(refunds.find((r) => Number(r.id) === Number(refundData.refundId))));
        }
        break;
      }
      case MessageKind.REFUND_PAID: {
        const refund = data?.refundId ? refunds.find((r) => Number(r.id) === Number(data.refundId)) : [...refunds].reverse()[0];
        refundView(refund);
        break;
      }
      default:
        break;
    }
    return { model, linkPending };
  }

  /** The refund's current link, from the notifications' own encrypted copy; null before the copy is read. */
  private async currentLink(refund: RefundNode): Promise<{ link: string; linkExpiresAt: Date } | null> {
    const [copy] = await this.db.query<{ token: string; expires_at: string | Date }>(
      "SELECT token, expires_at FROM refund_link_copy WHERE refund_id = ? ORDER BY outbox_message_id DESC LIMIT 1",
      [Number(refund.id)],
    );
    if (!copy) return null;
    const expiresAt = fromSqlTimestamp(copy.expires_at);
    // A link re-issued since: the copy of the new one is on its way.
    if (refund.linkExpiresAt && Math.abs(refund.linkExpiresAt.getTime() - expiresAt.getTime()) > 1000) return null;
    const token = this.cipher.decrypt(copy.token, `refund-link:${refund.id}`);
    return { link: `${this.options.publicUrl}/refund/${token}`, linkExpiresAt: expiresAt };
  }

  // ---- Planning ------------------------------------------------------------------------------

  /** The planner's read positions: order events, and outbox messages (refund links). */
  eventsSource(): OutboxSource {
    return this.cursorSource("order_event", "id, shop_id, order_id, type, data", (r) => ({
      id: Number(r.id),
      shopId: Number(r.shop_id),
      topic: "order_event",
      payload: { orderId: Number(r.order_id), type: r.type, data: parseData(r.data as string | null) },
    }));
  }

  linksSource(): OutboxSource {
    return this.cursorSource("outbox_message", "id, shop_id, topic, payload", (r) => ({
      id: Number(r.id),
      shopId: Number(r.shop_id),
      topic: String(r.topic),
      payload: parseData(r.payload as string) ?? {},
    }));
  }

  /** The log `name` (a table) read after the planner's position in it, with these columns. */
  private cursorSource(name: string, columns: string, map: (row: Record<string, unknown>) => OutboxMessage): OutboxSource {
    // The position as a subquery, in the same statement: a constant to the optimizer, so still a range on the primary key.
    const sql = `SELECT ${columns} FROM ${name} WHERE id > COALESCE((SELECT last_id FROM notification_cursor WHERE name = ?), 0) ORDER BY id LIMIT ?`;
    const pendingRead = (limit: number): Read<OutboxMessage[]> => ({ sql, params: [name, limit], map: (rows) => rows.map(map) });
    const markStatement = (ids: number[]): Statement => {
      const last = Math.max(...ids);
      return { sql: "UPDATE notification_cursor SET last_id = ? WHERE name = ? AND last_id < ?", params: [last, name, last] };
    };
    return {
      name: `notifications:${name}`,
      // Held in id order like the subscriptions: a late commit (MariaDB) is waited for, not skipped.
      heldInIdOrder: true,
      pending: (limit) => readCommitted(this.db, pendingRead(limit)),
      pendingRead,
      markDispatched: async (ids) => {
        if (ids.length === 0) return;
        const mark = markStatement(ids);
        await this.db.autocommit((tx) => tx.run(mark.sql, mark.params));
      },
      markStatement,
    };
  }

  /** Moves the read positions to the end of both logs: what happened before is not mailed (the demo data). */
  async skipHistory(): Promise<void> {
    await this.db.autocommit(async (tx) => {
      for (const log of ["order_event", "outbox_message"]) {
        const [row] = await tx.query<{ id: number | null }>(`SELECT MAX(id) AS id FROM ${log}`);
        await tx.run("UPDATE notification_cursor SET last_id = ? WHERE name = ?", [Number(row?.id ?? 0), log]);
      }
    });
  }

  /**
   * Plans the messages of a delivered batch: refund link copies from outbox messages, customer
   * messages from order events. Returns how many rows were planned.
   */
  async plan(messages: OutboxMessage[]): Promise<number> {
    const planned: PlannedMessage[] = [];
    for (const m of messages) {
      if (m.topic === REFUND_LINK_ISSUED_TOPIC) {
        await this.keepLinkCopy(m);
        continue;
      }
      if (m.topic !== "order_event") continue;
      const kind = KIND_BY_EVENT[m.payload.type as OrderEventType];
      if (kind) planned.push({ shopId: m.shopId, orderId: Number(m.payload.orderId), kind, sourceType: "order_event", sourceId: m.id });
    }
    return this.insertPlanned(planned);
  }

  /** Writes message rows (a row already planned for the same source and kind is left alone). */
  private async insertPlanned(planned: PlannedMessage[]): Promise<number> {
    if (planned.length === 0) return 0;
    const now = this.now();
    const byShop = new Map<number, PlannedMessage[]>();
    for (const p of planned) byShop.set(p.shopId, [...(byShop.get(p.shopId) ?? []), p]);
    let count = 0;
    for (const [shopId, list] of byShop) {
      const [shop, disabled, orders, verified] = await Promise.all([
        this.shops.findShop(shopId),
        this.disabledKinds(shopId),
        this.orders.ordersByIds(shopId, [...new Set(list.map((p) => p.orderId))]),
        this.options.senderVerified ? this.options.senderVerified(shopId) : Promise.resolve(true),
      ]);
      const orderById = new Map(orders.map((o) => [o.id, o]));
      const customers = await this.customers.customersByIds(shopId, [...new Set(orders.map((o) => o.customerId))]);
      const rows: unknown[][] = [];
      for (const p of list) {
        const order = orderById.get(p.orderId);
        if (!order) continue;
        // A follow-up order (a reshipment, an exchange) is no new purchase: the claim's or return's own e-mail announces it.
        if (p.kind === MessageKind.ORDER_CONFIRMATION && order.kind && order.kind !== OrderKind.SALE) continue;
        const customer = customers.get(order.customerId);
        const recipient = customer?.email?.trim() ?? "";
        const status = disabled.has(p.kind) || !recipient || !verified ? CustomerMessageStatus.SKIPPED : CustomerMessageStatus.PENDING;
        const why = !verified && !disabled.has(p.kind) && recipient ? UNVERIFIED_SHOP_SKIP : null;
        rows.push([shopId, p.orderId, order.number, p.kind, p.sourceType, p.sourceId, status, recipient, mailLocale(customer?.locale, shop?.locale), 0, why, sqlTimestamp(now), sqlTimestamp(now)]);
      }
      if (rows.length === 0) continue;
      const result = await this.db.autocommit((tx) =>
        tx.run(
          `${this.insertIgnore()} customer_message (shop_id, order_id, order_number, kind, source_type, source_id, status, recipient, locale, attempts, last_error, next_attempt_at, created_at) VALUES ${rows
            .map((r) => `(${placeholders(r.length)})`)
            .join(", ")}`,
          rows.flat(),
          rows.length,
        ),
      );
      count += result.affected;
    }
    return count;
  }

  /** Keeps the refund link's encrypted token (only the newest link of a refund), with when to remind. */
  private async keepLinkCopy(m: OutboxMessage): Promise<void> {
    const { refundId, orderId, expiresAt, token } = m.payload as { refundId: number; orderId: number; expiresAt: string; token: string };
    if (!refundId || !token || !expiresAt) return;
    const expires = new Date(expiresAt);
    const now = this.now();
    const remindAt = new Date(expires.getTime() - REMINDER_BEFORE_MS);
    await this.db.transaction(async (tx: Tx) => {
      await tx.run(
        `${this.insertIgnore()} refund_link_copy (shop_id, refund_id, order_id, outbox_message_id, token, expires_at, remind_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [m.shopId, refundId, orderId, m.id, token, sqlTimestamp(expires), remindAt > now ? sqlTimestamp(remindAt) : null, sqlTimestamp(now)],
      );
      await tx.run("DELETE FROM refund_link_copy WHERE refund_id = ? AND outbox_message_id < ?", [refundId, m.id]);
    });
  }

  /** Plans the reminders that are due: links still waiting for the customer, two days before they expire. */
  async planDueReminders(): Promise<number> {
    const now = this.now();
    const due = await this.db.committedQuery<{ id: number; shop_id: number; refund_id: number; order_id: number; outbox_message_id: number; expires_at: string | Date }>(
      "SELECT id, shop_id, refund_id, order_id, outbox_message_id, expires_at FROM refund_link_copy WHERE remind_at IS NOT NULL AND remind_at <= ? ORDER BY id LIMIT 100",
      [sqlTimestamp(now)],
    );
    let planned = 0;
    for (const copy of due) {
      const shopId = Number(copy.shop_id);
      const refund = (await this.refunds.refundsByOrderIds(shopId, [Number(copy.order_id)])).get(Number(copy.order_id))?.find((r) => Number(r.id) === Number(copy.refund_id));
      const expiresAt = fromSqlTimestamp(copy.expires_at);
      const stillOpen =
        refund?.status === RefundStatus.AWAITING_CUSTOMER_DETAILS &&
        expiresAt > now &&
        refund.linkExpiresAt !== null &&
        Math.abs(refund.linkExpiresAt.getTime() - expiresAt.getTime()) <= 1000;
      if (stillOpen) {
        planned += await this.insertPlanned([
          { shopId, orderId: Number(copy.order_id), kind: MessageKind.REFUND_LINK_REMINDER, sourceType: "outbox_message", sourceId: Number(copy.outbox_message_id) },
        ]);
      }
      await this.db.autocommit((tx) => tx.run("UPDATE refund_link_copy SET remind_at = NULL WHERE id = ?", [copy.id]));
    }
    return planned;
  }

  // ---- Sending -------------------------------------------------------------------------------

  /** The From of a shop's messages: MAIL_FROM's address with the shop's name (unless MAIL_FROM names itself). */
  from(shopName: string): { name: string; address: string } {
    const configured = this.options.mailFrom?.trim();
    const match = configured ? /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(configured) : null;
    if (match) return { name: match[1]!.trim() || shopName, address: match[2]!.trim() };
    if (configured) return { name: shopName, address: configured };
    let host = "localhost";
    try {
      host = new URL(this.options.publicUrl).hostname || host;
    } catch {
      // keep localhost
    }
    return { name: shopName, address: `no-reply@${host}` };
  }

  private get owner(): string {
    return this.options.owner ?? INSTANCE_ID;
  }

  /**
   * Claims up to `limit` due messages for this instance (infra/outbox/claim.ts): leased to it
   * (lease_owner, next_attempt_at moved to the lease's end), so no other instance sends them until
   * the lease runs out; a crash mid-send means one more send, with the same Message-ID.
   */
  async claimDue(limit: number): Promise<MessageRow[]> {
    const now = this.now();
    return claimRows<MessageRow>(this.db, this.dueClaim(limit, now), this.owner, new Date(now.getTime() + (this.options.leaseMs ?? SEND_LEASE_MS)));
  }

  /** Which messages are due, by due time along IDX_customer_message_status_next_attempt_at: a claim locks only what it takes. */
  dueClaim(limit: number, now = this.now()): ClaimSpec {
    return {
      columns: "*",
      from: "customer_message",
      where: "status = ? AND next_attempt_at <= ?",
      params: [CustomerMessageStatus.PENDING, sqlTimestamp(now)],
      orderBy: "next_attempt_at, id",
      limit,
      table: "customer_message",
      dueColumn: "next_attempt_at",
    };
  }

  /**
   * Sends the messages that are due, a claimed batch at a time, one message after the other.
   * Returns how many were sent. Stopped midway, it gives back what it claimed and did not send.
   */
  async sendDue(mailer: Mailer, logger: Logger, shouldStop: () => boolean = () => false): Promise<number> {
    let sent = 0;
    for (;;) {
      if (shouldStop()) return sent;
      const claimedAt = this.now().getTime();
      const rows = await this.claimDue(SEND_BATCH);
      if (rows.length === 0) return sent;
      sent += await this.sendBatch(rows, claimedAt, mailer, logger, shouldStop);
      if (rows.length < SEND_BATCH || shouldStop()) return sent;
    }
  }

  /**
   * Sends a claimed batch: its orders read once for all its messages, each message rendered and
   * sent in turn, and the sent ones marked SENT (with their MESSAGE_SENT events) together at the
   * end, in one transaction. While the batch is young (under a quarter of the lease since the
   * claim) every message still holds the lease the claim gave it; after that, as with a slow SMTP
   * server, the sent ones are marked at once and each next message renews its own lease before it
   * goes, so nothing sent is ever left unmarked past its lease (another instance would send it again).
   */
  private async sendBatch(rows: MessageRow[], claimedAt: number, mailer: Mailer, logger: Logger, shouldStop: () => boolean): Promise<number> {
    const leaseMs = this.options.leaseMs ?? SEND_LEASE_MS;
    let reads: Map<number, OrdersRead>;
    try {
      reads = await this.readBatch(rows);
    } catch (error) {
      // Due again now, for any instance, rather than held until the lease runs out.
      await this.giveBack(rows).catch(() => undefined);
      throw error;
    }
    let sent = 0;
    let unmarked: Array<{ row: MessageRow; subject: string }> = [];
    let next = 0;
    try {
      for (; next < rows.length && !shouldStop(); next++) {
        const row = rows[next]!;
        const old = this.now().getTime() - claimedAt >= leaseMs / 4;
        if (old && unmarked.length) {
          sent += await this.recordSent(unmarked, logger);
          unmarked = [];
        }
        const subject = await this.sendOne(row, reads.get(Number(row.shop_id))!, old, mailer, logger);
        if (subject !== null) unmarked.push({ row, subject });
      }
      if (next < rows.length) await this.giveBack(rows.slice(next));
    } finally {
      if (unmarked.length) sent += await this.recordSent(unmarked, logger);
    }
    return sent;
  }

  /** The orders of a batch's messages, per shop. */
  private async readBatch(rows: MessageRow[]): Promise<Map<number, OrdersRead>> {
    const byShop = new Map<number, number[]>();
    for (const row of rows) byShop.set(Number(row.shop_id), [...(byShop.get(Number(row.shop_id)) ?? []), Number(row.order_id)]);
    const reads = await Promise.all([...byShop].map(async ([shopId, orderIds]) => [shopId, await this.readOrders(shopId, orderIds)] as const));
    return new Map(reads);
  }

  /** Claimed messages not sent (a stop): due again now, for any instance. */
  private async giveBack(rows: MessageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.autocommit((tx) =>
      tx.run(`UPDATE customer_message SET next_attempt_at = ?, lease_owner = NULL WHERE lease_owner = ? AND status = ? AND id IN (${placeholders(rows.length)})`, [
        sqlTimestamp(this.now()),
        this.owner,
        CustomerMessageStatus.PENDING,
        ...rows.map((r) => Number(r.id)),
      ]),
    );
  }

  /** The condition under which this instance still holds a claimed message (and its parameters). */
  private held(row: MessageRow): { where: string; params: unknown[] } {
    return { where: "id = ? AND status = ? AND attempts = ? AND lease_owner = ?", params: [Number(row.id), CustomerMessageStatus.PENDING, Number(row.attempts), this.owner] };
  }

  /**
   * Sends one claimed message, renewing its lease first when `renew` (the batch is old); returns
   * its subject once sent (recordSent marks it), null when it was not sent (a failure, recorded
   * here, or a wait for its refund link, or a lease lost).
   */
  private async sendOne(row: MessageRow, read: OrdersRead, renew: boolean, mailer: Mailer, logger: Logger): Promise<string | null> {
    const id = Number(row.id);
    const now = this.now();
    const held = this.held(row);
    if (renew) {
      // Sent one by one, each perhaps slowly (SMTP timeouts): once the batch is old, each message's
      // lease starts over as its turn comes, unless it ran out and another instance took it.
      const renewed = await this.db.autocommit((tx) =>
        tx.run(`UPDATE customer_message SET next_attempt_at = ? WHERE ${held.where}`, [sqlTimestamp(new Date(now.getTime() + (this.options.leaseMs ?? SEND_LEASE_MS))), ...held.params]),
      );
      if (renewed.affected !== 1) return null;
    }
    const shopId = Number(row.shop_id);
    const orderId = Number(row.order_id);
    const attempts = Number(row.attempts) + 1;
    let rendered: RenderedMessage;
    try {
      const source: MessageSource =
        row.source_type === "order_event"
          ? { eventId: Number(row.source_id), data: null }
          : { eventId: null, data: null, refundId: await this.refundOfLinkMessage(Number(row.source_id)) };
      const built = await this.buildModel(shopId, orderId, row.kind, source, { locale: row.locale }, read);
      if (!built) throw new Error("order not found");
      if (built.linkPending && now.getTime() - fromSqlTimestamp(row.created_at).getTime() < LINK_WAIT_MS) {
        // The refund link's copy comes through the other log: wait for it a little, without counting an attempt.
        await this.db.autocommit((tx) => tx.run(`UPDATE customer_message SET next_attempt_at = ? WHERE ${held.where}`, [sqlTimestamp(new Date(now.getTime() + 1000)), ...held.params]));
        return null;
      }
      rendered = await renderMessage(built.model);
      // The shop as the model read it a moment ago.
      const from = this.from(built.model.shopName);
      const message: MailMessage = {
        from,
        to: row.recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: `<ruptura-message-${id}.${shopId}@${from.address.split("@")[1] ?? "localhost"}>`,
        language: row.locale,
      };
      await mailer.send(message);
    } catch (error) {
      const failed = attempts >= this.retry.maxAttempts;
      const wait = retryDelayMs(this.retry, attempts);
      const lastError = describeMailError(error);
      await this.db.autocommit((tx) =>
        tx.run(`UPDATE customer_message SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE ${held.where}`, [
          attempts,
          failed ? CustomerMessageStatus.FAILED : CustomerMessageStatus.PENDING,
          sqlTimestamp(new Date(this.now().getTime() + wait)),
          lastError,
          ...held.params,
        ]),
      );
      logger.warn({ customerMessageId: id, kind: row.kind, attempts, error: lastError, retryInMs: failed ? null : wait }, failed ? "customer e-mail failed for good" : "customer e-mail failed, will retry");
      return null;
    }
    return rendered.subject;
  }

  /**
   * Marks sent messages SENT, each with a MESSAGE_SENT event on its order's timeline, in one
   * transaction (two round trips on MySQL, whatever their number). Only the holder of a message's
   * lease marks it: an instance that stalled past it while another sent the message again adds no
   * second MESSAGE_SENT. Returns how many were marked.
   */
  private async recordSent(sent: Array<{ row: MessageRow; subject: string }>, logger: Logger): Promise<number> {
    const sentAt = sqlTimestamp(this.now());
    const updates: Statement[] = sent.map(({ row, subject }) => {
      const held = this.held(row);
      return {
        sql: `UPDATE customer_message SET status = ?, attempts = ?, sent_at = ?, subject = ?, last_error = NULL WHERE ${held.where}`,
        params: [CustomerMessageStatus.SENT, Number(row.attempts) + 1, sentAt, subject.slice(0, 200), ...held.params],
      };
    });
    const marked = await this.db.transaction(
      async (tx) => {
        let results: Array<{ affected: number }>;
        if (tx.dialect === "mysql") results = await tx.batch(updates);
        else {
          results = [];
          for (const u of updates) results.push(await tx.run(u.sql, u.params));
        }
        const done = sent.filter((_, i) => results[i]!.affected === 1);
        const byShop = new Map<number, NewOrderEvent[]>();
        for (const { row } of done) {
          const events = byShop.get(Number(row.shop_id)) ?? [];
          events.push({ orderId: Number(row.order_id), type: OrderEventType.MESSAGE_SENT, data: { kind: row.kind, messageId: Number(row.id) } });
          byShop.set(Number(row.shop_id), events);
        }
        const inserts = [...byShop].flatMap(([shopId, events]) => orderEventsStatements(tx.dialect, shopId, SYSTEM_ACTOR, events));
        if (inserts.length && tx.dialect === "mysql") await tx.batch(inserts, { commit: true });
        else for (const insert of inserts) await tx.run(insert.sql, insert.params);
        return done;
      },
      { batched: true },
    );
    for (const { row } of sent) {
      if (marked.some((m) => m.row === row)) logger.info({ customerMessageId: Number(row.id), kind: row.kind, attempts: Number(row.attempts) + 1 }, "customer e-mail sent");
      else logger.warn({ customerMessageId: Number(row.id), kind: row.kind }, "customer e-mail sent after its lease ran out: another instance holds it now");
    }
    return marked.length;
  }

  private async refundOfLinkMessage(outboxMessageId: number): Promise<number | undefined> {
    const [row] = await this.db.query<{ refund_id: number }>("SELECT refund_id FROM refund_link_copy WHERE outbox_message_id = ?", [outboxMessageId]);
    return row ? Number(row.refund_id) : undefined;
  }
}
