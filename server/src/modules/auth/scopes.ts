import { registerEnumType } from "type-graphql";

/**
 * What an API key may do (issue 15). A key carries a set of scopes; every operation says which one
 * it needs (OPERATION_SCOPE below) or that no key may call it at all.
 */
export enum ApiScope {
  ORDERS_READ = "ORDERS_READ",
  ORDERS_WRITE = "ORDERS_WRITE",
  STOCK_READ = "STOCK_READ",
  STOCK_WRITE = "STOCK_WRITE",
  CATALOG_WRITE = "CATALOG_WRITE",
  REFUNDS_READ = "REFUNDS_READ",
  REFUNDS_WRITE = "REFUNDS_WRITE",
  WEBHOOKS = "WEBHOOKS",
}

/** The names integrators see in docs and error messages (`orders:read`), by scope. */
export const SCOPE_NAMES: Record<ApiScope, string> = {
  ORDERS_READ: "orders:read",
  ORDERS_WRITE: "orders:write",
  STOCK_READ: "stock:read",
  STOCK_WRITE: "stock:write",
  CATALOG_WRITE: "catalog:write",
  REFUNDS_READ: "refunds:read",
  REFUNDS_WRITE: "refunds:write",
  WEBHOOKS: "webhooks",
};

registerEnumType(ApiScope, {
  name: "ApiScope",
  description: "What an API key may do. Every operation's description ends with the scope an API key needs to call it (or that keys may not); a key without it gets FORBIDDEN whose message names the scope (also in extensions.requiredScope).",
  valuesConfig: {
    ORDERS_READ: { description: "orders:read: orders, their timelines, the orders without stock queue, resolution previews, claims and returns, the report; subscriptions orderUpdated and ordersChanged." },
    ORDERS_WRITE: { description: "orders:write: place orders, resolve them (hold, ship what is available, cancel, substitute), mark them priority, ship and deliver, report short at packing, handle claims and returns." },
    STOCK_READ: { description: "stock:read: skus, stock levels, the stock ledger, restock previews, the catalogue export; subscription restockUpdates." },
    STOCK_WRITE: { description: "stock:write: restock, adjust stock, incoming stock." },
    CATALOG_WRITE: { description: "catalog:write: create, update, archive and import skus." },
    REFUNDS_READ: { description: "refunds:read: refunds, credit notes and the payouts export." },
    REFUNDS_WRITE: { description: "refunds:write: mark refunds paid, send refund links again." },
    WEBHOOKS: { description: "webhooks: manage webhook endpoints, read their delivery logs, redeliver and send test events." },
  },
});

export const isApiScope = (value: unknown): value is ApiScope => typeof value === "string" && Object.prototype.hasOwnProperty.call(SCOPE_NAMES, value);

/**
 * What an API key needs for an operation:
 * - `{ scope }`: a key with that scope may call it (staff users are ruled by the role map alone);
 * - `{ staffOnly }`: no key may, whatever its scopes; `staffOnly` says what it touches, for the refusal;
 * - ANYONE: a public operation (the customer's pages), open to a key as to anybody.
 */
export type KeyAccess = { kind: "SCOPE"; scope: ApiScope } | { kind: "STAFF_ONLY"; what: string } | { kind: "ANYONE" };

const needs = (scope: ApiScope): KeyAccess => ({ kind: "SCOPE", scope });
const staffOnly = (what: string): KeyAccess => ({ kind: "STAFF_ONLY", what });
const ANYONE: KeyAccess = { kind: "ANYONE" };

const ORDERS_READ = needs(ApiScope.ORDERS_READ);
const ORDERS_WRITE = needs(ApiScope.ORDERS_WRITE);
const STOCK_READ = needs(ApiScope.STOCK_READ);
const STOCK_WRITE = needs(ApiScope.STOCK_WRITE);
const CATALOG_WRITE = needs(ApiScope.CATALOG_WRITE);
const REFUNDS_READ = needs(ApiScope.REFUNDS_READ);
const REFUNDS_WRITE = needs(ApiScope.REFUNDS_WRITE);

const ACCOUNT = staffOnly("a staff user's own account and sessions");
const SIGN_IN = staffOnly("signing in and signing up");
const TEAM = staffOnly("the team");
const SETTINGS = staffOnly("the shop's settings");
const PAYOUT_ACCOUNT = staffOnly("the payout account");
const API_KEYS = staffOnly("API keys");
const WEBHOOKS = needs(ApiScope.WEBHOOKS);

type RootType = "Query" | "Mutation" | "Subscription";

/**
 * THE scope map, beside the role map (access.ts): every root field of the schema, and what an API
 * key needs to call it. A field missing here is refused to every key and fails
 * test/integration/scope-matrix.test.ts with its name.
 */
export const OPERATION_SCOPE: Record<RootType, Record<string, KeyAccess>> = {
  Query: {
    banks: ANYONE,
    orderPage: ANYONE,
    refundRequest: ANYONE,
    signUpOpen: ANYONE,
    me: ACCOUNT,
    customerMessages: ORDERS_READ,
    messagePreview: SETTINGS,
    notificationSettings: SETTINGS,
    order: ORDERS_READ,
    orders: ORDERS_READ,
    ordersWithoutStock: ORDERS_READ,
    bulkResolution: ORDERS_READ,
    creditNote: REFUNDS_READ,
    refund: REFUNDS_READ,
    refunds: REFUNDS_READ,
    resolutionPreview: ORDERS_READ,
    restockPreview: STOCK_READ,
    sku: STOCK_READ,
    skus: STOCK_READ,
    substitutionPreview: ORDERS_READ,
    claims: ORDERS_READ,
    claim: ORDERS_READ,
    claimPreview: ORDERS_READ,
    returns: ORDERS_READ,
    report: ORDERS_READ,
    orderReturn: ORDERS_READ,
    returnReceiptPreview: ORDERS_READ,
    previewSkuImport: CATALOG_WRITE,
    stockMovements: STOCK_READ,
    team: TEAM,
    mySessions: ACCOUNT,
    firstSteps: SETTINGS,
    apiKeys: API_KEYS,
    webhookEndpoints: WEBHOOKS,
    webhookDeliveries: WEBHOOKS,
  },
  Mutation: {
    chooseForOrder: ANYONE,
    reportMissingItemsOnOrderPage: ANYONE,
    chooseClaimOutcome: ANYONE,
    requestReturnFromOrderPage: ANYONE,
    submitRefundDetails: ANYONE,
    login: SIGN_IN,
    acceptInvitation: SIGN_IN,
    requestPasswordReset: SIGN_IN,
    resetPassword: SIGN_IN,
    signUp: SIGN_IN,
    verifyEmail: SIGN_IN,
    logout: ACCOUNT,
    changePassword: ACCOUNT,
    revokeSession: ACCOUNT,
    resendVerificationEmail: ACCOUNT,
    placeOrder: ORDERS_WRITE,
    cancelOrder: ORDERS_WRITE,
    holdOrderForRestock: ORDERS_WRITE,
    shipAvailableItems: ORDERS_WRITE,
    startBulkResolution: ORDERS_WRITE,
    offerSubstitutes: ORDERS_WRITE,
    substituteLine: ORDERS_WRITE,
    shipOrder: ORDERS_WRITE,
    markDelivered: ORDERS_WRITE,
    reportShortAtPacking: ORDERS_WRITE,
    // A marketplace integration may mark its deadline orders priority.
    setOrderPriority: ORDERS_WRITE,
    // After delivery: claims and returns (their refunds follow from the order's decision, as cancelOrder's do).
    reportMissingItems: ORDERS_WRITE,
    resolveClaim: ORDERS_WRITE,
    rejectClaim: ORDERS_WRITE,
    requestReturn: ORDERS_WRITE,
    approveReturn: ORDERS_WRITE,
    refuseReturn: ORDERS_WRITE,
    receiveReturn: ORDERS_WRITE,
    closeReturn: ORDERS_WRITE,
    resendRefundLink: REFUNDS_WRITE,
    markRefundPaid: REFUNDS_WRITE,
    restock: STOCK_WRITE,
    adjustStock: STOCK_WRITE,
    addIncomingStock: STOCK_WRITE,
    updateIncomingStock: STOCK_WRITE,
    cancelIncomingStock: STOCK_WRITE,
    receiveIncomingStock: STOCK_WRITE,
    createSku: CATALOG_WRITE,
    updateSku: CATALOG_WRITE,
    archiveSku: CATALOG_WRITE,
    unarchiveSku: CATALOG_WRITE,
    upsertSkus: CATALOG_WRITE,
    applySkuImport: CATALOG_WRITE,
    setPayoutAccount: PAYOUT_ACCOUNT,
    setCustomersMayChoose: SETTINGS,
    setNotificationEnabled: SETTINGS,
    updateShopSettings: SETTINGS,
    inviteStaff: TEAM,
    changeStaffRole: TEAM,
    removeStaff: TEAM,
    createApiKey: API_KEYS,
    revokeApiKey: API_KEYS,
    createWebhookEndpoint: WEBHOOKS,
    updateWebhookEndpoint: WEBHOOKS,
    rotateWebhookSecret: WEBHOOKS,
    deleteWebhookEndpoint: WEBHOOKS,
    redeliverWebhook: WEBHOOKS,
    sendTestWebhook: WEBHOOKS,
  },
  // A subscription needs the read scope of what it watches.
  Subscription: {
    orderUpdated: ORDERS_READ,
    ordersChanged: ORDERS_READ,
    restockUpdates: STOCK_READ,
    bulkResolutionProgress: ORDERS_READ,
  },
};

/** The same for the HTTP downloads (access.ts DOWNLOAD_ACCESS): exports need the read scope. */
export const DOWNLOAD_SCOPE: Record<string, KeyAccess> = {
  "/exports/refunds.csv": REFUNDS_READ,
  "/exports/skus.csv": STOCK_READ,
  "/exports/orders.csv": ORDERS_READ,
  "/exports/orders-without-stock.csv": ORDERS_READ,
};

/** And the uploads: the catalogue import needs catalog:write. */
export const UPLOAD_SCOPE: Record<string, KeyAccess> = {
  "/imports/skus.csv": CATALOG_WRITE,
};
