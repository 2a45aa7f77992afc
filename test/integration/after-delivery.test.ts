import { Actor } from "../../server/src/infra/graphql/context";
import { UserInputError } from "../../server/src/infra/graphql/errors";
import { CreditNoteSourceType } from "../../server/src/modules/credit-notes/credit-note.entity";
import { OrderKind } from "../../server/src/modules/orders/order.entity";
import { RefundDestination } from "../../server/src/modules/refunds/refund.entity";
import { RefundUnitsInput } from "../../server/src/modules/refunds/after-delivery-refunds";
import { createShop, customer, HEALTHY, PLACE_ORDER, RESTOCK, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const STAFF: Actor = { type: "STAFF", id: 7, name: "Ana Lima" };
const ORDER = `query($id: ID!) { order(id: $id) {
  id number status kind total { amount } subtotal { amount }
  originOrder { id number kind }
  followUpOrders { id number kind status total { amount } lines { skuCode quantity unitPrice { amount } allocated short } }
  lines { id skuCode quantity allocated short shipped unitPrice { amount } }
  refunds { amount { amount } shippingAmount { amount } destination lines { quantity amount { amount } } }
  creditNotes { id number total { amount } lines { description skuCode quantity amount { amount } } }
  events { type data }
} }`;
const SHIP = `mutation($id: ID!) { shipOrder(orderId: $id, input: { carrier: LOGGI, trackingCode: "LGI-1" }) { order { status } userErrors { code message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(orderId: $id) { order { status } userErrors { code } } }`;

describe.each(databaseKinds())("after delivery: follow-up orders and refunds of delivered units on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { BOOK: [1000, 1000], MUG: [500, 1000], RARE: [2000, 0] }, "Livraria");
    other = await createShop(server, { BOOK: [1000, 1000] }, "Outra");
  });
  afterAll(() => server.stop());

  const call = async (query: string, variables: Record<string, unknown>, token = shop.token) => Object.values(await gqlData(server.graphqlUrl, query, variables, token))[0] as any;
  const place = async (lines: Array<[string, number]>, extra: Record<string, unknown> = {}, fixture = shop) => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })), ...extra } }, fixture.token);
    expect(placed.userErrors).toEqual([]);
    return placed.order.id as string;
  };
  const delivered = async (lines: Array<[string, number]>, extra: Record<string, unknown> = {}, fixture = shop) => {
    const id = await place(lines, extra, fixture);
    expect((await call(SHIP, { id }, fixture.token)).userErrors).toEqual([]);
    expect((await call(DELIVER, { id }, fixture.token)).userErrors).toEqual([]);
    return id;
  };
  const order = (id: string, token = shop.token) => call(ORDER, { id }, token);
  const followUp = (originOrderId: string, lines: Array<{ skuId?: number; skuCode?: string; quantity: number }>, fixture = shop) =>
    server.db.transaction((tx) => server.services.orders.placeFollowUpOrder(tx, { shopId: fixture.shopId, originOrderId: Number(originOrderId), kind: OrderKind.RESHIPMENT, lines, actor: STAFF, note: "Claim #1" }));
  const refundUnits = (input: Partial<RefundUnitsInput> & Pick<RefundUnitsInput, "orderId" | "lines">) =>
    server.db.transaction((tx) =>
      server.services.afterDeliveryRefunds.refundUnits(tx, {
        shopId: shop.shopId,
        reason: "Claim #1: a book did not arrive",
        source: { type: CreditNoteSourceType.CLAIM, id: 1 },
        refundTo: RefundDestination.MERCHANT,
        actor: STAFF,
        ...input,
      }),
    );
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof UserInputError) return error.errors.map((e) => e.code);
      throw error;
    }
    throw new Error("not refused");
  };

  it("places a follow-up order at price 0 for the same customer, READY when in stock, linked both ways", async () => {
    const origin = await delivered([["BOOK", 2], ["MUG", 1]]);
    const placed = await followUp(origin, [{ skuId: shop.skus.BOOK!, quantity: 1 }]);
    expect(placed.order).toMatchObject({ kind: "RESHIPMENT", status: "READY", total: 0, subtotal: 0, originOrderId: Number(origin) });

    const view = await order(origin);
    expect(view.status).toBe("DELIVERED");
    expect(view.followUpOrders).toEqual([
      { id: String(placed.order.id), number: placed.order.number, kind: "RESHIPMENT", status: "READY", total: { amount: 0 }, lines: [{ skuCode: "BOOK", quantity: 1, unitPrice: { amount: 0 }, allocated: 1, short: 0 }] },
    ]);
    expect(view.events.map((e: any) => e.type)).toContain("FOLLOW_UP_ORDER_PLACED");
    const child = await order(String(placed.order.id));
    expect(child).toMatchObject({ kind: "RESHIPMENT", originOrder: { id: origin, number: view.number, kind: "SALE" } });
    expect(JSON.parse(child.events[0].data)).toMatchObject({ kind: "RESHIPMENT", originOrderId: Number(origin) });
    expect(view.kind).toBe("SALE");
    // It ships like any order.
    expect((await call(SHIP, { id: String(placed.order.id) })).order.status).toBe("SHIPPED");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("a follow-up without stock waits in the queue and is served FIFO with ordinary orders", async () => {
    const origin = await delivered([["BOOK", 1]]);
    const older = await place([["RARE", 1]]);
    const reship = await followUp(origin, [{ skuCode: "RARE", quantity: 1 }]);
    const newer = await place([["RARE", 1]]);
    expect(reship.order.status).toBe("AWAITING_STOCK");
    const status = async () => [(await order(older)).status, (await order(String(reship.order.id))).status, (await order(newer)).status];
    expect(await status()).toEqual(["AWAITING_STOCK", "AWAITING_STOCK", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await status()).toEqual(["READY", "AWAITING_STOCK", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await status()).toEqual(["READY", "READY", "AWAITING_STOCK"]);
    await call(RESTOCK, { skuId: String(shop.skus.RARE), quantity: 1 });
    expect(await status()).toEqual(["READY", "READY", "READY"]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses a follow-up of another shop's order or with another shop's sku, and writes nothing", async () => {
    const theirs = await delivered([["BOOK", 1]], {}, other);
    const mine = await delivered([["BOOK", 1]]);
    const before = await shopSnapshot(server, shop.shopId);
    expect(await refusal(followUp(theirs, [{ skuId: shop.skus.BOOK!, quantity: 1 }]))).toEqual(["NOT_FOUND"]);
    expect(await refusal(followUp(mine, [{ skuId: other.skus.BOOK!, quantity: 1 }]))).toEqual(["UNKNOWN_SKU"]);
    expect(await refusal(followUp(mine, [{ skuId: shop.skus.BOOK!, quantity: 0 }]))).toEqual(["OUT_OF_RANGE"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("refunds delivered units from what was paid for them (discount shared), with a numbered credit note", async () => {
    // 2 books (2000) + 1 mug (500) + shipping 1000 - discount 500: items paid 2000 - 400 and 500 - 100.
    const id = await delivered([["BOOK", 2], ["MUG", 1]], { shipping: 1000, discount: 500 });
    const [book, mug] = (await order(id)).lines;
    const done = await refundUnits({ orderId: Number(id), lines: [{ orderLineId: Number(book.id), quantity: 1 }] });
    expect(done.amount).toBe(800);
    expect(done.creditNote!.note).toMatchObject({ total: 800, sourceType: "CLAIM", sourceId: 1 });
    expect(done.refund).toMatchObject({ amount: 800, shippingAmount: 0, destination: "MERCHANT" });
    const view = await order(id);
    expect(view.status).toBe("DELIVERED");
    expect(view.refunds).toEqual([{ amount: { amount: 800 }, shippingAmount: { amount: 0 }, destination: "MERCHANT", lines: [{ quantity: 1, amount: { amount: 800 } }] }]);
    expect(view.creditNotes).toEqual([{ id: String(done.creditNote!.note.id), number: done.creditNote!.note.number, total: { amount: 800 }, lines: [{ description: "Item BOOK", skuCode: "BOOK", quantity: 1, amount: { amount: 800 } }] }]);
    expect(view.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(["REFUND_CREATED", "CREDIT_NOTE_ISSUED"]));

    // The rest, shipping included (a withdrawal): never more than was paid, to the centavo.
    const rest = await refundUnits({ orderId: Number(id), includeShipping: true, lines: [{ orderLineId: Number(book.id), quantity: 2 }, { orderLineId: Number(mug.id), quantity: 1 }] });
    expect(rest.amounts.lines.map((l) => l.amount)).toEqual([800, 400]);
    expect(rest.amounts.shippingAmount).toBe(1000);
    expect(rest.amount).toBe(2200);
    const refunded = await server.db.query<{ total: number }>("SELECT SUM(amount) AS total FROM refund WHERE order_id = ?", [Number(id)]);
    expect(Number(refunded[0]!.total)).toBe(3000);
    // Nothing left: no refund, no credit note.
    const nothing = await refundUnits({ orderId: Number(id), includeShipping: true, lines: [{ orderLineId: Number(mug.id), quantity: 1 }] });
    expect(nothing).toMatchObject({ amount: 0, refund: null, creditNote: null });
    expect((await order(id)).creditNotes).toHaveLength(2);
  });

  it("never refunds the same paid units twice", async () => {
    const id = await delivered([["BOOK", 2]]);
    const [book] = (await order(id)).lines;
    const first = await refundUnits({ orderId: Number(id), lines: [{ orderLineId: Number(book.id), quantity: 2 }] });
    expect(first.amount).toBe(2000);
    expect((await refundUnits({ orderId: Number(id), lines: [{ orderLineId: Number(book.id), quantity: 1 }] })).amount).toBe(0);
  });

  it("refuses units of an order that is not delivered, more than delivered, a line of another order, another shop's order: nothing changes", async () => {
    const ready = await place([["BOOK", 1]]);
    const id = await delivered([["BOOK", 1]]);
    const theirs = await delivered([["BOOK", 1]], {}, other);
    const readyLine = Number((await order(ready)).lines[0].id);
    const line = Number((await order(id)).lines[0].id);
    const before = await shopSnapshot(server, shop.shopId);
    const notes = await server.db.query("SELECT COUNT(*) AS n FROM credit_note WHERE shop_id = ?", [shop.shopId]);
    expect(await refusal(refundUnits({ orderId: Number(ready), lines: [{ orderLineId: readyLine, quantity: 1 }] }))).toEqual(["INVALID_TRANSITION"]);
    expect(await refusal(refundUnits({ orderId: Number(id), lines: [{ orderLineId: line, quantity: 2 }] }))).toEqual(["OUT_OF_RANGE"]);
    expect(await refusal(refundUnits({ orderId: Number(id), lines: [{ orderLineId: readyLine, quantity: 1 }] }))).toEqual(["NOT_FOUND"]);
    expect(await refusal(refundUnits({ orderId: Number(theirs), lines: [{ orderLineId: line, quantity: 1 }] }))).toEqual(["NOT_FOUND"]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    expect(await server.db.query("SELECT COUNT(*) AS n FROM credit_note WHERE shop_id = ?", [shop.shopId])).toEqual(notes);
  });

  it("two refunds of the same units at once: the second gets only what is left", async () => {
    const id = await delivered([["BOOK", 1]]);
    const line = Number((await order(id)).lines[0].id);
    const both = await Promise.all([1, 2].map(() => refundUnits({ orderId: Number(id), lines: [{ orderLineId: line, quantity: 1 }] })));
    expect(both.map((r) => r.amount).sort()).toEqual([0, 1000]);
    const refunded = await server.db.query<{ total: number }>("SELECT SUM(amount) AS total FROM refund WHERE order_id = ?", [Number(id)]);
    expect(Number(refunded[0]!.total)).toBe(1000);
  });
});
