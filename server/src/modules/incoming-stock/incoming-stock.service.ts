import { Database, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { cleanLine } from "../../infra/text";
import { OfferResult, WaitingOrders } from "../orders/waiting-orders";
import { RestockService } from "../restock/restock.service";
import { MAX_ADJUSTMENT, skuNotFound, StockService } from "../stock/stock.service";
import { addDays, calendarToday, dateCovering, IsoDate, orderExpectedDate, sortDeliveries } from "./expected-dates";
import { IncomingStock, IncomingStockStatus } from "./incoming-stock.entity";

/** The longest supplier reference (an invoice or purchase order number). */
export const SUPPLIER_REFERENCE_MAX = 100;
/** How far ahead a delivery may be expected: a typo like 2062 is refused rather than believed. */
export const MAX_DAYS_AHEAD = 730;

export interface IncomingStockInput {
  skuId: number;
  quantity: number;
  expectedOn: IsoDate;
  supplierReference?: string | null;
}

/** What may change on an open delivery; undefined keeps a value, a null or blank reference clears it. */
export interface IncomingStockChange {
  quantity?: number | null;
  expectedOn?: IsoDate | null;
  supplierReference?: string | null;
}

/** The expected restock dates of some orders, and of their short lines. */
export interface ExpectedRestock {
  /** Every order asked for: the date all its short units can be expected, null when not waiting or when some line has no date ("sem previsão"). */
  orders: Map<number, IsoDate | null>;
  /** Each short line of the waiting orders among them: the date its units can be expected, null when none ("sem previsão"). */
  lines: Map<number, IsoDate | null>;
}

interface IncomingRow {
  id: number;
  shop_id: number;
  sku_id: number;
  quantity: number;
  received_quantity: number;
  expected_on: string;
  supplier_reference: string | null;
  status: IncomingStockStatus;
  created_at: string | Date;
  updated_at: string | Date;
}

const COLUMNS = "id, shop_id, sku_id, quantity, received_quantity, expected_on, supplier_reference, status, created_at, updated_at";

const notFound = () => userError("id", UserErrorCode.NOT_FOUND, "No incoming delivery with this id in your shop.");
const notOpen = (status: IncomingStockStatus) =>
  userError("id", UserErrorCode.INVALID_TRANSITION, `This delivery is ${status.toLowerCase()}: only an expected (OPEN) one can change.`);

/**
 * Incoming stock ("entradas previstas"): deliveries a shop expects per sku, and the expected restock
 * date of each waiting order computed from them (see expected-dates.ts).
 *
 * For other modules (mail, public order page): `expectedRestockDates(shopId, orderIds)` and
 * `expectedRestock(shopId, orderIds)` answer for a whole page of orders in three queries.
 */
export class IncomingStockService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
    private readonly restocks: RestockService,
    private readonly waiting: WaitingOrders,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records a delivery expected for a sku of the caller's shop. */
  async add(caller: Caller, input: IncomingStockInput): Promise<IncomingStock> {
    const errors: UserError[] = [...this.quantityErrors(input.quantity, "quantity"), ...this.dateErrors(input.expectedOn)];
    const reference = supplierReference(input.supplierReference, errors);
    if (errors.length) throw new UserInputError(errors);
    if (!(await this.stock.levelsBySkuIds(caller.shopId, [input.skuId])).has(input.skuId)) throw new UserInputError([skuNotFound()]);
    const now = sqlTimestamp(this.clock());
    const { firstInsertId } = await this.db.transaction((tx) =>
      tx.run(
        `INSERT INTO incoming_stock (shop_id, sku_id, quantity, received_quantity, expected_on, supplier_reference, status, created_at, updated_at)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
        [caller.shopId, input.skuId, input.quantity, input.expectedOn, reference ?? null, IncomingStockStatus.OPEN, now, now],
      ),
    );
    return (await this.find(caller.shopId, firstInsertId))!;
  }

  /** Changes an open delivery's quantity (never to what was already received or less), date or reference. */
  async update(caller: Caller, id: number, change: IncomingStockChange): Promise<IncomingStock> {
    const errors: UserError[] = [];
    if (change.quantity !== undefined && change.quantity !== null) errors.push(...this.quantityErrors(change.quantity, "quantity"));
    if (change.expectedOn !== undefined && change.expectedOn !== null) errors.push(...this.dateErrors(change.expectedOn));
    const reference = supplierReference(change.supplierReference, errors);
    if (errors.length) throw new UserInputError(errors);
    return this.db.transaction(async (tx) => {
      const current = await this.findIn(tx, caller.shopId, id);
      if (!current) throw new UserInputError([notFound()]);
      if (current.status !== IncomingStockStatus.OPEN) throw new UserInputError([notOpen(current.status)]);
      const quantity = change.quantity ?? current.quantity;
      const updated = await tx.run(
        `UPDATE incoming_stock SET quantity = ?, expected_on = ?, supplier_reference = ?, updated_at = ?
          WHERE id = ? AND shop_id = ? AND status = ? AND received_quantity < ?`,
        [
          quantity,
          change.expectedOn ?? current.expectedOn,
          reference === undefined ? current.supplierReference : reference,
          sqlTimestamp(this.clock()),
          id,
          caller.shopId,
          IncomingStockStatus.OPEN,
          quantity,
        ],
      );
      if (updated.affected !== 1) {
        const now = await this.findIn(tx, caller.shopId, id);
        if (now && now.status !== IncomingStockStatus.OPEN) throw new UserInputError([notOpen(now.status)]);
        throw new UserInputError([
          userError("quantity", UserErrorCode.OUT_OF_RANGE, `${now?.receivedQuantity ?? current.receivedQuantity} units of this delivery were already received: quantity must be more.`),
        ]);
      }
      return (await this.findIn(tx, caller.shopId, id))!;
    });
  }

  /** Calls off an open delivery: it no longer counts towards expected dates. What was received stays in stock. */
  async cancel(caller: Caller, id: number): Promise<IncomingStock> {
    return this.db.transaction(async (tx) => {
      const current = await this.findIn(tx, caller.shopId, id);
      if (!current) throw new UserInputError([notFound()]);
      const cancelled = await tx.run("UPDATE incoming_stock SET status = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND status = ?", [
        IncomingStockStatus.CANCELLED,
        sqlTimestamp(this.clock()),
        id,
        caller.shopId,
        IncomingStockStatus.OPEN,
      ]);
      if (cancelled.affected !== 1) throw new UserInputError([notOpen((await this.findIn(tx, caller.shopId, id))!.status)]);
      return (await this.findIn(tx, caller.shopId, id))!;
    });
  }

  /**
   * Goods of an open delivery arrived: `quantity` units go into stock exactly like `restock` (a
   * RESTOCK ledger row, waiting orders served oldest first, orders resumed) and the delivery counts
   * them, all in one transaction. Once it has received its quantity (or more) it is RECEIVED;
   * before that the rest stays expected.
   */
  async receive(caller: Caller, id: number, quantity: number): Promise<{ delivery: IncomingStock; offer: OfferResult }> {
    const invalid = this.quantityErrors(quantity, "quantity");
    if (invalid.length) throw new UserInputError(invalid);
    return this.db.transaction(async (tx) => {
      const current = await this.findIn(tx, caller.shopId, id);
      if (!current) throw new UserInputError([notFound()]);
      if (current.status !== IncomingStockStatus.OPEN) throw new UserInputError([notOpen(current.status)]);
      const reason = `Incoming delivery ${id}${current.supplierReference ? ` (${current.supplierReference})` : ""}`;
      // The delivery's row is locked (MySQL) before the stock level: no transaction takes them the other way round.
      const offer = await this.restocks.restockWithin(tx, caller, current.skuId, quantity, reason, "quantity");
      const received = await tx.run(
        // status first: MySQL assigns left to right, each assignment seeing the ones before it.
        `UPDATE incoming_stock SET status = CASE WHEN received_quantity + ? >= quantity THEN ? ELSE status END,
                received_quantity = received_quantity + ?, updated_at = ?
          WHERE id = ? AND shop_id = ? AND status = ?`,
        [quantity, IncomingStockStatus.RECEIVED, quantity, sqlTimestamp(this.clock()), id, caller.shopId, IncomingStockStatus.OPEN],
      );
      // Cannot happen under the row lock; should it, the restock above rolls back with this refusal.
      if (received.affected !== 1) throw new UserInputError([notOpen((await this.findIn(tx, caller.shopId, id))!.status)]);
      return { delivery: (await this.findIn(tx, caller.shopId, id))!, offer };
    });
  }

  async find(shopId: number, id: number): Promise<IncomingStock | null> {
    const [row] = await this.db.query<IncomingRow>(`SELECT ${COLUMNS} FROM incoming_stock WHERE id = ? AND shop_id = ?`, [id, shopId]);
    return row ? toEntity(row) : null;
  }

  /** The open deliveries of these skus, soonest first (then in the order they were recorded): one query. */
  async openBySkuIds(shopId: number, skuIds: readonly number[]): Promise<Map<number, IncomingStock[]>> {
    const bySku = new Map<number, IncomingStock[]>();
    if (skuIds.length === 0) return bySku;
    const rows = await this.db.query<IncomingRow>(
      `SELECT ${COLUMNS} FROM incoming_stock WHERE shop_id = ? AND status = ? AND sku_id IN (${placeholders(skuIds.length)}) ORDER BY expected_on, id`,
      [shopId, IncomingStockStatus.OPEN, ...skuIds],
    );
    for (const row of rows) {
      const delivery = toEntity(row);
      bySku.set(delivery.skuId, [...(bySku.get(delivery.skuId) ?? []), delivery]);
    }
    return bySku;
  }

  /** Per sku: how many waiting orders are short of it and how many units they miss in all. */
  waitingDemand(shopId: number, skuIds: readonly number[]): Promise<Map<number, { orderCount: number; units: number }>> {
    return this.waiting.demandBySkuIds(shopId, skuIds);
  }

  /**
   * THE method other modules call for expected restock dates (the delay e-mail, the public order
   * page): for each order id, the calendar date (`YYYY-MM-DD`) by which every unit it waits for can
   * be expected — from its FIFO position in each short sku's queue against the stock available now
   * and the open deliveries — or null: the order is not waiting, or some unit it waits for is not
   * covered by any delivery ("sem previsão"). Batched: three queries (order lines, stock levels,
   * deliveries) whatever the number of orders; pass a page at a time.
   */
  async expectedRestockDates(shopId: number, orderIds: readonly number[]): Promise<Map<number, IsoDate | null>> {
    return (await this.expectedRestock(shopId, orderIds)).orders;
  }

  /** The same as expectedRestockDates, with the date of each short line as well. */
  async expectedRestock(shopId: number, orderIds: readonly number[]): Promise<ExpectedRestock> {
    const orders = new Map<number, IsoDate | null>(orderIds.map((id) => [id, null]));
    const lines = new Map<number, IsoDate | null>();
    const positions = await this.waiting.waitingPositions(shopId, [...new Set(orderIds)]);
    if (positions.length === 0) return { orders, lines };
    const skuIds = [...new Set(positions.map((p) => p.skuId))];
    const [levels, deliveries] = await Promise.all([this.stock.levelsBySkuIds(shopId, skuIds), this.openBySkuIds(shopId, skuIds)]);
    const today = calendarToday(this.clock());
    const supply = new Map(
      skuIds.map((skuId) => [skuId, sortDeliveries((deliveries.get(skuId) ?? []).map((d) => ({ expectedOn: d.expectedOn, quantity: d.remainingQuantity })))]),
    );
    const byOrder = new Map<number, Array<IsoDate | null>>();
    for (const p of positions) {
      const level = levels.get(p.skuId);
      const date = dateCovering(p.unitsThrough, level ? level.onHand - level.allocated : 0, supply.get(p.skuId)!, today);
      lines.set(p.lineId, date);
      byOrder.set(p.orderId, [...(byOrder.get(p.orderId) ?? []), date]);
    }
    for (const [orderId, dates] of byOrder) orders.set(orderId, orderExpectedDate(dates));
    return { orders, lines };
  }

  private async findIn(tx: Tx, shopId: number, id: number): Promise<IncomingStock | null> {
    const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
    const [row] = await tx.query<IncomingRow>(`SELECT ${COLUMNS} FROM incoming_stock WHERE id = ? AND shop_id = ?${lock}`, [id, shopId]);
    return row ? toEntity(row) : null;
  }

  private quantityErrors(quantity: number, field: string): UserError[] {
    return Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_ADJUSTMENT
      ? []
      : [userError(field, UserErrorCode.OUT_OF_RANGE, `${field} must be a whole number from 1 to ${MAX_ADJUSTMENT.toLocaleString("en-US")}.`)];
  }

  private dateErrors(expectedOn: IsoDate): UserError[] {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expectedOn) || Number.isNaN(Date.parse(`${expectedOn}T00:00:00Z`)) || new Date(`${expectedOn}T00:00:00Z`).toISOString().slice(0, 10) !== expectedOn) {
      return [userError("expectedOn", UserErrorCode.INVALID_FORMAT, "expectedOn must be a calendar date, YYYY-MM-DD.")];
    }
    const today = calendarToday(this.clock());
    if (expectedOn < today) return [userError("expectedOn", UserErrorCode.OUT_OF_RANGE, `expectedOn cannot be in the past (today is ${today}).`)];
    const latest = addDays(today, MAX_DAYS_AHEAD);
    if (expectedOn > latest) return [userError("expectedOn", UserErrorCode.OUT_OF_RANGE, `expectedOn is at most ${MAX_DAYS_AHEAD} days ahead (${latest}).`)];
    return [];
  }
}

/** The supplier reference as stored: one line, trimmed, at most 100 characters; blank is none. Undefined when not given. */
function supplierReference(value: string | null | undefined, errors: UserError[]): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const text = cleanLine(value);
  if (text === null) {
    errors.push(userError("supplierReference", UserErrorCode.INVALID_FORMAT, "supplierReference cannot contain control characters."));
    return undefined;
  }
  if (text.length > SUPPLIER_REFERENCE_MAX) {
    errors.push(userError("supplierReference", UserErrorCode.OUT_OF_RANGE, `supplierReference is at most ${SUPPLIER_REFERENCE_MAX} characters.`));
    return undefined;
  }
  return text || null;
}

function toEntity(row: IncomingRow): IncomingStock {
  return Object.assign(new IncomingStock(), {
    id: Number(row.id),
    shopId: Number(row.shop_id),
    skuId: Number(row.sku_id),
    quantity: Number(row.quantity),
    receivedQuantity: Number(row.received_quantity),
    expectedOn: row.expected_on,
    supplierReference: row.supplier_reference,
    status: row.status,
    createdAt: fromSqlTimestamp(row.created_at),
    updatedAt: fromSqlTimestamp(row.updated_at),
  });
}
