import { IdempotencyRule } from "../../infra/idempotency/idempotency";

const IDEMPOTENT: IdempotencyRule = { kind: "IDEMPOTENT" };
const exempt = (reason: string): IdempotencyRule => ({ kind: "EXEMPT", reason });

const SESSION = exempt("signs in or out, or changes an account's secrets: its answer holds a token that is never stored, and repeating it is harmless or refused (a used link)");
const CUSTOMER_PAGE = exempt("the customer's public page, not an integration's: no shop caller to key by; a second submission is refused by the page's own rules (LINK_USED, MERCHANT_RESOLVED, the claim or return already open)");
const SETS_A_VALUE = exempt("sets a value: repeating it leaves the same state and does nothing more");

/**
 * THE idempotency map (issue 15): every mutation, and whether it takes `idempotencyKey`.
 * IDEMPOTENT: it creates or moves something, so a retry must not do it twice (the generic
 * mechanism, infra/idempotency). EXEMPT: with the reason. A mutation missing here fails
 * test/integration/idempotency.test.ts with its name: classify a new one by adding a line.
 */
export const MUTATION_IDEMPOTENCY: Record<string, IdempotencyRule> = {
  // orders
  placeOrder: { kind: "OWN", how: "the key is stored on the order, in the intake transaction (unique per shop), kept for good; the argument and input.idempotencyKey are the same key" },
  cancelOrder: IDEMPOTENT,
  holdOrderForRestock: IDEMPOTENT,
  shipAvailableItems: IDEMPOTENT,
  // a retry answers the job already started (its id), never a second job
  startBulkResolution: IDEMPOTENT,
  substituteLine: IDEMPOTENT,
  offerSubstitutes: IDEMPOTENT,
  shipOrder: IDEMPOTENT,
  markDelivered: IDEMPOTENT,
  reportShortAtPacking: IDEMPOTENT,
  // stock
  restock: IDEMPOTENT,
  adjustStock: IDEMPOTENT,
  addIncomingStock: IDEMPOTENT,
  updateIncomingStock: IDEMPOTENT,
  cancelIncomingStock: IDEMPOTENT,
  receiveIncomingStock: IDEMPOTENT,
  // catalogue
  createSku: IDEMPOTENT,
  updateSku: IDEMPOTENT,
  archiveSku: IDEMPOTENT,
  unarchiveSku: IDEMPOTENT,
  upsertSkus: IDEMPOTENT,
  applySkuImport: IDEMPOTENT,
  // refunds
  markRefundPaid: IDEMPOTENT,
  resendRefundLink: IDEMPOTENT,
  // claims and returns
  reportMissingItems: IDEMPOTENT,
  resolveClaim: IDEMPOTENT,
  rejectClaim: IDEMPOTENT,
  requestReturn: IDEMPOTENT,
  approveReturn: IDEMPOTENT,
  refuseReturn: IDEMPOTENT,
  receiveReturn: IDEMPOTENT,
  closeReturn: IDEMPOTENT,
  // the team and integrations (a replay of createApiKey answers the key without its secret)
  inviteStaff: IDEMPOTENT,
  createApiKey: IDEMPOTENT,
  // webhooks (a replay of createWebhookEndpoint answers the endpoint without its secret)
  createWebhookEndpoint: IDEMPOTENT,
  redeliverWebhook: IDEMPOTENT,
  sendTestWebhook: IDEMPOTENT,
  // exempt
  updateWebhookEndpoint: SETS_A_VALUE,
  deleteWebhookEndpoint: SETS_A_VALUE,
  rotateWebhookSecret: exempt("its answer is the new secret, which is never stored: a replay could not give it back; rotating again makes another secret, and the previous one keeps signing during the overlap"),
  revokeApiKey: SETS_A_VALUE,
  changeStaffRole: SETS_A_VALUE,
  removeStaff: SETS_A_VALUE,
  setCustomersMayChoose: SETS_A_VALUE,
  setNotificationEnabled: SETS_A_VALUE,
  setPayoutAccount: SETS_A_VALUE,
  updateShopSettings: SETS_A_VALUE,
  setOrderPriority: SETS_A_VALUE,
  login: SESSION,
  logout: SESSION,
  signUp: exempt("creates a shop and a session whose token is never stored; a second sign-up with the same e-mail is refused (EMAIL_TAKEN)"),
  acceptInvitation: SESSION,
  changePassword: SESSION,
  revokeSession: SESSION,
  requestPasswordReset: SESSION,
  resetPassword: SESSION,
  verifyEmail: SESSION,
  resendVerificationEmail: exempt("e-mails a new link to the caller's own address, throttled (3 an hour); a retry sends one more e-mail and nothing else"),
  chooseForOrder: CUSTOMER_PAGE,
  chooseClaimOutcome: CUSTOMER_PAGE,
  reportMissingItemsOnOrderPage: CUSTOMER_PAGE,
  requestReturnFromOrderPage: CUSTOMER_PAGE,
  submitRefundDetails: CUSTOMER_PAGE,
};
