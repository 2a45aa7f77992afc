import { Webhook } from "standardwebhooks";
import { LookupAddress } from "node:dns";
import { createShop, customer, PLACE_ORDER, RESTOCK, ShopFixture, addStaff } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { WebhookReceiver } from "../helpers/webhook-receiver";
import { WebhookService, MAX_ATTEMPTS, ATTEMPT_LEASE_MS, DISABLE_AFTER_MS } from "../../server/src/modules/webhooks/webhook.service";
import { checkWebhookUrl, isPrivateAddress } from "../../server/src/modules/webhooks/url-guard";
import { Caller, SYSTEM_ACTOR } from "../../server/src/infra/graphql/context";
import { WEBHOOK_QUERIES } from "../../server/src/modules/webhooks/webhook-payloads";
import { buildSchema, parse, validate } from "graphql";
import fs from "node:fs";
import { SCHEMA_FILE } from "../../server/src/infra/graphql/schema";

describe("webhook payload queries", () => {
  it.each(Object.entries(WEBHOOK_QUERIES))("the %s document is valid against the contract", (_subject, query) => {
    expect(validate(buildSchema(fs.readFileSync(SCHEMA_FILE, "utf8")), parse(query)).map((e) => e.message)).toEqual([]);
  });
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled disabledReason previousSecretExpiresAt } userErrors { field code message } }
}`;
const ROTATE = `mutation($id: ID!, $h: Int) { rotateWebhookSecret(id: $id, overlapHours: $h) { secret endpoint { id previousSecretExpiresAt } userErrors { code } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { endpoint { id enabled disabledReason eventTypes } userErrors { field code message } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { endpoint { id } userErrors { code } } }`;
const LIST = `{ webhookEndpoints { id url eventTypes enabled disabledReason disabledAt failingSince } }`;
const DELIVERIES = `query($id: ID!, $filter: WebhookDeliveryFilter) { webhookDeliveries(endpointId: $id, filter: $filter, first: 100) {
  totalCount nodes { id webhookId eventType status attempts maxAttempts nextAttemptAt lastAttemptAt responseCode responseExcerpt durationMs } } }`;
const TEST = `mutation($id: ID!) { sendTestWebhook(endpointId: $id) { delivery { id webhookId eventType status } userErrors { code } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { delivery { id webhookId status maxAttempts } userErrors { code } } }`;
const ADJUST = `mutation($skuId: ID!, $delta: Int!) { adjustStock(skuId: $skuId, delta: $delta, reason: "count") { userErrors { code } } }`;

const ORDER_FIELDS = `id number kind status source currency externalReference placedAt updatedAt fulfillment
  subtotal { amount currency } shipping { amount currency } discount { amount currency } total { amount currency } refundedTotal { amount currency }
  missingQuantity shippedQuantity unshippedQuantity expectedRestockOn
  customer { id name email phone locale maskedCpf }
  shippingAddress { recipientName street number complement district city region postalCode country }
  lines { id skuCode name quantity allocated short cancelled shipped replacesLineId unitPrice { amount currency } lineTotal { amount currency } }`;

async function waitUntil(check: () => Promise<boolean> | boolean, ms = 5000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const verify = (secret: string, hook: { body: string; headers: Record<string, string> }) => new Webhook(secret).verify(hook.body, hook.headers);

describe.each(databaseKinds())("webhooks on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  let receiver: WebhookReceiver;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const advance = (ms: number) => {
    offset += ms;
  };
  // A restart keeps the data key, as DATA_KEY does in production: the secrets stay readable.
  const start = (testDb?: TestServer["testDb"]) =>
    startTestServer(kind, { testDb, webhooks: true, config: { webhooksAllowPrivate: true, webhookClock: clock, ...(testDb ? { cipher: server.services.cipher } : {}) } });
  const flush = () => server.webhooks!.flush();

  const createEndpoint = async (eventTypes: string[], url = receiver.url, token = shop.token) => {
    const result = (await gqlData(server.graphqlUrl, CREATE, { input: { url, eventTypes } }, token)).createWebhookEndpoint;
    expect(result.userErrors).toEqual([]);
    return result as { secret: string; endpoint: { id: string } };
  };
  const deliveries = async (endpointId: string, token = shop.token) => (await gqlData(server.graphqlUrl, DELIVERIES, { id: endpointId }, token)).webhookDeliveries.nodes as any[];
  const place = async (lines: Array<{ skuCode: string; quantity: number }>, token = shop.token) => {
    const placed = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines } }, token)).placeOrder;
    expect(placed.userErrors).toEqual([]);
    return placed.order as { id: string; number: number; status: string };
  };
  const removeEndpoints = async () => {
    for (const e of (await gqlData(server.graphqlUrl, LIST, {}, shop.token)).webhookEndpoints) await gqlData(server.graphqlUrl, DELETE, { id: e.id }, shop.token);
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    server = await start();
    shop = await createShop(server, { "W-1": [1000, 5], "W-2": [500, 100], "W-3": [700, 2] }, "Ganchos");
    other = await createShop(server, { "W-1": [1000, 5] }, "Outra");
  });
  afterAll(async () => {
    await server.stop();
    await receiver.stop();
  });
  beforeEach(async () => {
    await flush();
    await removeEndpoints();
    receiver.clear();
    receiver.answer = () => ({ status: 200, body: "ok" });
  });

  it("creates an endpoint with a whsec_ secret shown once and stored encrypted; delivers order events verified by standardwebhooks, with the Order as the API shows it", async () => {
    const { secret, endpoint } = await createEndpoint(["ORDER_PLACED", "ORDER_AWAITING_STOCK"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64").length).toBe(32);
    const [row] = await server.db.query<Record<string, unknown>>("SELECT * FROM webhook_endpoint WHERE id = ?", [Number(endpoint.id)]);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6, 30));
    expect(JSON.stringify(await gqlData(server.graphqlUrl, LIST, {}, shop.token))).not.toContain(secret.slice(6, 30));

    const order = await place([{ skuCode: "W-2", quantity: 1 }, { skuCode: "W-3", quantity: 5 }]);
    expect(order.status).toBe("AWAITING_STOCK");
    await flush();
    const placed = receiver.ofType("order.placed");
    expect(placed).toHaveLength(1);
    expect(receiver.ofType("order.awaiting_stock")).toHaveLength(1);
    const hook = placed[0]!;
    expect(verify(secret, hook)).toMatchObject({ type: "order.placed" });
    expect(hook.headers["webhook-id"]).toMatch(/^msg_\d+$/);
    expect(Math.abs(Number(hook.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(hook.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // A wrong secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(hook.body, hook.headers)).toThrow();
    // data is the Order exactly as the API's order query shows it.
    const viaApi = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: order.id }, shop.token)).order;
    expect(hook.json.data).toEqual(viaApi);
    expect(hook.json.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);

    const log = await deliveries(endpoint.id);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ status: "DELIVERED", attempts: 1, responseCode: 200, responseExcerpt: "ok" });
    expect(log.map((d) => d.webhookId).sort()).toEqual(receiver.received.map((r) => r.headers["webhook-id"]).sort());
    expect(log[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it("signs with both secrets during a rotation's overlap, and only the new one after it", async () => {
    const { secret: oldSecret, endpoint } = await createEndpoint(["ORDER_PLACED"]);
    const rotated = (await gqlData(server.graphqlUrl, ROTATE, { id: endpoint.id, h: 24 }, shop.token)).rotateWebhookSecret;
    expect(rotated.userErrors).toEqual([]);
    expect(rotated.secret).not.toBe(oldSecret);
    await place([{ skuCode: "W-2", quantity: 1 }]);
    await flush();
    const during = receiver.ofType("order.placed")[0]!;
    expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
    verify(oldSecret, during);
    verify(rotated.secret, during);

    advance(25 * 3600_000);
    receiver.clear();
    await place([{ skuCode: "W-2", quantity: 1 }]);
    await flush();
    const after = receiver.ofType("order.placed")[0]!;
    expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    verify(rotated.secret, after);
    expect(() => verify(oldSecret, after)).toThrow();
  });

  it("retries a failing receiver with exponential backoff and jitter, 8 tries over about 4 hours, then gives up", async () => {
    const { endpoint } = await createEndpoint(["ORDER_PLACED"]);
    receiver.answer = () => ({ status: 503, body: "down" });
    await place([{ skuCode: "W-2", quantity: 1 }]);
    await flush();
    const gaps: number[] = [];
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      const [d] = await deliveries(endpoint.id);
      expect(d).toMatchObject({ status: "PENDING", attempts: i, responseCode: 503, responseExcerpt: "down" });
      const wait = new Date(d.nextAttemptAt).getTime() - clock().getTime();
      gaps.push(wait);
      // Not before it is due.
      advance(wait - 2000);
      await flush();
      expect(receiver.received).toHaveLength(i);
      advance(2500);
      await flush();
      expect(receiver.received).toHaveLength(i + 1);
    }
    const [last] = await deliveries(endpoint.id);
    expect(last).toMatchObject({ status: "FAILED", attempts: 8, nextAttemptAt: null });
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
    const total = gaps.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3 * 3600_000);
    expect(total).toBeLessThan(5 * 3600_000);
    // Every try carried the same webhook-id.
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("does not retry a 4xx other than 408 and 429", async () => {
    const { endpoint } = await createEndpoint(["ORDER_PLACED"]);
    receiver.answer = () => ({ status: 400, body: "bad" });
    await place([{ skuCode: "W-2", quantity: 1 }]);
    await flush();
    advance(24 * 3600_000 - 1000);
    await flush();
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: "FAILED", attempts: 1, responseCode: 400 });

    for (const status of [408, 429]) {
      receiver.clear();
      receiver.answer = (hook) => (receiver.received.filter((r) => r.headers["webhook-id"] === hook.headers["webhook-id"]).length === 1 ? { status } : { status: 204 });
      await place([{ skuCode: "W-2", quantity: 1 }]);
      await flush();
      advance(3600_000);
      await flush();
      expect(receiver.received).toHaveLength(2);
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: "DELIVERED", attempts: 2, responseCode: 204 });
    }
  });

  it("keeps one order's events in order while another order's flow on", async () => {
    const { endpoint } = await createEndpoint(["ORDER_PLACED", "ORDER_AWAITING_STOCK", "ORDER_ON_HOLD"]);
    let failA = true;
    let orderA = "";
    receiver.answer = (hook) => (failA && hook.json.data.id === orderA ? { status: 500 } : { status: 200 });
    // Placing A blocks its first event; A's hold must wait behind it.
    const a = await place([{ skuCode: "W-3", quantity: 50 }]);
    orderA = a.id;
    await flush();
    const hold = await gqlData(server.graphqlUrl, `mutation($id: ID!) { holdOrderForRestock(orderId: $id) { order { status } } }`, { id: a.id }, shop.token);
    expect(hold.holdOrderForRestock.order.status).toBe("ON_HOLD_FOR_RESTOCK");
    const b = await place([{ skuCode: "W-2", quantity: 1 }]);
    await flush();
    // B went through; A's placed event was tried once, its later events not at all.
    expect(receiver.received.filter((r) => r.json.data.id === b.id).map((r) => r.json.type)).toEqual(["order.placed"]);
    expect(receiver.received.filter((r) => r.json.data.id === a.id).map((r) => r.json.type)).toEqual(["order.placed"]);
    failA = false;
    advance(10 * 60_000);
    await flush();
    await flush();
    const aTypes = receiver.received.filter((r) => r.json.data.id === a.id && r.headers["webhook-id"]).map((r) => r.json.type);
    expect(aTypes).toEqual(["order.placed", "order.placed", "order.awaiting_stock", "order.on_hold"]);
    expect((await deliveries(endpoint.id)).every((d) => d.status === "DELIVERED")).toBe(true);
  });

  it("a restart mid-delivery delivers the event again with the same webhook-id", async () => {
    const { secret, endpoint } = await createEndpoint(["ORDER_PLACED"]);
    receiver.answer = () => "hang";
    await place([{ skuCode: "W-2", quantity: 1 }]);
    await server.webhooks!.stop().catch(() => undefined);
    // A claim the stop abandoned (a crash) is due again once its lease has run out.
    advance(2 * 60_000);
    // Start the worker again in a fresh server, then "crash" it while the receiver holds the request.
    server.webhooks!.start();
    await waitUntil(() => receiver.received.length === 1);
    const firstId = receiver.received[0]!.headers["webhook-id"];
    await server.stop({ keepDatabase: true });
    const [row] = await (async () => {
      server = await start(server.testDb);
      return server.db.query<{ status: string; attempts: number }>("SELECT status, attempts FROM webhook_delivery WHERE endpoint_id = ?", [Number(endpoint.id)]);
    })();
    // Nothing was recorded of the interrupted attempt.
    expect(row).toMatchObject({ status: "PENDING", attempts: 0 });
    receiver.answer = () => ({ status: 200 });
    advance(ATTEMPT_LEASE_MS + 1000);
    await flush();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(firstId);
    verify(secret, receiver.received[1]!);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: "DELIVERED", attempts: 1, webhookId: firstId });
  });

  it("sends a test event, redelivers with the same webhook-id, and disables an endpoint after a day of failures", async () => {
    const { secret, endpoint } = await createEndpoint(["ORDER_SHIPPED"]);
    const test = (await gqlData(server.graphqlUrl, TEST, { id: endpoint.id }, shop.token)).sendTestWebhook;
    expect(test.userErrors).toEqual([]);
    await flush();
    const hook = receiver.ofType("webhook.test")[0]!;
    verify(secret, hook);
    expect(hook.headers["webhook-id"]).toBe(test.delivery.webhookId);
    const again = (await gqlData(server.graphqlUrl, REDELIVER, { id: test.delivery.id }, shop.token)).redeliverWebhook;
    expect(again.delivery).toMatchObject({ webhookId: test.delivery.webhookId, maxAttempts: 1 });
    await flush();
    expect(receiver.ofType("webhook.test").map((r) => r.headers["webhook-id"])).toEqual([test.delivery.webhookId, test.delivery.webhookId]);

    receiver.answer = () => ({ status: 500 });
    for (let i = 0; i < 6; i++) {
      await gqlData(server.graphqlUrl, TEST, { id: endpoint.id }, shop.token);
      await flush();
      advance(DISABLE_AFTER_MS / 5);
    }
    await gqlData(server.graphqlUrl, TEST, { id: endpoint.id }, shop.token);
    await flush();
    const [listed] = (await gqlData(server.graphqlUrl, LIST, {}, shop.token)).webhookEndpoints;
    expect(listed).toMatchObject({ enabled: false, disabledReason: "FAILING" });
    expect((await deliveries(endpoint.id)).filter((d) => d.status === "PENDING")).toEqual([]);
    const refused = (await gqlData(server.graphqlUrl, TEST, { id: endpoint.id }, shop.token)).sendTestWebhook;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    // Enabling it again clears the warning.
    const enabled = (await gqlData(server.graphqlUrl, UPDATE, { id: endpoint.id, input: { enabled: true } }, shop.token)).updateWebhookEndpoint;
    expect(enabled.endpoint).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("sends stock.out_of_stock and stock.back_in_stock only when available crosses zero", async () => {
    await createEndpoint(["STOCK_OUT_OF_STOCK", "STOCK_BACK_IN_STOCK"]);
    const skuId = String(shop.skus["W-1"]);
    const available = Number((await server.db.query<{ a: number }>("SELECT on_hand - allocated AS a FROM stock_level WHERE sku_id = ?", [Number(skuId)]))[0]!.a);
    await place([{ skuCode: "W-1", quantity: available - 1 }]); // 1 left: no crossing
    await flush();
    expect(receiver.received).toHaveLength(0);
    await place([{ skuCode: "W-1", quantity: 1 }]); // 0 left
    await flush();
    expect(receiver.received.map((r) => r.json.type)).toEqual(["stock.out_of_stock"]);
    expect(receiver.received[0]!.json.data).toMatchObject({ id: skuId, code: "W-1", stock: { available: 0 } });
    await place([{ skuCode: "W-1", quantity: 2 }]); // short: available stays 0
    await flush();
    expect(receiver.received).toHaveLength(1);
    await gqlData(server.graphqlUrl, RESTOCK, { skuId, quantity: 5 }, shop.token); // 2 to the waiting order, 3 available
    await flush();
    expect(receiver.received.map((r) => r.json.type)).toEqual(["stock.out_of_stock", "stock.back_in_stock"]);
    await gqlData(server.graphqlUrl, ADJUST, { skuId, delta: 4 }, shop.token);
    await gqlData(server.graphqlUrl, ADJUST, { skuId, delta: -7 }, shop.token);
    await flush();
    expect(receiver.received.map((r) => r.json.type)).toEqual(["stock.out_of_stock", "stock.back_in_stock", "stock.out_of_stock"]);
  });

  it("maps the order lifecycle and refunds: partially cancelled, resumed, cancelled, shipped, delivered, refund requested, ready and paid", async () => {
    // A shop of its own: nothing waits for its stock.
    const own = await createShop(server, { "L-1": [1000, 1], "L-2": [500, 10] }, "Ciclo");
    const { endpoint } = await createEndpoint([
      "ORDER_PARTIALLY_CANCELLED",
      "ORDER_RESUMED",
      "ORDER_CANCELLED",
      "ORDER_SHIPPED",
      "ORDER_DELIVERED",
      "REFUND_REQUESTED",
      "REFUND_READY_FOR_PAYOUT",
      "REFUND_PAID",
    ], receiver.url, own.token);
    const skuId = String(own.skus["L-1"]);
    // Partly served, the rest cancelled: partially cancelled, with a refund to the merchant (ready at once).
    const partial = await place([{ skuCode: "L-1", quantity: 3 }], own.token);
    const shipAvailable = await gqlData(
      server.graphqlUrl,
      `mutation($id: ID!) { shipAvailableItems(orderId: $id, refundTo: MERCHANT) { order { id status } userErrors { code message } } }`,
      { id: partial.id },
      own.token,
    );
    expect(shipAvailable.shipAvailableItems.userErrors).toEqual([]);
    // Waiting, then resumed by a restock.
    const waiting = await place([{ skuCode: "L-1", quantity: 1 }], own.token);
    await gqlData(server.graphqlUrl, RESTOCK, { skuId, quantity: 1 }, own.token);
    // Cancelled.
    const cancelled = await place([{ skuCode: "L-2", quantity: 1 }], own.token);
    await gqlData(server.graphqlUrl, `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "x") { userErrors { code } } }`, { id: cancelled.id }, own.token);
    // Shipped and delivered.
    const lines = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { lines { id quantity } } }`, { id: waiting.id }, own.token)).order.lines;
    const shipped = await gqlData(
      server.graphqlUrl,
      `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { userErrors { code message } } }`,
      { id: waiting.id, input: { carrier: "CORREIOS", trackingCode: "QB123456789BR", lines: lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) } },
      own.token,
    );
    expect(shipped.shipOrder.userErrors).toEqual([]);
    await gqlData(server.graphqlUrl, `mutation($id: ID!) { markDelivered(orderId: $id) { userErrors { code } } }`, { id: waiting.id }, own.token);
    await flush();
    const types = (orderId: string) => receiver.received.filter((r) => (r.json.data.order?.id ?? r.json.data.id) === orderId).map((r) => r.json.type);
    expect(types(partial.id)).toEqual(["order.partially_cancelled", "refund.requested", "refund.ready_for_payout"]);
    expect(types(waiting.id)).toEqual(["order.resumed", "order.shipped", "order.delivered"]);
    expect(types(cancelled.id)).toEqual(["order.cancelled", "refund.requested", "refund.ready_for_payout"]);
    // A refund event's data is the Refund as the API shows it.
    const refundHook = receiver.ofType("refund.requested").find((r) => r.json.data.order.id === cancelled.id)!;
    expect(refundHook.json.data).toMatchObject({ status: "READY_FOR_PAYOUT", destination: "MERCHANT", order: { id: cancelled.id } });
    const refundId = refundHook.json.data.id;
    const paid = await gqlData(server.graphqlUrl, `mutation($id: ID!) { markRefundPaid(refundId: $id, payoutReference: "E2E-1") { userErrors { code } } }`, { id: refundId }, own.token);
    expect(paid.markRefundPaid.userErrors).toEqual([]);
    await flush();
    expect(receiver.ofType("refund.paid").map((r) => r.json.data)).toEqual([expect.objectContaining({ id: refundId, status: "PAID", payoutReference: "E2E-1" })]);
    await gqlData(server.graphqlUrl, DELETE, { id: endpoint.id }, own.token);
  });

  it("sends claim.opened and return.received with the Claim and the Return as the API shows them", async () => {
    const own = await createShop(server, { "R-1": [1000, 10] }, "Pos-venda");
    const { endpoint } = await createEndpoint(["CLAIM_OPENED", "RETURN_RECEIVED"], receiver.url, own.token);
    const order = await place([{ skuCode: "R-1", quantity: 3 }], own.token);
    const lines = (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { lines { id quantity } } }`, { id: order.id }, own.token)).order.lines;
    const line = lines[0].id as string;
    const call = async (query: string, variables: Record<string, unknown>) => {
      const data = await gqlData(server.graphqlUrl, query, variables, own.token);
      const payload = Object.values(data)[0] as { userErrors?: unknown[] };
      expect(payload.userErrors ?? []).toEqual([]);
      return payload as any;
    };
    await call(`mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) { userErrors { code message } } }`, {
      id: order.id,
      input: { carrier: "CORREIOS", trackingCode: "QB123456789BR", lines: [{ orderLineId: line, quantity: 3 }] },
    });
    await call(`mutation($id: ID!) { markDelivered(orderId: $id) { userErrors { code message } } }`, { id: order.id });
    const claim = await call(`mutation($id: ID!, $lines: [ClaimLineInput!]!) { reportMissingItems(orderId: $id, lines: $lines) { claim { id } userErrors { code message } } }`, {
      id: order.id,
      lines: [{ orderLineId: line, quantity: 1 }],
    });
    const asked = await call(`mutation($id: ID!, $input: RequestReturnInput!) { requestReturn(orderId: $id, input: $input) { return { id lines { id } } userErrors { code message } } }`, {
      id: order.id,
      input: { lines: [{ orderLineId: line, quantity: 1, reason: "REGRET" }] },
    });
    await call(`mutation($id: ID!) { approveReturn(returnId: $id, instructions: "Send it back") { userErrors { code message } } }`, { id: asked.return.id });
    await call(`mutation($id: ID!, $input: ReceiveReturnInput!) { receiveReturn(returnId: $id, input: $input) { userErrors { code message } } }`, {
      id: asked.return.id,
      input: { lines: [{ returnLineId: asked.return.lines[0].id, quantityGood: 1, quantityDamaged: 0 }], settle: "REFUND", refundTo: "MERCHANT" },
    });
    await flush();
    expect(receiver.received.map((r) => r.json.type)).toEqual(["claim.opened", "return.received"]);
    expect(receiver.received[0]!.json.data).toMatchObject({ id: claim.claim.id, order: { id: order.id }, lines: [expect.objectContaining({ orderLineId: line, quantity: 1 })] });
    expect(receiver.received[1]!.json.data).toMatchObject({ id: asked.return.id, status: expect.any(String), order: { id: order.id }, lines: [expect.objectContaining({ quantityGood: 1 })] });
    await gqlData(server.graphqlUrl, DELETE, { id: endpoint.id }, own.token);
  });

  it("keeps shops apart: another shop's events, endpoints and deliveries stay its own", async () => {
    const { endpoint } = await createEndpoint(["ORDER_PLACED"]);
    await place([{ skuCode: "W-1", quantity: 1 }], other.token);
    await flush();
    expect(receiver.received).toHaveLength(0);
    expect((await gqlData(server.graphqlUrl, LIST, {}, other.token)).webhookEndpoints).toEqual([]);
    const peek = await gql(server.graphqlUrl, DELIVERIES, { id: endpoint.id }, other.token);
    expect(peek.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    for (const [q, v] of [
      [UPDATE, { id: endpoint.id, input: { enabled: false } }],
      [ROTATE, { id: endpoint.id }],
      [DELETE, { id: endpoint.id }],
      [TEST, { id: endpoint.id }],
    ] as const) {
      const data = (await gqlData(server.graphqlUrl, q, v, other.token)) as Record<string, { userErrors: Array<{ code: string }> }>;
      expect(Object.values(data)[0]!.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    }
    // An OPERATOR may not manage webhooks; an API key needs the webhooks scope.
    const operator = await addStaff(server, shop, "OPERATOR");
    expect((await gql(server.graphqlUrl, LIST, {}, operator.token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const key = async (scopes: string[]) =>
      (await gqlData(server.graphqlUrl, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: "k", scopes } }, shop.token)).createApiKey.secret;
    expect(((await gql(server.graphqlUrl, LIST, {}, await key(["ORDERS_READ"]))).errors?.[0]?.extensions as { requiredScope?: string } | undefined)?.requiredScope).toBe("webhooks");
    expect((await gqlData(server.graphqlUrl, LIST, {}, await key(["WEBHOOKS"]))).webhookEndpoints).toHaveLength(1);
  });

  it("refuses URLs that are not http(s) or resolve to internal addresses, at save and at delivery (DNS rebinding)", async () => {
    expect((await gqlData(server.graphqlUrl, CREATE, { input: { url: "ftp://example.com/x", eventTypes: ["ORDER_PLACED"] } }, shop.token)).createWebhookEndpoint.userErrors).toEqual([
      expect.objectContaining({ field: "url", code: "INVALID_FORMAT" }),
    ]);
    let answer = "93.184.216.34";
    const lookup = async (): Promise<LookupAddress[]> => [{ address: answer, family: answer.includes(":") ? 6 : 4 }];
    const guarded = new WebhookService(server.db, server.services.cipher, { allowPrivate: false, lookup, now: clock });
    const caller: Caller = { shopId: shop.shopId, shopCurrency: "BRL", shopLocale: "pt-BR", actor: SYSTEM_ACTOR, staffUserId: 1, role: "OWNER", sessionTokenHash: null };
    for (const bad of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:a00:1"]) {
      answer = bad;
      await expect(guarded.create(caller, { url: "https://hooks.example.com/in", eventTypes: ["ORDER_PLACED" as never] })).rejects.toMatchObject({
        errors: [expect.objectContaining({ code: "UNSAFE_URL", field: "url" })],
      });
      expect(isPrivateAddress(bad)).toBe(true);
    }
    for (const literal of ["http://127.0.0.1:9/x", "http://2130706433/x", "http://0x7f.1/x", "http://[::1]/x", "http://[::ffff:10.0.0.1]/x", "http://169.254.169.254/latest"]) {
      await expect(guarded.create(caller, { url: literal, eventTypes: ["ORDER_PLACED" as never] })).rejects.toMatchObject({ errors: [expect.objectContaining({ code: "UNSAFE_URL" })] });
    }
    for (const ok of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1", "100.128.0.1"]) expect(isPrivateAddress(ok)).toBe(false);
    // A name with one private address among public ones is refused too.
    await expect(checkWebhookUrl("https://x.example", { allowPrivate: false, lookup: async () => [{ address: "8.8.8.8", family: 4 }, { address: "10.0.0.1", family: 4 }] })).rejects.toThrow(/10\.0\.0\.1/);
    // WEBHOOKS_ALLOW_PRIVATE lifts it.
    await expect(checkWebhookUrl("http://127.0.0.1/x", { allowPrivate: true })).resolves.toHaveLength(1);

    // Saved while public, then the name turns private: the delivery is not made. (The server's own worker
    // is paused: only this guarded service may take the delivery.)
    await server.webhooks!.stop();
    answer = "93.184.216.34";
    const { endpoint } = await guarded.create(caller, { url: `http://rebind.example:${new URL(receiver.url).port}/hooks`, eventTypes: ["ORDER_PLACED" as never] });
    answer = "127.0.0.1";
    await guarded.sendTest(caller, endpoint.id);
    await guarded.sendDue(require("../../server/src/infra/logging/logger").createLogger("silent"));
    const [d] = await server.db.query<{ status: string; response_excerpt: string; response_code: number | null }>("SELECT status, response_excerpt, response_code FROM webhook_delivery WHERE endpoint_id = ?", [endpoint.id]);
    expect(d!.response_code).toBeNull();
    expect(d!.response_excerpt).toMatch(/^Not sent: .*127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(0);
    server.webhooks!.start();
  });
});
