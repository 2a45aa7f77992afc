import { Database } from "../../infra/db/database";
import { containsPattern, fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { SYSTEM_ACTOR } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { money } from "../../infra/graphql/money";
import { Page, decodeCursor, toPage } from "../../infra/graphql/pagination";
import { cleanLine, searchTerm } from "../../infra/text";
import { StockService } from "../stock/stock.service";
import { LOW_STOCK_THRESHOLD, StockStatus, stockStatusOf } from "../stock/stock.types";
import { SkuFilter, SkuNode } from "./sku.types";

/** A sku joined with its stock level, as the list and the loaders read it. */
interface SkuRow {
  id: number;
  code: string;
  name: string;
  price: number;
  on_hand: number;
  allocated: number;
  updated_at: string | Date;
}

export interface SkuInput {
  code: string;
  name: string;
  price: number;
  onHand?: number;
}

// The one place the catalog reads the stock table: listing and filtering by stock status must
// happen in SQL, in one query, to page correctly.
const SELECT_SKU = `SELECT s.id, s.code, s.name, s.price, l.on_hand, l.allocated, l.updated_at
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

  /** Skus by code, for order intake. */
  async skusByCodes(shopId: number, codes: string[]): Promise<Map<string, { id: number; code: string; name: string; price: number }>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; code: string; name: string; price: number }>(
      `SELECT id, code, name, price FROM sku WHERE shop_id = ? AND code IN (${placeholders(codes.length)})`,
      [shopId, ...codes],
    );
    return new Map(rows.map((r) => [r.code, { id: Number(r.id), code: r.code, name: r.name, price: Number(r.price) }]));
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

function toSkuNode(row: SkuRow, currency: string): SkuNode {
  const onHand = Number(row.on_hand);
  const allocated = Number(row.allocated);
  return {
    id: String(row.id),
    code: row.code,
    name: row.name,
    price: money(Number(row.price), currency),
    stock: { onHand, allocated, available: onHand - allocated, updatedAt: fromSqlTimestamp(row.updated_at) },
    stockStatus: stockStatusOf(onHand - allocated),
  };
}
