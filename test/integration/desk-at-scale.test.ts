import { CANCEL, createShop, customer, HEALTHY, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { wsClient } from "../helpers/subscriptions";

const QUEUE = `query($first: Int!, $after: String, $filter: OrdersWithoutStockFilter, $orderBy: OrdersWithoutStockOrder) {
  ordersWithoutStock(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { endCursor hasNextPage } nodes { id number missingQuantity total { amount } customer { name } }
  }
}`;

const JOB_FIELDS = `id resolution status total doneCount refusedCount finishedAt resolvedOrders { orderId number } refusals { code count orders { orderId number message } }`;
const START = `mutation($input: StartBulkResolutionInput!) { startBulkResolution(input: $input) { job { ${JOB_FIELDS} } userErrors { field code message } } }`;
const JOB = `query($id: ID!) { bulkResolution(id: $id) { ${JOB_FIELDS} } }`;

/** A CSV download's text after its byte-order mark, which it must start with (fetch's text() would drop it silently). */
async function csvOf(response: Response): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString("utf8");
}

type Node = { id: string; number: number; missingQuantity: number; total: { amount: number }; customer: { name: string } };

describe.each(databaseKinds())("the desk at scale on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.services.bulkResolutions.idle();
    await server.stop();
  });

  const place = async (shop: ShopFixture, lines: Array<[string, number]>, who: Record<string, unknown> = {}) => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(who), lines: lines.map(([skuCode, quantity]) => ({ skuCode, quantity })) } }, shop.token);
    if (placed.placeOrder.userErrors.length) throw new Error(JSON.stringify(placed.placeOrder.userErrors));
    return placed.placeOrder.order as { id: string; number: number; status: string; customer: { email: string } };
  };
  const queuePage = (shop: ShopFixture, variables: Record<string, unknown>) => gqlData(server.graphqlUrl, QUEUE, { first: 100, ...variables }, shop.token).then((d) => d.ordersWithoutStock);
  /** Every page of the queue, `first` at a time, following the cursors. */
  const allPages = async (shop: ShopFixture, variables: Record<string, unknown>, first = 2): Promise<Node[]> => {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = await queuePage(shop, { ...variables, first, after });
      nodes.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
    throw new Error("pages never ended");
  };
  const start = async (shop: ShopFixture, input: Record<string, unknown>, token = shop.token) => (await gqlData(server.graphqlUrl, START, { input }, token)).startBulkResolution;
  const finished = async (shop: ShopFixture, id: string) => {
    await server.services.bulkResolutions.settled(id);
    return (await gqlData(server.graphqlUrl, JOB, { id }, shop.token)).bulkResolution;
  };

  describe("search and sort", () => {
    let shop: ShopFixture;
    const placed: Array<{ id: string; number: number; email: string }> = [];
    beforeAll(async () => {
      shop = await createShop(server, { A: [1000, 2], B: [2500, 0] });
      const orders: Array<[Array<[string, number]>, string]> = [
        [[["A", 3]], "Ana Costa"], // total 3000, missing 1
        [[["B", 1]], "Bruno Lima"], // 2500, 1
        [[["B", 4]], "Carla Dias"], // 10000, 4
        [[["A", 1], ["B", 2]], "Diego Costa"], // 6000, 3
        [[["B", 2]], "Eva Nunes"], // 5000, 2
        [[["B", 1]], "Fábio Reis"], // 2500, 1: ties with Bruno on value and missing units
      ];
      for (const [lines, name] of orders) {
        const o = await place(shop, lines, { name });
        placed.push({ id: o.id, number: o.number, email: o.customer.email });
      }
    });

    it("keeps the serving order by default", async () => {
      expect((await allPages(shop, {})).map((n) => n.number)).toEqual(placed.map((p) => p.number));
    });

    it.each([
      ["WAITING_SINCE", "ASC"],
      ["WAITING_SINCE", "DESC"],
      ["VALUE", "ASC"],
      ["VALUE", "DESC"],
      ["MISSING_UNITS", "ASC"],
      ["MISSING_UNITS", "DESC"],
    ])("sorts by %s %s with cursors that walk every order once", async (field, direction) => {
      const everything = (await queuePage(shop, { first: 100 })).nodes as Node[];
      const key = (n: Node) => (field === "VALUE" ? n.total.amount : field === "MISSING_UNITS" ? n.missingQuantity : Number(n.id));
      const sign = direction === "DESC" ? -1 : 1;
      const expected = [...everything].sort((a, b) => sign * (key(a) - key(b) || Number(a.id) - Number(b.id))).map((n) => n.number);
      for (const first of [1, 2, 4]) {
        expect((await allPages(shop, { orderBy: { field, direction } }, first)).map((n) => n.number)).toEqual(expected);
      }
    });

    it("searches by name, e-mail and number, with a sort, and counts the matches", async () => {
      const costa = await queuePage(shop, { filter: { search: "costa" }, orderBy: { field: "VALUE", direction: "DESC" } });
      expect(costa.nodes.map((n: Node) => n.customer.name)).toEqual(["Diego Costa", "Ana Costa"]);
      expect(costa.totalCount).toBe(2);
      expect((await queuePage(shop, { filter: { search: placed[2]!.email.toUpperCase() } })).nodes.map((n: Node) => n.number)).toEqual([placed[2]!.number]);
      expect((await queuePage(shop, { filter: { search: `#${placed[4]!.number}` } })).nodes.map((n: Node) => n.number)).toEqual([placed[4]!.number]);
      expect((await queuePage(shop, { filter: { search: "ninguém" } })).nodes).toEqual([]);
    });

    it("refuses a cursor from another sort and a search that is too long", async () => {
      const page = await queuePage(shop, { first: 2, orderBy: { field: "VALUE", direction: "ASC" } });
      const wrong = await gql(server.graphqlUrl, QUEUE, { first: 2, after: page.pageInfo.endCursor, orderBy: { field: "VALUE", direction: "DESC" } }, shop.token);
      expect(wrong.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const serving = await gql(server.graphqlUrl, QUEUE, { first: 2, after: page.pageInfo.endCursor }, shop.token);
      expect(serving.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const long = await gql(server.graphqlUrl, QUEUE, { first: 2, filter: { search: "x".repeat(101) } }, shop.token);
      expect(long.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("exports the queue as CSV with the current search and sort, streamed, behind the session", async () => {
      const url = `${server.url}/exports/orders-without-stock.csv?search=costa&sort=VALUE&direction=DESC`;
      expect((await fetch(url)).status).toBe(401);
      const response = await fetch(url, { headers: { authorization: `Bearer ${shop.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(response.headers.get("x-export-limit")).toBe("50000");
      const lines = (await csvOf(response)).split("\r\n");
      expect(lines[0]).toBe("order_number,placed_at,status,priority,customer_name,customer_email,total,currency,missing_units,missing_skus");
      expect(lines.slice(1, -1).map((l) => l.split(",")[4])).toEqual(["Diego Costa", "Ana Costa"]);
      expect(lines[1]).toContain(",60.00,BRL,3,A x1; B x2");
      expect(lines[lines.length - 1]).toBe("");

      // Another shop sees only its own (none), and a bad parameter is a 400.
      const other = await createShop(server, {});
      const theirs = await csvOf(await fetch(`${server.url}/exports/orders-without-stock.csv`, { headers: { authorization: `Bearer ${other.token}` } }));
      expect(theirs.split("\r\n").filter(Boolean)).toHaveLength(1);
      expect((await fetch(`${server.url}/exports/orders-without-stock.csv?sort=NAME`, { headers: { authorization: `Bearer ${shop.token}` } })).status).toBe(400);
    });

    it("pages the export through more rows than one page, without losing or repeating any", async () => {
      const big = await createShop(server, { Z: [100, 0] });
      const numbers: number[] = [];
      // Past the export's page of 500 would take long here; the page walk is the same at any size,
      // so the rows are compared with the API's own sorted walk.
      for (let i = 0; i < 7; i++) numbers.push((await place(big, [["Z", 1 + (i % 3)]], { name: i === 3 ? "=HYPERLINK(\"x\")" : `Cliente ${i}` })).number);
      const text = await csvOf(await fetch(`${server.url}/exports/orders-without-stock.csv?sort=MISSING_UNITS&direction=ASC`, { headers: { authorization: `Bearer ${big.token}` } }));
      const rows = text.split("\r\n").slice(1, -1);
      const api = (await allPages(big, { orderBy: { field: "MISSING_UNITS", direction: "ASC" } }, 3)).map((n) => String(n.number));
      expect(rows.map((r) => r.split(",")[0])).toEqual(api);
      // A name a spreadsheet would run as a formula stays text.
      expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    });

    it("exports the orders list with its status filter", async () => {
      const response = await fetch(`${server.url}/exports/orders.csv?status=AWAITING_STOCK&search=costa`, { headers: { authorization: `Bearer ${shop.token}` } });
      expect(response.status).toBe(200);
      const rows = (await csvOf(response)).split("\r\n");
      expect(rows[0]).toBe("order_number,placed_at,status,source,external_reference,customer_name,customer_email,total,currency");
      // Newest first, as the list shows them.
      expect(rows.slice(1, -1).map((r) => r.split(",")[0])).toEqual([String(placed[3]!.number), String(placed[0]!.number)]);
      expect((await fetch(`${server.url}/exports/orders.csv?status=LOST`, { headers: { authorization: `Bearer ${shop.token}` } })).status).toBe(400);
    });
  });

  describe("bulk resolution", () => {
    it("cancels a mix of orders each in its own transaction, refusing the others with their reasons, live over a WebSocket", async () => {
      const shop = await createShop(server, { A: [1000, 2], B: [2000, 0] });
      const other = await createShop(server, { B: [2000, 0] });
      const ok1 = await place(shop, [["B", 1]], { name: "Ana Costa" });
      const ok2 = await place(shop, [["B", 2]]);
      const ok3 = await place(shop, [["A", 1], ["B", 1]]);
      const gone = await place(shop, [["B", 1]]);
      expect((await gqlData(server.graphqlUrl, CANCEL, { id: gone.id, to: "MERCHANT", reason: "Pedido duplicado" }, shop.token)).cancelOrder.userErrors).toEqual([]);
      const noCpf = await place(shop, [["B", 1]], { cpf: null });
      const foreign = await place(other, [["B", 1]]);
      const before = await shopSnapshot(server, other.shopId);
      const noCpfRefunds = () => server.db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM refund WHERE order_id = ?", [Number(noCpf.id)]).then((r) => Number(r[0]!.n));

      const started = await start(shop, {
        orderIds: [ok1.id, gone.id, ok2.id, noCpf.id, foreign.id, ok3.id],
        resolution: "CANCEL",
        refundTo: "CUSTOMER",
        note: "Ruptura no fornecedor",
      });
      expect(started.userErrors).toEqual([]);
      expect(started.job).toEqual(expect.objectContaining({ resolution: "CANCEL", total: 6 }));

      // Progress over a real WebSocket: the job as it is, then each change, ending FINISHED.
      const client = wsClient(server.wsUrl, shop.token);
      const pushes: Array<{ status: string; doneCount: number; refusedCount: number; total: number }> = [];
      await new Promise<void>((resolve, reject) =>
        client.subscribe(
          { query: `subscription($id: ID!) { bulkResolutionProgress(id: $id) { status doneCount refusedCount total } }`, variables: { id: started.job.id } },
          { next: (r) => (r.errors ? reject(new Error(JSON.stringify(r.errors))) : pushes.push(r.data!.bulkResolutionProgress as never)), error: reject, complete: resolve },
        ),
      );
      await client.dispose();
      expect(pushes.length).toBeGreaterThanOrEqual(1);
      expect(pushes[pushes.length - 1]).toEqual({ status: "FINISHED", doneCount: 3, refusedCount: 3, total: 6 });
      for (let i = 1; i < pushes.length; i++) expect(pushes[i]!.doneCount + pushes[i]!.refusedCount).toBeGreaterThanOrEqual(pushes[i - 1]!.doneCount + pushes[i - 1]!.refusedCount);

      const job = await finished(shop, started.job.id);
      expect(job.resolvedOrders.map((o: { number: number }) => o.number)).toEqual([ok1.number, ok2.number, ok3.number]);
      const groups = Object.fromEntries(job.refusals.map((g: { code: string; count: number; orders: Array<{ orderId: string; number: number | null; message: string }> }) => [g.code, g]));
      expect(Object.keys(groups).sort()).toEqual(["CUSTOMER_CPF_MISSING", "INVALID_TRANSITION", "NOT_FOUND"]);
      expect(groups.INVALID_TRANSITION.orders).toEqual([{ orderId: gone.id, number: gone.number, message: expect.stringContaining(`#${gone.number}`) }]);
      expect(groups.CUSTOMER_CPF_MISSING.orders).toEqual([{ orderId: noCpf.id, number: noCpf.number, message: expect.stringContaining("CPF") }]);
      // Another shop's order is "not found", its number not even shown.
      expect(groups.NOT_FOUND.orders).toEqual([{ orderId: foreign.id, number: null, message: expect.any(String) }]);

      // Done orders are cancelled with their refunds; refused ones are untouched.
      const status = async (id: string, token = shop.token) => (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { status refunds { destination } } }`, { id }, token)).order;
      for (const o of [ok1, ok2, ok3]) expect(await status(o.id)).toEqual({ status: "CANCELLED", refunds: [{ destination: "CUSTOMER" }] });
      expect((await status(noCpf.id)).status).toBe("AWAITING_STOCK");
      expect(await noCpfRefunds()).toBe(0);
      expect(await shopSnapshot(server, other.shopId)).toEqual(before);
      expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

      // The job is the shop's: another shop neither reads it nor follows it.
      expect((await gqlData(server.graphqlUrl, JOB, { id: started.job.id }, other.token)).bulkResolution).toBeNull();
      const stranger = wsClient(server.wsUrl, other.token);
      const theirs: unknown[] = [];
      await new Promise<void>((resolve, reject) =>
        stranger.subscribe(
          { query: `subscription($id: ID!) { bulkResolutionProgress(id: $id) { status doneCount } }`, variables: { id: started.job.id } },
          { next: (r) => theirs.push(r.data), error: reject, complete: resolve },
        ),
      );
      await stranger.dispose();
      expect(theirs).toEqual([{ bulkResolutionProgress: null }]);
    });

    it("resolves every order a filter matches, and two jobs over the same orders never apply twice", async () => {
      const shop = await createShop(server, { B: [2000, 0] });
      const mine: Array<{ id: string; number: number }> = [];
      for (let i = 0; i < 8; i++) mine.push(await place(shop, [["B", 1]], { name: i % 2 ? `Costa ${i}` : `Lima ${i}` }));

      // By filter: the search's matches, resolved to ids at start.
      const held = await start(shop, { filter: { search: "Costa" }, resolution: "WAIT_FOR_RESTOCK" });
      expect(held.userErrors).toEqual([]);
      const heldJob = await finished(shop, held.job.id);
      expect(heldJob).toEqual(expect.objectContaining({ status: "FINISHED", total: 4, doneCount: 4, refusedCount: 0 }));
      expect((await queuePage(shop, { filter: { status: "ON_HOLD_FOR_RESTOCK" } })).totalCount).toBe(4);

      // Two jobs at once over the same eight orders: each order is cancelled once.
      const ids = mine.map((o) => o.id);
      const [a, b] = await Promise.all([
        start(shop, { orderIds: ids, resolution: "CANCEL", refundTo: "MERCHANT", note: "Fornecedor faliu" }),
        start(shop, { orderIds: [...ids].reverse(), resolution: "CANCEL", refundTo: "MERCHANT", note: "Fornecedor faliu" }),
      ]);
      const [jobA, jobB] = [await finished(shop, a.job.id), await finished(shop, b.job.id)];
      expect(jobA.doneCount + jobB.doneCount).toBe(8);
      expect(jobA.refusedCount + jobB.refusedCount).toBe(8);
      for (const job of [jobA, jobB]) for (const group of job.refusals) expect(group.code).toBe("INVALID_TRANSITION");
      const counts = await server.db.query<{ order_id: number; n: number | string }>(
        "SELECT order_id, COUNT(*) AS n FROM refund WHERE shop_id = ? GROUP BY order_id",
        [shop.shopId],
      );
      expect(counts.map((c) => Number(c.n))).toEqual(new Array(8).fill(1));
      const cancelledEvents = await server.db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM order_event WHERE shop_id = ? AND type = 'ORDER_CANCELLED'", [shop.shopId]);
      expect(Number(cancelledEvents[0]!.n)).toBe(8);
      expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    });

    it("refuses a job it cannot start, naming the limit, and changes nothing", async () => {
      const shop = await createShop(server, { B: [2000, 0] });
      const o = await place(shop, [["B", 1]]);
      const before = await shopSnapshot(server, shop.shopId);
      const tooMany = await start(shop, { orderIds: Array.from({ length: 5001 }, (_, i) => String(i + 1)), resolution: "WAIT_FOR_RESTOCK" });
      expect(tooMany.job).toBeNull();
      expect(tooMany.userErrors).toEqual([{ field: "orderIds", code: "TOO_MANY_ITEMS", message: expect.stringContaining("5,000") }]);
      expect((await start(shop, { orderIds: [o.id], resolution: "CANCEL", refundTo: "MERCHANT" })).userErrors).toEqual([expect.objectContaining({ field: "reason", code: "REQUIRED" })]);
      expect((await start(shop, { orderIds: [o.id], resolution: "SUBSTITUTE" })).userErrors).toEqual([expect.objectContaining({ field: "resolution", code: "INVALID_FORMAT" })]);
      expect((await start(shop, { orderIds: [o.id], filter: {}, resolution: "WAIT_FOR_RESTOCK" })).userErrors).toEqual([expect.objectContaining({ code: "REQUIRED" })]);
      expect((await start(shop, { filter: { search: "ninguém" }, resolution: "WAIT_FOR_RESTOCK" })).userErrors).toEqual([expect.objectContaining({ field: "filter", code: "REQUIRED" })]);
      expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
    });
  });
});
