import { generateCpf } from "@brazilian-utils/brazilian-utils";
import { createShop, customer, PLACE_ORDER, ShopFixture, HEALTHY, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

describe.each(databaseKinds())("placeOrder on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, {
      SHIRT: [4990, 10],
      MUG: [2500, 3],
      LAMP: [17990, 0],
      BOOK: [7990, 100],
      PEN: [990, 1000],
    });
  });
  afterAll(() => server.stop());

  const place = (input: Record<string, unknown>, token = shop.token) => gql(server.graphqlUrl, PLACE_ORDER, { input }, token);
  const rowCounts = async () => {
    const [orders] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM orders WHERE shop_id = ?", [shop.shopId]);
    const [moves] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM stock_movement WHERE shop_id = ?", [shop.shopId]);
    const [levels] = await server.db.query<{ n: number }>("SELECT SUM(allocated) AS n FROM stock_level WHERE shop_id = ?", [shop.shopId]);
    return { orders: Number(orders!.n), moves: Number(moves!.n), allocated: Number(levels!.n) };
  };

  it("takes a fully available order in as READY, with prices and totals computed by the server", async () => {
    const { data } = await place({
      customer: customer({ name: "Ana Lima", cpf: "529.982.247-25" }),
      lines: [
        { skuCode: "SHIRT", quantity: 2 },
        { skuCode: "BOOK", quantity: 1 },
      ],
      shipping: 1590,
      discount: 1000,
      externalReference: "SHOP-1001",
    });
    expect(data.placeOrder.userErrors).toEqual([]);
    const order = data.placeOrder.order;
    expect(order.status).toBe("READY");
    expect(order.subtotal).toEqual({ amount: 2 * 4990 + 7990, currency: "BRL" });
    expect(order.total.amount).toBe(2 * 4990 + 7990 + 1590 - 1000);
    expect(order.missingQuantity).toBe(0);
    expect(order.externalReference).toBe("SHOP-1001");
    expect(order.customer.maskedCpf).toBe("***.982.247-**");
    expect(order.lines).toEqual([
      expect.objectContaining({ skuCode: "SHIRT", quantity: 2, allocated: 2, short: 0, cancelled: 0, unitPrice: { amount: 4990 }, lineTotal: { amount: 9980 } }),
      expect.objectContaining({ skuCode: "BOOK", quantity: 1, allocated: 1, short: 0 }),
    ]);

    const detail = await gqlData(
      server.graphqlUrl,
      `query($id: ID!) { order(id: $id) { number events { type actor { type name } data } lines { sku { code stock { onHand allocated available } } } } }`,
      { id: order.id },
      shop.token,
    );
    expect(detail.order.events.map((e: { type: string }) => e.type)).toEqual(["ORDER_PLACED"]);
    expect(detail.order.events[0].actor.type).toBe("STAFF");
    expect(detail.order.lines[0].sku.stock).toEqual({ onHand: 10, allocated: 2, available: 8 });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("gives a line what is available and puts the order in the queue AWAITING_STOCK", async () => {
    const { data } = await place({
      customer: customer(),
      lines: [
        { skuCode: "MUG", quantity: 5 },
        { skuCode: "LAMP", quantity: 1 },
        { skuCode: "BOOK", quantity: 2 },
      ],
    });
    const order = data.placeOrder.order;
    expect(order.status).toBe("AWAITING_STOCK");
    expect(order.missingQuantity).toBe(3);
    expect(order.lines.map((l: { skuCode: string; allocated: number; short: number }) => [l.skuCode, l.allocated, l.short])).toEqual([
      ["MUG", 3, 2],
      ["LAMP", 0, 1],
      ["BOOK", 2, 0],
    ]);

    const queue = await gqlData(
      server.graphqlUrl,
      `{ ordersWithoutStock(first: 10) { totalCount nodes { id status events { type data } } } }`,
      {},
      shop.token,
    );
    expect(queue.ordersWithoutStock.nodes.map((o: { id: string }) => o.id)).toContain(order.id);
    const queued = queue.ordersWithoutStock.nodes.find((o: { id: string }) => o.id === order.id);
    expect(queued.events.map((e: { type: string }) => e.type)).toEqual(["ORDER_PLACED", "STOCK_SHORTAGE"]);
    expect(JSON.parse(queued.events[1].data)).toEqual({ missing: [{ skuCode: "MUG", short: 2 }, { skuCode: "LAMP", short: 1 }] });
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("returns the same order for a retried idempotency key without reserving twice", async () => {
    const input = { customer: customer({ email: "retry@example.com" }), lines: [{ skuCode: "BOOK", quantity: 3 }], idempotencyKey: "checkout-77" };
    const first = await place(input);
    const before = await rowCounts();
    const second = await place(input);
    expect(second.data.placeOrder.userErrors).toEqual([]);
    expect(second.data.placeOrder.order.id).toBe(first.data.placeOrder.order.id);
    expect(second.data.placeOrder.order.lines).toHaveLength(1);
    expect(await rowCounts()).toEqual(before);

    const reused = await place({ ...input, lines: [{ skuCode: "BOOK", quantity: 4 }] });
    expect(reused.data.placeOrder.order).toBeNull();
    expect(reused.data.placeOrder.userErrors).toEqual([expect.objectContaining({ field: "idempotencyKey", code: "IDEMPOTENCY_KEY_REUSED" })]);
    expect(await rowCounts()).toEqual(before);
  });

  it("creates one order when the same idempotency key arrives concurrently", async () => {
    const input = { customer: customer({ email: "race@example.com" }), lines: [{ skuCode: "BOOK", quantity: 1 }], idempotencyKey: "race-1" };
    const before = await rowCounts();
    const results = await Promise.all(Array.from({ length: 8 }, () => place(input)));
    const ids = new Set(results.map((r) => r.data.placeOrder.order.id));
    expect(ids.size).toBe(1);
    const after = await rowCounts();
    expect(after.orders).toBe(before.orders + 1);
    expect(after.allocated).toBe(before.allocated + 1);
  });

  /** Every row intake can touch, for this shop: a refused or replayed call must leave all of it as it was. */
  const fullSnapshot = async () => {
    const table = (sql: string) => server.db.query(sql, [shop.shopId]);
    return {
      customers: await table("SELECT id, name, email, phone, cpf, locale FROM customer WHERE shop_id = ? ORDER BY id"),
      orders: await table("SELECT id, number, customer_id, status, total, idempotency_key, idempotency_hash, updated_at FROM orders WHERE shop_id = ? ORDER BY id"),
      lines: await table("SELECT id, order_id, sku_id, quantity, allocated, short, cancelled FROM order_line WHERE shop_id = ? ORDER BY id"),
      levels: await table("SELECT sku_id, on_hand, allocated, updated_at FROM stock_level WHERE shop_id = ? ORDER BY sku_id"),
      movements: await table("SELECT id FROM stock_movement WHERE shop_id = ? ORDER BY id"),
      events: await table("SELECT id FROM order_event WHERE shop_id = ? ORDER BY id"),
      sequence: await table("SELECT last_number FROM order_number_sequence WHERE shop_id = ?"),
    };
  };

  it("changes nothing at all, customer and order numbers included, when a reused idempotency key is refused", async () => {
    const original = { customer: customer({ name: "Ana Original", email: "ana.original@example.com", cpf: "529.982.247-25" }), lines: [{ skuCode: "BOOK", quantity: 1 }], idempotencyKey: "refusal-1" };
    expect((await place(original)).data.placeOrder.userErrors).toEqual([]);
    const before = await fullSnapshot();

    const refusals = [
      { ...original, customer: { ...original.customer, name: "Someone Else" } },
      { ...original, customer: { ...original.customer, cpf: generateCpf() } },
      { ...original, customer: { ...original.customer, email: "a.stranger@example.com" } },
      { ...original, lines: [{ skuCode: "PEN", quantity: 2 }] },
    ];
    for (const input of refusals) {
      const { data } = await place(input);
      expect(data.placeOrder.order).toBeNull();
      expect(data.placeOrder.userErrors).toEqual([expect.objectContaining({ field: "idempotencyKey", code: "IDEMPOTENCY_KEY_REUSED" })]);
    }
    expect(await fullSnapshot()).toEqual(before);
  });

  it("does not take an order number for an exact replay, even 30 at once", async () => {
    const input = { customer: customer({ email: "replays@example.com" }), lines: [{ skuCode: "PEN", quantity: 1 }], idempotencyKey: "replay-30" };
    const first = await place(input);
    const before = await fullSnapshot();
    const replays = await Promise.all(Array.from({ length: 30 }, () => place(input)));
    expect(new Set(replays.map((r) => r.data.placeOrder.order.id))).toEqual(new Set([first.data.placeOrder.order.id]));
    expect(await fullSnapshot()).toEqual(before);
    // The next order gets the very next number.
    const next = await place({ customer: customer(), lines: [{ skuCode: "PEN", quantity: 1 }] });
    expect(next.data.placeOrder.order.number).toBe(first.data.placeOrder.order.number + 1);
  });

  it("keeps an existing customer as it was when the order's own transaction fails", async () => {
    // A twin in flight: both calls pass the number step, the second fails on the unique key and
    // rolls back; the customer details it carried must not survive.
    const email = "twin.customer@example.com";
    await place({ customer: customer({ email, name: "Twin Original" }), lines: [{ skuCode: "PEN", quantity: 1 }] });
    const base = { lines: [{ skuCode: "PEN", quantity: 1 }], idempotencyKey: "twin-customer" };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => place({ ...base, customer: customer({ email, name: `Twin ${i}`, cpf: "529.982.247-25" }) })),
    );
    const placed = results.filter((r) => r.data.placeOrder.order);
    expect(placed.length).toBeGreaterThanOrEqual(1);
    const [row] = await server.db.query<{ name: string }>("SELECT name FROM customer WHERE shop_id = ? AND email = ?", [shop.shopId, email]);
    expect(new Set(placed.map((r) => r.data.placeOrder.order.customer.name))).toEqual(new Set([row!.name]));
  });

  it("takes in concurrent first orders of one new customer as one customer", async () => {
    const email = "brand.new@example.com";
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => place({ customer: customer({ email, name: `New ${i}` }), lines: [{ skuCode: "PEN", quantity: 1 }] })),
    );
    expect(results.map((r) => r.data.placeOrder.userErrors)).toEqual(Array(10).fill([]));
    const rows = await server.db.query<{ id: number }>("SELECT id FROM customer WHERE shop_id = ? AND email = ?", [shop.shopId, email]);
    expect(rows).toHaveLength(1);
    const [orders] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM orders WHERE shop_id = ? AND customer_id = ?", [shop.shopId, rows[0]!.id]);
    expect(Number(orders!.n)).toBe(10);
  });

  it("takes no order number for an order it refuses: an unknown sku, a code in another case, a discount above subtotal plus shipping", async () => {
    const lastNumber = async () =>
      Number((await server.db.query<{ n: number }>("SELECT last_number AS n FROM order_number_sequence WHERE shop_id = ?", [shop.shopId]))[0]!.n);
    const before = await lastNumber();
    const refusals = [
      { lines: [{ skuCode: "NOPE", quantity: 1 }] },
      { lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "NOPE", quantity: 1 }] },
      // The column's collation ignores case; intake does not, nor does the statement taking the number.
      { lines: [{ skuCode: "book", quantity: 1 }] },
      { lines: [{ skuCode: "PEN", quantity: 1 }], shipping: 10, discount: 1001 },
    ];
    for (const input of refusals) {
      const { data } = await place({ customer: customer(), ...input });
      expect(data.placeOrder.order).toBeNull();
      expect(data.placeOrder.userErrors).not.toEqual([]);
    }
    expect(await lastNumber()).toBe(before);
    // At the boundary the order is taken, with the very next number.
    const { data } = await place({ customer: customer(), lines: [{ skuCode: "PEN", quantity: 1 }], shipping: 10, discount: 1000 });
    expect(data.placeOrder.userErrors).toEqual([]);
    expect(data.placeOrder.order.number).toBe(before + 1);
  });

  const badInputs: Array<[string, Record<string, unknown>, string, string]> = [
    ["unknown sku", { lines: [{ skuCode: "NOPE", quantity: 1 }] }, "lines.0.skuCode", "UNKNOWN_SKU"],
    ["quantity 0", { lines: [{ skuCode: "BOOK", quantity: 0 }] }, "lines.0.quantity", "OUT_OF_RANGE"],
    ["quantity above 10000", { lines: [{ skuCode: "BOOK", quantity: 10001 }] }, "lines.0.quantity", "OUT_OF_RANGE"],
    ["empty order", { lines: [] }, "lines", "EMPTY_ORDER"],
    ["same sku twice", { lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "BOOK", quantity: 1 }] }, "lines.1.skuCode", "DUPLICATE_SKU"],
    ["invalid CPF", { customer: customer({ cpf: "529.982.247-26" }) }, "customer.cpf", "INVALID_CPF"],
    ["invalid e-mail", { customer: customer({ email: "not-an-email" }) }, "customer.email", "INVALID_EMAIL"],
    ["blank name", { customer: customer({ name: "   " }) }, "customer.name", "REQUIRED"],
    ["unsupported locale", { customer: customer({ locale: "fr" }) }, "customer.locale", "INVALID_FORMAT"],
    ["negative shipping", { shipping: -1 }, "shipping", "NEGATIVE_AMOUNT"],
    ["negative discount", { discount: -500 }, "discount", "NEGATIVE_AMOUNT"],
    ["discount above total", { discount: 999999 }, "discount", "DISCOUNT_EXCEEDS_SUBTOTAL"],
  ];

  it.each(badInputs)("refuses %s with a userError and writes nothing", async (_name, override, field, code) => {
    const before = await rowCounts();
    const { status, data, errors } = await place({ customer: customer(), lines: [{ skuCode: "SHIRT", quantity: 1 }], ...override });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.placeOrder.order).toBeNull();
    expect(data.placeOrder.userErrors).toContainEqual(expect.objectContaining({ field, code, message: expect.any(String) }));
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses input of the wrong type with a GraphQL validation error, never a 500", async () => {
    const result = await place({ customer: customer(), lines: [{ skuCode: "SHIRT", quantity: "lots" }] });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.js/i);
  });

  it("requires authentication", async () => {
    const result = await place({ customer: customer(), lines: [{ skuCode: "SHIRT", quantity: 1 }] }, "not-a-token");
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.data).toBeNull();
  });

  // Counted for lines that are in stock; a short line costs one more statement (a locking read).
  it("costs at most 14 SQL statements for a 2-line order with an idempotency key, one more per extra line, two per new customer, none written for a replay", async () => {
    // Delivering the events afterwards is the dispatcher's work, batched across orders (the
    // restock bench measures it); keep it out of the intake's count.
    await server.dispatcher.stop();
    const buyer = customer({ email: "regular@example.com" });
    await place({ customer: buyer, lines: [{ skuCode: "BOOK", quantity: 1 }] }); // the customer exists from now on
    const key = `k-${Date.now()}`;
    const two = await server.queries.measure(() => place({ customer: buyer, lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "SHIRT", quantity: 1 }], idempotencyKey: key }));
    const three = await server.queries.measure(() =>
      place({ customer: buyer, lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "PEN", quantity: 1 }, { skuCode: "SHIRT", quantity: 1 }] }),
    );
    const newcomer = await server.queries.measure(() => place({ customer: customer(), lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "SHIRT", quantity: 1 }] }));
    const replay = await server.queries.measure(() => place({ customer: buyer, lines: [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "SHIRT", quantity: 1 }], idempotencyKey: key }));
    // 14: the kept order counts by status (order-counts.ts) and the order's search words
    // (order_search_word) are one statement each in the order's own batch, no round trip more.
    expect(two.count).toBeLessThanOrEqual(14);
    expect(three.count - two.count).toBeLessThanOrEqual(1);
    // On MySQL statements travel in batches, three round trips: skus with the customer and the
    // order number, begin with the reservations, order rows with their ledger and events and the
    // commit; an extra line adds a statement, no round trip.
    // A new customer is two more INSERTs in the order's own batch, the customer and its search words
    // (written in its transaction, so a refused order leaves no customer behind). A replay takes no number and writes nothing: the
    // statement that takes the number checks the key, and finds it.
    expect(newcomer.count - two.count).toBeLessThanOrEqual(2);
    expect(replay.statements.filter((sql) => /^\s*(INSERT|DELETE|BEGIN|START TRANSACTION)/i.test(sql))).toEqual([]);
    expect(replay.count).toBeLessThanOrEqual(5);
    if (kind === "mysql") {
      expect(two.roundTrips).toBeLessThanOrEqual(4);
      expect(three.roundTrips).toBe(two.roundTrips);
      expect(newcomer.roundTrips).toBe(two.roundTrips);
    }
  });

  it("writes the shipping address in the order's own INSERT: no statement and no round trip more", async () => {
    await server.dispatcher.stop();
    const buyer = customer({ email: "address@example.com" });
    const lines = [{ skuCode: "BOOK", quantity: 1 }, { skuCode: "SHIRT", quantity: 1 }];
    await place({ customer: buyer, lines });
    const without = await server.queries.measure(() => place({ customer: buyer, lines }));
    const address = { street: "Avenida Paulista", number: "1000", district: "Bela Vista", city: "São Paulo", region: "SP", postalCode: "01310100" };
    const withAddress = await server.queries.measure(async () => {
      const placed = await place({ customer: buyer, lines, shippingAddress: address });
      expect(placed.data.placeOrder.userErrors).toEqual([]);
    });
    expect(withAddress.count).toBe(without.count);
    expect(withAddress.roundTrips).toBe(without.roundTrips);
  });
});
