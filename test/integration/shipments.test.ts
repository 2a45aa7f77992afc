import { addStaff, CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, SHIP_AVAILABLE, ShopFixture, shopSnapshot as snapshotOf, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { startSmtpServer, TestSmtpServer } from "../helpers/smtp";
import { subscribe, wsClient } from "../helpers/subscriptions";

const ORDER = `query($id: ID!) { order(id: $id) {
  id number status fulfillment shippedQuantity unshippedQuantity allowedResolutions
  shippingAddress { recipientName street number complement district city region postalCode country }
  lines { id skuCode quantity allocated shipped }
  shipments { id number carrier carrierName trackingCode trackingUrl shippedAt deliveredAt actor { type name } lines { orderLineId quantity } }
  events { type data }
  messages { kind status }
} }`;
const SHIP = `mutation($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) {
  order { id status fulfillment shippedQuantity unshippedQuantity lines { id shipped } }
  shipment { id number carrier carrierName trackingCode trackingUrl lines { orderLineId quantity } }
  userErrors { field code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { id status } userErrors { field code message } } }`;
const PAGE = `query($t: String!) { orderPage(token: $t) {
  status lines { name quantity shipped } shipTo { city region postalCode country }
  shipments { number carrier carrierName trackingCode trackingUrl shippedAt deliveredAt items { name quantity } } } }`;
const ADDRESS = { street: "Avenida Paulista", number: "1000", complement: "ap. 12", district: "Bela Vista", city: "São Paulo", region: "sp", postalCode: "01310100" };

/** Levels as they are, and as the ledger sums them. */
async function ledger(server: TestServer, shopId: number, skuId: number) {
  const [level] = await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE shop_id = ? AND sku_id = ?", [shopId, skuId]);
  const sales = await server.db.query<{ quantity: number; on_hand_delta: number; allocated_delta: number; order_line_id: number }>(
    "SELECT quantity, on_hand_delta, allocated_delta, order_line_id FROM stock_movement WHERE shop_id = ? AND sku_id = ? AND kind = 'SALE' ORDER BY id",
    [shopId, skuId],
  );
  return { onHand: Number(level!.on_hand), allocated: Number(level!.allocated), sales: sales.map((s) => ({ quantity: Number(s.quantity), onHandDelta: Number(s.on_hand_delta), allocatedDelta: Number(s.allocated_delta), orderLineId: String(s.order_line_id) })) };
}

describe.each(databaseKinds())("shipments on %s", (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { mail: { smtpUrl: smtp.url } });
    shop = await createShop(server, { MUG: [2500, 1000], TEE: [4990, 1000], RARE: [9900, 1] }, "Loja da Ana");
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  const call = async (query: string, variables: Record<string, unknown>, token = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
  const place = async (lines: Array<[string, number]>, extra: Record<string, unknown> = {}) => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), shipping: 1500, ...extra } });
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };
  const order = (id: string) => call(ORDER, { id });
  // E-mail sent meanwhile adds MESSAGE_SENT events: everything is sent before the shop is compared.
  const shopSnapshot = async (_server: TestServer, shopId: number) => {
    await server.mail!.flush();
    return snapshotOf(server, shopId);
  };
  const ship = (id: string, input: Record<string, unknown>, token?: string) => call(SHIP, { id, input }, token);

  it("ships an order in two parcels: SALE movements keep the levels equal to the ledger, READY until the last unit leaves", async () => {
    const id = await place([["MUG", 3], ["TEE", 2]], { shippingAddress: ADDRESS });
    const before = { mug: await ledger(server, shop.shopId, shop.skus.MUG!), tee: await ledger(server, shop.shopId, shop.skus.TEE!) };
    const placed = await order(id);
    expect(placed).toMatchObject({ status: "READY", fulfillment: "UNFULFILLED", shippedQuantity: 0, unshippedQuantity: 5, shipments: [] });
    const [mug, tee] = placed.lines;

    const first = await ship(id, { carrier: "CORREIOS", trackingCode: "qb 123 456 789 br", lines: [{ orderLineId: mug.id, quantity: 2 }] });
    expect(first.userErrors).toEqual([]);
    expect(first.shipment).toMatchObject({
      number: 1,
      carrier: "CORREIOS",
      carrierName: "Correios",
      trackingCode: "QB123456789BR",
      trackingUrl: "https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR",
      lines: [{ orderLineId: mug.id, quantity: 2 }],
    });
    expect(first.order).toMatchObject({ status: "READY", fulfillment: "PARTIALLY_SHIPPED", shippedQuantity: 2, unshippedQuantity: 3 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const afterFirst = await ledger(server, shop.shopId, shop.skus.MUG!);
    // On hand and allocated both drop; what is available does not change.
    expect(afterFirst.onHand).toBe(before.mug.onHand - 2);
    expect(afterFirst.allocated).toBe(before.mug.allocated - 2);
    expect(afterFirst.sales.slice(before.mug.sales.length)).toEqual([{ quantity: 2, onHandDelta: -2, allocatedDelta: -2, orderLineId: mug.id }]);

    // The second parcel takes the rest (lines omitted): the order is SHIPPED with it.
    const second = await ship(id, { carrier: "JADLOG", trackingCode: "10082513456789" });
    expect(second.userErrors).toEqual([]);
    expect(second.shipment.number).toBe(2);
    expect(second.shipment.lines).toEqual([
      { orderLineId: mug.id, quantity: 1 },
      { orderLineId: tee.id, quantity: 2 },
    ]);
    expect(second.order).toMatchObject({ status: "SHIPPED", fulfillment: "SHIPPED", shippedQuantity: 5, unshippedQuantity: 0 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    expect((await ledger(server, shop.shopId, shop.skus.TEE!)).onHand).toBe(before.tee.onHand - 2);

    const shipped = await order(id);
    expect(shipped.shipments.map((s: any) => [s.number, s.carrier, s.actor.type, s.deliveredAt])).toEqual([
      [1, "CORREIOS", "STAFF", null],
      [2, "JADLOG", "STAFF", null],
    ]);
    expect(shipped.events.filter((e: any) => e.type === "SHIPMENT_SENT").map((e: any) => JSON.parse(e.data).status)).toEqual(["READY", "SHIPPED"]);
    expect(shipped.allowedResolutions).toEqual([]);

    const delivered = await call(DELIVER, { id });
    expect(delivered).toEqual({ order: { id, status: "DELIVERED" }, userErrors: [] });
    const done = await order(id);
    expect(done.shipments.every((s: any) => s.deliveredAt !== null)).toBe(true);
    expect(done.events.map((e: any) => e.type)).toContain("ORDER_DELIVERED");
  });

  it("marks delivered only a SHIPPED order; DELIVERED and CANCELLED never change, and a refusal changes nothing", async () => {
    const partly = await place([["MUG", 2]]);
    const mugLine = (await order(partly)).lines[0].id;
    expect((await ship(partly, { carrier: "LOGGI", trackingCode: "LGI-0001", lines: [{ orderLineId: mugLine, quantity: 1 }] })).userErrors).toEqual([]);
    let before = await shopSnapshot(server, shop.shopId);
    expect((await call(DELIVER, { id: partly })).userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "INVALID_TRANSITION" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    // A READY order with shipped units cannot be cancelled: the parcel is out.
    const cancel = await call(CANCEL, { id: partly, to: "MERCHANT", reason: "desistiu" });
    expect(cancel.userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "ALREADY_SHIPPED" })]);
    expect((await order(partly)).allowedResolutions).toEqual([]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    expect((await ship(partly, { carrier: "LOGGI", trackingCode: "LGI-0002" })).order.status).toBe("SHIPPED");
    expect((await call(DELIVER, { id: partly })).order.status).toBe("DELIVERED");

    const cancelled = await place([["TEE", 1]]);
    expect((await call(CANCEL, { id: cancelled, to: "MERCHANT", reason: "desistiu" })).userErrors).toEqual([]);
    const waiting = await place([["RARE", 2]]);
    const held = await place([["RARE", 2]]);
    expect((await call(HOLD, { id: held })).userErrors).toEqual([]);

    before = await shopSnapshot(server, shop.shopId);
    const attempts: Array<[string, string, () => Promise<any>]> = [
      ["ship a delivered order", "INVALID_TRANSITION", () => ship(partly, { carrier: "CORREIOS", trackingCode: "QB123456780BR" })],
      ["deliver a delivered order again", "INVALID_TRANSITION", () => call(DELIVER, { id: partly })],
      ["cancel a delivered order", "INVALID_TRANSITION", () => call(CANCEL, { id: partly, to: "MERCHANT", reason: "x" })],
      ["hold a delivered order", "INVALID_TRANSITION", () => call(HOLD, { id: partly })],
      ["ship a cancelled order", "INVALID_TRANSITION", () => ship(cancelled, { carrier: "CORREIOS", trackingCode: "QB123456781BR" })],
      ["deliver a cancelled order", "INVALID_TRANSITION", () => call(DELIVER, { id: cancelled })],
      ["cancel a cancelled order", "INVALID_TRANSITION", () => call(CANCEL, { id: cancelled, to: "MERCHANT", reason: "x" })],
      ["ship an order waiting for stock", "INVALID_TRANSITION", () => ship(waiting, { carrier: "CORREIOS", trackingCode: "QB123456782BR" })],
      ["ship an order on hold", "INVALID_TRANSITION", () => ship(held, { carrier: "CORREIOS", trackingCode: "QB123456783BR" })],
      ["deliver an order waiting for stock", "INVALID_TRANSITION", () => call(DELIVER, { id: waiting })],
      ["ship what is available of a delivered order", "INVALID_TRANSITION", () => call(SHIP_AVAILABLE, { id: partly, to: "MERCHANT" })],
      ["ship another shop's order", "NOT_FOUND", async () => ship(partly, { carrier: "CORREIOS", trackingCode: "QB123456784BR" }, (await createShop(server, {}, "Outra")).token)],
      ["ship an unknown order", "NOT_FOUND", () => ship("99999999", { carrier: "CORREIOS", trackingCode: "QB123456785BR" })],
    ];
    for (const [what, code, attempt] of attempts) {
      const result = await attempt();
      expect([what, result.userErrors.map((e: any) => e.code)]).toEqual([what, [code]]);
    }
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect((await order(partly)).status).toBe("DELIVERED");
    expect((await order(cancelled)).status).toBe("CANCELLED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses more than a line has left, unknown or repeated lines, and nothing left to ship, changing nothing", async () => {
    const id = await place([["MUG", 2], ["TEE", 1]]);
    const [mug, tee] = (await order(id)).lines;
    const other = (await order(await place([["TEE", 1]]))).lines[0].id;
    const before = await shopSnapshot(server, shop.shopId);
    const refused = await ship(id, {
      carrier: "DPD",
      trackingCode: "0000123456789U",
      lines: [
        { orderLineId: mug.id, quantity: 3 },
        { orderLineId: other, quantity: 1 },
      ],
    });
    expect(refused).toMatchObject({ order: null, shipment: null });
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ field: "input.lines.0.quantity", code: "EXCEEDS_UNSHIPPED" }),
      expect.objectContaining({ field: "input.lines.1.orderLineId", code: "NOT_FOUND" }),
    ]);
    const repeated = await ship(id, { carrier: "DPD", trackingCode: "0000123456789U", lines: [{ orderLineId: tee.id, quantity: 1 }, { orderLineId: tee.id, quantity: 1 }] });
    expect(repeated.userErrors).toEqual([expect.objectContaining({ field: "input.lines.1.orderLineId", code: "INVALID_FORMAT" })]);
    const zero = await ship(id, { carrier: "DPD", trackingCode: "0000123456789U", lines: [{ orderLineId: tee.id, quantity: 0 }] });
    expect(zero.userErrors).toEqual([expect.objectContaining({ field: "input.lines.0.quantity", code: "OUT_OF_RANGE" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    expect((await ship(id, { carrier: "DPD", trackingCode: "0000123456789U" })).userErrors).toEqual([]);
    // Every unit is out: nothing left, and the status says so first.
    const again = await ship(id, { carrier: "DPD", trackingCode: "0000123456789V", lines: [{ orderLineId: tee.id, quantity: 1 }] });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("checks carriers' tracking codes and URLs", async () => {
    const id = await place([["MUG", 1]]);
    const before = await shopSnapshot(server, shop.shopId);
    const codes = async (input: Record<string, unknown>) => (await ship(id, input)).userErrors.map((e: any) => `${e.field}:${e.code}`);
    expect(await codes({ carrier: "CORREIOS", trackingCode: "123456789" })).toEqual(["input.trackingCode:INVALID_TRACKING_CODE"]);
    expect(await codes({ carrier: "CORREIOS", trackingCode: "QB123456789US" })).toEqual(["input.trackingCode:INVALID_TRACKING_CODE"]);
    expect(await codes({ carrier: "JADLOG", trackingCode: "  " })).toEqual(["input.trackingCode:REQUIRED"]);
    expect(await codes({ carrier: "JADLOG", trackingCode: "abc/../x" })).toEqual(["input.trackingCode:INVALID_TRACKING_CODE"]);
    expect(await codes({ carrier: "JADLOG", trackingCode: "A".repeat(41) })).toEqual(["input.trackingCode:OUT_OF_RANGE"]);
    expect(await codes({ carrier: "OTHER", trackingCode: "XY-1234" })).toEqual(["input.trackingUrl:REQUIRED"]);
    expect(await codes({ carrier: "OTHER", trackingCode: "XY-1234", trackingUrl: "javascript:alert(1)" })).toEqual(["input.trackingUrl:INVALID_URL"]);
    expect(await codes({ carrier: "OTHER", trackingCode: "XY-1234", trackingUrl: "ftp://rastreio.test/XY-1234" })).toEqual(["input.trackingUrl:INVALID_URL"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    const other = await ship(id, { carrier: "OTHER", trackingCode: "xy-1234", trackingUrl: "https://rastreio.transportadora.test/?c=XY-1234" });
    expect(other.userErrors).toEqual([]);
    expect(other.shipment).toMatchObject({ carrierName: "Other", trackingCode: "XY-1234", trackingUrl: "https://rastreio.transportadora.test/?c=XY-1234" });
  });

  it("ships the same units once when clients race for them", async () => {
    const id = await place([["MUG", 10]]);
    const line = (await order(id)).lines[0].id;
    // Six parcels of 3 for 10 units: three fit, three are refused whole.
    const parcels = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ship(id, { carrier: "TOTAL_EXPRESS", trackingCode: `TX-RACE-${i}`, lines: [{ orderLineId: line, quantity: 3 }] })),
    );
    const shipped = parcels.filter((p) => p.userErrors.length === 0);
    expect(shipped).toHaveLength(3);
    for (const p of parcels.filter((p) => p.userErrors.length > 0)) expect(p.userErrors).toEqual([expect.objectContaining({ code: "EXCEEDS_UNSHIPPED" })]);
    expect(shipped.map((p) => p.shipment.number).sort()).toEqual([1, 2, 3]);
    const after = await order(id);
    expect(after).toMatchObject({ status: "READY", shippedQuantity: 9, unshippedQuantity: 1 });

    // Everything that is left, asked for by several clients at once: one parcel takes it.
    const rest = await Promise.all(Array.from({ length: 5 }, (_, i) => ship(id, { carrier: "J_T", trackingCode: `JT-REST-${i}` })));
    expect(rest.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    expect(rest.filter((p) => p.userErrors.length > 0).every((p) => p.userErrors[0].code === "INVALID_TRANSITION")).toBe(true);
    const final = await order(id);
    expect(final).toMatchObject({ status: "SHIPPED", shippedQuantity: 10, unshippedQuantity: 0 });
    expect(final.shipments).toHaveLength(4);
    const sales = (await ledger(server, shop.shopId, shop.skus.MUG!)).sales.filter((s) => s.orderLineId === line);
    expect(sales.reduce((sum, s) => sum + s.quantity, 0)).toBe(10);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("takes a shipping address with placeOrder: CEP normalised, Polish postal codes, UF checked", async () => {
    const id = await place([["MUG", 1]], { shippingAddress: { ...ADDRESS, recipientName: "  Ana Lima " } });
    expect((await order(id)).shippingAddress).toEqual({
      recipientName: "Ana Lima",
      street: "Avenida Paulista",
      number: "1000",
      complement: "ap. 12",
      district: "Bela Vista",
      city: "São Paulo",
      region: "SP",
      postalCode: "01310-100",
      country: "BR",
    });
    const pl = await place([["MUG", 1]], { shippingAddress: { street: "ul. Marszałkowska", number: "1", city: "Warszawa", postalCode: "00-950", country: "pl" } });
    expect((await order(pl)).shippingAddress).toMatchObject({ postalCode: "00-950", country: "PL", region: null });
    expect((await order(await place([["MUG", 1]]))).shippingAddress).toBeNull();

    const before = await shopSnapshot(server, shop.shopId);
    const refused = async (address: Record<string, unknown>) => {
      const result = await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "MUG", quantity: 1 }], shippingAddress: address } });
      expect(result.order).toBeNull();
      return result.userErrors.map((e: any) => `${e.field}:${e.code}`);
    };
    expect(await refused({ ...ADDRESS, postalCode: "0131-0100" })).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(await refused({ ...ADDRESS, postalCode: "00-950" })).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(await refused({ ...ADDRESS, postalCode: "00950", country: "PL", region: null })).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(await refused({ ...ADDRESS, region: "XX" })).toEqual(["shippingAddress.region:INVALID_REGION"]);
    expect(await refused({ ...ADDRESS, region: null })).toEqual(["shippingAddress.region:REQUIRED"]);
    expect(await refused({ ...ADDRESS, street: " ", city: "" })).toEqual(["shippingAddress.street:REQUIRED", "shippingAddress.city:REQUIRED"]);
    expect(await refused({ ...ADDRESS, country: "ZZ" })).toEqual(["shippingAddress.country:INVALID_FORMAT"]);
    expect(await refused({ ...ADDRESS, complement: "a\u202Eb" })).toEqual(["shippingAddress.complement:INVALID_FORMAT"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("e-mails the customer each parcel's tracking and the delivery, unless the shop turned them off", async () => {
    const id = await place([["MUG", 2], ["TEE", 1]]);
    const { number, lines } = await order(id);
    await server.mail!.flush();
    const start = smtp.received.length;
    await ship(id, { carrier: "CORREIOS", trackingCode: "QB987654321BR", lines: [{ orderLineId: lines[0].id, quantity: 2 }] });
    await ship(id, { carrier: "OTHER", trackingCode: "MOTOBOY-7", trackingUrl: "https://entregas.loja.test/t/MOTOBOY-7" });
    await call(DELIVER, { id });
    await server.mail!.flush();
    const mails = (await smtp.waitFor(start + 3)).slice(start).filter((m) => m.subject.includes(`#${number}`));
    expect(mails.map((m) => m.subject)).toEqual([`Pedido #${number}: parte do seu pedido foi enviada`, `Pedido #${number} enviado`, `Pedido #${number} entregue`]);
    expect(mails[0]!.text).toContain("Transportadora: Correios. Código de rastreio: QB987654321BR.");
    expect(mails[0]!.text).toContain("2 × Item MUG");
    expect(mails[0]!.html).toContain('href="https://rastreamento.correios.com.br/app/index.php?objetos=QB987654321BR"');
    expect(mails[1]!.html).toContain('href="https://entregas.loja.test/t/MOTOBOY-7"');
    expect(mails[1]!.text).toContain("1 × Item TEE");
    expect(mails[1]!.text).not.toContain("Item MUG");

    // Turned off: planned as SKIPPED, never sent.
    const set = `mutation($kind: MessageKind!) { setNotificationEnabled(kind: $kind, enabled: false) { userErrors { code } } }`;
    expect((await call(set, { kind: "ORDER_SHIPPED" })).userErrors).toEqual([]);
    const quiet = await place([["MUG", 1]]);
    await ship(quiet, { carrier: "LOGGI", trackingCode: "LGI-QUIET" });
    await server.mail!.flush();
    const messages = (await order(quiet)).messages;
    expect(messages.filter((m: any) => m.kind === "ORDER_SHIPPED")).toEqual([{ kind: "ORDER_SHIPPED", status: "SKIPPED" }]);
    await call(`mutation { setNotificationEnabled(kind: ORDER_SHIPPED, enabled: true) { userErrors { code } } }`, {});
  });

  it("shows the parcels and their tracking on the customer's public page, and only the place of the address", async () => {
    const id = await place([["MUG", 1], ["TEE", 1]], { shippingAddress: ADDRESS });
    const { lines } = await order(id);
    await ship(id, { carrier: "INPOST", trackingCode: "620123456789012345678901", lines: [{ orderLineId: lines[1].id, quantity: 1 }] });
    const link = (await call(`query($id: ID!) { order(id: $id) { customerPageLink } }`, { id })).customerPageLink as string;
    const page = await call(PAGE, { t: link.split("/order/")[1] }, undefined);
    expect(page.status).toBe("READY");
    expect(page.lines).toEqual([
      { name: "Item MUG", quantity: 1, shipped: 0 },
      { name: "Item TEE", quantity: 1, shipped: 1 },
    ]);
    expect(page.shipTo).toEqual({ city: "São Paulo", region: "SP", postalCode: "01310-100", country: "BR" });
    expect(JSON.stringify(page)).not.toContain("Paulista");
    expect(page.shipments).toEqual([
      {
        number: 1,
        carrier: "INPOST",
        carrierName: "InPost",
        trackingCode: "620123456789012345678901",
        trackingUrl: "https://inpost.pl/sledzenie-przesylek?number=620123456789012345678901",
        shippedAt: expect.any(String),
        deliveredAt: null,
        items: [{ name: "Item TEE", quantity: 1 }],
      },
    ]);
  });

  it("pushes each parcel and the delivery to the order's live subscribers", async () => {
    const id = await place([["MUG", 2]]);
    const line = (await order(id)).lines[0].id;
    const client = wsClient(server.wsUrl, shop.token);
    try {
      const live = subscribe(client, `subscription($id: ID) { orderUpdated(orderId: $id) { id status fulfillment shippedQuantity shipments { number trackingCode } } }`, { id });
      await server.subscribed("ORDER_UPDATED", shop.shopId);
      await ship(id, { carrier: "LOGGI", trackingCode: "LGI-LIVE-1", lines: [{ orderLineId: line, quantity: 1 }] });
      const partly = await live.waitFor((v) => v.orderUpdated.shippedQuantity === 1);
      expect(partly.orderUpdated).toMatchObject({ status: "READY", fulfillment: "PARTIALLY_SHIPPED", shipments: [{ number: 1, trackingCode: "LGI-LIVE-1" }] });
      await ship(id, { carrier: "LOGGI", trackingCode: "LGI-LIVE-2" });
      await live.waitFor((v) => v.orderUpdated.status === "SHIPPED" && v.orderUpdated.shipments.length === 2);
      await call(DELIVER, { id });
      await live.waitFor((v) => v.orderUpdated.status === "DELIVERED");
    } finally {
      await client.dispose();
    }
  });

  it("lets an OPERATOR ship and mark delivered", async () => {
    const operator = await addStaff(server, shop, "OPERATOR");
    const id = await place([["MUG", 1]]);
    expect((await ship(id, { carrier: "POCZTA_POLSKA", trackingCode: "00659007734560000000" }, operator.token)).userErrors).toEqual([]);
    expect((await call(DELIVER, { id }, operator.token)).order.status).toBe("DELIVERED");
  });
});
