import { Caller } from "../../server/src/infra/graphql/context";
import { UserInputError } from "../../server/src/infra/graphql/errors";
import { CANCEL, createShop, customer, HEALTHY, HOLD, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const LINE_FIELDS = "id skuCode quantity allocated short cancelled unitPrice { amount } replacesLineId";
const ORDER_FIELDS = `id number status subtotal { amount } discount { amount } total { amount } refundedTotal { amount }
  lines { ${LINE_FIELDS} substituteOffers { id sku { id code } } }`;
const PREVIEW = `query($line: ID!, $sku: ID!) {
  substitutionPreview(orderLineId: $line, skuId: $sku) {
    orderLine { id } sku { code } quantity available unitPrice { amount } priceDifference { amount } refundAmount { amount } absorbedAmount { amount }
    resultingStatus userErrors { field code }
  }
}`;
const SUBSTITUTE = `mutation($line: ID!, $sku: ID!, $to: RefundDestination) {
  substituteLine(orderLineId: $line, skuId: $sku, refundTo: $to) {
    order { ${ORDER_FIELDS} }
    orderLine { ${LINE_FIELDS} }
    refund { amount { amount } shippingAmount { amount } destination status lines { quantity amount { amount } orderLine { skuCode } } }
    refundLink
    userErrors { field code message }
  }
}`;
const OFFER = `mutation($line: ID!, $skus: [ID!]!) {
  offerSubstitutes(orderLineId: $line, skuIds: $skus) { order { id status } orderLine { id substituteOffers { sku { code } } } userErrors { field code message } }
}`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} events { type data actor { type name } } } }`;

describe.each(databaseKinds())("equivalent products on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, {
      PLENTY: [1000, 1000],
      SCARCE: [2000, 0],
      RARE: [3000, 0],
      CHEAP: [1500, 1000],
      DEAR: [2600, 1000],
      LIMITED: [1800, 0],
      ALT1: [2000, 10],
      ALT2: [2000, 10],
      ALT3: [2000, 10],
      ALT4: [2000, 10],
      ALT5: [2000, 10],
      ALT6: [2000, 10],
    });
    other = await createShop(server, { THEIRS: [1000, 0], THEIR_ALT: [900, 100] }, "Other shop");
  });
  afterAll(() => server.stop());

  const data = async (query: string, variables: Record<string, unknown>, token = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
  const sku = (code: string) => String(shop.skus[code]);
  /** An AWAITING_STOCK order: 1 PLENTY allocated and `short` SCARCE short (plus the extra lines). */
  const shortOrder = async (short = 2, extra: Array<{ skuCode: string; quantity: number }> = [], fixture = shop, shortCode = "SCARCE") => {
    const placed = await data(
      PLACE_ORDER,
      { input: { customer: customer(), lines: [{ skuCode: fixture === shop ? "PLENTY" : "THEIR_ALT", quantity: 1 }, { skuCode: shortCode, quantity: short }, ...extra], shipping: 500 } },
      fixture.token,
    );
    expect(placed.order.status).toBe("AWAITING_STOCK");
    const order = await data(ORDER, { id: placed.order.id }, fixture.token);
    return { order, shortLine: order.lines.find((l: { skuCode: string }) => l.skuCode === shortCode) };
  };
  const level = async (code: string) =>
    (await server.db.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE sku_id = ?", [shop.skus[code]]))[0]!;

  it("substitutes a cheaper sku: short units cancelled, the substitute reserved on a new line, the difference refunded, the order READY", async () => {
    const { order, shortLine } = await shortOrder(2);
    const cheapBefore = await level("CHEAP");
    const preview = await data(PREVIEW, { line: shortLine.id, sku: sku("CHEAP") });
    expect(preview).toEqual({
      orderLine: { id: shortLine.id },
      sku: { code: "CHEAP" },
      quantity: 2,
      available: cheapBefore.on_hand - cheapBefore.allocated,
      unitPrice: { amount: 1500 },
      priceDifference: { amount: -1000 },
      refundAmount: { amount: 1000 },
      absorbedAmount: { amount: 0 },
      resultingStatus: "READY",
      userErrors: [],
    });
    // The preview changed nothing.
    expect(await level("CHEAP")).toEqual(cheapBefore);

    // Cheaper: where the difference goes must be said.
    const before = await shopSnapshot(server, shop.shopId);
    const missing = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("CHEAP") });
    expect(missing.userErrors).toEqual([expect.objectContaining({ field: "refundTo", code: "REQUIRED" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    const done = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("CHEAP"), to: "MERCHANT" });
    expect(done.userErrors).toEqual([]);
    expect(done.order.status).toBe("READY");
    expect(done.orderLine).toEqual({
      id: expect.any(String),
      skuCode: "CHEAP",
      quantity: 2,
      allocated: 2,
      short: 0,
      cancelled: 0,
      unitPrice: { amount: 1500 },
      replacesLineId: shortLine.id,
    });
    const old = done.order.lines.find((l: { id: string }) => l.id === shortLine.id);
    expect(old).toEqual(expect.objectContaining({ quantity: 2, allocated: 0, short: 0, cancelled: 2 }));
    expect(done.refund).toEqual({
      amount: { amount: 1000 },
      shippingAmount: { amount: 0 },
      destination: "MERCHANT",
      status: "READY_FOR_PAYOUT",
      lines: [{ quantity: 2, amount: { amount: 1000 }, orderLine: { skuCode: "SCARCE" } }],
    });
    expect(done.refundLink).toBeNull();
    // Totals stay what the customer was charged; the refund is beside them.
    expect([done.order.subtotal.amount, done.order.discount.amount, done.order.total.amount]).toEqual([
      order.subtotal.amount,
      order.discount.amount,
      order.total.amount,
    ]);
    expect(done.order.refundedTotal.amount).toBe(1000);
    expect(await level("CHEAP")).toEqual({ on_hand: cheapBefore.on_hand, allocated: cheapBefore.allocated + 2 });

    const timeline = await data(ORDER, { id: order.id });
    const events = timeline.events.slice(-3);
    expect(events.map((e: { type: string }) => e.type)).toEqual(["LINE_SUBSTITUTED", "REFUND_CREATED", "ORDER_RESUMED"]);
    expect(events.every((e: { actor: { type: string } }) => e.actor.type === "STAFF")).toBe(true);
    expect(JSON.parse(events[0].data)).toEqual({
      orderLineId: Number(shortLine.id),
      newOrderLineId: Number(done.orderLine.id),
      from: { skuId: shop.skus.SCARCE, skuCode: "SCARCE" },
      to: { skuId: shop.skus.CHEAP, skuCode: "CHEAP" },
      quantity: 2,
      unitPrice: 2000,
      substitutePrice: 1500,
      priceDifference: -1000,
      refunded: 1000,
      absorbed: 0,
    });
    expect(JSON.parse(events[2].data)).toEqual({ cause: "SUBSTITUTION" });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    // Done once: the line is no longer short.
    const again = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("CHEAP"), to: "MERCHANT" });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
  });

  it("is a resolution of orders with a short line, previewed per line and sku", async () => {
    const { order } = await shortOrder(1);
    const generic = await gqlData(
      server.graphqlUrl,
      `query($id: ID!) { order(id: $id) { allowedResolutions } resolutionPreview(orderId: $id, resolution: SUBSTITUTE) { resultingStatus userErrors { field code } } }`,
      { id: order.id },
      shop.token,
    );
    expect(generic.order.allowedResolutions).toEqual(["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "CANCEL", "SUBSTITUTE"]);
    // The order-wide preview cannot say which line and sku: it points at substitutionPreview.
    expect(generic.resolutionPreview).toEqual({ resultingStatus: null, userErrors: [{ field: "skuId", code: "REQUIRED" }] });
  });

  it("sends the difference to the customer with a refund link when asked", async () => {
    const { shortLine } = await shortOrder(1);
    const done = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("CHEAP"), to: "CUSTOMER" });
    expect(done.userErrors).toEqual([]);
    expect(done.refund).toEqual(expect.objectContaining({ amount: { amount: 500 }, destination: "CUSTOMER", status: "AWAITING_CUSTOMER_DETAILS" }));
    expect(done.refundLink).toMatch(/\/refund\/[A-Za-z0-9_-]+$/);
  });

  it("substitutes a dearer sku: the shop absorbs the difference, the customer pays nothing more", async () => {
    const { order, shortLine } = await shortOrder(2);
    const preview = await data(PREVIEW, { line: shortLine.id, sku: sku("DEAR") });
    expect(preview).toEqual(
      expect.objectContaining({ quantity: 2, unitPrice: { amount: 2000 }, priceDifference: { amount: 1200 }, refundAmount: { amount: 0 }, absorbedAmount: { amount: 1200 }, resultingStatus: "READY", userErrors: [] }),
    );
    const done = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("DEAR") });
    expect(done.userErrors).toEqual([]);
    expect(done.refund).toBeNull();
    expect(done.order.status).toBe("READY");
    expect(done.orderLine).toEqual(expect.objectContaining({ skuCode: "DEAR", allocated: 2, unitPrice: { amount: 2000 }, replacesLineId: shortLine.id }));
    expect(done.order.total.amount).toBe(order.total.amount);
    expect(done.order.refundedTotal.amount).toBe(0);
    const timeline = await data(ORDER, { id: order.id });
    const substituted = timeline.events.find((e: { type: string }) => e.type === "LINE_SUBSTITUTED");
    expect(JSON.parse(substituted.data)).toEqual(expect.objectContaining({ priceDifference: 1200, absorbed: 1200, refunded: 0 }));
    expect(timeline.events.map((e: { type: string }) => e.type)).not.toContain("REFUND_CREATED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("leaves the order waiting while another line is still short, and keeps ON_HOLD_FOR_RESTOCK", async () => {
    const { order, shortLine } = await shortOrder(1, [{ skuCode: "RARE", quantity: 1 }]);
    await data(HOLD, { id: order.id });
    const preview = await data(PREVIEW, { line: shortLine.id, sku: sku("DEAR") });
    expect(preview.resultingStatus).toBe("ON_HOLD_FOR_RESTOCK");
    const done = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("DEAR") });
    expect(done.order.status).toBe("ON_HOLD_FOR_RESTOCK");
    const timeline = await data(ORDER, { id: order.id });
    expect(timeline.events.map((e: { type: string }) => e.type)).not.toContain("ORDER_RESUMED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses a substitute that sold out between the preview and the confirmation, changing nothing", async () => {
    const { shortLine } = await shortOrder(3);
    await gqlData(server.graphqlUrl, `mutation($s: ID!) { restock(skuId: $s, quantity: 3) { userErrors { code } } }`, { s: sku("LIMITED") }, shop.token);
    const preview = await data(PREVIEW, { line: shortLine.id, sku: sku("LIMITED") });
    expect(preview).toEqual(expect.objectContaining({ available: 3, quantity: 3, userErrors: [] }));
    // Meanwhile another customer buys two of them.
    const sold = await data(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "LIMITED", quantity: 2 }] } });
    expect(sold.order.status).toBe("READY");

    const before = await shopSnapshot(server, shop.shopId);
    const refused = await data(SUBSTITUTE, { line: shortLine.id, sku: sku("LIMITED"), to: "MERCHANT" });
    expect(refused.order).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: "skuId", code: "INSUFFICIENT_STOCK" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect((await data(PREVIEW, { line: shortLine.id, sku: sku("LIMITED") })).userErrors).toEqual([{ field: "skuId", code: "INSUFFICIENT_STOCK" }]);
  });

  it("refuses another shop's line and another shop's sku, and the line's own sku", async () => {
    const mine = await shortOrder(1);
    const theirs = await shortOrder(1, [], other, "THEIRS");
    const before = await shopSnapshot(server, shop.shopId);
    const theirsBefore = await shopSnapshot(server, other.shopId);

    // Their line, my token.
    expect((await data(PREVIEW, { line: theirs.shortLine.id, sku: sku("CHEAP") })).userErrors).toEqual([{ field: "orderLineId", code: "NOT_FOUND" }]);
    expect((await data(SUBSTITUTE, { line: theirs.shortLine.id, sku: sku("CHEAP"), to: "MERCHANT" })).userErrors).toEqual([
      expect.objectContaining({ field: "orderLineId", code: "NOT_FOUND" }),
    ]);
    expect((await data(OFFER, { line: theirs.shortLine.id, skus: [sku("CHEAP")] })).userErrors).toEqual([expect.objectContaining({ field: "orderLineId", code: "NOT_FOUND" })]);
    // My line, their sku.
    const theirSku = String(other.skus.THEIR_ALT);
    expect((await data(PREVIEW, { line: mine.shortLine.id, sku: theirSku })).userErrors).toEqual([{ field: "skuId", code: "NOT_FOUND" }]);
    expect((await data(SUBSTITUTE, { line: mine.shortLine.id, sku: theirSku, to: "MERCHANT" })).userErrors).toEqual([expect.objectContaining({ field: "skuId", code: "NOT_FOUND" })]);
    expect((await data(OFFER, { line: mine.shortLine.id, skus: [theirSku] })).userErrors).toEqual([expect.objectContaining({ field: "skuIds.0", code: "NOT_FOUND" })]);
    // The line's own sku, and ids that are no ids.
    expect((await data(SUBSTITUTE, { line: mine.shortLine.id, sku: sku("SCARCE") })).userErrors).toEqual([expect.objectContaining({ field: "skuId", code: "SAME_SKU" })]);
    expect((await data(SUBSTITUTE, { line: "x", sku: sku("CHEAP") })).userErrors).toEqual([expect.objectContaining({ field: "orderLineId", code: "NOT_FOUND" })]);
    expect((await data(PREVIEW, { line: mine.shortLine.id, sku: "-1" })).userErrors).toEqual([{ field: "skuId", code: "NOT_FOUND" }]);

    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await shopSnapshot(server, other.shopId)).toEqual(theirsBefore);
  });

  it("offers substitutes for a short line: up to five, other skus of the shop, readable on the line, on the timeline", async () => {
    const { order, shortLine } = await shortOrder(1);
    const plenty = order.lines.find((l: { skuCode: string }) => l.skuCode === "PLENTY");
    const offers = async () => (await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM substitute_offer WHERE shop_id = ?", [shop.shopId]))[0]!.n;
    const before = { snapshot: await shopSnapshot(server, shop.shopId), offers: Number(await offers()) };
    const refusals: Array<[Record<string, unknown>, Array<[string, string]>]> = [
      [{ line: plenty.id, skus: [sku("CHEAP")] }, [["orderLineId", "LINE_NOT_SHORT"]]],
      [{ line: shortLine.id, skus: [sku("SCARCE")] }, [["skuIds.0", "SAME_SKU"]]],
      [{ line: shortLine.id, skus: [] }, [["skuIds", "REQUIRED"]]],
      [{ line: shortLine.id, skus: ["ALT1", "ALT2", "ALT3", "ALT4", "ALT5", "ALT6"].map(sku) }, [["skuIds", "TOO_MANY_SUBSTITUTES"]]],
    ];
    for (const [variables, expected] of refusals) {
      const refused = await data(OFFER, variables);
      expect(refused.order).toBeNull();
      expect(refused.userErrors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual(expected);
    }
    expect({ snapshot: await shopSnapshot(server, shop.shopId), offers: Number(await offers()) }).toEqual(before);

    const first = await data(OFFER, { line: shortLine.id, skus: [sku("CHEAP"), sku("DEAR")] });
    expect(first.userErrors).toEqual([]);
    expect(first.orderLine.substituteOffers).toEqual([{ sku: { code: "CHEAP" } }, { sku: { code: "DEAR" } }]);
    // Offers add up; one offered again is no new offer; five in all at most.
    const more = await data(OFFER, { line: shortLine.id, skus: [sku("DEAR"), sku("ALT1"), sku("ALT2")] });
    expect(more.orderLine.substituteOffers.map((o: { sku: { code: string } }) => o.sku.code)).toEqual(["CHEAP", "DEAR", "ALT1", "ALT2"]);
    const tooMany = await data(OFFER, { line: shortLine.id, skus: [sku("ALT3"), sku("ALT4")] });
    expect(tooMany.userErrors).toEqual([expect.objectContaining({ field: "skuIds", code: "TOO_MANY_SUBSTITUTES" })]);
    expect((await data(OFFER, { line: shortLine.id, skus: [sku("ALT3")] })).userErrors).toEqual([]);

    const timeline = await data(ORDER, { id: order.id });
    expect(timeline.status).toBe("AWAITING_STOCK");
    const offered = timeline.events.filter((e: { type: string }) => e.type === "SUBSTITUTES_OFFERED");
    expect(offered).toHaveLength(3);
    expect(offered[0].actor.type).toBe("STAFF");
    expect(JSON.parse(offered[0].data)).toEqual({
      orderLineId: Number(shortLine.id),
      skuCode: "SCARCE",
      skus: [
        { skuId: shop.skus.CHEAP, skuCode: "CHEAP", unitPrice: 1500 },
        { skuId: shop.skus.DEAR, skuCode: "DEAR", unitPrice: 2600 },
      ],
    });
    expect(JSON.parse(offered[1].data).skus.map((s: { skuCode: string }) => s.skuCode)).toEqual(["ALT1", "ALT2"]);

    // Not once the order no longer waits for stock.
    await data(CANCEL, { id: order.id, to: "MERCHANT", reason: "cliente desistiu" });
    expect((await data(OFFER, { line: shortLine.id, skus: [sku("ALT4")] })).userErrors).toEqual([expect.objectContaining({ field: "orderId", code: "INVALID_TRANSITION" })]);
  });

  it("lets the customer accept an offered substitute (actor CUSTOMER), and only an offered one", async () => {
    const { order, shortLine } = await shortOrder(2);
    await data(OFFER, { line: shortLine.id, skus: [sku("CHEAP")] });
    const asCustomer: Caller = {
      shopId: shop.shopId,
      shopCurrency: "BRL",
      shopLocale: "pt-BR",
      actor: { type: "CUSTOMER", id: null, name: "Maria Souza" },
      staffUserId: null,
      sessionTokenHash: null,
    };
    const before = await shopSnapshot(server, shop.shopId);
    const refused = await server.services.substitutions.acceptOffer(asCustomer, Number(shortLine.id), shop.skus.DEAR!).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).errors).toEqual([expect.objectContaining({ field: "skuId", code: "SUBSTITUTE_NOT_OFFERED" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    const accepted = await server.services.substitutions.acceptOffer(asCustomer, Number(shortLine.id), shop.skus.CHEAP!);
    expect(accepted.order.status).toBe("READY");
    expect(accepted.refund).toEqual(expect.objectContaining({ amount: 1000, destination: "CUSTOMER" }));
    expect(accepted.refundLink).toMatch(/\/refund\//);
    const timeline = await data(ORDER, { id: order.id });
    const substituted = timeline.events.find((e: { type: string }) => e.type === "LINE_SUBSTITUTED");
    expect(substituted.actor).toEqual({ type: "CUSTOMER", name: "Maria Souza" });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("races substituteLine against cancelOrder on the same order: one wins or they run in turn, and every invariant holds", async () => {
    const rounds = await Promise.all(Array.from({ length: 8 }, () => shortOrder(2)));
    const results = await Promise.all(
      rounds.flatMap(({ order, shortLine }, i) => {
        const substitute = () => gql(server.graphqlUrl, SUBSTITUTE, { line: shortLine.id, sku: sku("DEAR") }, shop.token);
        const cancel = () => gql(server.graphqlUrl, `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "corrida") { order { status } userErrors { code } } }`, { id: order.id }, shop.token);
        return i % 2 ? [substitute(), cancel()] : [cancel(), substitute()];
      }),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    for (const { order, shortLine } of rounds) {
      const after = await data(ORDER, { id: order.id });
      // The cancellation always goes through (from AWAITING_STOCK, or from READY after the substitution).
      expect(after.status).toBe("CANCELLED");
      const substitute = after.lines.find((l: { replacesLineId: string | null }) => l.replacesLineId === shortLine.id);
      const types = after.events.map((e: { type: string }) => e.type);
      if (substitute) {
        // The substitution came first: its units were released by the cancellation.
        expect(types.indexOf("LINE_SUBSTITUTED")).toBeLessThan(types.indexOf("ORDER_CANCELLED"));
        expect(substitute).toEqual(expect.objectContaining({ allocated: 0, cancelled: 2 }));
      } else {
        expect(types).not.toContain("LINE_SUBSTITUTED");
      }
    }
    const refusedSubstitutions = results.filter((r) => r.data?.substituteLine?.userErrors?.length);
    for (const r of refusedSubstitutions) expect(r.data!.substituteLine.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("races two substitutions of the same line: exactly one happens", async () => {
    const rounds = await Promise.all(Array.from({ length: 6 }, () => shortOrder(1)));
    const results = await Promise.all(
      rounds.flatMap(({ shortLine }) =>
        ["DEAR", "CHEAP"].map((code) => gql(server.graphqlUrl, SUBSTITUTE, { line: shortLine.id, sku: sku(code), to: "MERCHANT" }, shop.token)),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    for (let i = 0; i < rounds.length; i++) {
      const pair = results.slice(2 * i, 2 * i + 2).map((r) => r.data!.substituteLine);
      expect(pair.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
      expect(pair.find((p) => p.userErrors.length > 0).userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
      const after = await data(ORDER, { id: rounds[i]!.order.id });
      expect(after.lines.filter((l: { replacesLineId: string | null }) => l.replacesLineId === rounds[i]!.shortLine.id)).toHaveLength(1);
    }
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });
});
