import { generateCpf } from "@brazilian-utils/brazilian-utils";
import { gqlData } from "./graphql";
import { TestServer } from "./server";

export interface ShopFixture {
  shopId: number;
  token: string;
  email: string;
  password: string;
  /** sku id by code */
  skus: Record<string, number>;
}

let shopCounter = 0;

/** The payout account test shops get (refunds to the merchant need one). */
export const SHOP_PAYOUT_PIX = { keyType: "EMAIL", key: "financeiro@loja.test" };

export const SET_PAYOUT_ACCOUNT = `
  mutation SetPayoutAccount($input: PayoutAccountInput!) {
    setPayoutAccount(input: $input) { payoutAccount { kind masked updatedAt } userErrors { field code message } }
  }`;

/**
 * A shop with a staff user logged in over the API, and the given skus (code -> [price, onHand]).
 * It has a payout account (a PIX e-mail key) unless `payoutAccount: false`.
 */
export async function createShop(
  server: TestServer,
  skus: Record<string, [number, number]> = {},
  name = "Test shop",
  options: { payoutAccount?: boolean } = {},
): Promise<ShopFixture> {
  const n = ++shopCounter;
  const shop = await server.services.shops.createShop({ name: `${name} ${n}`, currency: "BRL", locale: "pt-BR" });
  const email = `staff${n}.${process.pid}.${Date.now()}@shop.test`;
  const password = "correct horse battery staple";
  await server.services.auth.createStaffUser({ shopId: shop.id, email, name: `Staff ${n}`, password });
  const codes = Object.keys(skus);
  const ids = await server.services.catalog.createSkus(
    shop.id,
    codes.map((code) => ({ code, name: `Item ${code}`, price: skus[code]![0], onHand: skus[code]![1] })),
  );
  const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  if (options.payoutAccount !== false) {
    const set = await gqlData(server.graphqlUrl, SET_PAYOUT_ACCOUNT, { input: { pix: SHOP_PAYOUT_PIX } }, login.login.token);
    if (set.setPayoutAccount.userErrors.length) throw new Error(`setPayoutAccount: ${JSON.stringify(set.setPayoutAccount.userErrors)}`);
  }
  return { shopId: shop.id, token: login.login.token, email, password, skus: Object.fromEntries(codes.map((c, i) => [c, ids[i]!])) };
}

export const customer = (overrides: Record<string, unknown> = {}) => ({
  name: "Maria Souza",
  email: `maria.${Math.random().toString(36).slice(2)}@example.com`,
  cpf: generateCpf(),
  ...overrides,
});

export const PLACE_ORDER = `
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id number status subtotal { amount currency } shipping { amount } discount { amount } total { amount }
        missingQuantity externalReference
        customer { name email maskedCpf }
        lines { skuCode quantity allocated short cancelled shipped unitPrice { amount } lineTotal { amount } }
      }
      userErrors { field code message }
    }
  }`;

/** Checks the stock invariants and that every level equals the sum of its ledger, straight in SQL. */
export async function stockInvariants(server: TestServer, shopId: number) {
  const db = server.db;
  const badLevels = await db.query(
    "SELECT sku_id FROM stock_level WHERE shop_id = ? AND (allocated < 0 OR allocated > on_hand)",
    [shopId],
  );
  const badLines = await db.query(
    "SELECT id FROM order_line WHERE shop_id = ? AND (allocated + short + cancelled <> quantity OR allocated < 0 OR short < 0 OR shipped > allocated)",
    [shopId],
  );
  const ledgerMismatch = await db.query(
    `SELECT l.sku_id FROM stock_level l
       LEFT JOIN (SELECT sku_id, SUM(on_hand_delta) AS on_hand, SUM(allocated_delta) AS allocated
                    FROM stock_movement GROUP BY sku_id) m ON m.sku_id = l.sku_id
      WHERE l.shop_id = ? AND (l.on_hand <> COALESCE(m.on_hand, 0) OR l.allocated <> COALESCE(m.allocated, 0))`,
    [shopId],
  );
  // A line is short only while its order waits in the queue: the queue's count by sku relies on it (skuQueueCountRead).
  const shortOutsideQueue = await db.query(
    "SELECT o.id FROM orders o JOIN order_line l ON l.order_id = o.id WHERE o.shop_id = ? AND o.status NOT IN ('AWAITING_STOCK', 'ON_HOLD_FOR_RESTOCK') AND l.short > 0",
    [shopId],
  );
  const allocatedMismatch = await db.query(
    `SELECT l.sku_id FROM stock_level l
       LEFT JOIN (SELECT ol.sku_id, SUM(ol.allocated - ol.shipped) AS allocated FROM order_line ol
                    JOIN orders o ON o.id = ol.order_id WHERE o.status NOT IN ('CANCELLED') GROUP BY ol.sku_id) a
         ON a.sku_id = l.sku_id
      WHERE l.shop_id = ? AND l.allocated <> COALESCE(a.allocated, 0)`,
    [shopId],
  );
  const ledgerOnWrongLine = await db.query(
    `SELECT m.id FROM stock_movement m JOIN order_line l ON l.id = m.order_line_id
      WHERE m.shop_id = ? AND (l.sku_id <> m.sku_id OR l.shop_id <> m.shop_id)`,
    [shopId],
  );
  return { badLevels, badLines, ledgerMismatch, allocatedMismatch, shortOutsideQueue, ledgerOnWrongLine };
}

export const RESOLVE_FIELDS = `order { id number status lines { skuCode allocated short cancelled } refundedTotal { amount } allowedResolutions }
  refund { id amount { amount } shippingAmount { amount } destination status reason lines { quantity amount { amount } orderLine { skuCode } } }
  userErrors { field code message }`;

export const HOLD = `mutation($id: ID!, $note: String) { holdOrderForRestock(orderId: $id, note: $note) { ${RESOLVE_FIELDS} } }`;
export const SHIP_AVAILABLE = `mutation($id: ID!, $to: RefundDestination!, $note: String) { shipAvailableItems(orderId: $id, refundTo: $to, note: $note) { ${RESOLVE_FIELDS} } }`;
export const CANCEL = `mutation($id: ID!, $to: RefundDestination!, $reason: String!) { cancelOrder(orderId: $id, refundTo: $to, reason: $reason) { ${RESOLVE_FIELDS} } }`;
export const RESTOCK = `mutation($skuId: ID!, $quantity: Int!, $note: String) {
  restock(skuId: $skuId, quantity: $quantity, note: $note) { sku { stock { onHand allocated available } } ordersResumed { id number status } ordersResumedCount userErrors { field code message } }
}`;

/** Everything a refused change must leave as it was, for one shop. */
export async function shopSnapshot(server: TestServer, shopId: number) {
  const db = server.db;
  return {
    orders: await db.query("SELECT id, status, updated_at FROM orders WHERE shop_id = ? ORDER BY id", [shopId]),
    lines: await db.query("SELECT id, allocated, short, cancelled FROM order_line WHERE shop_id = ? ORDER BY id", [shopId]),
    levels: await db.query("SELECT sku_id, on_hand, allocated FROM stock_level WHERE shop_id = ? ORDER BY sku_id", [shopId]),
    movements: await db.query("SELECT COUNT(*) AS n FROM stock_movement WHERE shop_id = ?", [shopId]),
    events: await db.query("SELECT COUNT(*) AS n FROM order_event WHERE shop_id = ?", [shopId]),
    refunds: await db.query("SELECT COUNT(*) AS n FROM refund WHERE shop_id = ?", [shopId]),
  };
}

/** What stockInvariants returns when every invariant holds. */
export const HEALTHY = { badLevels: [], badLines: [], ledgerMismatch: [], allocatedMismatch: [], shortOutsideQueue: [], ledgerOnWrongLine: [] };

/** Another staff user of the shop, with the given role, logged in over the API. */
export async function addStaff(server: TestServer, shop: ShopFixture, role: "OWNER" | "MANAGER" | "OPERATOR"): Promise<{ id: number; email: string; password: string; token: string }> {
  const n = ++shopCounter;
  const email = `${role.toLowerCase()}${n}.${process.pid}.${Date.now()}@shop.test`;
  const password = "correct horse battery staple";
  const user = await server.services.auth.createStaffUser({ shopId: shop.shopId, email, name: `${role} ${n}`, password, role: role as never });
  const login = await gqlData(server.graphqlUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  return { id: user.id, email, password, token: login.login.token };
}

/** A sku's on hand and allocated, read over the API as the shop sees them. */
export async function stockOf(server: TestServer, shop: ShopFixture, code: string): Promise<{ onHand: number; allocated: number }> {
  const data = await gqlData(server.graphqlUrl, `query($s: String) { skus(first: 5, filter: { search: $s }) { nodes { code stock { onHand allocated } } } }`, { s: code }, shop.token);
  return data.skus.nodes.find((n: { code: string }) => n.code === code).stock;
}
