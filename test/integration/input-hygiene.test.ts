import { CANCEL, createShop, customer, HOLD, PLACE_ORDER, RESTOCK, ShopFixture } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

/** NUL, BEL, ESC, DEL, a C1 control and the bidi override that flips "txt.exe" into "exe.txt". */
const NASTY = ["\u0000", "\u0007", "\u001b", "\u007f", "\u009b", "\u202e", "\u2066"];
const NASTY_PATTERN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ADJUST = `mutation($skuId: ID!, $delta: Int!, $reason: String!) { adjustStock(skuId: $skuId, delta: $delta, reason: $reason) { userErrors { field code message } } }`;

describe.each(databaseKinds())("input hygiene on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { A: [1000, 1000], NONE: [1000, 0] });
  });
  afterAll(() => server.stop());

  const place = (input: Record<string, unknown>) => gql(server.graphqlUrl, PLACE_ORDER, { input: { lines: [{ skuCode: "A", quantity: 1 }], ...input } }, shop.token);

  it.each([
    ["letters between the digits", "abc529def982ghi247jk25"],
    ["digits with words around them", "cpf 52998224725 ok"],
    ["spaces between the groups", "529 982 247 25"],
    ["slashes", "529/982/247/25"],
    ["the mask half applied", "529.982.24725"],
  ])("refuses a CPF written with %s as INVALID_CPF", async (_name, cpf) => {
    const { data } = await place({ customer: customer({ cpf }) });
    expect(data.placeOrder.order).toBeNull();
    expect(data.placeOrder.userErrors).toEqual([expect.objectContaining({ field: "customer.cpf", code: "INVALID_CPF" })]);
  });

  it.each([["52998224725"], ["529.982.247-25"], ["  529.982.247-25 "]])("accepts the CPF %j and stores its digits", async (cpf) => {
    const email = `cpf.${Math.random().toString(36).slice(2)}@example.com`;
    const { data } = await place({ customer: customer({ cpf, email }) });
    expect(data.placeOrder.userErrors).toEqual([]);
    const [row] = await server.db.query<{ cpf: string }>("SELECT cpf FROM customer WHERE email = ?", [email]);
    expect(row!.cpf).toBe("52998224725");
  });

  it.each(NASTY.map((c) => [JSON.stringify(c), c]))("refuses %s in a customer name, an external reference or an idempotency key with INVALID_FORMAT", async (_name, c) => {
    for (const [field, input] of [
      ["customer.name", { customer: customer({ name: `Ana${c}Lima` }) }],
      ["customer.phone", { customer: customer({ phone: `1199${c}` }) }],
      ["externalReference", { customer: customer(), externalReference: `EXT${c}1` }],
      ["idempotencyKey", { customer: customer(), idempotencyKey: `key${c}1` }],
      ["lines.0.skuCode", { customer: customer(), lines: [{ skuCode: `A${c}`, quantity: 1 }] }],
    ] as const) {
      const { data } = await place(input);
      expect(data.placeOrder.order).toBeNull();
      expect(data.placeOrder.userErrors).toEqual([expect.objectContaining({ field, code: "INVALID_FORMAT" })]);
    }
  });

  it("strips control characters from free-text notes and reasons but keeps their line breaks", async () => {
    const nasty = NASTY.join("");
    const order = (await gqlData(server.graphqlUrl, PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "NONE", quantity: 1 }] } }, shop.token)).placeOrder.order;
    const held = await gqlData(server.graphqlUrl, HOLD, { id: order.id, note: `wait${nasty}\nfor the truck` }, shop.token);
    expect(held.holdOrderForRestock.userErrors).toEqual([]);
    const cancelled = await gqlData(server.graphqlUrl, CANCEL, { id: order.id, to: "MERCHANT", reason: `customer${nasty} asked` }, shop.token);
    expect(cancelled.cancelOrder.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, RESTOCK, { skuId: String(shop.skus.A), quantity: 1, note: `NF${nasty} 12` }, shop.token)).restock.userErrors).toEqual([]);
    expect((await gqlData(server.graphqlUrl, ADJUST, { skuId: String(shop.skus.A), delta: 1, reason: `found${nasty} box` }, shop.token)).adjustStock.userErrors).toEqual([]);

    const notes = await server.db.query<{ note: string }>("SELECT note FROM order_event WHERE order_id = ? AND note IS NOT NULL ORDER BY id", [Number(order.id)]);
    expect(notes.map((n) => n.note)).toEqual(["wait\nfor the truck", "customer asked"]);
    const reasons = await server.db.query<{ reason: string }>("SELECT reason FROM stock_movement WHERE sku_id = ? AND kind IN ('RESTOCK', 'ADJUSTMENT') ORDER BY id", [shop.skus.A]);
    expect(reasons.map((r) => r.reason)).toEqual(["Initial stock", "NF 12", "found box"]);
  });

  it("refuses a note or reason that is nothing but control characters as if it were blank", async () => {
    const { adjustStock } = await gqlData(server.graphqlUrl, ADJUST, { skuId: String(shop.skus.A), delta: 1, reason: "\u0000\u202e" }, shop.token);
    expect(adjustStock.userErrors).toEqual([expect.objectContaining({ field: "reason", code: "REQUIRED" })]);
  });

  it("ignores control characters in a search term", async () => {
    const result = await gqlData(server.graphqlUrl, `query($s: String) { skus(filter: { search: $s }) { nodes { code } } }`, { s: `\u202eNO\u0000NE` }, shop.token);
    expect(result.skus.nodes).toEqual([{ code: "NONE" }]);
  });

  it("refuses a sku code or name with control characters", async () => {
    for (const [field, sku] of [
      ["code", { code: "B\u0000", name: "B", price: 1 }],
      ["name", { code: "B", name: "Caf\u202eé", price: 1 }],
    ] as const) {
      await expect(server.services.catalog.createSkus(shop.shopId, [sku])).rejects.toMatchObject({
        errors: [expect.objectContaining({ field, code: "INVALID_FORMAT" })],
      });
    }
  });

  it("has stored no control character anywhere", async () => {
    for (const [table, columns] of [
      ["customer", ["name", "email", "phone", "cpf"]],
      ["orders", ["external_reference", "idempotency_key"]],
      ["order_event", ["note"]],
      ["stock_movement", ["reason"]],
      ["sku", ["code", "name"]],
    ] as const) {
      const rows = await server.db.query<Record<string, string | null>>(`SELECT ${columns.join(", ")} FROM ${table} WHERE shop_id = ?`, [shop.shopId]);
      for (const row of rows) for (const value of Object.values(row)) if (typeof value === "string") expect(value).not.toMatch(NASTY_PATTERN);
    }
  });
});
