import { chunks } from "../../infra/collections";
import { Database, Statement, Tx, WriteResult } from "../../infra/db/database";
import { fromSqlTimestamp, insertStatement, placeholders, SqlExpression, sqlTimestamp } from "../../infra/db/dialect";
import { Page, decodeCursor, toPage } from "../../infra/graphql/pagination";
import { Actor } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { StockLevel } from "./stock-level.entity";
import { StockMovementKind } from "./stock-movement.entity";

/** A request to reserve `quantity` of a sku for an order line. */
export interface ReservationRequest {
  skuId: number;
  quantity: number;
}

/** One row of the ledger, before it is written. */
export interface MovementInput {
  skuId: number;
  kind: StockMovementKind;
  quantity: number;
  onHandDelta: number;
  allocatedDelta: number;
  /** The order line, or (inside a MySQL batch) the SQL expression that computes its id. */
  orderLineId: number | SqlExpression | null;
  reason: string | null;
}

export const MAX_ADJUSTMENT = 1_000_000;
/**
 * The most units one stock level may hold on hand. Stock columns are 32-bit integers (MariaDB
 * refuses more than 2,147,483,647, SQLite stores it and then every read breaks): this ceiling keeps
 * well clear of that, and no shop holds a billion units of one sku.
 */
export const MAX_ON_HAND = 1_000_000_000;

/** The refusal of a change that would take on hand past MAX_ON_HAND. */
export const stockLimitExceeded = (field: string, onHand: number, delta: number) =>
  userError(
    field,
    UserErrorCode.STOCK_LIMIT_EXCEEDED,
    `A sku holds at most ${MAX_ON_HAND.toLocaleString("en-US")} units on hand; this would make ${(onHand + delta).toLocaleString("en-US")} ` +
      `(on hand now: ${onHand.toLocaleString("en-US")}, room for ${Math.max(0, MAX_ON_HAND - onHand).toLocaleString("en-US")} more).`,
  );

/** The refusal for a sku id that is not the caller's shop's (or does not exist at all). */
export const skuNotFound = () => userError("skuId", UserErrorCode.NOT_FOUND, "No sku with this id in your shop.");

/** The reservation: one conditional statement, never a read followed by a write. */
const RESERVE = `UPDATE stock_level SET allocated = allocated + ?, updated_at = ?
  WHERE sku_id = ? AND shop_id = ? AND on_hand - allocated >= ?`;

/**
 * Owns stock levels and the stock ledger. Every change of a level is one conditional statement plus
 * its ledger row, inside the caller's transaction; nothing here reads a level and then writes it
 * back without a lock.
 */
export class StockService {
  constructor(private readonly db: Database) {}

  /** The stock level of a new sku; initial stock is an ADJUSTMENT in the ledger like any other. */
  async createLevel(tx: Tx, shopId: number, skuId: number, onHand: number, actor: Actor): Promise<void> {
    if (!Number.isInteger(onHand) || onHand < 0) throw new UserInputError([userError("onHand", UserErrorCode.OUT_OF_RANGE, "onHand must be a whole number, 0 or more.")]);
    if (onHand > MAX_ON_HAND) throw new UserInputError([stockLimitExceeded("onHand", 0, onHand)]);
    await tx.run("INSERT INTO stock_level (shop_id, sku_id, on_hand, allocated, updated_at) VALUES (?, ?, ?, 0, ?)", [
      shopId,
      skuId,
      onHand,
      sqlTimestamp(new Date()),
    ]);
    if (onHand > 0) {
      await this.recordMovements(tx, shopId, actor, [
        { skuId, kind: StockMovementKind.ADJUSTMENT, quantity: onHand, onHandDelta: onHand, allocatedDelta: 0, orderLineId: null, reason: "Initial stock" },
      ]);
    }
  }

  /**
   * Reserves as much of each request as is available, in sku id order (so two transactions never
   * wait on each other in a cycle). Returns the units reserved per request, in the caller's order.
   * The common case, enough stock, is one conditional UPDATE per line (all in one round trip on
   * MySQL); a line short of stock then locks its row and takes what is left.
   */
  async reserve(tx: Tx, shopId: number, requests: ReservationRequest[]): Promise<number[]> {
    const now = sqlTimestamp(new Date());
    const order = requests.map((r, i) => ({ ...r, i })).sort((a, b) => a.skuId - b.skuId || a.i - b.i);
    const reserved = new Array<number>(requests.length).fill(0);
    const reserveAll = order.map(({ skuId, quantity }) => ({ sql: RESERVE, params: [quantity, now, skuId, shopId, quantity] }));
    const full: WriteResult[] = [];
    if (tx.dialect === "mysql") full.push(...(await tx.batch(reserveAll)));
    else for (const statement of reserveAll) full.push(await tx.run(statement.sql, statement.params));

    for (const [k, { skuId, quantity, i }] of order.entries()) {
      if (full[k]!.affected === 1) {
        reserved[i] = quantity;
        continue;
      }
      const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
      const [level] = await tx.query<{ available: number }>(
        `SELECT on_hand - allocated AS available FROM stock_level WHERE sku_id = ? AND shop_id = ?${lock}`,
        [skuId, shopId],
      );
      const available = Math.min(quantity, Math.max(0, Number(level?.available ?? 0)));
      if (available === 0) continue;
      const partial = await tx.run(RESERVE, [available, now, skuId, shopId, available]);
      if (partial.affected === 1) reserved[i] = available;
    }
    return reserved;
  }

  /** Writes ledger rows in one statement. */
  async recordMovements(tx: Tx, shopId: number, actor: Actor, movements: MovementInput[]): Promise<void> {
    if (movements.length === 0) return;
    const { sql, params } = this.movementsStatement(shopId, actor, movements);
    await tx.run(sql, params);
  }

  /** The INSERT of these ledger rows, for a caller that sends it in a batch with other statements. */
  movementsStatement(shopId: number, actor: Actor, movements: MovementInput[]): Statement {
    const now = sqlTimestamp(new Date());
    return insertStatement(
      "stock_movement",
      ["shop_id", "sku_id", "kind", "quantity", "on_hand_delta", "allocated_delta", "order_line_id", "actor_type", "actor_id", "actor_name", "reason", "created_at"],
      movements.map((m) => [shopId, m.skuId, m.kind, m.quantity, m.onHandDelta, m.allocatedDelta, m.orderLineId, actor.type, actor.id, actor.name ?? null, m.reason, now]),
    );
  }

  /**
   * Changes onHand by `delta` (positive: goods in, negative: goods out or written off), inside the
   * caller's transaction. onHand never drops below what is allocated to orders, nor rises above
   * MAX_ON_HAND: the UPDATE itself checks both, so concurrent changes cannot cross either.
   * `field` names the input a refusal points at.
   */
  async changeOnHand(
    tx: Tx,
    shopId: number,
    actor: Actor,
    change: {
      skuId: number;
      delta: number;
      kind: StockMovementKind.ADJUSTMENT | StockMovementKind.RESTOCK | StockMovementKind.RETURN;
      reason: string | null;
      field: string;
      /** The order line the units came back from (a RETURN). */
      orderLineId?: number | null;
    },
  ): Promise<void> {
    // Only stock coming in meets the ceiling: a level above it (written before there was one) can still come down.
    const ceiling = change.delta > 0 ? " AND on_hand + ? <= ?" : "";
    const changed = await tx.run(
      `UPDATE stock_level SET on_hand = on_hand + ?, updated_at = ?
        WHERE sku_id = ? AND shop_id = ? AND on_hand + ? >= allocated${ceiling}`,
      [change.delta, sqlTimestamp(new Date()), change.skuId, shopId, change.delta, ...(change.delta > 0 ? [change.delta, MAX_ON_HAND] : [])],
    );
    if (changed.affected !== 1) {
      const [level] = await tx.query<{ on_hand: number; allocated: number }>("SELECT on_hand, allocated FROM stock_level WHERE sku_id = ? AND shop_id = ?", [
        change.skuId,
        shopId,
      ]);
      if (!level) throw new UserInputError([skuNotFound()]);
      const onHand = Number(level.on_hand);
      if (change.delta > 0) throw new UserInputError([stockLimitExceeded(change.field, onHand, change.delta)]);
      throw new UserInputError([
        userError(
          change.field,
          UserErrorCode.INSUFFICIENT_STOCK,
          `On hand cannot go below the ${level.allocated} units allocated to orders (on hand now: ${onHand}).`,
        ),
      ]);
    }
    await this.recordMovements(tx, shopId, actor, [
      {
        skuId: change.skuId,
        kind: change.kind,
        quantity: Math.abs(change.delta),
        onHandDelta: change.delta,
        allocatedDelta: 0,
        orderLineId: change.orderLineId ?? null,
        reason: change.reason,
      },
    ]);
  }

  /**
   * Locks the stock levels of these skus in sku id order (every transaction that changes stock takes
   * its level locks first, in this order, so none waits on another in a cycle) and returns them.
   */
  async lockLevels(tx: Tx, shopId: number, skuIds: number[]): Promise<Map<number, { onHand: number; allocated: number }>> {
    const ids = [...new Set(skuIds)].sort((a, b) => a - b);
    if (ids.length === 0) return new Map();
    const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
    const rows = await tx.query<{ sku_id: number; on_hand: number; allocated: number }>(
      `SELECT sku_id, on_hand, allocated FROM stock_level WHERE shop_id = ? AND sku_id IN (${ids.map(() => "?").join(", ")}) ORDER BY sku_id${lock}`,
      [shopId, ...ids],
    );
    return new Map(rows.map((r) => [Number(r.sku_id), { onHand: Number(r.on_hand), allocated: Number(r.allocated) }]));
  }

  /** Gives allocated units of order lines back to stock (a cancellation), with a RELEASE per line. */
  async release(tx: Tx, shopId: number, actor: Actor, releases: Array<{ skuId: number; quantity: number; orderLineId: number }>, reason: string): Promise<void> {
    const bySku = new Map<number, number>();
    for (const r of releases) bySku.set(r.skuId, (bySku.get(r.skuId) ?? 0) + r.quantity);
    const now = sqlTimestamp(new Date());
    for (const [skuId, quantity] of [...bySku].sort((a, b) => a[0] - b[0])) {
      const released = await tx.run("UPDATE stock_level SET allocated = allocated - ?, updated_at = ? WHERE sku_id = ? AND shop_id = ? AND allocated >= ?", [
        quantity,
        now,
        skuId,
        shopId,
        quantity,
      ]);
      if (released.affected !== 1) throw new Error(`Stock level of sku ${skuId} has fewer than ${quantity} units allocated`);
    }
    await this.recordMovements(
      tx,
      shopId,
      actor,
      releases.map((r) => ({ skuId: r.skuId, kind: StockMovementKind.RELEASE, quantity: r.quantity, onHandDelta: 0, allocatedDelta: -r.quantity, orderLineId: r.orderLineId, reason })),
    );
  }

  /**
   * Goods leave the warehouse for orders (a shipment): on hand and allocated both drop by the units
   * sent, one conditional UPDATE per sku in sku id order, and a SALE per order line, so the level
   * still equals its ledger and what is available does not change. The units must be allocated:
   * anything else is a broken invariant (the caller checked the order's lines under their lock).
   */
  async ship(tx: Tx, shopId: number, actor: Actor, items: Array<{ skuId: number; quantity: number; orderLineId: number }>, reason: string): Promise<void> {
    await this.removeAllocated(tx, shopId, actor, items, StockMovementKind.SALE, reason);
  }

  /**
   * Units allocated to order lines turn out not to exist (found short when packing): they leave
   * stock like a shipment's (on hand and allocated both drop, what is available does not change),
   * written as an ADJUSTMENT per line, so the level still equals its ledger.
   */
  async writeOffAllocated(tx: Tx, shopId: number, actor: Actor, items: Array<{ skuId: number; quantity: number; orderLineId: number }>, reason: string): Promise<void> {
    await this.removeAllocated(tx, shopId, actor, items, StockMovementKind.ADJUSTMENT, reason);
  }

  private async removeAllocated(
    tx: Tx,
    shopId: number,
    actor: Actor,
    items: Array<{ skuId: number; quantity: number; orderLineId: number }>,
    kind: StockMovementKind.SALE | StockMovementKind.ADJUSTMENT,
    reason: string,
  ): Promise<void> {
    const bySku = new Map<number, number>();
    for (const item of items) bySku.set(item.skuId, (bySku.get(item.skuId) ?? 0) + item.quantity);
    const now = sqlTimestamp(new Date());
    for (const [skuId, quantity] of [...bySku].sort((a, b) => a[0] - b[0])) {
      const removed = await tx.run(
        "UPDATE stock_level SET on_hand = on_hand - ?, allocated = allocated - ?, updated_at = ? WHERE sku_id = ? AND shop_id = ? AND allocated >= ? AND on_hand >= ?",
        [quantity, quantity, now, skuId, shopId, quantity, quantity],
      );
      if (removed.affected !== 1) throw new Error(`Stock level of sku ${skuId} has fewer than ${quantity} units allocated`);
    }
    await this.recordMovements(
      tx,
      shopId,
      actor,
      items.map((i) => ({ skuId: i.skuId, kind, quantity: i.quantity, onHandDelta: -i.quantity, allocatedDelta: -i.quantity, orderLineId: i.orderLineId, reason })),
    );
  }

  /**
   * Allocates available units of one sku to waiting order lines (the restock engine decided who gets
   * what): one conditional UPDATE of the level and an ALLOCATION per line.
   */
  async allocateToLines(tx: Tx, shopId: number, actor: Actor, skuId: number, lines: Array<{ orderLineId: number; quantity: number }>, reason: string): Promise<void> {
    const total = lines.reduce((sum, l) => sum + l.quantity, 0);
    if (total === 0) return;
    const allocated = await tx.run(
      "UPDATE stock_level SET allocated = allocated + ?, updated_at = ? WHERE sku_id = ? AND shop_id = ? AND on_hand - allocated >= ?",
      [total, sqlTimestamp(new Date()), skuId, shopId, total],
    );
    if (allocated.affected !== 1) throw new Error(`Sku ${skuId} has fewer than ${total} units available`);
    for (const chunk of chunks(lines)) {
      await this.recordMovements(
        tx,
        shopId,
        actor,
        chunk.map((l) => ({
          skuId,
          kind: StockMovementKind.ALLOCATION,
          quantity: l.quantity,
          onHandDelta: 0,
          allocatedDelta: l.quantity,
          orderLineId: l.orderLineId,
          reason,
        })),
      );
    }
  }

  async levelsBySkuIds(shopId: number, skuIds: readonly number[]): Promise<Map<number, StockLevel>> {
    if (skuIds.length === 0) return new Map();
    const levels = await this.db.manager
      .createQueryBuilder(StockLevel, "l")
      .where("l.shopId = :shopId AND l.skuId IN (:...skuIds)", { shopId, skuIds })
      .getMany();
    return new Map(levels.map((l) => [l.skuId, l]));
  }

  /**
   * A sku's ledger, newest first, filtered by kind and time; one query per page (plus the count
   * when asked). The order of each row is the caller's to look up (orderLineId).
   */
  async history(
    shopId: number,
    skuId: number,
    args: { first: number; after?: string | null; kinds?: StockMovementKind[] | null; from?: Date | null; to?: Date | null },
  ): Promise<Page<HistoryRow>> {
    const where = ["shop_id = ?", "sku_id = ?"];
    const params: unknown[] = [shopId, skuId];
    if (args.kinds?.length) {
      where.push(`kind IN (${placeholders(args.kinds.length)})`);
      params.push(...args.kinds);
    }
    if (args.from) {
      where.push("created_at >= ?");
      params.push(sqlTimestamp(args.from));
    }
    if (args.to) {
      where.push("created_at < ?");
      params.push(sqlTimestamp(args.to));
    }
    const filterSql = where.join(" AND ");
    const filterParams = [...params];
    const after = decodeCursor(args.after);
    if (after !== null) {
      where.push("id < ?");
      params.push(after);
    }
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT id, kind, quantity, on_hand_delta, allocated_delta, order_line_id, actor_type, actor_id, actor_name, reason, created_at
         FROM stock_movement WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`,
      [...params, args.first + 1],
    );
    return toPage(
      rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind as StockMovementKind,
        quantity: Number(r.quantity),
        onHandDelta: Number(r.on_hand_delta),
        allocatedDelta: Number(r.allocated_delta),
        orderLineId: r.order_line_id === null ? null : Number(r.order_line_id),
        actorType: String(r.actor_type),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: (r.actor_name as string | null) ?? null,
        reason: (r.reason as string | null) ?? null,
        createdAt: fromSqlTimestamp(r.created_at as string | Date),
      })),
      args.first,
      (row) => row,
      async () => Number((await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM stock_movement WHERE ${filterSql}`, filterParams))[0]?.n ?? 0),
    );
  }
}

/** One ledger row as the stock history reads it. */
export interface HistoryRow {
  id: number;
  kind: StockMovementKind;
  quantity: number;
  onHandDelta: number;
  allocatedDelta: number;
  orderLineId: number | null;
  actorType: string;
  actorId: number | null;
  actorName: string | null;
  reason: string | null;
  createdAt: Date;
}
