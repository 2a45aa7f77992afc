import { CANCEL, createShop, customer, HOLD, PLACE_ORDER, RESTOCK, SHIP_AVAILABLE, ShopFixture } from "./fixtures";
import { gql, gqlField, GraphQLResponse } from "./graphql";
import { TestServer } from "./server";

export const SUBSTITUTE = `mutation($line: ID!, $sku: ID!, $to: RefundDestination) {
  substituteLine(orderLineId: $line, skuId: $sku, refundTo: $to) { order { id status } userErrors { field code message } }
}`;
export const SHORT_AT_PACKING = `mutation($line: ID!, $q: Int!) { reportShortAtPacking(orderLineId: $line, quantity: $q) { order { id status } userErrors { field code message } } }`;
export const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { order { id status } userErrors { field code message } } }`;
export const ORDER_LINES = `query($id: ID!) { order(id: $id) { id status lines { id skuCode allocated short cancelled } } }`;

export interface PlacedOrder {
  id: string;
  status: string;
}

/** One shop's calls over the API, with its staff session. */
export interface ShopApi {
  shop: ShopFixture;
  /** The whole response (errors included). */
  post(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse>;
  /** The one root field's value; fails on any GraphQL error. */
  data(query: string, variables: Record<string, unknown>): Promise<any>;
  /** An order of a new customer. */
  place(lines: Array<{ skuCode: string; quantity: number }>): Promise<PlacedOrder>;
  /** An order with its lines' ids and counters. */
  orderLines(id: string): Promise<any>;
}

export function shopApi(server: TestServer, shop: ShopFixture): ShopApi {
  const data = (query: string, variables: Record<string, unknown>) => gqlField(server.graphqlUrl, query, variables, shop.token);
  return {
    shop,
    post: (query, variables) => gql(server.graphqlUrl, query, variables, shop.token),
    data,
    place: async (lines) => (await data(PLACE_ORDER, { input: { customer: customer(), lines } })).order,
    orderLines: (id) => data(ORDER_LINES, { id }),
  };
}

/** The orders resolveEveryWay places, by what happens to them. */
export interface EveryWayOrders {
  /** Served from stock; no step changes it (it stays READY). */
  inStock: PlacedOrder;
  /** Held for restock, resumed by the restock, then short again at packing. */
  held: PlacedOrder;
  /** What was available shipped, the rest refunded to the merchant. */
  shipAvailable: PlacedOrder;
  /** Cancelled, refunded to the customer. */
  cancelled: PlacedOrder;
  /** Its short line substituted by ALT. */
  substituted: PlacedOrder;
  /** Three FEW with one on hand: the restock's one unit serves it partly. */
  partlyServed: PlacedOrder;
  /** Served from stock, then cancelled: a cancellation without a stockout. */
  cancelledInStock: PlacedOrder;
}

/** The steps of resolveEveryWay, in the order they run. */
export type EveryWayStep = "placed" | "held" | "cancelled" | "substituted" | "restocked" | "shortAtPacking";

/**
 * Every way an order short of stock moves, one after the other, in a shop with OUT (none on hand),
 * FEW (one), SIDE and ALT: seven orders placed (five short), then a hold, a ship of what is available,
 * two cancellations, a substitution, restocks that resume the held order and serve another partly,
 * and the resumed order found short at packing. `after` runs when each step is done.
 */
export async function resolveEveryWay(
  server: TestServer,
  shopName: string,
  after: (step: EveryWayStep, orders: EveryWayOrders, api: ShopApi) => Promise<void> = async () => undefined,
): Promise<{ api: ShopApi; orders: EveryWayOrders }> {
  const shop = await createShop(server, { OUT: [1000, 0], FEW: [800, 1], SIDE: [500, 100], ALT: [1200, 100] }, shopName);
  const api = shopApi(server, shop);
  const { data, place, orderLines } = api;
  const orders: EveryWayOrders = {
    inStock: await place([{ skuCode: "SIDE", quantity: 1 }]),
    held: await place([{ skuCode: "OUT", quantity: 2 }, { skuCode: "SIDE", quantity: 1 }]),
    shipAvailable: await place([{ skuCode: "OUT", quantity: 1 }, { skuCode: "SIDE", quantity: 2 }]),
    cancelled: await place([{ skuCode: "OUT", quantity: 3 }, { skuCode: "SIDE", quantity: 1 }]),
    substituted: await place([{ skuCode: "OUT", quantity: 1 }, { skuCode: "SIDE", quantity: 1 }]),
    partlyServed: await place([{ skuCode: "FEW", quantity: 3 }]),
    cancelledInStock: await place([{ skuCode: "SIDE", quantity: 1 }]),
  };
  await after("placed", orders, api);

  expect((await data(HOLD, { id: orders.held.id })).userErrors).toEqual([]);
  await after("held", orders, api);
  expect((await data(SHIP_AVAILABLE, { id: orders.shipAvailable.id, to: "MERCHANT" })).userErrors).toEqual([]);
  expect((await data(CANCEL, { id: orders.cancelled.id, to: "CUSTOMER", reason: "gave up" })).userErrors).toEqual([]);
  expect((await data(CANCEL, { id: orders.cancelledInStock.id, to: "MERCHANT", reason: "customer asked" })).userErrors).toEqual([]);
  await after("cancelled", orders, api);
  const short = (await orderLines(orders.substituted.id)).lines.find((l: { skuCode: string }) => l.skuCode === "OUT");
  expect((await data(SUBSTITUTE, { line: short.id, sku: String(shop.skus.ALT), to: "MERCHANT" })).userErrors).toEqual([]);
  await after("substituted", orders, api);
  // The held order resumes with a restock (ON_HOLD -> READY); one unit more of FEW serves the other order partly (STOCK_ALLOCATED, no move).
  expect((await data(RESTOCK, { skuId: String(shop.skus.OUT), quantity: 2 })).ordersResumedCount).toBe(1);
  expect((await data(RESTOCK, { skuId: String(shop.skus.FEW), quantity: 1 })).ordersResumedCount).toBe(0);
  await after("restocked", orders, api);
  // Units found missing when packing the resumed order: READY back to AWAITING_STOCK, its line short again.
  const resumedLine = (await orderLines(orders.held.id)).lines.find((l: { skuCode: string }) => l.skuCode === "OUT");
  expect((await data(SHORT_AT_PACKING, { line: resumedLine.id, q: 1 })).userErrors).toEqual([]);
  await after("shortAtPacking", orders, api);
  return { api, orders };
}

/**
 * In a shop with HOT (ten on hand), SIDE (forty) and ALT (plenty), thirty orders (customers
 * `${emailPrefix}<i>@example.com`), then all at once in a random order: thirty orders more, ten
 * restocks of HOT, ten cancellations, six holds, four ships of what is available, six substitutions
 * and, while those run, a third of the held and substituted orders cancelled (one wins or they run
 * in turn); with `shipReady`, the first orders that were ready are shipped too. Returns the shop and
 * the racing responses.
 */
export async function raceResolutions(
  server: TestServer,
  shopName: string,
  { emailPrefix, shipReady = false }: { emailPrefix: string; shipReady?: boolean },
): Promise<{ shop: ShopFixture; results: GraphQLResponse[] }> {
  const shop = await createShop(server, { HOT: [1000, 10], SIDE: [500, 40], ALT: [1100, 1000] }, shopName);
  const { post, orderLines } = shopApi(server, shop);
  const placeOrder = (i: number) =>
    post(PLACE_ORDER, {
      input: { customer: customer({ email: `${emailPrefix}${i}@example.com` }), lines: [{ skuCode: "HOT", quantity: 1 + (i % 3) }, ...(i % 2 ? [{ skuCode: "SIDE", quantity: 1 }] : [])] },
    });
  const initial = await Promise.all(Array.from({ length: 30 }, (_, i) => placeOrder(i)));
  const ids = initial.map((r) => r.data.placeOrder.order.id as string);
  const ready = initial.filter((r) => r.data.placeOrder.order.status === "READY").map((r) => r.data.placeOrder.order.id as string);
  const hotLine = async (id: string) => (await orderLines(id)).lines.find((l: { skuCode: string }) => l.skuCode === "HOT").id as string;
  const substituteLines = await Promise.all(ids.slice(20, 26).map(hotLine));
  const operations = [
    ...Array.from({ length: 30 }, (_, i) => () => placeOrder(100 + i)),
    ...Array.from({ length: 10 }, (_, i) => () => post(RESTOCK, { skuId: String(shop.skus.HOT), quantity: 1 + (i % 4) })),
    ...ids.slice(0, 10).map((id, i) => () => post(CANCEL, { id, to: i % 2 ? "CUSTOMER" : "MERCHANT", reason: "race" })),
    ...ids.slice(10, 16).map((id) => () => post(HOLD, { id })),
    ...ids.slice(16, 20).map((id) => () => post(SHIP_AVAILABLE, { id, to: "MERCHANT" })),
    ...substituteLines.map((line) => () => post(SUBSTITUTE, { line, sku: String(shop.skus.ALT), to: "MERCHANT" })),
    ...(shipReady ? ready.map((id) => () => post(SHIP, { id, input: { carrier: "CORREIOS", trackingCode: "AA123456789BR" } })) : []),
    // The same orders cancelled while they are substituted, held or shipped: one wins or they run in turn.
    ...ids.slice(10, 26).filter((_, i) => i % 3 === 0).map((id) => () => post(CANCEL, { id, to: "MERCHANT", reason: "race" })),
  ];
  const results = await Promise.all(operations.sort(() => Math.random() - 0.5).map((op) => op()));
  return { shop, results };
}
