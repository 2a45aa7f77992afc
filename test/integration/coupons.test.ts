import { CouponKind } from "../../server/src/modules/coupons/coupon.entity";
import { CouponService, newCouponCode } from "../../server/src/modules/coupons/coupon.service";
import { createShop, customer, PLACE_ORDER, shopSnapshot, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const COUPON_FIELDS = "id code kind value status expiresAt issuedForOrderId issuedForOrderNumber usedByOrderId usedByOrderNumber discountApplied { amount currency }";
const CANCEL_WITH_COUPON = `mutation($id: ID!, $coupon: ApologyCouponInput) {
  cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "sem estoque", apologyCoupon: $coupon) {
    order { id status } refund { id } apologyCoupon { ${COUPON_FIELDS} } userErrors { field code message }
  }
}`;
const SHIP_WITH_COUPON = `mutation($id: ID!, $coupon: ApologyCouponInput) {
  shipAvailableItems(orderId: $id, refundTo: CUSTOMER, apologyCoupon: $coupon) {
    order { id status } apologyCoupon { ${COUPON_FIELDS} } userErrors { field code message }
  }
}`;
const ORDER_COUPONS = `query($id: ID!) {
  order(id: $id) { id number discount { amount } apologyCoupons { ${COUPON_FIELDS} } couponApplied { ${COUPON_FIELDS} } events { type data } }
}`;
const CODE = /^DESCULPA-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

describe.each(databaseKinds())("apology coupons on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { PLENTY: [1000, 100000], SCARCE: [2000, 0], ODD: [333, 100000] });
    other = await createShop(server, { PLENTY: [1000, 100000] }, "Other shop");
  });
  afterAll(() => server.stop());

  const place = async (input: Record<string, unknown>, token = shop.token) =>
    (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "PLENTY", quantity: 1 }], ...input } }, token)).placeOrder;
  /** An order short of stock: 1 PLENTY allocated, 1 SCARCE missing; shipping 500. */
  const shortOrder = async () =>
    (await place({ lines: [{ skuCode: "PLENTY", quantity: 1 }, { skuCode: "SCARCE", quantity: 1 }], shipping: 500 })).order.id as string;
  const cancel = async (id: string, coupon: Record<string, unknown> | null) =>
    (await gqlData(server.graphqlUrl, CANCEL_WITH_COUPON, { id, coupon }, shop.token)).cancelOrder;
  const orderCoupons = async (id: string, token = shop.token) => (await gqlData(server.graphqlUrl, ORDER_COUPONS, { id }, token)).order;
  const couponCount = async () => Number((await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM coupon"))[0]!.n);
  /** Everything a refused placeOrder must leave as it was, including the order numbers and customers. */
  const snapshot = async () => ({
    ...(await shopSnapshot(server, shop.shopId)),
    coupons: await server.db.query("SELECT id, used_by_order_id, discount_applied FROM coupon WHERE shop_id = ? ORDER BY id", [shop.shopId]),
    customers: await server.db.query("SELECT COUNT(*) AS n FROM customer WHERE shop_id = ?", [shop.shopId]),
    numbers: await server.db.query("SELECT last_number FROM order_number_sequence WHERE shop_id = ?", [shop.shopId]),
  });
  const issue = async (coupon: Record<string, unknown>) => {
    const result = await cancel(await shortOrder(), coupon);
    expect(result.userErrors).toEqual([]);
    return result.apologyCoupon as { code: string; id: string; issuedForOrderId: string };
  };

  it("cancelOrder issues the coupon with the resolution: code, expiry, event, and on the order", async () => {
    const id = await shortOrder();
    const before = Date.now();
    const result = await cancel(id, { kind: "PERCENT", value: 10, validDays: 7 });
    expect(result.userErrors).toEqual([]);
    expect(result.order.status).toBe("CANCELLED");
    const coupon = result.apologyCoupon;
    expect(coupon).toMatchObject({ kind: "PERCENT", value: 10, status: "VALID", issuedForOrderId: id, usedByOrderId: null, discountApplied: null });
    expect(coupon.code).toMatch(CODE);
    const expires = Date.parse(coupon.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 7 * 86400_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 7 * 86400_000 + 1000);

    const order = await orderCoupons(id);
    expect(order.apologyCoupons).toEqual([coupon]);
    expect(order.couponApplied).toBeNull();
    const issued = order.events.filter((e: { type: string }) => e.type === "COUPON_ISSUED");
    expect(issued).toHaveLength(1);
    expect(JSON.parse(issued[0].data)).toMatchObject({ code: coupon.code, kind: "PERCENT", value: 10 });
  });

  it("shipAvailableItems issues one too, valid for 30 days by default", async () => {
    const id = await shortOrder();
    const result = (await gqlData(server.graphqlUrl, SHIP_WITH_COUPON, { id, coupon: { kind: "FIXED_AMOUNT", value: 1500 } }, shop.token)).shipAvailableItems;
    expect(result.userErrors).toEqual([]);
    expect(result.order.status).toBe("READY");
    expect(result.apologyCoupon).toMatchObject({ kind: "FIXED_AMOUNT", value: 1500, status: "VALID" });
    expect(Math.abs(Date.parse(result.apologyCoupon.expiresAt) - (Date.now() + 30 * 86400_000))).toBeLessThan(60_000);
  });

  it.each([
    [{ kind: "PERCENT", value: 0 }, "apologyCoupon.value"],
    [{ kind: "PERCENT", value: 101 }, "apologyCoupon.value"],
    [{ kind: "FIXED_AMOUNT", value: 0 }, "apologyCoupon.value"],
    [{ kind: "FIXED_AMOUNT", value: 1_000_001 }, "apologyCoupon.value"],
    [{ kind: "PERCENT", value: 10, validDays: 0 }, "apologyCoupon.validDays"],
    [{ kind: "PERCENT", value: 10, validDays: 366 }, "apologyCoupon.validDays"],
  ])("refuses the coupon %j naming %s, and the resolution changes nothing", async (coupon, field) => {
    const id = await shortOrder();
    const before = await snapshot();
    const result = await cancel(id, coupon);
    expect(result.userErrors).toEqual([expect.objectContaining({ field, code: "OUT_OF_RANGE" })]);
    expect(result.apologyCoupon).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it("a refused resolution creates no coupon", async () => {
    const id = await shortOrder();
    await cancel(id, null);
    const coupons = await couponCount();
    const result = await cancel(id, { kind: "PERCENT", value: 10 });
    expect(result.userErrors).toEqual([expect.objectContaining({ code: "INVALID_TRANSITION" })]);
    expect(result.apologyCoupon).toBeNull();
    expect(await couponCount()).toBe(coupons);
  });

  it("placeOrder applies a percent coupon once (rounded to the centavo) and refuses it the second time, changing nothing", async () => {
    const coupon = await issue({ kind: "PERCENT", value: 15 });
    // 3 x 333 = 999; 15% = 149.85 -> 150.
    const placed = await place({ lines: [{ skuCode: "ODD", quantity: 3 }], shipping: 700, couponCode: coupon.code.toLowerCase() });
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({ subtotal: { amount: 999 }, discount: { amount: 150 }, total: { amount: 999 + 700 - 150 } });

    const used = await orderCoupons(placed.order.id);
    expect(used.couponApplied).toMatchObject({ code: coupon.code, status: "USED", usedByOrderId: placed.order.id, usedByOrderNumber: placed.order.number, discountApplied: { amount: 150, currency: "BRL" } });
    expect(used.events.map((e: { type: string }) => e.type)).toContain("COUPON_APPLIED");
    const apologised = await orderCoupons(coupon.issuedForOrderId);
    expect(apologised.apologyCoupons[0]).toMatchObject({ status: "USED", usedByOrderNumber: placed.order.number });

    const before = await snapshot();
    const again = await place({ couponCode: coupon.code });
    expect(again.order).toBeNull();
    expect(again.userErrors).toEqual([expect.objectContaining({ field: "couponCode", code: "COUPON_USED" })]);
    expect(await snapshot()).toEqual(before);
  });

  it("rounds percent coupons half up and caps fixed amounts at the subtotal", async () => {
    // 333 x 10% = 33.3 -> 33
    const ten = await issue({ kind: "PERCENT", value: 10 });
    expect((await place({ lines: [{ skuCode: "ODD", quantity: 1 }], couponCode: ten.code })).order.discount.amount).toBe(33);
    // 1000 x 100% = 1000: the whole subtotal, shipping still paid
    const all = await issue({ kind: "PERCENT", value: 100 });
    expect((await place({ shipping: 300, couponCode: all.code })).order).toMatchObject({ discount: { amount: 1000 }, total: { amount: 300 } });
    // R$ 50 off an order of R$ 10: R$ 10
    const fixed = await issue({ kind: "FIXED_AMOUNT", value: 5000 });
    expect((await place({ shipping: 300, couponCode: fixed.code })).order).toMatchObject({ discount: { amount: 1000 }, total: { amount: 300 } });
  });

  it("adds the coupon to an explicit discount, refusing DISCOUNT_EXCEEDS_SUBTOTAL without using it", async () => {
    const coupon = await issue({ kind: "FIXED_AMOUNT", value: 400 });
    const before = await snapshot();
    const refused = await place({ shipping: 100, discount: 800, couponCode: coupon.code });
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: "discount", code: "DISCOUNT_EXCEEDS_SUBTOTAL" })]);
    expect(await snapshot()).toEqual(before);
    const placed = await place({ shipping: 100, discount: 200, couponCode: coupon.code });
    expect(placed.order).toMatchObject({ discount: { amount: 600 }, total: { amount: 1000 + 100 - 600 } });
  });

  it("two orders using the same code at once: exactly one gets it, the other writes nothing", async () => {
    const coupon = await issue({ kind: "PERCENT", value: 20 });
    const before = await shopSnapshot(server, shop.shopId);
    // Hold the shop's order-number row so all three pass the coupon's first check and then meet
    // in the intake: only its conditional UPDATE decides (on SQLite the held transaction is the writer).
    let results: any[] = [];
    let attempts: Promise<any[]> | null = null;
    await server.db.transaction(async (tx) => {
      await tx.run("UPDATE order_number_sequence SET last_number = last_number WHERE shop_id = ?", [shop.shopId]);
      attempts = Promise.all([1, 2, 3].map(() => place({ couponCode: coupon.code })));
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    results = await attempts!;
    const won = results.filter((r) => r.order);
    const lost = results.filter((r) => !r.order);
    expect(won).toHaveLength(1);
    expect(won[0].order.discount.amount).toBe(200);
    expect(lost.map((r) => r.userErrors[0].code)).toEqual(["COUPON_USED", "COUPON_USED"]);
    const after = await shopSnapshot(server, shop.shopId);
    expect((after.orders as unknown[]).length).toBe((before.orders as unknown[]).length + 1);
    const rows = await server.db.query<{ used_by_order_id: number }>("SELECT used_by_order_id FROM coupon WHERE id = ?", [Number(coupon.id)]);
    expect(String(rows[0]!.used_by_order_id)).toBe(won[0].order.id);
  });

  it("refuses an expired coupon, changing nothing", async () => {
    const coupon = await issue({ kind: "PERCENT", value: 5 });
    await server.db.transaction((tx) => tx.run("UPDATE coupon SET expires_at = ? WHERE id = ?", ["2020-01-01 00:00:00.000", Number(coupon.id)]));
    const before = await snapshot();
    const refused = await place({ couponCode: coupon.code });
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: "couponCode", code: "COUPON_EXPIRED" })]);
    expect(await snapshot()).toEqual(before);
    expect((await orderCoupons(coupon.issuedForOrderId)).apologyCoupons[0].status).toBe("EXPIRED");
  });

  it("another shop's code looks exactly like an unknown one", async () => {
    const coupon = await issue({ kind: "PERCENT", value: 5 });
    const theirs = await place({ couponCode: coupon.code }, other.token);
    const unknown = await place({ couponCode: "DESCULPA-ZZZZ-ZZZZ" }, other.token);
    expect(theirs.order).toBeNull();
    expect(theirs.userErrors).toEqual([{ field: "couponCode", code: "COUPON_NOT_FOUND", message: expect.any(String) }]);
    expect(theirs.userErrors).toEqual(unknown.userErrors);
    // Still usable in its own shop.
    expect((await place({ couponCode: coupon.code })).order.discount.amount).toBe(50);
    // And another shop cannot read it through an order either.
    expect(await orderCoupons(coupon.issuedForOrderId, other.token)).toBeNull();
  });

  it("a replayed placeOrder with a coupon returns the same order and uses the coupon once", async () => {
    const coupon = await issue({ kind: "FIXED_AMOUNT", value: 250 });
    const input = { customer: customer(), lines: [{ skuCode: "PLENTY", quantity: 1 }], couponCode: coupon.code, idempotencyKey: `coupon-replay-${kind}` };
    const first = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input }, shop.token)).placeOrder;
    expect(first.userErrors).toEqual([]);
    const before = await snapshot();
    const again = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input }, shop.token)).placeOrder;
    expect(again.userErrors).toEqual([]);
    expect(again.order.id).toBe(first.order.id);
    expect(again.order.discount.amount).toBe(250);
    expect(await snapshot()).toEqual(before);
    // The same key with another coupon is another order: refused.
    const other = await issue({ kind: "FIXED_AMOUNT", value: 250 });
    const reused = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { ...input, couponCode: other.code } }, shop.token)).placeOrder;
    expect(reused.userErrors).toEqual([expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED" })]);
  });

  it("draws a new code when one collides with an existing code (the unique index decides), within the transaction", async () => {
    const taken = await issue({ kind: "PERCENT", value: 5 });
    const codes = [taken.code, taken.code, "DESCULPA-NEW2-CODE"];
    const coupons = new CouponService(server.db, () => codes.shift()!);
    const coupon = await server.db.transaction((tx) =>
      coupons.issue(tx, shop.shopId, { id: Number(taken.issuedForOrderId), currency: "BRL" }, { kind: CouponKind.PERCENT, value: 5 }),
    );
    expect(coupon.code).toBe("DESCULPA-NEW2-CODE");
    const rows = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM coupon WHERE code IN (?, ?)", [taken.code, coupon.code]);
    expect(Number(rows[0]!.n)).toBe(2);
    // A generator that only ever collides fails after a few draws and the transaction writes nothing.
    const before = await couponCount();
    const stuck = new CouponService(server.db, () => taken.code);
    await expect(
      server.db.transaction((tx) => stuck.issue(tx, shop.shopId, { id: Number(taken.issuedForOrderId), currency: "BRL" }, { kind: CouponKind.PERCENT, value: 5 })),
    ).rejects.toThrow();
    expect(await couponCount()).toBe(before);
    expect(newCouponCode()).toMatch(CODE);
  });

  it("loads the coupons of a page of orders in one query each", async () => {
    await issue({ kind: "PERCENT", value: 5 });
    await issue({ kind: "PERCENT", value: 5 });
    let data: any;
    const { statements } = await server.queries.measure(async () => {
      data = await gqlData(server.graphqlUrl, `{ orders(first: 20) { nodes { id apologyCoupons { code } couponApplied { code } } } }`, {}, shop.token);
    });
    expect(data.orders.nodes.length).toBeGreaterThan(5);
    expect(data.orders.nodes.some((o: any) => o.apologyCoupons.length > 0)).toBe(true);
    expect(statements.filter((q) => /FROM coupon/i.test(q))).toHaveLength(2);
  });

  it("a coupon costs the intake one lookup and one UPDATE, and on MySQL one extra round trip (the lookup): the UPDATE rides in the intake's batch", async () => {
    // Delivering events is the dispatcher's work, after the commit: keep it out of the count (last test: it stays stopped).
    await server.dispatcher.stop();
    const buyer = customer();
    await place({ customer: buyer }); // the customer exists: both orders below write the same rows
    const coupon = await issue({ kind: "PERCENT", value: 5 });
    const plain = await server.queries.measure(() => place({ customer: buyer }));
    const withCoupon = await server.queries.measure(() => place({ customer: buyer, couponCode: coupon.code }));
    // The lookup before the intake, the conditional UPDATE in it.
    expect(withCoupon.count - plain.count).toBe(2);
    expect(withCoupon.statements.filter((q) => /^\s*UPDATE coupon/i.test(q))).toHaveLength(1);
    if (kind === "mysql") expect(withCoupon.roundTrips - plain.roundTrips).toBe(1);
  });
});
