import { createShop, customer, HEALTHY, PLACE_ORDER, ShopFixture, shopSnapshot, stockInvariants } from "../helpers/fixtures";
import { databaseKinds } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const SKU_FIELDS = "id code name price { amount } barcode imageUrl archivedAt stock { onHand allocated available }";
const ERRORS = "userErrors { field code message }";
const CREATE = `mutation($input: CreateSkuInput!) { createSku(input: $input) { sku { ${SKU_FIELDS} } ${ERRORS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSkuInput!) { updateSku(id: $id, input: $input) { sku { ${SKU_FIELDS} } ${ERRORS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveSku(id: $id) { sku { ${SKU_FIELDS} } ${ERRORS} } }`;
const UNARCHIVE = `mutation($id: ID!) { unarchiveSku(id: $id) { sku { ${SKU_FIELDS} } ${ERRORS} } }`;
const UPSERT = `mutation($input: [SkuUpsertInput!]!) { upsertSkus(input: $input) { created updated unchanged skus { ${SKU_FIELDS} } ${ERRORS} } }`;

describe.each(databaseKinds())("catalogue on %s", (kind) => {
  let server: TestServer;
  let shop: ShopFixture;
  let other: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer(kind);
    shop = await createShop(server, { OLD: [500, 3] });
    other = await createShop(server, { THEIRS: [700, 1] }, "Other shop");
  });
  afterAll(() => server.stop());

  const call = (query: string, variables: Record<string, unknown>, token = shop.token) => gqlData(server.graphqlUrl, query, variables, token);

  it("creates a sku with barcode, image and initial stock (an ADJUSTMENT in the ledger)", async () => {
    const { createSku } = await call(CREATE, {
      input: { code: "  CAM-01 ", name: "Camiseta", price: 4990, barcode: "7891000 315507", imageUrl: "https://img.example.com/cam.png", onHand: 12 },
    });
    expect(createSku.userErrors).toEqual([]);
    expect(createSku.sku).toMatchObject({
      code: "CAM-01",
      price: { amount: 4990 },
      barcode: "7891000315507",
      imageUrl: "https://img.example.com/cam.png",
      archivedAt: null,
      stock: { onHand: 12, allocated: 0, available: 12 },
    });
    const ledger = await server.db.query<{ kind: string; on_hand_delta: number; actor_type: string }>(
      "SELECT kind, on_hand_delta, actor_type FROM stock_movement WHERE sku_id = ?",
      [Number(createSku.sku.id)],
    );
    expect(ledger.map((m) => [m.kind, Number(m.on_hand_delta), m.actor_type])).toEqual([["ADJUSTMENT", 12, "STAFF"]]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("refuses bad input field by field and changes nothing", async () => {
    const before = await shopSnapshot(server, shop.shopId);
    const bad = await call(CREATE, {
      input: { code: "A\u0007B", name: "", price: -1, barcode: "7891000315508", imageUrl: "javascript:alert(1)", onHand: 0 },
    });
    expect(bad.createSku.sku).toBeNull();
    expect(bad.createSku.userErrors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ["code", "INVALID_FORMAT"],
      ["name", "REQUIRED"],
      ["price", "OUT_OF_RANGE"],
      ["barcode", "INVALID_BARCODE"],
      ["imageUrl", "INVALID_FORMAT"],
    ]);
    const long = await call(CREATE, { input: { code: "X".repeat(65), name: "N", price: 1_000_000_001, imageUrl: `https://a.example/${"x".repeat(500)}` } });
    expect(long.createSku.userErrors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ["code", "OUT_OF_RANGE"],
      ["price", "OUT_OF_RANGE"],
      ["imageUrl", "OUT_OF_RANGE"],
    ]);
    const taken = await call(CREATE, { input: { code: "OLD", name: "Again", price: 1 } });
    expect(taken.createSku.userErrors).toEqual([expect.objectContaining({ field: "code", code: "DUPLICATE_CODE" })]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("edits a sku; omitted fields stay, null clears barcode and image", async () => {
    const { createSku } = await call(CREATE, { input: { code: "EDIT", name: "Before", price: 100, barcode: "96385074", imageUrl: "http://img.example/a.jpg" } });
    const id = createSku.sku.id;
    const edited = await call(UPDATE, { id, input: { name: "After", price: 150 } });
    expect(edited.updateSku.sku).toMatchObject({ code: "EDIT", name: "After", price: { amount: 150 }, barcode: "96385074", imageUrl: "http://img.example/a.jpg" });
    const cleared = await call(UPDATE, { id, input: { barcode: null, imageUrl: null, code: "EDIT-2" } });
    expect(cleared.updateSku.sku).toMatchObject({ code: "EDIT-2", barcode: null, imageUrl: null });
    expect((await call(UPDATE, { id, input: { code: "OLD" } })).updateSku.userErrors).toEqual([expect.objectContaining({ field: "code", code: "DUPLICATE_CODE" })]);
    expect((await call(UPDATE, { id, input: { price: -1 } })).updateSku.userErrors[0]).toMatchObject({ field: "price", code: "OUT_OF_RANGE" });
  });

  it("archived skus take no new orders but keep their stock, history and orders", async () => {
    const placed = await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "OLD", quantity: 1 }] } });
    expect(placed.placeOrder.order.status).toBe("READY");
    const archived = await call(ARCHIVE, { id: String(shop.skus.OLD) });
    expect(archived.archiveSku.sku.archivedAt).not.toBeNull();
    expect(archived.archiveSku.sku.stock).toEqual({ onHand: 3, allocated: 1, available: 2 });
    // archiving again changes nothing
    expect((await call(ARCHIVE, { id: String(shop.skus.OLD) })).archiveSku.sku.archivedAt).toBe(archived.archiveSku.sku.archivedAt);

    const before = await shopSnapshot(server, shop.shopId);
    const refused = await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "OLD", quantity: 1 }] } });
    expect(refused.placeOrder.order).toBeNull();
    expect(refused.placeOrder.userErrors).toEqual([{ field: "lines.0.skuCode", code: "SKU_ARCHIVED", message: 'The sku "OLD" is archived and takes no new orders.' }]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);

    const existing = await call(`query($id: ID!) { order(id: $id) { lines { skuCode allocated } } }`, { id: placed.placeOrder.order.id });
    expect(existing.order.lines).toEqual([{ skuCode: "OLD", allocated: 1 }]);

    const active = await call(`{ skus(filter: { archived: false }) { nodes { code } } }`, {});
    expect(active.skus.nodes.map((n: { code: string }) => n.code)).not.toContain("OLD");
    const onlyArchived = await call(`{ skus(filter: { archived: true }) { nodes { code } } }`, {});
    expect(onlyArchived.skus.nodes.map((n: { code: string }) => n.code)).toEqual(["OLD"]);

    expect((await call(UNARCHIVE, { id: String(shop.skus.OLD) })).unarchiveSku.sku.archivedAt).toBeNull();
    expect((await call(PLACE_ORDER, { input: { customer: customer(), lines: [{ skuCode: "OLD", quantity: 1 }] } })).placeOrder.order.status).toBe("READY");
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("upsertSkus creates, updates and leaves unchanged by code, all or nothing", async () => {
    const first = await call(UPSERT, {
      input: [
        { code: "UP-1", name: "One", price: 100 },
        { code: "UP-2", name: "Two", price: 200, barcode: "4006381333931" },
      ],
    });
    expect(first.upsertSkus).toMatchObject({ created: 2, updated: 0, unchanged: 0, userErrors: [] });
    expect(first.upsertSkus.skus.map((s: { code: string; stock: { onHand: number } }) => [s.code, s.stock.onHand])).toEqual([
      ["UP-1", 0],
      ["UP-2", 0],
    ]);
    const second = await call(UPSERT, {
      input: [
        { code: "UP-2", name: "Two", price: 200, barcode: "4006381333931" },
        { code: "UP-1", name: "One, renamed", price: 110 },
        { code: "UP-3", name: "Three", price: 300 },
      ],
    });
    expect(second.upsertSkus).toMatchObject({ created: 1, updated: 1, unchanged: 1, userErrors: [] });
    expect(second.upsertSkus.skus.map((s: { code: string; name: string }) => [s.code, s.name])).toEqual([
      ["UP-2", "Two"],
      ["UP-1", "One, renamed"],
      ["UP-3", "Three"],
    ]);
    expect(await stockInvariants(server, shop.shopId)).toEqual(HEALTHY);
  });

  it("upsertSkus refuses a bad item, a duplicate code and more than 1000 skus, changing nothing", async () => {
    const before = await shopSnapshot(server, shop.shopId);
    const bad = await call(UPSERT, {
      input: [
        { code: "NEW-OK", name: "Fine", price: 1 },
        { code: "NEW-OK", name: "Twice", price: 1 },
        { code: "NEW-BAD", name: "Bad", price: -5 },
      ],
    });
    expect(bad.upsertSkus).toMatchObject({ created: 0, skus: [] });
    expect(bad.upsertSkus.userErrors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ["input.2.price", "OUT_OF_RANGE"],
      ["input.1.code", "DUPLICATE_CODE"],
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ code: `MANY-${i}`, name: "Many", price: 1 }));
    const tooMany = await call(UPSERT, { input: many });
    expect(tooMany.upsertSkus.userErrors).toEqual([
      { field: "input", code: "TOO_MANY_ITEMS", message: "upsertSkus takes at most 1000 skus per call (got 1001)." },
    ]);
    expect(await shopSnapshot(server, shop.shopId)).toEqual(before);
  });

  it("upserts 1000 skus in one call", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ code: `BULK-${i}`, name: `Bulk ${i}`, price: i }));
    const result = await call(UPSERT, { input: many });
    expect(result.upsertSkus).toMatchObject({ created: 1000, userErrors: [] });
    expect(result.upsertSkus.skus[999]).toMatchObject({ code: "BULK-999", price: { amount: 999 } });
  });

  it("keeps shops apart", async () => {
    const theirs = String(other.skus.THEIRS);
    expect((await call(UPDATE, { id: theirs, input: { name: "Mine now" } })).updateSku.userErrors).toEqual([expect.objectContaining({ field: "id", code: "NOT_FOUND" })]);
    expect((await call(ARCHIVE, { id: theirs })).archiveSku.userErrors).toEqual([expect.objectContaining({ field: "id", code: "NOT_FOUND" })]);
    // the same code in another shop is a new sku of this shop, not the other's
    const mine = await call(UPSERT, { input: [{ code: "THEIRS", name: "Mine", price: 1 }] });
    expect(mine.upsertSkus.created).toBe(1);
    const theirSku = await call(`query($id: ID!) { sku(id: $id) { name archivedAt } }`, { id: theirs }, other.token);
    expect(theirSku.sku).toEqual({ name: "Item THEIRS", archivedAt: null });
  });
});
