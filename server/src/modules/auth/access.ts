import { GraphQLError, GraphQLFieldResolver, GraphQLSchema, defaultFieldResolver } from "graphql";
import { Caller, RequestContext } from "../../infra/graphql/context";
import { ErrorCode, unauthenticated } from "../../infra/graphql/errors";
import { AuthenticatedDownload, AuthenticatedUpload } from "../../infra/http/downloads";
import { roleAtLeast, StaffRole } from "./roles";
import { DOWNLOAD_SCOPE, isApiScope, KeyAccess, OPERATION_SCOPE, SCOPE_NAMES, UPLOAD_SCOPE } from "./scopes";

/**
 * Who may call an operation:
 * - PUBLIC: anyone, signed in or not (the customer's pages, login, password reset);
 * - STAFF: any signed-in staff user, whatever their role;
 * - a role: staff users with that role or above, and `what` names the action in the refusal
 *   ("Marking refunds paid needs the MANAGER role.").
 */
export type Access = { kind: "PUBLIC" } | { kind: "STAFF" } | { kind: "ROLE"; role: StaffRole; what: string };

const PUBLIC: Access = { kind: "PUBLIC" };
const STAFF: Access = { kind: "STAFF" };
const manager = (what: string): Access => ({ kind: "ROLE", role: StaffRole.MANAGER, what });
const owner = (what: string): Access => ({ kind: "ROLE", role: StaffRole.OWNER, what });

type RootType = "Query" | "Mutation" | "Subscription";

/**
 * THE role map: every root field of the schema, and who may call it. A field missing here is
 * refused to everyone (FORBIDDEN, "not classified") and fails test/integration/role-matrix.test.ts
 * with its name: a new operation is classified by adding one line below.
 * Services may refine (e.g. only an OWNER may make another OWNER) but never loosen.
 */
export const OPERATION_ACCESS: Record<RootType, Record<string, Access>> = {
  Query: {
    // public: the customer's pages
    banks: PUBLIC,
    orderPage: PUBLIC,
    refundRequest: PUBLIC,
    // public: the login page asks whether to offer sign-up
    signUpOpen: PUBLIC,
    // reading is for any staff user
    me: STAFF,
    customerMessages: STAFF,
    messagePreview: STAFF,
    notificationSettings: STAFF,
    order: STAFF,
    orders: STAFF,
    ordersWithoutStock: STAFF,
    // a bulk resolution's progress and summary: whoever may resolve orders one by one
    bulkResolution: STAFF,
    creditNote: STAFF,
    claim: STAFF,
    claims: STAFF,
    claimPreview: STAFF,
    refund: STAFF,
    refunds: STAFF,
    resolutionPreview: STAFF,
    restockPreview: STAFF,
    sku: STAFF,
    skus: STAFF,
    substitutionPreview: STAFF,
    previewSkuImport: STAFF,
    stockMovements: STAFF,
    team: STAFF,
    mySessions: STAFF,
    firstSteps: STAFF,
    returns: STAFF,
    orderReturn: STAFF,
    returnReceiptPreview: STAFF,
    // the reports page (issue 16): figures every staff user already sees order by order
    report: STAFF,
    // API keys (issue 15): OWNER and MANAGER
    apiKeys: manager("Managing API keys"),
    // webhooks (issue 15): OWNER and MANAGER
    webhookEndpoints: manager("Managing webhooks"),
    webhookDeliveries: manager("Managing webhooks"),
  },
  Mutation: {
    // public
    chooseForOrder: PUBLIC,
    reportMissingItemsOnOrderPage: PUBLIC,
    chooseClaimOutcome: PUBLIC,
    requestReturnFromOrderPage: PUBLIC,
    submitRefundDetails: PUBLIC,
    login: PUBLIC,
    acceptInvitation: PUBLIC,
    requestPasswordReset: PUBLIC,
    resetPassword: PUBLIC,
    signUp: PUBLIC,
    verifyEmail: PUBLIC,
    // any staff user: orders, stock, substitutions, their own session
    logout: STAFF,
    changePassword: STAFF,
    revokeSession: STAFF,
    resendVerificationEmail: STAFF,
    placeOrder: STAFF,
    cancelOrder: STAFF,
    holdOrderForRestock: STAFF,
    shipAvailableItems: STAFF,
    // many orders at once, each through the single-order rules above (STAFF): nothing one could not do order by order
    startBulkResolution: STAFF,
    resendRefundLink: STAFF,
    restock: STAFF,
    adjustStock: STAFF,
    addIncomingStock: STAFF,
    updateIncomingStock: STAFF,
    cancelIncomingStock: STAFF,
    receiveIncomingStock: STAFF,
    offerSubstitutes: STAFF,
    substituteLine: STAFF,
    shipOrder: STAFF,
    markDelivered: STAFF,
    // claims: any staff user reports and handles them (a settlement's refund follows the cancellation rules: STAFF)
    reportMissingItems: STAFF,
    resolveClaim: STAFF,
    rejectClaim: STAFF,
    // returns: any staff user, OPERATOR included, may open, decide, receive (refunds follow cancelOrder's rule) and close them
    requestReturn: STAFF,
    approveReturn: STAFF,
    refuseReturn: STAFF,
    receiveReturn: STAFF,
    closeReturn: STAFF,
    // the packing floor (OPERATOR too): units found missing when packing
    reportShortAtPacking: STAFF,
    // a merchant's priority over FIFO (issue 17): a business decision that takes stock from older
    // orders (whose customers waited longer), so MANAGER, like money and settings; an OPERATOR
    // still sees it, and the order of serving, on the queue and the order page
    setOrderPriority: manager("Marking orders priority"),
    // money and settings: MANAGER
    markRefundPaid: manager("Marking refunds paid"),
    createSku: manager("Managing the catalogue"),
    updateSku: manager("Managing the catalogue"),
    archiveSku: manager("Managing the catalogue"),
    unarchiveSku: manager("Managing the catalogue"),
    upsertSkus: manager("Managing the catalogue"),
    applySkuImport: manager("Importing the catalogue"),
    setPayoutAccount: manager("Changing the payout account"),
    setCustomersMayChoose: manager("Changing the shop's settings"),
    setNotificationEnabled: manager("Changing the shop's settings"),
    updateShopSettings: manager("Changing the shop's settings"),
    // the team: inviting is MANAGER (an OWNER invitation needs OWNER, in TeamService); roles and removal OWNER
    inviteStaff: manager("Inviting to the team"),
    changeStaffRole: owner("Changing roles"),
    removeStaff: owner("Removing a member of the team"),
    // API keys (issue 15): OWNER and MANAGER
    createApiKey: manager("Managing API keys"),
    revokeApiKey: manager("Managing API keys"),
    // webhooks (issue 15): OWNER and MANAGER
    createWebhookEndpoint: manager("Managing webhooks"),
    updateWebhookEndpoint: manager("Managing webhooks"),
    rotateWebhookSecret: manager("Managing webhooks"),
    deleteWebhookEndpoint: manager("Managing webhooks"),
    redeliverWebhook: manager("Managing webhooks"),
    sendTestWebhook: manager("Managing webhooks"),
  },
  Subscription: {
    orderUpdated: STAFF,
    ordersChanged: STAFF,
    restockUpdates: STAFF,
    bulkResolutionProgress: STAFF,
  },
};

/** HTTP downloads (not GraphQL), by path: the same rules. */
export const DOWNLOAD_ACCESS: Record<string, Access> = {
  "/exports/refunds.csv": manager("Exporting payouts"),
  "/exports/skus.csv": STAFF,
  // the lists as CSV: what any staff user reads on screen (issue 17)
  "/exports/orders.csv": STAFF,
  "/exports/orders-without-stock.csv": STAFF,
};

/** The same for the files taken over HTTP POST (server/src/infra/http/downloads.ts). */
export const UPLOAD_ACCESS: Record<string, Access> = {
  "/imports/skus.csv": manager("Importing the catalogue"),
};

export const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });

/**
 * Why `caller` may not do what `access` guards: null when they may, else the error (UNAUTHENTICATED
 * or FORBIDDEN). An API key is ruled by `keyAccess` (the scope map, scopes.ts) instead of roles.
 */
export function refusal(access: Access | undefined, caller: Caller | null, name: string, keyAccess?: KeyAccess): GraphQLError | null {
  if (!access) return forbidden(`${name} is not classified in the role map (modules/auth/access.ts): nobody may call it.`);
  if (caller?.apiKey) return keyRefusal(keyAccess, caller.apiKey.scopes, name);
  if (access.kind === "PUBLIC") return null;
  if (!caller) return unauthenticated();
  if (caller.staffUserId === null || !caller.role) return forbidden(`${name} needs a signed-in staff user.`);
  if (access.kind === "STAFF") return null;
  if (roleAtLeast(caller.role, access.role)) return null;
  return forbidden(`${access.what} needs the ${access.role} role.`);
}

/** Why an API key with `scopes` may not call `name`: null when it may. */
export function keyRefusal(keyAccess: KeyAccess | undefined, scopes: readonly string[], name: string): GraphQLError | null {
  if (!keyAccess) return forbidden(`${name} is not classified in the scope map (modules/auth/scopes.ts): no API key may call it.`);
  if (keyAccess.kind === "ANYONE") return null;
  if (keyAccess.kind === "STAFF_ONLY") return forbidden(`${name} is for signed-in staff users only (${keyAccess.what}): API keys may not call it.`);
  if (scopes.includes(keyAccess.scope)) return null;
  const scope = isApiScope(keyAccess.scope) ? SCOPE_NAMES[keyAccess.scope] : keyAccess.scope;
  return new GraphQLError(`${name} needs the API key scope ${scope}.`, { extensions: { code: ErrorCode.FORBIDDEN, requiredScope: scope } });
}

/**
 * Puts the role map in front of every root field's resolver (and a subscription's subscribe), so
 * HTTP and WebSocket, which execute the same schema, enforce it alike. Called once, on the built schema.
 */
export function enforceAccess(
  schema: GraphQLSchema,
  map: Record<RootType, Record<string, Access>> = OPERATION_ACCESS,
  scopes: Record<RootType, Record<string, KeyAccess>> = OPERATION_SCOPE,
): GraphQLSchema {
  const roots: Array<[RootType, ReturnType<GraphQLSchema["getQueryType"]>]> = [
    ["Query", schema.getQueryType()],
    ["Mutation", schema.getMutationType()],
    ["Subscription", schema.getSubscriptionType()],
  ];
  for (const [rootName, type] of roots) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const access = map[rootName][field.name];
      const keyAccess = scopes[rootName][field.name];
      // The contract says what an API key needs, on every operation (schema/schema.graphql is the integrators' reference).
      const keyNote = describeKeyAccess(keyAccess);
      if (keyNote && !field.description?.includes(keyNote)) field.description = field.description ? `${field.description} ${keyNote}` : keyNote;
      const guard = <F extends GraphQLFieldResolver<unknown, RequestContext>>(inner: F): F =>
        ((source: unknown, args: Record<string, unknown>, ctx: RequestContext, info: Parameters<F>[3]) => {
          const error = refusal(access, ctx.caller, field.name, keyAccess);
          if (error) throw error;
          return inner(source, args, ctx, info);
        }) as F;
      if (rootName === "Subscription") {
        if (field.subscribe) field.subscribe = guard(field.subscribe);
        // Each event is checked again: a session demoted meanwhile stops receiving.
        field.resolve = guard(field.resolve ?? defaultFieldResolver);
      } else {
        field.resolve = guard(field.resolve ?? defaultFieldResolver);
      }
    }
  }
  return schema;
}

/** The sentence an operation's description ends with: what an API key needs to call it. */
export function describeKeyAccess(keyAccess: KeyAccess | undefined): string | null {
  if (!keyAccess || keyAccess.kind === "ANYONE") return null;
  if (keyAccess.kind === "STAFF_ONLY") return "API keys: refused (signed-in staff users only).";
  return `API keys: needs the scope ${SCOPE_NAMES[keyAccess.scope]}.`;
}

/** The download behind the role map: a refused caller gets 401/403 with the GraphQL error's code and message. */
export function guardDownload(download: AuthenticatedDownload, map: Record<string, Access>, scopes: Record<string, KeyAccess> = DOWNLOAD_SCOPE): AuthenticatedDownload {
  return {
    path: download.path,
    handle: async (caller, query) => {
      const error = refusal(map[download.path], caller, `GET ${download.path}`, scopes[download.path]);
      if (error) {
        const code = String(error.extensions.code);
        return { error: { code, message: error.message }, status: code === ErrorCode.FORBIDDEN ? 403 : 401 };
      }
      return download.handle(caller, query);
    },
  };
}

/** An upload refused, before its body is read, to a caller the map does not allow (403 FORBIDDEN). */
export function guardUpload(upload: AuthenticatedUpload, map: Record<string, Access>, scopes: Record<string, KeyAccess> = UPLOAD_SCOPE): AuthenticatedUpload {
  return {
    ...upload,
    authorize: (caller) => {
      const error = refusal(map[upload.path], caller, `POST ${upload.path}`, scopes[upload.path]);
      if (!error) return upload.authorize?.(caller) ?? null;
      const code = String(error.extensions.code);
      return { status: code === ErrorCode.FORBIDDEN ? 403 : 401, error: { code, message: error.message } };
    },
  };
}
