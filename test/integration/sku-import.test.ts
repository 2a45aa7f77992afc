import { createShop, customer, HEALTHY, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const RESULT = "rows created updated unchanged stockIncreased stockDecreased ordersResumedCount errorCount errors { line column code message } userErrors { field code message }";
const PREVIEW = `query($csv: String!) { previewSkuImport(csv: $csv) { ${RESULT} } }`;
const APPLY = `mutation($csv: String!) { applySkuImport(csv: $csv) { ${RESULT} } }`;

describe.each(databaseKinds())("CSV import of skus on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer(kind);
    // HELD: 4 on hand, 3 of them allocated below; WAIT: nothing, two orders wait for it.
    shop = await createShop(server, { HELD: [1000, 4], WAIT: [500, 0], SAME: [300, 7] });
  });
  afterAll(() => server.stop());

  const call = (query: string, variables: Record<string, unknown>, token = shop.token) => gqlData(server.graphqlUrl, query, variables, token);
  const order = (skuCode: string, quantity: number) =>
    call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode, quantity }] } }).then((d) => d.placeOrder.order);
  const levels = async () =>
    Object.fromEntries(
      (await server.db.query<{ code: string; on_hand: number; allocated: number }>(
        "SELECT s.code, l.on_hand, l.allocated FROM sku s JOIN stock_level l ON l.sku_id = s.id WHERE s.shop_id = ? ORDER BY s.code",
        [shop.shopId],
      )).map((r) => [r.code, [Number(r.on_hand), Number(r.allocated)]]),
    );

  it("lists every bad row by line and column and applies nothing", async () => {
    expect((await order("HELD", 3)).status).toBe("READY");
    const file = [
      "code,name,price,barcode,image_url,on_hand",
      "OK-1,Fine,100,,,5", // 2: fine
      "BAD-PRICE,Bad price,12.50,,,", // 3
      "OK-1,Twice,100,,,", // 4: duplicate code
      `${"X".repeat(65)},Too long,1,,,`, // 5
      "NEG,Negative,1,,,-3", // 6
      "BARCODE,Bad barcode,1,7891000315508,,", // 7
      "IMAGE,Bad image,1,,ftp://x.example/a.png,", // 8
      ",No code,1,,,", // 9
      "HELD,Below allocated,1000,,,2", // 10: 3 allocated
    ].join("\n");
    const before = await shopSnapshot(server, shop.shopId);
    const preview = (await call(PREVIEW, { csv: file })).previewSkuImport;
    const expected = [
      [3, "price", "OUT_OF_RANGE"],
      [4, "code", "DUPLICATE_CODE"],
      [5, "code", "OUT_OF_RANGE"],
      [6, "on_hand", "OUT_OF_RANGE"],
      [7, "barcode", "INVALID_BARCODE"],
      [8, "image_url", "INVALID_FORMAT"],
      [9, "code", "REQUIRED"],
    ];
    expect(preview.errors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual(expected);
    expect(preview.errorCount).toBe(7);
    expect(preview.errors[1].message).toBe('The code "OK-1" is also on line 2.');

    const applied = (await call(APPLY, { csv: file })).applySkuImport;
    expect(applied.userErrors).toEqual([expect.objectContaining({ field: "csv", code: "IMPORT_HAS_ERRORS" })]);
    expect(applied.errors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual(expected);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    // Once the rows parse, stock below what is allocated is the remaining error, found in the preview and refused by apply.
    const below = "code,name,price,on_hand\nOK-1,Fine,100,5\nHELD,Item HELD,1000,2\n";
    const belowPreview = (await call(PREVIEW, { csv: below })).previewSkuImport;
    expect(belowPreview.errors).toEqual([{ line: 3, column: "on_hand", code: "INSUFFICIENT_STOCK", message: "on_hand cannot go below the 3 units allocated to orders." }]);
    expect((await call(APPLY, { csv: below })).applySkuImport.userErrors[0].code).toBe("IMPORT_HAS_ERRORS");
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("refuses unknown and missing columns, naming them", async () => {
    const preview = (await call(PREVIEW, { csv: "code,nome,price,colour\nA,B,1,red\n" })).previewSkuImport;
    expect(preview.errors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code])).toEqual([
      [1, "nome", "UNKNOWN_COLUMN"],
      [1, "colour", "UNKNOWN_COLUMN"],
      [1, "name", "MISSING_COLUMN"],
    ]);
    const broken = (await call(PREVIEW, { csv: 'code,name,price\nA,"unclosed,1\n' })).previewSkuImport;
    expect(broken.errors[0]).toMatchObject({ column: null, code: "INVALID_FORMAT" });
  });

  it("applies a good file in one go: skus, stock through the restock engine, waiting orders served", async () => {
    const first = await order("WAIT", 2);
    const second = await order("WAIT", 3);
    expect([first.status, second.status]).toEqual(["AWAITING_STOCK", "AWAITING_STOCK"]);
    const file = [
      "\uFEFFcode,name,price,barcode,image_url,on_hand",
      'NEW-1,"Camiseta, azul",4990,7891000315507,https://img.example/1.png,10',
      "NEW-2,Boné,2500,,,",
      "WAIT,Item WAIT,550,,,4", // price changes; 4 units: the first order (2) resumes, the second gets 2 of 3
      "HELD,Item HELD,1000,,,3", // down from 4 to the 3 allocated
      "SAME,Item SAME,300,,,7", // unchanged
    ].join("\r\n");
    const preview = (await call(PREVIEW, { csv: file })).previewSkuImport;
    expect(preview).toMatchObject({ rows: 5, created: 2, updated: 1, unchanged: 2, stockIncreased: 2, stockDecreased: 1, errorCount: 0 });
    const applied = (await call(APPLY, { csv: file })).applySkuImport;
    expect(applied).toMatchObject({ rows: 5, created: 2, updated: 1, unchanged: 2, stockIncreased: 2, stockDecreased: 1, ordersResumedCount: 1, userErrors: [] });

    expect(await levels()).toMatchObject({ "NEW-1": [10, 0], "NEW-2": [0, 0], WAIT: [4, 4], HELD: [3, 3], SAME: [7, 0] });
    const statuses = await server.db.query<{ id: number; status: string }>("SELECT id, status FROM orders WHERE id IN (?, ?) ORDER BY id", [first.id, second.id]);
    expect(statuses.map((o) => o.status)).toEqual(["READY", "AWAITING_STOCK"]);
    const ledger = await server.db.query<{ code: string; kind: string; on_hand_delta: number; reason: string }>(
      "SELECT s.code, m.kind, m.on_hand_delta, m.reason FROM stock_movement m JOIN sku s ON s.id = m.sku_id WHERE m.shop_id = ? AND m.reason = 'CSV import' ORDER BY s.code",
      [shop.shopId],
    );
    expect(ledger.map((m) => [m.code, m.kind, Number(m.on_hand_delta)])).toEqual([
      ["HELD", "ADJUSTMENT", -1],
      ["NEW-1", "RESTOCK", 10],
      ["WAIT", "RESTOCK", 4],
    ]);
    const sku = await call(`{ skus(filter: { search: "NEW-1" }) { nodes { name price { amount } barcode imageUrl } } }`, {});
    expect(sku.skus.nodes).toEqual([{ name: "Camiseta, azul", price: { amount: 4990 }, barcode: "7891000315507", imageUrl: "https://img.example/1.png" }]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    // The same file again changes nothing.
    expect((await call(APPLY, { csv: file })).applySkuImport).toMatchObject({ created: 0, updated: 0, unchanged: 5, stockIncreased: 0, stockDecreased: 0 });
  });

  it("exports the same format, which imports back unchanged", async () => {
    const response = await fetch(`${server.url}/exports/skus.csv`, { headers: { authorization: `Bearer ${shop.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const text = await response.text();
    expect(text.split("\n")[0]).toBe("code,name,price,barcode,image_url,on_hand");
    expect(text).toContain('NEW-1,"Camiseta, azul",4990,7891000315507,https://img.example/1.png,10');
    const again = (await call(PREVIEW, { csv: text })).previewSkuImport;
    expect(again).toMatchObject({ errorCount: 0, created: 0, updated: 0, stockIncreased: 0, stockDecreased: 0 });
    expect((await fetch(`${server.url}/exports/skus.csv`)).status).toBe(401);
  });

  it("two imports racing leave levels equal to the ledger", async () => {
    const files = Array.from({ length: 6 }, (_, i) =>
      ["code,name,price,on_hand", `RACE-A,Race A,100,${10 + i}`, `RACE-B,Race B,100,${20 - i}`, `SAME,Item SAME,300,${i % 2 ? 9 : 7}`].join("\n"),
    );
    const results = await Promise.all(files.map((csv) => call(APPLY, { csv })));
    expect(results.map((r) => r.applySkuImport.userErrors)).toEqual(files.map(() => []));
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
    const codes = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM sku WHERE shop_id = ? AND code IN ('RACE-A', 'RACE-B')", [shop.shopId]);
    expect(Number(codes[0]!.n)).toBe(2);
  });

  it("keeps shops apart", async () => {
    const other = await createShop(server, { HELD: [1, 50] }, "Other shop");
    const applied = (await call(APPLY, { csv: "code,name,price,on_hand\nHELD,Mine,1000,3\n" }, other.token)).applySkuImport;
    expect(applied).toMatchObject({ updated: 1, stockDecreased: 1, userErrors: [] });
    expect((await levels()).HELD).toEqual([3, 3]);
    const text = await (await fetch(`${server.url}/exports/skus.csv`, { headers: { authorization: `Bearer ${other.token}` } })).text();
    expect(text).not.toContain("NEW-1");
  });

  it("takes a file past the GraphQL limit over POST /imports/skus.csv (20 MiB), authenticated", async () => {
    const lines = ["code,name,price,barcode,image_url,on_hand"];
    for (let i = 0; i < 25_000; i++) lines.push(`BIG-${i},Produto grande número ${i},${1000 + i},,https://img.example/products/${i}.png,${i % 7}`);
    const file = lines.join("\n");
    expect(Buffer.byteLength(file)).toBeGreaterThan(1024 * 1024);
    const post = (mode: string, body: string, token: string | null = shop.token) =>
      fetch(`${server.url}/imports/skus.csv?mode=${mode}`, {
        method: "POST",
        headers: { "content-type": "text/csv", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
    expect((await post("preview", file, null)).status).toBe(401);
    const preview = await (await post("preview", file)).json();
    expect(preview).toMatchObject({ rows: 25_000, created: 25_000, errorCount: 0, userErrors: [] });
    const applied = await (await post("apply", file)).json();
    expect(applied).toMatchObject({ rows: 25_000, created: 25_000, stockIncreased: expect.any(Number), userErrors: [] });
    const [count] = await server.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM sku WHERE shop_id = ? AND code LIKE 'BIG-%'", [shop.shopId]);
    expect(Number(count!.n)).toBe(25_000);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);

    const tooBig = await post("preview", "x".repeat(20 * 1024 * 1024 + 1));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "The file is larger than the limit of 20 MiB." } });
    expect((await post("other", "code,name,price\n")).status).toBe(400);
  }, 120_000);
});
