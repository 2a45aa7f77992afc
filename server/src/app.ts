import { GraphQLSchema } from "graphql";
import { NonEmptyArray } from "type-graphql";
import { Config } from "./config";
import { Database } from "./infra/db/database";
import { createEventBus, EVENT_BUS, provideToSubscriptions, PubSub, pubSubSink } from "./infra/graphql/pubsub";
import { buildGraphQLSchema } from "./infra/graphql/schema";
import { Logger } from "./infra/logging/logger";
import { OutboxDispatcher, outboxTableSource } from "./infra/outbox/outbox";
import { INSTANCE_ID } from "./infra/instance";
import { OrderEventLog, orderEventsSource } from "./modules/orders/order-events";
import { OrderFeed } from "./modules/orders/order-feed";
import { AuthResolver } from "./modules/auth/auth.resolver";
import { AuthService } from "./modules/auth/auth.service";
import { StaffMail } from "./modules/auth/staff-mail";
import { TeamResolver } from "./modules/auth/team.resolver";
import { AccountResolver } from "./modules/auth/account.resolver";
import { AccountService } from "./modules/auth/account.service";
import { TeamService } from "./modules/auth/team.service";
import { EmailVerificationService } from "./modules/auth/email-verification.service";
import { SignupResolver } from "./modules/signup/signup.resolver";
import { SignupService } from "./modules/signup/signup.service";
import { FirstStepsService } from "./modules/signup/first-steps.service";
import { DOWNLOAD_ACCESS, enforceAccess, guardDownload, guardUpload, UPLOAD_ACCESS } from "./modules/auth/access";
import { createLoginThrottle, DEFAULT_PASSWORD_RESET_LIMITS, LimiterStore, LoginLimits, passwordResetPerEmailLimits } from "./modules/auth/login-throttle";
import { InProcessSessionEvents, SessionEvents } from "./infra/http/sessions";
import { ApiKeyResolver } from "./modules/api-keys/api-key.resolver";
import { API_KEY_PREFIX, ApiKeyService } from "./modules/api-keys/api-key.service";
import { DataCipher } from "./infra/crypto/data-cipher";
import { SkuResolver } from "./modules/catalog/sku.resolver";
import { CatalogService } from "./modules/catalog/sku.service";
import { SkuImportResolver, skusExport, skusImportUpload } from "./modules/catalog/sku-import.resolver";
import { SkuImportService } from "./modules/catalog/sku-import.service";
import { StockHistoryResolver } from "./modules/stock/stock-history.resolver";
import { ReportResolver } from "./modules/reports/report.resolver";
import { ReportService } from "./modules/reports/report.service";
import { OrderCouponsResolver } from "./modules/coupons/coupon.resolver";
import { CouponService } from "./modules/coupons/coupon.service";
import { CustomerService } from "./modules/customers/customer.service";
import { CreditNoteResolver, OrderCreditNotesResolver } from "./modules/credit-notes/credit-note.resolver";
import { CreditNoteService } from "./modules/credit-notes/credit-note.service";
import { IncomingStockResolver, OrderExpectedRestockResolver, OrderLineExpectedResolver, SkuIncomingResolver } from "./modules/incoming-stock/incoming-stock.resolver";
import { IncomingStockService } from "./modules/incoming-stock/incoming-stock.service";
import { OrderLineResolver, OrderResolver, RefundLineResolver } from "./modules/orders/order.resolver";
import { FollowUpOrdersResolver } from "./modules/orders/follow-up.resolver";
import { ClaimResolver, OrderClaimsResolver } from "./modules/claims/claim.resolver";
import { OrderPageClaimsResolver } from "./modules/claims/claim-page.resolver";
import { ClaimService } from "./modules/claims/claim.service";
import { CreditNoteSourceType } from "./modules/credit-notes/credit-note.entity";
import { OrderKind } from "./modules/orders/order.entity";
import { AfterDeliveryRefunds } from "./modules/refunds/after-delivery-refunds";
import { OrderService } from "./modules/orders/order.service";
import { ResolutionResolver } from "./modules/orders/resolution.resolver";
import { ResolutionService } from "./modules/orders/resolution.service";
import { SubstituteOfferResolver, SubstituteOffersResolver, SubstitutionResolver } from "./modules/orders/substitution.resolver";
import { SubstitutionService } from "./modules/orders/substitution.service";
import { WaitingOrders } from "./modules/orders/waiting-orders";
import { PriorityService } from "./modules/orders/priority.service";
import { PriorityResolver } from "./modules/orders/priority.resolver";
import { BulkResolutionService } from "./modules/orders/bulk-resolution.service";
import { BulkResolutionResolver } from "./modules/orders/bulk-resolution.resolver";
import { ordersExport, queueExport } from "./modules/orders/orders.export";
import { RefundService } from "./modules/refunds/refund.service";
import { ManualPayouts } from "./modules/refunds/payout-provider";
import { refundsExport } from "./modules/refunds/payouts.export";
import { PayoutsResolver } from "./modules/refunds/payouts.resolver";
import { RefundPayouts } from "./modules/refunds/payouts.service";
import { AuthenticatedDownload, AuthenticatedUpload } from "./infra/http/downloads";
import { RefundLinkResolver } from "./modules/refunds/refund-link.resolver";
import { RefundLinkService } from "./modules/refunds/refund-link.service";
import { createRefundLinkThrottle, RefundLinkLimits } from "./modules/refunds/refund-link-throttle";
import { RestockResolver } from "./modules/restock/restock.resolver";
import { RestockService } from "./modules/restock/restock.service";
import { OrderPageResolver } from "./modules/order-page/order-page.resolver";
import { OrderPageService } from "./modules/order-page/order-page.service";
import { PayoutAccountResolver } from "./modules/shops/payout-account.resolver";
import { PayoutAccountService } from "./modules/shops/payout-account.service";
import { ShopService } from "./modules/shops/shop.service";
import { ShopSettingsResolver } from "./modules/shops/shop.resolver";
import { StockService } from "./modules/stock/stock.service";
import { createMailer, Mailer } from "./infra/mail/mailer";
import { NotificationPipeline } from "./modules/notifications/notification-pipeline";
import { NotificationResolver, OrderMessagesResolver } from "./modules/notifications/notification.resolver";
import { NotificationService, RetryPolicy } from "./modules/notifications/notification.service";
import { ExpectedRestockDatesProvider, OrderPageLinkProvider } from "./modules/notifications/providers";
import { ShippingResolver } from "./modules/shipping/shipment.resolver";
import { ShippingService } from "./modules/shipping/shipment.service";
import { OrderPageReturnsResolver, OrderReturnsResolver, ReturnResolver } from "./modules/returns/return.resolver";
import { ReturnService } from "./modules/returns/return.service";
import { PackingResolver } from "./modules/shipping/packing.resolver";
import { PackingService } from "./modules/shipping/packing.service";
import { enforceIdempotency, IdempotencyStore } from "./infra/idempotency/idempotency";
import { MUTATION_IDEMPOTENCY } from "./modules/auth/idempotency";
import { WebhookResolver } from "./modules/webhooks/webhook.resolver";
import { WebhookService } from "./modules/webhooks/webhook.service";
import { WebhookPipeline } from "./modules/webhooks/webhook-pipeline";
import { SchemaRenderer } from "./modules/webhooks/webhook-payloads";
import { Lookup } from "./modules/webhooks/url-guard";

// What loadConfig() gives with no environment (for callers that pass only a few settings).
const DEFAULT_PUBLIC_URL = "http://localhost:4000";

/** Settings that are not environment variables: tests shorten them. */
export interface ServiceOverrides {
  sessionCacheMs?: number;
  loginLimits?: LoginLimits;
  /** "Forgot password" requests (tests lower them). */
  passwordResetLimits?: LoginLimits;
  /** "Forgot password" requests per e-mail and hour, from any address (default 5). */
  passwordResetsPerEmail?: number;
  /** Encrypts personal data at rest; a random key of its own when not given (tests). */
  cipher?: DataCipher;
  /** How often the public refund endpoints may be called. */
  refundLinkLimits?: RefundLinkLimits;
  /** The clock refund links expire by; tests move it. */
  clock?: () => Date;
  /** MAIL_FROM. */
  mailFrom?: string;
  /** Customer e-mail retries (tests shorten the backoff). */
  mailRetry?: Partial<RetryPolicy>;
  /** The public order page of an order, for the e-mails (none by default). */
  orderPageLinks?: OrderPageLinkProvider;
  /** Expected restock dates, for the delay e-mail (none by default). */
  restockDates?: ExpectedRestockDatesProvider;
  /** Sign-ups per client address and hour (default 10). */
  signupLimits?: LoginLimits;
  /** Verification e-mails resent per user and hour (default 3). */
  verificationResendLimits?: LoginLimits;
  /** WEBHOOKS_ALLOW_PRIVATE (default false). */
  webhooksAllowPrivate?: boolean;
  /** How webhook hosts are resolved (tests answer names with chosen addresses). */
  webhookLookup?: Lookup;
  /** Webhooks' own clock for retries and disabling (tests move it); `clock` when not given. */
  webhookClock?: () => Date;
  /** Where session ends are announced: in-process by default, over Redis with several instances (infra/redis). */
  sessionEvents?: SessionEvents;
  /** Where every rate limiter (logins, sign-ups, resends, public links) counts: memory by default, Redis with several instances. */
  limiterStore?: LimiterStore;
  /** This server instance, owner of the delivery leases it takes (INSTANCE_ID by default). */
  instanceId?: string;
  /** DELIVERY_LEASE_SECONDS: how long a claimed webhook delivery or customer e-mail is held. */
  deliveryLeaseSeconds?: number;
}

/** Sign-ups from one address: 10 an hour, then an hour's wait. */
export const DEFAULT_SIGNUP_LIMITS: LoginLimits = {
  failuresPerAccountAndAddress: Number.MAX_SAFE_INTEGER,
  accountAndAddressBlockSeconds: 1,
  failuresPerAddress: 10,
  addressWindowSeconds: 3600,
  addressBlockSeconds: 3600,
};

/** Verification e-mails a user may ask for: 3 an hour per user and address, 20 an hour per address. */
export const DEFAULT_VERIFICATION_RESEND_LIMITS: LoginLimits = {
  failuresPerAccountAndAddress: 3,
  accountAndAddressBlockSeconds: 3600,
  failuresPerAddress: 20,
  addressWindowSeconds: 3600,
  addressBlockSeconds: 3600,
};

/** The composition root: every service, constructed once, with what it depends on. */
export function createServices(db: Database, config: Pick<Config, "sessionTtlHours"> & Partial<Pick<Config, "publicUrl" | "refundLinkDays" | "signup">> & ServiceOverrides) {
  const cipher = config.cipher ?? DataCipher.ephemeral();
  // REFUND_LINK_DAYS is where new shops start; each shop then sets its own (updateShopSettings).
  const shops = new ShopService(db, { defaultRefundLinkDays: config.refundLinkDays });
  // In-process announcements and memory counters unless given (REDIS_URL: shared by every instance).
  const sessionEvents = config.sessionEvents ?? new InProcessSessionEvents();
  const store = config.limiterStore;
  // Integrations' keys: revoking one is announced like an ended session.
  const apiKeys = new ApiKeyService(db, { sessionEvents, now: config.clock });
  const auth = new AuthService(db, {
    sessionTtlHours: config.sessionTtlHours,
    sessionCacheMs: config.sessionCacheMs,
    sessionEvents,
    loginThrottle: createLoginThrottle(config.loginLimits, store),
    apiKeys: { prefix: API_KEY_PREFIX, authenticate: (secretHash) => apiKeys.authenticate(secretHash) },
  });
  // The callers cached by authentication carry the shop's currency and language.
  shops.onSettingsChanged((shopId) => auth.forgetShopSessions(shopId));
  const stock = new StockService(db);
  const catalog = new CatalogService(db, stock);
  const customers = new CustomerService(db);
  const coupons = new CouponService(db);
  const orders = new OrderService(db, shops, catalog, stock, customers, coupons);
  const clock = config.clock ?? (() => new Date());
  const refunds = new RefundService(db, cipher, clock);
  const creditNotes = new CreditNoteService(db, orders, clock);
  const payoutAccounts = new PayoutAccountService(db, cipher);
  const refundLinks = new RefundLinkService(db, cipher, shops, {
    publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL,
    now: clock,
    throttle: createRefundLinkThrottle(config.refundLinkLimits, store),
  });
  // The merchant pays by themselves and records the reference; a payment provider would replace this.
  const payouts = new RefundPayouts(db, new ManualPayouts(), cipher, clock);
  const waiting = new WaitingOrders(db, stock);
  const resolutions = new ResolutionService(db, stock, refunds, waiting, coupons, refundLinks, payoutAccounts);
  const priorities = new PriorityService(db);
  // Bulk resolutions (issue 17): jobs in the database (any instance reads them), each order through `resolutions`.
  const bulkResolutions = new BulkResolutionService(db, orders, resolutions, clock);
  const substitutions = new SubstitutionService(db, stock, catalog, refunds, refundLinks, resolutions);
  const shipping = new ShippingService(db, orders, stock, resolutions);
  // Money back after delivery (claims and returns): refund of delivered units plus the credit note.
  const afterDeliveryRefunds = new AfterDeliveryRefunds(refunds, refundLinks, creditNotes, resolutions);
  // Claims and returns count each other's units; a claim's withdrawal opens a return (`returns` is made below).
  const claims = new ClaimService(db, orders, afterDeliveryRefunds, {
    returnedByLine: (source, shopId, orderId) => returns.returnedByLine(source, shopId, orderId),
    openForWithdrawal: (tx, input) => returns.openForWithdrawal(tx, input),
  });
  // A cancelled reshipment turns into a settlement of the claim's missing units.
  resolutions.onFollowUpCancelled((tx, cancellation) => claims.settleCancelledReshipment(tx, cancellation));
  const packing = new PackingService(db, orders, stock, resolutions);
  const restocks = new RestockService(db, stock, waiting);
  const skuImports = new SkuImportService(db, catalog, stock, waiting);
  const incoming = new IncomingStockService(db, stock, restocks, waiting, clock);
  const orderPages = new OrderPageService(db, cipher, resolutions, substitutions, {
    publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL,
    now: clock,
    throttle: createRefundLinkThrottle(config.refundLinkLimits, store, "order_page"),
    restockDates: incoming,
    shipments: shipping,
  });
  // Settlements (refunds after delivery, exchange orders) and claimed units come from the claims module: connect() wires them.
  const returns = new ReturnService(db, orders, resolutions, shipping, restocks, stock, waiting, catalog, refunds, { now: clock });
  returns.connect({
    settlements: {
      refundUnits: async (tx, input) => {
        const done = await afterDeliveryRefunds.refundUnits(tx, { ...input, source: { type: CreditNoteSourceType.RETURN, id: input.source.id } });
        return { refundId: done.refund?.id ?? null, creditNoteId: done.creditNote?.note.id ?? null, amount: done.amount, refundLink: done.refundLink };
      },
      previewRefund: async (input) => (await db.autocommit((tx) => afterDeliveryRefunds.preview(tx, input))).amount,
      placeExchange: async (tx, input) => ({ orderId: (await orders.placeFollowUpOrder(tx, { ...input, kind: OrderKind.EXCHANGE })).order.id }),
    },
    claimed: { claimedByLine: (source, shopId, orderId) => claims.claimedByOrder(source, shopId, orderId) },
  });
  const orderEvents = new OrderEventLog(db);
  const notifications = new NotificationService(db, cipher, orders, customers, shops, refunds, {
    publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL,
    mailFrom: config.mailFrom,
    now: clock,
    retry: config.mailRetry,
    // Every message links the customer's order page and, while the order waits, its expected date.
    orderPageLinks: config.orderPageLinks ?? { orderPageLink: (shopId, orderId) => orderPages.linkFor(shopId, orderId), orderPageLinks: (shopId, orderIds) => orderPages.linksFor(shopId, orderIds) },
    restockDates: config.restockDates ?? incoming,
    // A shop nobody has confirmed an e-mail of sends nothing (sign-up's anti-spam rule).
    senderVerified: (shopId): Promise<boolean> => verification.shopHasVerifiedStaff(shopId),
    owner: config.instanceId,
    leaseMs: config.deliveryLeaseSeconds ? config.deliveryLeaseSeconds * 1000 : undefined,
  });
  // Invitations go through customer e-mail's mailer, handed over by createNotificationPipeline.
  const staffMail = new StaffMail((shopName) => notifications.from(shopName), hostOf(config.publicUrl ?? DEFAULT_PUBLIC_URL));
  const team = new TeamService(db, auth, shops, staffMail, { publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL, now: clock });
  const account = new AccountService(db, auth, shops, staffMail, {
    publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL,
    now: clock,
    throttle: createLoginThrottle(config.passwordResetLimits ?? DEFAULT_PASSWORD_RESET_LIMITS, store, "password_reset"),
    perEmailThrottle: createLoginThrottle(passwordResetPerEmailLimits(config.passwordResetsPerEmail ?? 5), store, "password_reset_email"),
  });
  const verification = new EmailVerificationService(db, shops, staffMail, {
    publicUrl: config.publicUrl ?? DEFAULT_PUBLIC_URL,
    now: clock,
    throttle: createLoginThrottle(config.verificationResendLimits ?? DEFAULT_VERIFICATION_RESEND_LIMITS, store, "verify_email"),
  });
  const signup = new SignupService(db, shops, auth, verification, {
    open: config.signup ?? true,
    throttle: createLoginThrottle(config.signupLimits ?? DEFAULT_SIGNUP_LIMITS, store, "signup"),
  });
  const webhooks = new WebhookService(db, cipher, {
    now: config.webhookClock ?? clock,
    allowPrivate: config.webhooksAllowPrivate,
    lookup: config.webhookLookup,
    owner: config.instanceId,
    leaseMs: config.deliveryLeaseSeconds ? config.deliveryLeaseSeconds * 1000 : undefined,
  });
  const firstSteps = new FirstStepsService(verification, catalog, payoutAccounts, team, orders, apiKeys);
  // Idempotency keys of mutations (issue 15), kept 24 hours by the shop's clock.
  const idempotency = new IdempotencyStore(db, clock);
  const reports = new ReportService(db);
  return {
    idempotency,
    reports,
    cipher,
    apiKeys,
    sessionEvents,
    verification,
    signup,
    firstSteps,
    staffMail,
    team,
    account,
    coupons,
    shops,
    auth,
    stock,
    catalog,
    customers,
    orders,
    refunds,
    creditNotes,
    refundLinks,
    payouts,
    payoutAccounts,
    waiting,
    resolutions,
    priorities,
    bulkResolutions,
    substitutions,
    shipping,
    afterDeliveryRefunds,
    claims,
    returns,
    clock,
    packing,
    restocks,
    skuImports,
    incoming,
    orderPages,
    orderEvents,
    notifications,
    webhooks,
  };
}

export type Services = ReturnType<typeof createServices>;

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
};

const resolverClasses: NonEmptyArray<Function> = [
  AuthResolver,
  TeamResolver,
  AccountResolver,
  SignupResolver,
  SkuResolver,
  SkuImportResolver,
  StockHistoryResolver,
  ReportResolver,
  OrderResolver,
  OrderLineResolver,
  RefundLineResolver,
  CreditNoteResolver,
  OrderCreditNotesResolver,
  ResolutionResolver,
  PriorityResolver,
  BulkResolutionResolver,
  SubstitutionResolver,
  SubstituteOffersResolver,
  SubstituteOfferResolver,
  RefundLinkResolver,
  RestockResolver,
  OrderCouponsResolver,
  PayoutsResolver,
  PayoutAccountResolver,
  ShopSettingsResolver,
  OrderPageResolver,
  IncomingStockResolver,
  SkuIncomingResolver,
  OrderExpectedRestockResolver,
  OrderLineExpectedResolver,
  NotificationResolver,
  OrderMessagesResolver,
  ShippingResolver,
  FollowUpOrdersResolver,
  ClaimResolver,
  OrderClaimsResolver,
  OrderPageClaimsResolver,
  ReturnResolver,
  OrderReturnsResolver,
  OrderPageReturnsResolver,
  PackingResolver,
  ApiKeyResolver,
  WebhookResolver,
];

function createResolvers(services: Services, config: Pick<Config, "maxPageSize">) {
  const { auth, shops, catalog, orders, customers, refunds, refundLinks, payouts, payoutAccounts, resolutions, substitutions, restocks, coupons, orderPages, incoming, notifications } = services;
  return new Map<Function, unknown>([
    [AuthResolver, new AuthResolver(auth, shops)],
    [TeamResolver, new TeamResolver(services.team)],
    [AccountResolver, new AccountResolver(services.account)],
    [SignupResolver, new SignupResolver(services.signup, services.verification, services.firstSteps)],
    [SkuResolver, new SkuResolver(catalog, config.maxPageSize)],
    [SkuImportResolver, new SkuImportResolver(services.skuImports)],
    [StockHistoryResolver, new StockHistoryResolver(services.stock, orders, config.maxPageSize)],
    [ReportResolver, new ReportResolver(services.reports)],
    [OrderResolver, new OrderResolver(orders, customers, refunds, config.maxPageSize, catalog)],
    [OrderLineResolver, new OrderLineResolver(catalog)],
    [RefundLineResolver, new RefundLineResolver(orders)],
    [CreditNoteResolver, new CreditNoteResolver(services.creditNotes, orders)],
    [OrderCreditNotesResolver, new OrderCreditNotesResolver(services.creditNotes)],
    [ResolutionResolver, new ResolutionResolver(resolutions, refunds)],
    [PriorityResolver, new PriorityResolver(services.priorities)],
    [BulkResolutionResolver, new BulkResolutionResolver(services.bulkResolutions)],
    [SubstitutionResolver, new SubstitutionResolver(substitutions, refunds, catalog)],
    [SubstituteOffersResolver, new SubstituteOffersResolver(substitutions)],
    [SubstituteOfferResolver, new SubstituteOfferResolver(catalog)],
    [RefundLinkResolver, new RefundLinkResolver(refundLinks, refunds)],
    [RestockResolver, new RestockResolver(restocks, catalog, orders)],
    [OrderCouponsResolver, new OrderCouponsResolver(coupons)],
    [PayoutsResolver, new PayoutsResolver(payouts, orders, config.maxPageSize)],
    [PayoutAccountResolver, new PayoutAccountResolver(payoutAccounts)],
    [ShopSettingsResolver, new ShopSettingsResolver(shops)],
    [OrderPageResolver, new OrderPageResolver(orderPages, shops)],
    [IncomingStockResolver, new IncomingStockResolver(incoming, catalog, orders)],
    [SkuIncomingResolver, new SkuIncomingResolver(incoming)],
    [OrderExpectedRestockResolver, new OrderExpectedRestockResolver(incoming)],
    [OrderLineExpectedResolver, new OrderLineExpectedResolver(incoming)],
    [NotificationResolver, new NotificationResolver(notifications, config.maxPageSize)],
    [OrderMessagesResolver, new OrderMessagesResolver(notifications)],
    [ShippingResolver, new ShippingResolver(services.shipping, orders)],
    [FollowUpOrdersResolver, new FollowUpOrdersResolver(orders)],
    [ClaimResolver, new ClaimResolver(services.claims, orders, services.creditNotes, payouts, services.returns, config.maxPageSize)],
    [OrderClaimsResolver, new OrderClaimsResolver(services.claims)],
    [OrderPageClaimsResolver, new OrderPageClaimsResolver(services.claims, orderPages)],
    [ReturnResolver, new ReturnResolver(services.returns, orders, orderPages, shops, config.maxPageSize)],
    [OrderReturnsResolver, new OrderReturnsResolver(services.returns, services.clock)],
    [OrderPageReturnsResolver, new OrderPageReturnsResolver(services.returns, services.clock)],
    [PackingResolver, new PackingResolver(services.packing)],
    [ApiKeyResolver, new ApiKeyResolver(services.apiKeys)],
    [WebhookResolver, new WebhookResolver(services.webhooks, config.maxPageSize)],
  ]);
}

/** The files modules serve over HTTP to signed-in callers. */
export function createDownloads(services: Services, logger: Logger): AuthenticatedDownload[] {
  return [
    refundsExport(services.payouts, logger),
    skusExport(services.skuImports),
    ordersExport(services.orders, services.customers),
    queueExport(services.orders, services.customers),
  ].map((download) => guardDownload(download, DOWNLOAD_ACCESS));
}

/** The files modules take over HTTP POST from signed-in callers (bigger than a GraphQL request may be). */
export function createUploads(services: Services): AuthenticatedUpload[] {
  return [skusImportUpload(services.skuImports)].map((upload) => guardUpload(upload, UPLOAD_ACCESS));
}

/**
 * The GraphQL schema. Without services (when only the contract is printed) resolvers are not
 * constructed at all.
 */
export async function createSchema(services: Services | null, config: Pick<Config, "maxPageSize">, pubSub: PubSub = createEventBus()): Promise<GraphQLSchema> {
  const instances = services ? createResolvers(services, config) : new Map<Function, unknown>();
  const schema = await buildGraphQLSchema(
    resolverClasses,
    {
      get(someClass) {
        const instance = instances.get(someClass as Function);
        if (!instance) throw new Error(`No resolver instance for ${(someClass as Function).name}`);
        return instance;
      },
    },
    pubSub,
  );
  // Mutations that create or move something take idempotencyKey (modules/auth/idempotency.ts); the
  // role map below is checked before a key is claimed.
  enforceIdempotency(schema, MUTATION_IDEMPOTENCY, services?.idempotency ?? null);
  // Every operation passes the role map (modules/auth/access.ts), over HTTP and WebSocket alike.
  enforceAccess(schema);
  if (services) {
    provideToSubscriptions(schema, EVENT_BUS, pubSub);
    provideToSubscriptions(schema, OrderFeed, new OrderFeed(services.orderEvents, pubSub));
    provideToSubscriptions(schema, BulkResolutionService, services.bulkResolutions);
    // Bulk resolutions' progress travels on the bus (to every instance with REDIS_URL).
    services.bulkResolutions.useBus(pubSub);
    // Webhook bodies show objects as the API does: through this very schema.
    services.webhooks.useRenderer(new SchemaRenderer(schema, (shopId) => services.shops.findShop(shopId)));
  }
  return schema;
}

/** Delivers committed order events and stock notifications to the PubSub, starting right after each commit. */
export function createDispatcher(db: Database, pubSub: PubSub, logger: Logger, pollMs?: number, owner: string = INSTANCE_ID): OutboxDispatcher {
  // One instance at a time reads each log and publishes each message once; the bus fans it out to
  // every instance's subscribers (see EventBus).
  const dispatcher = new OutboxDispatcher([orderEventsSource(db), outboxTableSource(db)], pubSubSink(pubSub), logger, pollMs, undefined, { db, owner });
  db.onCommit(() => dispatcher.kick());
  return dispatcher;
}

/**
 * Customer e-mail: SMTP when SMTP_URL is set, else .eml files under MAIL_DIR. Plans from committed
 * changes with read positions of its own and sends with retries; start() it after the database.
 */
export function createNotificationPipeline(
  db: Database,
  services: Services,
  config: Pick<Config, "smtpUrl" | "mailDir">,
  logger: Logger,
  options: { pollMs?: number; send?: boolean; mailer?: Mailer; smtpTimeoutMs?: number } = {},
): NotificationPipeline {
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, mailDir: config.mailDir, timeoutMs: options.smtpTimeoutMs });
  services.staffMail.use(mailer, logger);
  return new NotificationPipeline(db, services.notifications, mailer, logger, { pollMs: options.pollMs, send: options.send });
}

/** Webhooks: prepares events from the outbox with read positions of its own and delivers them with retries; start() it after the database. */
export function createWebhookPipeline(db: Database, services: Services, logger: Logger, options: { pollMs?: number } = {}): WebhookPipeline {
  return new WebhookPipeline(db, services.webhooks, logger, options);
}
