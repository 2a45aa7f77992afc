import { chunks } from "../../infra/collections";
import { Database, Read, Statement, Tx, isDuplicateKeyError } from "../../infra/db/database";
import { containsPattern, fromSqlTimestamp, insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller, SYSTEM_ACTOR } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { money } from "../../infra/graphql/money";
import { Page, decodeCursor, toPage } from "../../infra/graphql/pagination";
import { cleanLine, searchTerm } from "../../infra/text";
import { StockService } from "../stock/stock.service";
import { LOW_STOCK_THRESHOLD, StockStatus, stockStatusOf } from "../stock/stock.types";
import { SkuFilter, SkuNode } from "./sku.types";
import { SkuFields, SkuFieldsInput, validBarcode, validCode, validImageUrl, validName, validPrice, validateSkuFields } from "./sku.validation";

/** The most skus one upsertSkus call takes. */
export const MAX_UPSERT = 1000;

/** A sku joined with its stock level, as the list and the loaders read it. */
interface SkuRow {
  id: number;
  code: string;
  name: string;
  price: number;
  barcode: string | null;
  image_url: string | null;
  archived_at: string | Date | null;
  on_hand: number;
  allocated: number;
  updated_at: string | Date;
}

/** What a catalogue write did, by sku. */
/** What intake needs of a sku: its id, code, name, price and whether it is archived. */
export interface SkuForIntake {
  id: number;
  code: string;
  name: string;
  price: number;
  archived: boolean;
}

export interface CatalogueWrite {
  created: number[];
  updated: number[];
  unchanged: number[];
  /** Sku id by code, for every code written. */
  ids: Map<string, number>;
}

export interface SkuInput {
  code: string;
  name: string;
  price: number;
  onHand?: number;
}

// The one place the catalog reads the stock table: listing and filtering by stock status must
// happen in SQL, in one query, to page correctly.
const SELECT_SKU = `SELECT s.id, s.code, s.name, s.price, s.barcode, s.image_url, s.archived_at, l.on_hand, l.allocated, l.updated_at
  FROM sku s JOIN stock_level l ON l.sku_id = s.id`;

export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
  ) {}

  /**
   * Creates skus with their stock levels and, for initial stock, an ADJUSTMENT in the ledger. All or
   * nothing: a code or name with control characters, or more stock than MAX_ON_HAND, refuses the lot.
   */
  async createSkus(shopId: number, inputs: SkuInput[]): Promise<number[]> {
    const valid = inputs.map((input) => ({ ...input, code: skuText("code", input.code, 64), name: skuText("name", input.name, 200) }));
    return this.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (const input of valid) {
        const { firstInsertId } = await tx.run("INSERT INTO sku (shop_id, code, name, price, created_at) VALUES (?, ?, ?, ?, ?)", [
          shopId,
          input.code,
          input.name,
          input.price,
          sqlTimestamp(new Date()),
        ]);
        await this.stock.createLevel(tx, shopId, firstInsertId, input.onHand ?? 0, SYSTEM_ACTOR);
        ids.push(firstInsertId);
      }
      return ids;
    });
  }

  /** One new sku (with an optional initial stock, an ADJUSTMENT "Initial stock" in the ledger). */
  async createSku(caller: Caller, input: SkuFieldsInput & { onHand?: number | null }): Promise<number> {
    const errors: UserError[] = [];
    const fields = validateSkuFields(input, "", errors);
    if (errors.length) throw new UserInputError(errors);
    try {
      return await this.db.transaction(async (tx) => {
        const { firstInsertId } = await tx.run(
          "INSERT INTO sku (shop_id, code, name, price, barcode, image_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [caller.shopId, fields.code, fields.name, fields.price, fields.barcode, fields.imageUrl, sqlTimestamp(new Date())],
        );
        await this.stock.createLevel(tx, caller.shopId, firstInsertId, input.onHand ?? 0, caller.actor);
        return firstInsertId;
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new UserInputError([duplicateCode("code", fields.code)]);
      throw error;
    }
  }

  /** Changes the given fields of a sku (undefined: unchanged; null or "" clears barcode and imageUrl). */
  async updateSku(caller: Caller, skuId: number, input: SkuFieldsInput): Promise<void> {
    const errors: UserError[] = [];
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (input.code !== undefined) set("code", validCode("code", input.code ?? "", errors));
    if (input.name !== undefined) set("name", validName("name", input.name ?? "", errors));
    if (input.price !== undefined) set("price", validPrice("price", input.price ?? Number.NaN, errors));
    if (input.barcode !== undefined) set("barcode", validBarcode("barcode", input.barcode, errors));
    if (input.imageUrl !== undefined) set("image_url", validImageUrl("imageUrl", input.imageUrl, errors));
    if (errors.length) throw new UserInputError(errors);
    await this.requireSku(caller.shopId, skuId);
    if (sets.length === 0) return;
    try {
      await this.db.transaction((tx) => tx.run(`UPDATE sku SET ${sets.join(", ")} WHERE id = ? AND shop_id = ?`, [...params, skuId, caller.shopId]));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new UserInputError([duplicateCode("code", String(input.code))]);
      throw error;
    }
  }

  /** Archives (no new orders; history and existing orders keep it) or brings back a sku. Idempotent. */
  async setArchived(caller: Caller, skuId: number, archived: boolean): Promise<void> {
    await this.requireSku(caller.shopId, skuId);
    await this.db.transaction((tx) =>
      tx.run(
        archived
          ? "UPDATE sku SET archived_at = ? WHERE id = ? AND shop_id = ? AND archived_at IS NULL"
          : "UPDATE sku SET archived_at = NULL WHERE id = ? AND shop_id = ? AND archived_at IS NOT NULL",
        archived ? [sqlTimestamp(new Date()), skuId, caller.shopId] : [skuId, caller.shopId],
      ),
    );
  }

  /**
   * Creates or updates skus by code, for integrations: at most MAX_UPSERT per call, all or nothing.
   * Stock is not touched here (restock, adjustStock or the CSV import change it); a new sku starts at 0.
   */
  async upsertSkus(caller: Caller, inputs: SkuFieldsInput[]): Promise<CatalogueWrite> {
    if (inputs.length > MAX_UPSERT) {
      throw new UserInputError([userError("input", UserErrorCode.TOO_MANY_ITEMS, `upsertSkus takes at most ${MAX_UPSERT} skus per call (got ${inputs.length}).`)]);
    }
    if (inputs.length === 0) return { created: [], updated: [], unchanged: [], ids: new Map() };
    const errors: UserError[] = [];
    const rows = inputs.map((input, i) => validateSkuFields(input, `input.${i}.`, errors));
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      if (!row.code) return;
      if (seen.has(row.code)) errors.push(duplicateCode(`input.${i}.code`, row.code, `input.${seen.get(row.code)}`));
      else seen.set(row.code, i);
    });
    if (errors.length) throw new UserInputError(errors);
    return this.writeWithRetry((tx) => this.writeSkus(tx, caller.shopId, rows));
  }

  /**
   * A catalogue write racing another that creates the same code fails on the unique index; run
   * again, the other's sku is then there and is updated instead.
   */
  async writeWithRetry<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(work);
      } catch (error) {
        if (attempt >= 3 || !isDuplicateKeyError(error)) throw error;
      }
    }
  }

  /**
   * Writes skus by code inside the caller's transaction, set-based: one SELECT per 500 codes, then
   * multi-row INSERTs for new skus (and their stock levels, at `onHand` or 0: the caller writes
   * the ledger rows for that stock) and one CASE UPDATE per 500 changed skus. Returns what changed.
   */
  async writeSkus(tx: Tx, shopId: number, rows: Array<SkuFields & { onHand?: number | null }>): Promise<CatalogueWrite> {
    const existing = await this.byCodes(tx, shopId, rows.map((r) => r.code));
    const result: CatalogueWrite = { created: [], updated: [], unchanged: [], ids: new Map() };
    const fresh: Array<SkuFields & { onHand?: number | null }> = [];
    const changed: Array<SkuFields & { id: number }> = [];
    for (const row of rows) {
      const old = existing.get(row.code);
      if (!old) fresh.push(row);
      else if (old.name === row.name && old.price === row.price && old.barcode === row.barcode && old.imageUrl === row.imageUrl) result.unchanged.push(old.id);
      else changed.push({ ...row, id: old.id });
      if (old) result.ids.set(row.code, old.id);
    }
    const now = sqlTimestamp(new Date());
    for (const chunk of chunks(fresh)) {
      const insert = insertStatement(
        "sku",
        ["shop_id", "code", "name", "price", "barcode", "image_url", "created_at"],
        chunk.map((r) => [shopId, r.code, r.name, r.price, r.barcode, r.imageUrl, now]),
      );
      await tx.run(insert.sql, insert.params, chunk.length);
      const ids = await tx.query<{ id: number; code: string }>(`SELECT id, code FROM sku WHERE shop_id = ? AND code IN (${placeholders(chunk.length)})`, [
        shopId,
        ...chunk.map((r) => r.code),
      ]);
      const onHand = new Map(chunk.map((r) => [r.code, r.onHand ?? 0]));
      const levels = insertStatement(
        "stock_level",
        ["shop_id", "sku_id", "on_hand", "allocated", "updated_at"],
        ids.map((r) => [shopId, Number(r.id), onHand.get(r.code) ?? 0, 0, now]),
      );
      await tx.run(levels.sql, levels.params, ids.length);
      for (const r of ids) {
        result.ids.set(r.code, Number(r.id));
        result.created.push(Number(r.id));
      }
    }
    for (const chunk of chunks(changed)) {
      const cases = (column: string, value: (r: SkuFields) => unknown) => ({
        sql: `${column} = CASE id ${chunk.map(() => "WHEN ? THEN ?").join(" ")} END`,
        params: chunk.flatMap((r) => [r.id, value(r)]),
      });
      const parts = [cases("name", (r) => r.name), cases("price", (r) => r.price), cases("barcode", (r) => r.barcode), cases("image_url", (r) => r.imageUrl)];
      await tx.run(`UPDATE sku SET ${parts.map((p) => p.sql).join(", ")} WHERE shop_id = ? AND id IN (${placeholders(chunk.length)})`, [
        ...parts.flatMap((p) => p.params),
        shopId,
        ...chunk.map((r) => r.id),
      ]);
      result.updated.push(...chunk.map((r) => r.id));
    }
    return result;
  }

  /** The shop's skus with these codes (not locked: the UPDATE locks what it changes). */
  private async byCodes(tx: Tx, shopId: number, codes: string[]): Promise<Map<string, SkuFields & { id: number }>> {
    const found = new Map<string, SkuFields & { id: number }>();
    for (const chunk of chunks(codes)) {
      const rows = await tx.query<{ id: number; code: string; name: string; price: number; barcode: string | null; image_url: string | null }>(
        `SELECT id, code, name, price, barcode, image_url FROM sku WHERE shop_id = ? AND code IN (${placeholders(chunk.length)})`,
        [shopId, ...chunk],
      );
      for (const r of rows) {
        found.set(r.code, { id: Number(r.id), code: r.code, name: r.name, price: Number(r.price), barcode: r.barcode ?? null, imageUrl: r.image_url ?? null });
      }
    }
    return found;
  }

  /** Whether the shop has any sku (archived ones count): the desk's first steps. */
  async hasSkus(shopId: number): Promise<boolean> {
    return (await this.db.query("SELECT 1 AS x FROM sku WHERE shop_id = ? LIMIT 1", [shopId])).length > 0;
  }

  private async requireSku(shopId: number, skuId: number): Promise<void> {
    const [row] = await this.db.query("SELECT id FROM sku WHERE id = ? AND shop_id = ?", [skuId, shopId]);
    if (!row) throw new UserInputError([userError("id", UserErrorCode.NOT_FOUND, "No sku with this id in your shop.")]);
  }

  /** Skus by code, for order intake (archived ones too: intake refuses them by name). */
  async skusByCodes(shopId: number, codes: string[]): Promise<Map<string, SkuForIntake>> {
    if (codes.length === 0) return new Map();
    const read = this.skusByCodesRead(shopId, codes);
    return read.map(await this.db.query(read.sql, read.params));
  }

  /**
   * MySQL: an SQL condition true exactly when the lines (distinct codes, at least one) name skus of
   * the shop that all exist and none is archived, at a subtotal (quantity x price) within
   * [minSubtotal, maxSubtotal]: the checks intake makes from skusByCodes' rows, so the statement
   * taking an order number can refuse, by itself, an order intake is about to refuse.
   */
  orderableCondition(shopId: number, lines: Array<{ skuCode: string; quantity: number }>, minSubtotal: number, maxSubtotal: number): Statement {
    return {
      sql:
        `EXISTS (SELECT 1 FROM sku WHERE shop_id = ? AND code IN (${placeholders(lines.length)}) ` +
        // Codes compared byte for byte, as intake matches them (the column's collation ignores case).
        `HAVING COUNT(CASE CAST(code AS BINARY) ${lines.map(() => "WHEN ? THEN 1").join(" ")} END) = ? ` +
        `AND SUM(CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END) = 0 ` +
        `AND SUM(price * CASE CAST(code AS BINARY) ${lines.map(() => "WHEN ? THEN ?").join(" ")} END) BETWEEN ? AND ?)`,
      params: [
        shopId,
        ...lines.map((l) => l.skuCode),
        ...lines.map((l) => l.skuCode),
        lines.length,
        ...lines.flatMap((l) => [l.skuCode, l.quantity]),
        minSubtotal,
        maxSubtotal,
      ],
    };
  }

  /** The read behind skusByCodes (at least one code), for a caller that sends it with others in one round trip (`Database.reads`). */
  skusByCodesRead(shopId: number, codes: string[]): Read<Map<string, SkuForIntake>> {
    return {
      sql: `SELECT id, code, name, price, archived_at FROM sku WHERE shop_id = ? AND code IN (${placeholders(codes.length)})`,
      params: [shopId, ...codes],
      map: (rows) =>
        new Map(
          rows.map((r) => [
            String(r.code),
            { id: Number(r.id), code: String(r.code), name: String(r.name), price: Number(r.price), archived: r.archived_at !== null && r.archived_at !== undefined },
          ]),
        ),
    };
  }

  /** The skus whose ids `ids` gives (what goes in `IN (...)`: placeholders, or a SELECT of one column), as a read for a round trip shared with others (a page of orders' skus). */
  skusWhereIdInRead(shopId: number, currency: string, ids: Statement): Read<Map<number, SkuNode>> {
    return {
      sql: `${SELECT_SKU} WHERE s.shop_id = ? AND s.id IN (${ids.sql})`,
      params: [shopId, ...ids.params],
      map: (rows) => new Map((rows as unknown as SkuRow[]).map((row) => [Number(row.id), toSkuNode(row, currency)])),
    };
  }

  async skusByIds(shopId: number, currency: string, ids: readonly number[]): Promise<Map<number, SkuNode>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<SkuRow>(`${SELECT_SKU} WHERE s.shop_id = ? AND s.id IN (${placeholders(ids.length)})`, [shopId, ...ids]);
    return new Map(rows.map((row) => [Number(row.id), toSkuNode(row, currency)]));
  }

  async listSkus(shopId: number, currency: string, args: { first: number; after?: string | null; filter?: SkuFilter | null }): Promise<Page<SkuNode>> {
    const where = ["s.shop_id = ?"];
    const params: unknown[] = [shopId];
    const search = searchTerm(args.filter?.search);
    if (search) {
      where.push("(s.code LIKE ? ESCAPE '!' OR s.name LIKE ? ESCAPE '!')");
      params.push(containsPattern(search), containsPattern(search));
    }
    if (args.filter?.archived === true) where.push("s.archived_at IS NOT NULL");
    if (args.filter?.archived === false) where.push("s.archived_at IS NULL");
    switch (args.filter?.stockStatus) {
      case StockStatus.OUT_OF_STOCK:
        where.push("l.on_hand - l.allocated <= 0");
        break;
      case StockStatus.LOW_STOCK:
        where.push("l.on_hand - l.allocated > 0 AND l.on_hand - l.allocated <= ?");
        params.push(LOW_STOCK_THRESHOLD);
        break;
      case StockStatus.IN_STOCK:
        where.push("l.on_hand - l.allocated > ?");
        params.push(LOW_STOCK_THRESHOLD);
        break;
    }
    const filterSql = where.join(" AND ");
    const filterParams = [...params];
    const after = decodeCursor(args.after);
    if (after !== null) {
      where.push("s.id > ?");
      params.push(after);
    }
    const rows = await this.db.query<SkuRow>(`${SELECT_SKU} WHERE ${where.join(" AND ")} ORDER BY s.id LIMIT ?`, [...params, args.first + 1]);
    return toPage(
      rows.map((r) => ({ ...r, id: Number(r.id) })),
      args.first,
      (row) => toSkuNode(row, currency),
      async () => {
        const [count] = await this.db.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM sku s JOIN stock_level l ON l.sku_id = s.id WHERE ${filterSql}`,
          filterParams,
        );
        return Number(count?.n ?? 0);
      },
    );
  }
}

/** A sku's code or name: one line, no control characters, 1 to `max` characters. */
function skuText(field: "code" | "name", value: string, max: number): string {
  const text = cleanLine(value);
  if (text === null) throw new UserInputError([userError(field, UserErrorCode.INVALID_FORMAT, `The sku's ${field} cannot contain control characters.`)]);
  if (!text) throw new UserInputError([userError(field, UserErrorCode.REQUIRED, `The sku's ${field} is required.`)]);
  if (text.length > max) throw new UserInputError([userError(field, UserErrorCode.OUT_OF_RANGE, `The sku's ${field} is at most ${max} characters.`)]);
  return text;
}

function duplicateCode(field: string, code: string, earlier?: string): UserError {
  return userError(
    field,
    UserErrorCode.DUPLICATE_CODE,
    earlier ? `The code "${code}" appears twice (also at ${earlier}).` : `Another sku of your shop already has the code "${code}".`,
  );
}

function toSkuNode(row: SkuRow, currency: string): SkuNode {
  const onHand = Number(row.on_hand);
  const allocated = Number(row.allocated);
  return {
    id: String(row.id),
    code: row.code,
    name: row.name,
    price: money(Number(row.price), currency),
    barcode: row.barcode ?? null,
    imageUrl: row.image_url ?? null,
    archivedAt: row.archived_at ? fromSqlTimestamp(row.archived_at) : null,
    stock: { onHand, allocated, available: onHand - allocated, updatedAt: fromSqlTimestamp(row.updated_at) },
    stockStatus: stockStatusOf(onHand - allocated),
  };
}
