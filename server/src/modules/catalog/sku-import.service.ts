import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { chunks } from "../../infra/collections";
import { Database, Tx } from "../../infra/db/database";
import { placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { WaitingOrders } from "../orders/waiting-orders";
import { StockMovementKind } from "../stock/stock-movement.entity";
import { MAX_ON_HAND, MovementInput, StockService } from "../stock/stock.service";
import { CatalogService } from "./sku.service";
import { SkuFields, validBarcode, validCode, validImageUrl, validName } from "./sku.validation";
import { PRICE_MAX } from "./sku.validation";

/** The import's columns, in the order the export writes them. code, name and price are required. */
export const IMPORT_COLUMNS = ["code", "name", "price", "barcode", "image_url", "on_hand"] as const;
const REQUIRED_COLUMNS = ["code", "name", "price"];
/** Most data rows in one import. */
export const MAX_IMPORT_ROWS = 50_000;
/** Row errors listed in a preview (errorCount counts them all). */
export const MAX_LISTED_ERRORS = 1000;
/** The ledger's reason for every stock change an import makes. */
export const IMPORT_REASON = "CSV import";

export interface ImportRowError {
  /** The file's line (1 is the header). */
  line: number;
  /** The column's name; null for the whole row or file. */
  column: string | null;
  code: UserErrorCode;
  message: string;
}

interface ImportRow extends SkuFields {
  line: number;
  /** The stock on hand the row sets; null leaves stock as it is. */
  onHand: number | null;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  stockIncreased: number;
  stockDecreased: number;
  errors: ImportRowError[];
  errorCount: number;
}

export interface ImportResult extends ImportSummary {
  ordersResumedCount: number;
}

const rowError = (line: number, column: string | null, code: UserErrorCode, message: string): ImportRowError => ({ line, column, code, message });

/** Validation errors from the shared sku rules, turned into the import's line/column errors. */
function asRowErrors(line: number, errors: UserError[]): ImportRowError[] {
  return errors.map((e) => rowError(line, e.field === "imageUrl" ? "image_url" : e.field, e.code, e.message));
}

/**
 * Reads an import file: a header naming the columns (any order; code, name, price required;
 * barcode, image_url, on_hand optional), then one sku per line. Comma-separated, UTF-8 (a BOM is
 * skipped), quotes as in RFC 4180. Every problem is listed by line and column.
 */
export function parseImport(text: string): { rows: ImportRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    return { rows: [], errors: [rowError(line, null, UserErrorCode.INVALID_FORMAT, `The file is not valid CSV: ${(error as Error).message}`)] };
  }
  if (records.length === 0) return { rows: [], errors: [rowError(1, null, UserErrorCode.REQUIRED, "The file is empty: the first line must name the columns.")] };
  const header = records[0]!.record.map((c) => c.trim().toLowerCase());
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      errors.push(rowError(1, name || `#${i + 1}`, UserErrorCode.UNKNOWN_COLUMN, `Unknown column "${name}"; the columns are ${IMPORT_COLUMNS.join(", ")}.`));
    } else if (index.has(name)) {
      errors.push(rowError(1, name, UserErrorCode.DUPLICATE_CODE, `The column "${name}" appears twice.`));
    } else index.set(name, i);
  });
  for (const name of REQUIRED_COLUMNS) {
    if (!index.has(name)) errors.push(rowError(1, name, UserErrorCode.MISSING_COLUMN, `The column "${name}" is required.`));
  }
  if (errors.length) return { rows: [], errors };
  const data = records.slice(1);
  if (data.length > MAX_IMPORT_ROWS) {
    return { rows: [], errors: [rowError(1, null, UserErrorCode.TOO_MANY_ITEMS, `An import takes at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows (this file has ${data.length.toLocaleString("en-US")}).`)] };
  }

  const rows: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of data) {
    const line = info.lines;
    const cell = (name: string) => {
      const i = index.get(name);
      return i === undefined ? "" : (record[i] ?? "");
    };
    const problems: UserError[] = [];
    if (record.length > header.length) {
      errors.push(rowError(line, null, UserErrorCode.INVALID_FORMAT, `This line has ${record.length} cells; the header names ${header.length} columns.`));
    }
    const code = validCode("code", cell("code"), problems);
    const name = validName("name", cell("name"), problems);
    const price = wholeNumber(cell("price"), PRICE_MAX);
    if (price === null) problems.push(userError("price", UserErrorCode.OUT_OF_RANGE, `price is a whole number of minor units (1990 = 19.90) from 0 to ${PRICE_MAX}.`));
    const barcode = validBarcode("barcode", cell("barcode"), problems);
    const imageUrl = validImageUrl("imageUrl", cell("image_url"), problems);
    let onHand: number | null = null;
    if (cell("on_hand").trim() !== "") {
      onHand = wholeNumber(cell("on_hand"), MAX_ON_HAND);
      if (onHand === null) {
        const negative = cell("on_hand").trim().startsWith("-");
        problems.push(
          userError("on_hand", UserErrorCode.OUT_OF_RANGE, negative ? "on_hand cannot be negative." : `on_hand is a whole number from 0 to ${MAX_ON_HAND.toLocaleString("en-US")}.`),
        );
      }
    }
    errors.push(...asRowErrors(line, problems));
    if (code && firstLine.has(code)) {
      errors.push(rowError(line, "code", UserErrorCode.DUPLICATE_CODE, `The code "${code}" is also on line ${firstLine.get(code)}.`));
    } else if (code) firstLine.set(code, line);
    rows.push({ line, code, name, price: price ?? 0, barcode, imageUrl, onHand });
  }
  return { rows, errors };
}

/** A whole number from 0 to max written as plain digits (no sign, decimals or separators), or null. */
function wholeNumber(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

/**
 * The CSV import and export of the catalogue with stock levels. The preview changes nothing; the
 * apply runs every row in one transaction, set-based (multi-row statements per 500 rows): stock
 * that rises is RESTOCK in the ledger and served to waiting orders oldest first (the restock
 * engine), stock that falls is an ADJUSTMENT and never below what is allocated.
 */
export class SkuImportService {
  constructor(
    private readonly db: Database,
    private readonly catalog: CatalogService,
    private readonly stock: StockService,
    private readonly waiting: WaitingOrders,
  ) {}

  async preview(caller: Caller, text: string): Promise<ImportSummary> {
    const { rows, errors } = parseImport(text);
    if (errors.length) return summary(rows.length, errors);
    return this.db.transaction(async (tx) => {
      // Read-only: the plan is computed and thrown away (nothing is written).
      const plan = await this.plan(tx, caller.shopId, rows);
      return { ...summary(rows.length, plan.errors), created: plan.created, updated: plan.updated, unchanged: plan.unchanged, stockIncreased: plan.increases.length, stockDecreased: plan.decreases.length };
    });
  }

  /** All or nothing: a file with any error changes nothing (IMPORT_HAS_ERRORS, with the errors). */
  async apply(caller: Caller, text: string): Promise<ImportResult> {
    const { rows, errors } = parseImport(text);
    if (errors.length) throw new ImportRefused(summary(rows.length, errors));
    return this.catalog.writeWithRetry(async (tx) => {
      // New skus get their level at the file's on_hand straight away (nobody else can hold it yet).
      const written = await this.catalog.writeSkus(tx, caller.shopId, rows);
      const created = new Set(written.created);
      const withStock = rows.filter((r) => r.onHand !== null).map((r) => ({ skuId: written.ids.get(r.code)!, onHand: r.onHand!, line: r.line }));
      const fresh = withStock.filter((r) => created.has(r.skuId) && r.onHand > 0).map((r) => ({ skuId: r.skuId, onHand: r.onHand, delta: r.onHand }));
      const existing = withStock.filter((r) => !created.has(r.skuId));
      const levels = await this.lockLevels(tx, caller.shopId, existing.map((r) => r.skuId));
      const changes: Array<{ skuId: number; onHand: number; delta: number }> = [];
      const refused: ImportRowError[] = [];
      for (const r of existing) {
        const level = levels.get(r.skuId) ?? { onHand: 0, allocated: 0 };
        if (r.onHand < level.allocated) refused.push(belowAllocated(r.line, level.allocated));
        else if (r.onHand !== level.onHand) changes.push({ skuId: r.skuId, onHand: r.onHand, delta: r.onHand - level.onHand });
      }
      if (refused.length) throw new ImportRefused(summary(rows.length, refused));
      const now = sqlTimestamp(new Date());
      for (const chunk of chunks(changes)) {
        await tx.run(
          `UPDATE stock_level SET on_hand = CASE sku_id ${chunk.map(() => "WHEN ? THEN ?").join(" ")} END, updated_at = ?
            WHERE shop_id = ? AND sku_id IN (${placeholders(chunk.length)})`,
          [...chunk.flatMap((c) => [c.skuId, c.onHand]), now, caller.shopId, ...chunk.map((c) => c.skuId)],
        );
      }
      changes.push(...fresh);
      for (const chunk of chunks(changes)) {
        const movements: MovementInput[] = chunk.map((c) => ({
          skuId: c.skuId,
          kind: c.delta > 0 ? StockMovementKind.RESTOCK : StockMovementKind.ADJUSTMENT,
          quantity: Math.abs(c.delta),
          onHandDelta: c.delta,
          allocatedDelta: 0,
          orderLineId: null,
          reason: IMPORT_REASON,
        }));
        await this.stock.recordMovements(tx, caller.shopId, caller.actor, movements);
      }
      const increased = changes.filter((c) => c.delta > 0).map((c) => c.skuId);
      // Only skus that existed before can have orders waiting for them.
      const waitedFor = await this.waiting.skusWithWaitingLines(tx, caller.shopId, increased.filter((id) => !created.has(id)));
      const offered = waitedFor.length ? await this.waiting.offer(tx, caller.shopId, waitedFor, StockMovementKind.RESTOCK) : { resumedOrderIds: [] };
      return {
        ...summary(rows.length, []),
        created: written.created.length,
        updated: written.updated.length,
        unchanged: written.unchanged.length,
        stockIncreased: increased.length,
        stockDecreased: changes.length - increased.length,
        ordersResumedCount: offered.resumedOrderIds.length,
      };
    });
  }

  /** The catalogue and its stock levels in the import's format (prices in minor units). */
  async exportCsv(shopId: number): Promise<string> {
    const rows = await this.db.query<{ code: string; name: string; price: number; barcode: string | null; image_url: string | null; on_hand: number }>(
      `SELECT s.code, s.name, s.price, s.barcode, s.image_url, l.on_hand FROM sku s JOIN stock_level l ON l.sku_id = s.id
        WHERE s.shop_id = ? AND s.archived_at IS NULL ORDER BY s.id`,
      [shopId],
    );
    return stringify(
      rows.map((r) => [r.code, r.name, String(r.price), r.barcode ?? "", r.image_url ?? "", String(r.on_hand)]),
      { header: true, columns: [...IMPORT_COLUMNS], bom: true, escape_formulas: true },
    );
  }

  /**
   * What applying the rows would change: per code new/changed/unchanged, per stock level up or
   * down, and the rows whose on_hand is below what orders hold. Reads only.
   */
  private async plan(tx: Tx, shopId: number, rows: ImportRow[]) {
    const existing = new Map<string, { id: number; name: string; price: number; barcode: string | null; imageUrl: string | null }>();
    for (const chunk of chunks(rows.map((r) => r.code))) {
      const found = await tx.query<{ id: number; code: string; name: string; price: number; barcode: string | null; image_url: string | null }>(
        `SELECT id, code, name, price, barcode, image_url FROM sku WHERE shop_id = ? AND code IN (${placeholders(chunk.length)})`,
        [shopId, ...chunk],
      );
      for (const r of found) existing.set(r.code, { id: Number(r.id), name: r.name, price: Number(r.price), barcode: r.barcode ?? null, imageUrl: r.image_url ?? null });
    }
    const levels = await this.readLevels(tx, shopId, [...existing.values()].map((e) => e.id));
    const plan = { created: 0, updated: 0, unchanged: 0, increases: [] as number[], decreases: [] as number[], errors: [] as ImportRowError[] };
    for (const row of rows) {
      const old = existing.get(row.code);
      if (!old) plan.created++;
      else if (old.name === row.name && old.price === row.price && old.barcode === row.barcode && old.imageUrl === row.imageUrl) plan.unchanged++;
      else plan.updated++;
      if (row.onHand === null) continue;
      const level = old ? levels.get(old.id) : undefined;
      const onHand = level?.onHand ?? 0;
      if (level && row.onHand < level.allocated) plan.errors.push(belowAllocated(row.line, level.allocated));
      else if (row.onHand > onHand) plan.increases.push(row.line);
      else if (row.onHand < onHand) plan.decreases.push(row.line);
    }
    return plan;
  }

  /** Stock levels locked in sku id order, 500 at a time (the order every stock change locks in). */
  private async lockLevels(tx: Tx, shopId: number, skuIds: number[]) {
    const levels = new Map<number, { onHand: number; allocated: number }>();
    for (const chunk of chunks([...new Set(skuIds)].sort((a, b) => a - b))) {
      for (const [id, level] of await this.stock.lockLevels(tx, shopId, chunk)) levels.set(id, level);
    }
    return levels;
  }

  private async readLevels(tx: Tx, shopId: number, skuIds: number[]) {
    const levels = new Map<number, { onHand: number; allocated: number }>();
    for (const chunk of chunks(skuIds)) {
      const rows = await tx.query<{ sku_id: number; on_hand: number; allocated: number }>(
        `SELECT sku_id, on_hand, allocated FROM stock_level WHERE shop_id = ? AND sku_id IN (${placeholders(chunk.length)})`,
        [shopId, ...chunk],
      );
      for (const r of rows) levels.set(Number(r.sku_id), { onHand: Number(r.on_hand), allocated: Number(r.allocated) });
    }
    return levels;
  }
}

/** An import refused for its rows' errors; nothing was written. */
export class ImportRefused extends UserInputError {
  constructor(readonly summary: ImportSummary) {
    super([userError("csv", UserErrorCode.IMPORT_HAS_ERRORS, `The file has ${summary.errorCount} error(s); nothing was imported. Fix them and try again.`)]);
  }
}

const belowAllocated = (line: number, allocated: number) =>
  rowError(line, "on_hand", UserErrorCode.INSUFFICIENT_STOCK, `on_hand cannot go below the ${allocated} units allocated to orders.`);

function summary(rows: number, errors: ImportRowError[]): ImportSummary {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return { rows, created: 0, updated: 0, unchanged: 0, stockIncreased: 0, stockDecreased: 0, errors: sorted.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length };
}
