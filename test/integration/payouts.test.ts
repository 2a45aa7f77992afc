import { CANCEL, createShop, customer, PLACE_ORDER, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";
import { refundsExport } from "../../server/src/modules/refunds/payouts.export";
import { createLogger } from "../../server/src/infra/logging/logger";

const REFUNDS_PAGE = `
  query Refunds($first: Int!, $after: String, $filter: RefundFilter) {
    refunds(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id status destination amount { amount currency } paidAt payoutReference createdAt
        order { id number customer { name } }
        lines { quantity amount { amount } orderLine { skuCode name } }
      }
    }
  }`;

const MARK_PAID = `mutation($id: ID!, $ref: String) {
  markRefundPaid(refundId: $id, payoutReference: $ref) {
    refund { id status paidAt payoutReference }
    userErrors { field code message }
  }
}`;

describe.each(databaseKinds())("payouts on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  /** Refund ids by the order number they refund; orders 1..12: odd numbers to the merchant, even to the customer. */
  const refundOf = new Map<number, string>();
  /** Moves the server's clock (refund links expire by it). */
  let clockOffset = 0;

  const placeAndCancel = async (target: ShopFixture, to: "MERCHANT" | "CUSTOMER", name = "Maria Souza") => {
    const placed = await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer({ name }), lines: [{ skuCode: "A", quantity: 2 }] } }, target.token);
    await gqlData(server.graphqlUrl, CANCEL, { id: placed.placeOrder.order.id, to, reason: "sem estoque" }, target.token);
    const refunds = await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { number refunds { id } } }`, { id: placed.placeOrder.order.id }, target.token);
    return { number: refunds.order.number as number, orderId: placed.placeOrder.order.id as string, refundId: refunds.order.refunds[0].id as string };
  };
  const events = async (target: ShopFixture, orderId: string) =>
    (await gqlData(server.graphqlUrl, `query($id: ID!) { order(id: $id) { events { type data actor { type name } } } }`, { id: orderId }, target.token)).order.events.filter(
      (e: { type: string }) => e.type === "REFUND_PAID",
    );

  beforeAll(async () => {
    server = await startTestServer(kind, { config: { clock: () => new Date(Date.now() + clockOffset) } });
    shop = await createShop(server, { A: [1990, 1000] }, "Payouts");
    other = await createShop(server, { A: [1990, 1000] }, "Other");
    for (let i = 1; i <= 12; i++) {
      const { number, refundId } = await placeAndCancel(shop, i % 2 ? "MERCHANT" : "CUSTOMER", `Buyer ${i}`);
      refundOf.set(number, refundId);
    }
    await placeAndCancel(other, "MERCHANT");
  });
  afterAll(() => server.stop());

  it("pages through the shop's refunds newest first, with order, customer and lines", async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 5, after }, shop.token);
      expect(page.refunds.totalCount).toBe(12);
      seen.push(...page.refunds.nodes.map((r: { order: { number: number } }) => r.order.number));
      if (!page.refunds.pageInfo.hasNextPage) break;
      after = page.refunds.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
    const first = (await gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 1 }, shop.token)).refunds.nodes[0];
    expect(first).toEqual(
      expect.objectContaining({
        status: "AWAITING_CUSTOMER_DETAILS",
        destination: "CUSTOMER",
        amount: { amount: 3980, currency: "BRL" },
        paidAt: null,
        payoutReference: null,
        order: expect.objectContaining({ number: 12, customer: { name: "Buyer 12" } }),
        lines: [{ quantity: 2, amount: { amount: 3980 }, orderLine: { skuCode: "A", name: "Item A" } }],
      }),
    );
  });

  it("filters by status and by destination", async () => {
    const list = async (filter: object) => (await gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 100, filter }, shop.token)).refunds;
    const ready = await list({ status: ["READY_FOR_PAYOUT"] });
    expect(ready.totalCount).toBe(6);
    expect(ready.nodes.every((r: { status: string; destination: string }) => r.status === "READY_FOR_PAYOUT" && r.destination === "MERCHANT")).toBe(true);
    expect((await list({ destination: "CUSTOMER" })).totalCount).toBe(6);
    expect((await list({ destination: "CUSTOMER", status: ["READY_FOR_PAYOUT"] })).totalCount).toBe(0);
    expect((await list({ status: ["READY_FOR_PAYOUT", "AWAITING_CUSTOMER_DETAILS"] })).totalCount).toBe(12);
  });

  it("filters refunds whose link expired as EXPIRED, apart from those still awaiting the customer", async () => {
    const list = async (filter: object) => (await gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 100, filter }, shop.token)).refunds;
    expect((await list({ status: ["AWAITING_CUSTOMER_DETAILS"] })).totalCount).toBe(6);
    expect((await list({ status: ["EXPIRED"] })).totalCount).toBe(0);
    clockOffset = 15 * 24 * 3600 * 1000;
    try {
      const expired = await list({ status: ["EXPIRED"] });
      expect(expired.totalCount).toBe(6);
      expect(expired.nodes.every((r: { status: string }) => r.status === "EXPIRED")).toBe(true);
      expect((await list({ status: ["AWAITING_CUSTOMER_DETAILS"] })).totalCount).toBe(0);
      expect((await list({ status: ["EXPIRED", "READY_FOR_PAYOUT"] })).totalCount).toBe(12);
    } finally {
      clockOffset = 0;
    }
  });

  it("loads a page of 12 refunds with orders, customers and lines in as many statements as a page of 2", async () => {
    await server.dispatcher.stop();
    try {
      const two = await server.queries.measure(() => gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 2 }, shop.token));
      const twelve = await server.queries.measure(() => gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 12 }, shop.token));
      expect(twelve.count).toBe(two.count);
      // session, refunds, count, refund lines, orders, customers, order lines
      expect(twelve.count).toBeLessThanOrEqual(7);
    } finally {
      server.dispatcher.start();
    }
  });

  it("refuses a page size out of range or a forged cursor with BAD_USER_INPUT", async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { first: 10, after: "forged" }]) {
      const result = await gql(server.graphqlUrl, REFUNDS_PAGE, variables, shop.token);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("shows a shop only its own refunds", async () => {
    const theirs = await gqlData(server.graphqlUrl, REFUNDS_PAGE, { first: 100 }, other.token);
    expect(theirs.refunds.totalCount).toBe(1);
    const mine = refundOf.get(1)!;
    expect(theirs.refunds.nodes[0].id).not.toBe(mine);
    expect((await gqlData(server.graphqlUrl, `query($id: ID!) { refund(id: $id) { id } }`, { id: mine }, other.token)).refund).toBeNull();
    expect((await gql(server.graphqlUrl, REFUNDS_PAGE, { first: 5 })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("marks a READY_FOR_PAYOUT refund paid with one REFUND_PAID event; repeating it changes nothing", async () => {
    const { orderId, refundId } = await placeAndCancel(shop, "MERCHANT");
    const paid = await gqlData(server.graphqlUrl, MARK_PAID, { id: refundId, ref: "  E2E-123  " }, shop.token);
    expect(paid.markRefundPaid.userErrors).toEqual([]);
    expect(paid.markRefundPaid.refund).toEqual(expect.objectContaining({ id: refundId, status: "PAID", payoutReference: "E2E-123" }));
    expect(Date.parse(paid.markRefundPaid.refund.paidAt)).toBeGreaterThan(Date.now() - 60_000);

    const again = await gqlData(server.graphqlUrl, MARK_PAID, { id: refundId, ref: "OTHER" }, shop.token);
    expect(again.markRefundPaid).toEqual({ refund: paid.markRefundPaid.refund, userErrors: [] });

    const paidEvents = await events(shop, orderId);
    expect(paidEvents).toHaveLength(1);
    expect(paidEvents[0].actor).toEqual({ type: "STAFF", name: expect.stringMatching(/^Staff/) });
    expect(JSON.parse(paidEvents[0].data)).toEqual({ refundId: Number(refundId), amount: 3980, payoutReference: "E2E-123" });
  });

  it("refuses other statuses, another shop's refund and a too long reference, changing nothing", async () => {
    const awaiting = refundOf.get(2)!;
    const refused = await gqlData(server.graphqlUrl, MARK_PAID, { id: awaiting }, shop.token);
    expect(refused.markRefundPaid).toEqual({ refund: null, userErrors: [expect.objectContaining({ field: "refundId", code: "INVALID_TRANSITION" })] });

    const ready = refundOf.get(3)!;
    for (const id of [ready, "999999", "abc"]) {
      const foreign = await gqlData(server.graphqlUrl, MARK_PAID, { id }, other.token);
      expect(foreign.markRefundPaid).toEqual({ refund: null, userErrors: [expect.objectContaining({ field: "refundId", code: "NOT_FOUND" })] });
    }
    const tooLong = await gqlData(server.graphqlUrl, MARK_PAID, { id: ready, ref: "x".repeat(201) }, shop.token);
    expect(tooLong.markRefundPaid.userErrors).toEqual([expect.objectContaining({ field: "payoutReference", code: "OUT_OF_RANGE" })]);

    const rows = await server.db.query<{ id: number; status: string; paid_at: unknown }>("SELECT id, status, paid_at FROM refund WHERE id IN (?, ?)", [Number(awaiting), Number(ready)]);
    expect(rows.map((r) => [r.status, r.paid_at])).toEqual([["AWAITING_CUSTOMER_DETAILS", null], ["READY_FOR_PAYOUT", null]]);
    expect(await server.db.query("SELECT id FROM order_event WHERE type = 'REFUND_PAID' AND shop_id = ?", [other.shopId])).toEqual([]);
  });

  it("gives two concurrent markRefundPaid calls exactly one REFUND_PAID event", async () => {
    for (let round = 0; round < 3; round++) {
      const { orderId, refundId } = await placeAndCancel(shop, "MERCHANT");
      const results = await Promise.all([1, 2, 3].map((n) => gqlData(server.graphqlUrl, MARK_PAID, { id: refundId, ref: `REF-${n}` }, shop.token)));
      expect(results.every((r) => r.markRefundPaid.userErrors.length === 0 && r.markRefundPaid.refund.status === "PAID")).toBe(true);
      // Every caller is told the one reference that was recorded.
      expect(new Set(results.map((r) => r.markRefundPaid.refund.payoutReference)).size).toBe(1);
      expect(await events(shop, orderId)).toHaveLength(1);
    }
  });

  describe("CSV export", () => {
    const download = (query: string, token?: string) =>
      fetch(`${server.url}/exports/refunds.csv${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it("lists the shop's READY_FOR_PAYOUT refunds, oldest first, with a decimal amount and a payout details column", async () => {
      const local = await createShop(server, { A: [1990, 1000] }, "Export");
      const first = await placeAndCancel(local, "MERCHANT", "Ana Lima");
      await placeAndCancel(local, "CUSTOMER", "Not Ready");
      const second = await placeAndCancel(local, "MERCHANT", "João, \"Jota\" Silva");
      const response = await download("?status=READY_FOR_PAYOUT", local.token);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="?refunds-ready_for_payout-\d{4}-\d\d-\d\d\.csv"?$/);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const text = (await response.text()).replace(/^\uFEFF/, "");
      const lines = text.trimEnd().split("\r\n");
      expect(lines[0]).toBe("refund_id,order_number,created_at,customer_name,amount,currency,destination,status,payout_details");
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(new RegExp(`^${first.refundId},${first.number},\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,Ana Lima,39\\.80,BRL,MERCHANT,READY_FOR_PAYOUT,PIX EMAIL financeiro@loja\\.test$`));
      expect(lines[2]).toContain(`,"João, ""Jota"" Silva",39.80,BRL,MERCHANT,READY_FOR_PAYOUT,`);
      expect(text).not.toContain("Not Ready");

      // The default is READY_FOR_PAYOUT; a PAID refund leaves it.
      await gqlData(server.graphqlUrl, MARK_PAID, { id: first.refundId }, local.token);
      const after = (await (await download("", local.token)).text()).trimEnd().split("\r\n");
      expect(after).toHaveLength(2);
      expect(after[1]).toMatch(new RegExp(`^${second.refundId},`));
    });

    it("cuts a file at the limit, oldest first, and says so", async () => {
      const local = await createShop(server, { A: [1990, 1000] }, "Limit");
      const refunds = [];
      for (let i = 0; i < 3; i++) refunds.push(await placeAndCancel(local, "MERCHANT"));
      const caller = (await server.services.auth.authenticate(local.token))!;
      const limited = (max: number) => refundsExport(server.services.payouts, createLogger("silent"), max).handle(caller, {});
      const cut: any = await limited(2);
      expect(cut.headers).toEqual({ "X-Export-Limit": "2", "X-Export-Truncated": "true" });
      expect(cut.body.trimEnd().split("\r\n").slice(1).map((l: string) => l.split(",")[0])).toEqual([refunds[0]!.refundId, refunds[1]!.refundId]);
      expect((await limited(3) as any).headers["X-Export-Truncated"]).toBe("false");
      const whole = await download("", local.token);
      expect([whole.headers.get("x-export-limit"), whole.headers.get("x-export-truncated")]).toEqual(["5000", "false"]);
    });

    it("neutralises spreadsheet formulas in cells", async () => {
      const local = await createShop(server, { A: [1990, 1000] }, "Injection");
      for (const name of ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)"]) await placeAndCancel(local, "MERCHANT", name);
      const text = await (await download("", local.token)).text();
      const names = text.trimEnd().split("\r\n").slice(1).map((l) => l.split(",").slice(3, -5).join(","));
      expect(names).toEqual([`"'=HYPERLINK(""http://evil"")"`, "'+1+1", "'-2+3", "'@SUM(A1)"]);
    });

    it("refuses a caller without a valid session and an unknown status, and never shows another shop's refunds", async () => {
      const anonymous = await download("");
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.stringContaining("Bearer") } });
      expect((await download("", "not-a-token")).status).toBe(401);

      const bad = await download("?status=DROP%20TABLE", shop.token);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toEqual({ code: "BAD_USER_INPUT", message: expect.stringContaining("READY_FOR_PAYOUT") });

      const theirs = (await (await download("", other.token)).text()).trimEnd().split("\r\n");
      expect(theirs).toHaveLength(2);
      expect(theirs.slice(1).join()).not.toMatch(/Buyer/);
    });
  });
});
