import { createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { customerSearchWords } from "../../server/src/modules/customers/customer-search";
import { OrderKind } from "../../server/src/modules/orders/order.entity";
import { ActorType } from "../../server/src/modules/orders/order-event.entity";

const SEARCH = `query($first: Int!, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) { totalCount totalCountIsExact pageInfo { endCursor hasNextPage } nodes { number } } }`;

/**
 * The orders' search index (order_search_word) against a reference computed here from the orders
 * and their customers as they are: a term matches an order when it is its number or its external
 * reference, or when every word of the term (case and accents aside) starts a word of the
 * customer's name or e-mail address. Checked after new orders, renames and follow-up orders.
 */
describe.each(databaseKinds())("the orders' search index on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const terms = [
    "costa", "COSTA", "cost", "Costanza", "acosta", "ana costa", "costa ana", "ana", "an", "jose", "José", "ze", "zé", "maria jose costa",
    "ana@", "ana.costa@exemplo", "pedro", "p", "c", "a", "silva", "si", "souza costa", "#3", "5", "REF-7", "nobody", "ana costa silva",
  ];

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { PLENTY: [1000, 10000], SCARCE: [1000, 0] });
  });
  afterAll(() => server.stop());

  const place = async (name: string, email: string, i: number) =>
    (
      await gqlData(
        server.graphqlUrl,
        PLACE_ORDER,
        { input: { customer: customer({ name, email }), lines: [{ skuCode: i % 3 ? "PLENTY" : "SCARCE", quantity: 1 }], externalReference: `REF-${i}` } },
        shop.token,
      )
    ).placeOrder.order;

  /** The numbers the reference finds for `term`, newest first. */
  async function reference(term: string, statuses: string[] | null = null): Promise<number[]> {
    const rows = await server.db.query<{ id: number; number: number; status: string; external_reference: string | null; name: string; email: string }>(
      "SELECT o.id, o.number, o.status, o.external_reference, c.name, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.shop_id = ? ORDER BY o.id DESC",
      [shop.shopId],
    );
    const words = fold(term).split(/\s+/).filter(Boolean);
    const number = /^#?(\d{1,9})$/.exec(term.trim())?.[1];
    return rows
      .filter((o) => !statuses || statuses.includes(o.status))
      .filter((o) => {
        if (number && Number(o.number) === Number(number)) return true;
        if (o.external_reference === term.trim()) return true;
        const customerWords = [...fold(o.name).split(/\s+/), fold(o.email)];
        return words.length > 0 && words.every((w) => customerWords.some((c) => c.startsWith(w)));
      })
      .map((o) => Number(o.number));
  }

  async function found(term: string, statuses: string[] | null = null, first = 100) {
    const numbers: number[] = [];
    let after: string | null = null;
    let count: { totalCount: number; totalCountIsExact: boolean } | null = null;
    for (;;) {
      const page: any = (await gqlData(server.graphqlUrl, SEARCH, { first, after, filter: { search: term, status: statuses } }, shop.token)).orders;
      count ??= { totalCount: page.totalCount, totalCountIsExact: page.totalCountIsExact };
      numbers.push(...page.nodes.map((o: { number: number }) => o.number));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { numbers, count };
  }

  async function expectAsReference() {
    for (const term of terms) {
      const expected = await reference(term);
      const { numbers, count } = await found(term);
      expect({ term, numbers }).toEqual({ term, numbers: expected });
      expect({ term, count }).toEqual({ term, count: { totalCount: expected.length, totalCountIsExact: true } });
    }
    // Paged in small pages (the cursor is each probe's index range), and with a status.
    for (const term of ["costa", "ana", "c", "ana costa"]) {
      expect({ term, numbers: (await found(term, null, 2)).numbers }).toEqual({ term, numbers: await reference(term) });
      expect({ term, numbers: (await found(term, ["AWAITING_STOCK"], 2)).numbers }).toEqual({ term, numbers: await reference(term, ["AWAITING_STOCK"]) });
    }
    // Every order carries exactly its customer's words.
    const orders = await server.db.query<{ id: number; name: string; email: string }>(
      "SELECT o.id, c.name, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.shop_id = ?",
      [shop.shopId],
    );
    const rows = await server.db.query<{ order_id: number; word: string; customer_id: number }>("SELECT order_id, word, customer_id FROM order_search_word WHERE shop_id = ?", [shop.shopId]);
    const kept = new Map<number, string[]>();
    for (const row of rows) kept.set(Number(row.order_id), [...(kept.get(Number(row.order_id)) ?? []), String(row.word)]);
    for (const order of orders) {
      expect({ order: order.id, words: (kept.get(Number(order.id)) ?? []).sort() }).toEqual({ order: order.id, words: customerSearchWords(order.name, order.email).sort() });
    }
  }

  it("finds what a plain match over the customers finds, after new orders, renames and follow-up orders", async () => {
    const people = [
      ["José da Costa", "jose.costa@exemplo.com.br"],
      ["Ana Costanza", "ana.costa@exemplo.com"],
      ["Pedro Acosta", "pedro@exemplo.com"],
      ["MARIA JOSÉ COSTA", "maria@exemplo.com"],
      ["Zé Ninguém", "ze@exemplo.com"],
      ["Ana Costa Silva", "acs@exemplo.com"],
      ["Costa Costa", "costa@exemplo.com"],
      ["Ana Souza", "ana@exemplo.com"],
    ];
    let i = 1;
    for (const round of [0, 1]) for (const [name, email] of people) await place(name!, email!, i++ + round * 0);
    await expectAsReference();

    // Renames: the customer's earlier orders follow the new name; one that keeps the same words changes nothing.
    await place("Ana Silva", "ana.costa@exemplo.com", i++);
    await place("Pedro Costa", "pedro@exemplo.com", i++);
    await place("maria josé costa", "maria@exemplo.com", i++);
    await place("Zuleica", "ze@exemplo.com", i++);
    await expectAsReference();

    // A follow-up order (a reshipment) is found by its customer's words too, and follows a later rename.
    const [origin] = await server.db.query<{ id: number }>("SELECT id FROM orders WHERE shop_id = ? AND number = 1", [shop.shopId]);
    await server.db.transaction((tx) =>
      server.services.orders.placeFollowUpOrder(tx, {
        shopId: shop.shopId,
        originOrderId: Number(origin!.id),
        kind: OrderKind.RESHIPMENT,
        lines: [{ skuCode: "PLENTY", quantity: 1 }],
        actor: { type: ActorType.SYSTEM, id: null },
        note: null,
      } as any),
    );
    await expectAsReference();
    await place("José Santos", "jose.costa@exemplo.com.br", i++);
    await expectAsReference();
  });

  it("keeps every order's words equal to its customer's when orders and renames of one customer race", async () => {
    const email = "corrida@exemplo.com";
    const names = ["Rita Corrida", "Rita Veloz", "Rita Corrida", "Rita Lenta"];
    await Promise.all(Array.from({ length: 12 }, (_, k) => place(names[k % names.length]!, email, 100 + k)));
    await expectAsReference();
  });

  it("is filled by its migration from the customers' words, as intake keeps it", async () => {
    const rows = () => server.db.query<Record<string, unknown>>("SELECT shop_id, word, order_id, customer_id FROM order_search_word ORDER BY shop_id, order_id, word");
    const kept = (await rows()).map((r) => Object.values(r).map(String));
    expect(kept.length).toBeGreaterThan(40);
    // Undo it and every migration after it, then run them all again.
    const migrations = server.db.dataSource.migrations;
    const at = migrations.findIndex((m) => m.name === "OrderSearchWords1767650000000");
    expect(at).toBeGreaterThanOrEqual(0);
    for (let i = migrations.length - 1; i >= at; i--) await server.db.dataSource.undoLastMigration();
    expect(await server.db.dataSource.showMigrations()).toBe(true);
    await server.db.dataSource.runMigrations();
    expect((await rows()).map((r) => Object.values(r).map(String))).toEqual(kept);
    await expectAsReference();
  });
});
