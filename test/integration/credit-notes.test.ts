import { Actor } from "../../server/src/infra/graphql/context";
import { UserInputError } from "../../server/src/infra/graphql/errors";
import { CreditNoteSourceType } from "../../server/src/modules/credit-notes/credit-note.entity";
import { IssueCreditNoteInput } from "../../server/src/modules/credit-notes/credit-note.service";
import { addStaff, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const STAFF: Actor = { type: "STAFF", id: 7, name: "Ana Lima" };

const CREDIT_NOTE = `
  query($id: ID!) {
    creditNote(id: $id) {
      id number displayNumber reason
      source { type id }
      total { amount currency }
      issuedAt
      issuedBy { type id name }
      lines { id description skuCode quantity unitAmount { amount currency } amount { amount currency } }
      order { id number customer { name } }
    }
  }`;

const ORDERS_WITH_CREDIT_NOTES = `
  query($first: Int!) {
    orders(first: $first) { nodes { id number creditNotes { id displayNumber total { amount } lines { description amount { amount } } } } }
  }`;

describe.each(databaseKinds())("credit notes on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { BOOK: [1000, 100000], MUG: [500, 100000] }, "Livraria");
    other = await createShop(server, { BOOK: [1000, 100000] }, "Outra");
  });
  afterAll(() => server.stop());

  /** A READY order of the shop: `books` books and one mug, no shipping (total books × 1000 + 500). */
  const placeOrder = async (fixture: ShopFixture, books = 2, name = "Maria Souza") => {
    const lines = [{ skuCode: "BOOK", quantity: books }, ...(fixture.skus.MUG ? [{ skuCode: "MUG", quantity: 1 }] : [])];
    const data = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines } }, fixture.token);
    expect(data.placeOrder.userErrors).toEqual([]);
    return data.placeOrder.order as { id: string; number: number; total: { amount: number } };
  };

  const input = (fixture: ShopFixture, orderId: string, overrides: Partial<IssueCreditNoteInput> = {}): IssueCreditNoteInput => ({
    shopId: fixture.shopId,
    orderId: Number(orderId),
    source: { type: CreditNoteSourceType.CLAIM, id: 41 },
    reason: "Um livro não chegou; a cliente ficou com o resto.",
    lines: [{ description: "Item BOOK", skuCode: "BOOK", quantity: 1, unitAmount: 1000 }],
    actor: STAFF,
    ...overrides,
  });

  const issue = (value: IssueCreditNoteInput) => server.db.transaction((tx) => server.services.creditNotes.issue(tx, value));

  /** Everything a refused issue must leave as it was. */
  const written = async (shopId: number) => ({
    notes: await server.db.query("SELECT id, number, total FROM credit_note WHERE shop_id = ? ORDER BY id", [shopId]),
    lines: await server.db.query("SELECT id FROM credit_note_line WHERE shop_id = ? ORDER BY id", [shopId]),
    counter: await server.db.query("SELECT last_number FROM credit_note_sequence WHERE shop_id = ?", [shopId]),
  });

  const numbersOf = async (shopId: number) =>
    (await server.db.query<{ number: number }>("SELECT number FROM credit_note WHERE shop_id = ? ORDER BY number", [shopId])).map((r) => Number(r.number));

  it("issues a numbered credit note in the caller's transaction, readable over GraphQL", async () => {
    const order = await placeOrder(shop, 2, "Joana Prado");
    const issued = await issue(
      input(shop, order.id, {
        lines: [
          { description: "Item BOOK", skuCode: "BOOK", quantity: 1, unitAmount: 1000 },
          { description: "Frete proporcional", quantity: 1, unitAmount: 300, amount: 250 },
        ],
        total: 1250,
      }),
    );
    expect(issued.note).toMatchObject({ number: 1, total: 1250, currency: "BRL", orderId: Number(order.id), sourceType: "CLAIM", sourceId: 41 });
    expect(issued.lines.map((l) => l.amount)).toEqual([1000, 250]);

    const data = await gqlData(server.graphqlUrl, CREDIT_NOTE, { id: String(issued.note.id) }, shop.token);
    expect(data.creditNote).toMatchObject({
      id: String(issued.note.id),
      number: 1,
      displayNumber: "NC-000001",
      reason: "Um livro não chegou; a cliente ficou com o resto.",
      source: { type: "CLAIM", id: "41" },
      total: { amount: 1250, currency: "BRL" },
      issuedBy: { type: "STAFF", id: "7", name: "Ana Lima" },
      order: { id: order.id, number: order.number, customer: { name: "Joana Prado" } },
    });
    expect(data.creditNote.lines).toEqual([
      { id: String(issued.lines[0]!.id), description: "Item BOOK", skuCode: "BOOK", quantity: 1, unitAmount: { amount: 1000, currency: "BRL" }, amount: { amount: 1000, currency: "BRL" } },
      { id: String(issued.lines[1]!.id), description: "Frete proporcional", skuCode: null, quantity: 1, unitAmount: { amount: 300, currency: "BRL" }, amount: { amount: 250, currency: "BRL" } },
    ]);
    expect(new Date(data.creditNote.issuedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Every staff role reads credit notes.
    const operator = await addStaff(server, shop, "OPERATOR");
    expect((await gqlData(server.graphqlUrl, CREDIT_NOTE, { id: String(issued.note.id) }, operator.token)).creditNote.number).toBe(1);
    expect((await gql(server.graphqlUrl, CREDIT_NOTE, { id: String(issued.note.id) })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses invalid input with every reason at once, and writes nothing", async () => {
    const order = await placeOrder(shop);
    const before = await written(shop.shopId);
    const refusals: Array<[Partial<IssueCreditNoteInput>, string[]]> = [
      [{ lines: [] }, ["lines"]],
      [{ reason: "   " }, ["reason"]],
      [
        {
          lines: [
            { description: "", quantity: 0, unitAmount: 100 },
            { description: "Meio", quantity: 1.5, unitAmount: -3 },
            { description: "Caro", quantity: 1, unitAmount: 100, amount: 101 },
            { description: "Fração", quantity: 1, unitAmount: 100, amount: 9.5 },
          ],
        },
        ["lines.0.description", "lines.0.quantity", "lines.1.quantity", "lines.1.unitAmount", "lines.2.amount", "lines.3.amount"],
      ],
      [{ total: 999 }, ["total"]],
      [{ source: { type: CreditNoteSourceType.RETURN } }, ["source.id"]],
      [{ orderId: 999_999_999 }, ["orderId"]],
    ];
    for (const [overrides, fields] of refusals) {
      const refusal = await issue(input(shop, order.id, overrides)).catch((error) => error);
      expect(refusal).toBeInstanceOf(UserInputError);
      expect((refusal as UserInputError).errors.map((e) => e.field)).toEqual(fields);
    }
    expect(await written(shop.shopId)).toEqual(before);
  });

  it("never credits more than the order's total minus what was credited on it; a refusal writes nothing", async () => {
    const order = await placeOrder(shop, 1); // 1000 + 500
    expect(order.total.amount).toBe(1500);
    const book = { description: "Item BOOK", skuCode: "BOOK", quantity: 1, unitAmount: 1000 };
    await issue(input(shop, order.id, { lines: [book] }));
    const before = await written(shop.shopId);
    const refusal = await issue(input(shop, order.id, { lines: [{ ...book, unitAmount: 501 }] })).catch((error) => error);
    expect(refusal).toBeInstanceOf(UserInputError);
    expect((refusal as UserInputError).errors).toEqual([expect.objectContaining({ field: "total", code: "CREDIT_EXCEEDS_PAID" })]);
    expect(await written(shop.shopId)).toEqual(before);
    // Exactly what is left is fine; after that, nothing.
    await issue(input(shop, order.id, { lines: [{ ...book, description: "Item MUG", skuCode: "MUG", unitAmount: 500 }] }));
    await expect(issue(input(shop, order.id, { lines: [{ ...book, unitAmount: 1 }] }))).rejects.toBeInstanceOf(UserInputError);
  });

  it("refuses a cancelled order", async () => {
    const order = await placeOrder(shop, 1);
    const cancel = await gqlData(
      server.graphqlUrl,
      `mutation($id: ID!) { cancelOrder(orderId: $id, refundTo: MERCHANT, reason: "desistiu") { order { status } userErrors { code } } }`,
      { id: order.id },
      shop.token,
    );
    expect(cancel.cancelOrder.order.status).toBe("CANCELLED");
    const refusal = await issue(input(shop, order.id)).catch((error) => error);
    expect((refusal as UserInputError).errors).toEqual([expect.objectContaining({ field: "orderId", code: "INVALID_TRANSITION" })]);
  });

  it("numbers concurrent issues across two shops 1..N per shop, without gaps or duplicates; rolled-back issues leave no gap", async () => {
    const a = await createShop(server, { BOOK: [1000, 100000] }, "Concorrente A");
    const b = await createShop(server, { BOOK: [1000, 100000] }, "Concorrente B");
    const ordersA = await Promise.all([placeOrder(a, 50), placeOrder(a, 50)]);
    const ordersB = await Promise.all([placeOrder(b, 50), placeOrder(b, 50)]);
    const rolledBack = new Error("the caller's work failed after the credit note");
    const attempts = Array.from({ length: 24 }, (_, i) => {
      const [fixture, orders] = i % 2 === 0 ? [a, ordersA] : [b, ordersB];
      const value = input(fixture, orders[i % 4 < 2 ? 0 : 1]!.id, { lines: [{ description: `Item ${i}`, quantity: 1, unitAmount: 100 + i }] });
      // Every fifth caller (two in each shop) fails after issuing: its number must come back.
      return server.db.transaction(async (tx) => {
        const issued = await server.services.creditNotes.issue(tx, value);
        if (i % 5 === 4) throw rolledBack;
        return issued;
      });
    });
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual(Array(4).fill(rolledBack));
    expect(await numbersOf(a.shopId)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(await numbersOf(b.shopId)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const counters = await server.db.query<{ shop_id: number; last_number: number }>(
      "SELECT shop_id, last_number FROM credit_note_sequence WHERE shop_id IN (?, ?) ORDER BY shop_id",
      [a.shopId, b.shopId],
    );
    expect(counters.map((c) => Number(c.last_number))).toEqual([10, 10]);

    // A rolled-back issue on its own: the next one takes the number it had.
    await expect(
      server.db.transaction(async (tx) => {
        const issued = await server.services.creditNotes.issue(tx, input(a, ordersA[0]!.id, { lines: [{ description: "X", quantity: 1, unitAmount: 1 }] }));
        expect(issued.note.number).toBe(11);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await issue(input(a, ordersA[0]!.id, { lines: [{ description: "Y", quantity: 1, unitAmount: 1 }] }))).note.number).toBe(11);
    expect(await numbersOf(a.shopId)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it("serializes the check of what is left to credit: concurrent issues on one order never credit more than its total", async () => {
    const fixture = await createShop(server, { BOOK: [1000, 100000] }, "Corrida");
    const order = await placeOrder(fixture, 1); // total 1000
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => issue(input(fixture, order.id, { lines: [{ description: "Parte", quantity: 1, unitAmount: 150 }] }))),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(4);
    expect(refused.every((e) => e instanceof UserInputError && e.errors[0]!.code === "CREDIT_EXCEEDS_PAID")).toBe(true);
    expect(await numbersOf(fixture.shopId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("is immutable: no mutation touches credit notes, and issuing needs the caller's transaction", async () => {
    const schema = await gqlData(server.graphqlUrl, `{ __schema { mutationType { fields { name } } } }`, {}, shop.token);
    expect(schema.__schema.mutationType.fields.map((f: { name: string }) => f.name).filter((name: string) => /credit/i.test(name))).toEqual([]);
    const service = server.services.creditNotes as unknown as Record<string, unknown>;
    for (const method of ["update", "updateCreditNote", "delete", "deleteCreditNote", "remove", "cancel", "void"]) expect(service[method]).toBeUndefined();
    const order = await placeOrder(shop);
    const before = await written(shop.shopId);
    await expect(server.db.autocommit((tx) => server.services.creditNotes.issue(tx, input(shop, order.id)))).rejects.toThrow(/inside the caller's transaction/);
    expect(await written(shop.shopId)).toEqual(before);
  });

  it("keeps shops apart: another shop neither reads a credit note nor issues one on the order", async () => {
    const order = await placeOrder(shop);
    const { note } = await issue(input(shop, order.id));
    expect((await gqlData(server.graphqlUrl, CREDIT_NOTE, { id: String(note.id) }, other.token)).creditNote).toBeNull();
    expect(
      (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { creditNotes { id } } }`, { id: order.id }, other.token)).order,
    ).toBeNull();
    const refusal = await issue(input(other, order.id)).catch((error) => error);
    expect((refusal as UserInputError).errors).toEqual([expect.objectContaining({ field: "orderId", code: "NOT_FOUND" })]);
    const odd = await gqlData(server.graphqlUrl, `{ a: creditNote(id: "abc") { id } b: creditNote(id: "999999") { id } }`, {}, shop.token);
    expect(odd).toEqual({ a: null, b: null });
  });

  it("loads Order.creditNotes for a page of orders in the same number of statements as for one order", async () => {
    const fixture = await createShop(server, { BOOK: [1000, 100000] }, "Página");
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await placeOrder(fixture, 3));
    for (const [i, order] of orders.entries()) {
      for (let n = 0; n < (i % 3); n++) await issue(input(fixture, order.id, { lines: [{ description: `Parte ${n}`, quantity: 1, unitAmount: 100 }] }));
    }
    // The outbox dispatcher polls in the background; its statements are not the page's.
    await server.dispatcher.stop();
    {
      const one = await server.queries.measure(() => gqlData(server.graphqlUrl, ORDERS_WITH_CREDIT_NOTES, { first: 1 }, fixture.token));
      let page: any;
      const six = await server.queries.measure(async () => (page = await gqlData(server.graphqlUrl, ORDERS_WITH_CREDIT_NOTES, { first: 6 }, fixture.token)));
      expect(six.count).toBe(one.count);
      // session, orders, count, credit notes, their lines
      expect(six.count).toBeLessThanOrEqual(5);
      const counts = page.orders.nodes.map((o: { creditNotes: unknown[] }) => o.creditNotes.length);
      expect(counts).toEqual([2, 1, 0, 2, 1, 0]); // newest first
      expect(page.orders.nodes[0].creditNotes.map((c: { displayNumber: string }) => c.displayNumber)).toEqual(["NC-000005", "NC-000006"]);
    }
  });
});
