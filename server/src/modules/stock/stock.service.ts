import { Database, Tx, WriteResult } from "../../infra/db/database";
import { insertStatement, sqlTimestamp } from "../../infra/db/dialect";
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
  orderLineId: number | null;
  reason: string | null;
}

export const MAX_ADJUSTMENT = 1_000_000;

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
    const now = sqlTimestamp(new Date());
    const { sql, params } = insertStatement(
      "stock_movement",
      ["shop_id", "sku_id", "kind", "quantity", "on_hand_delta", "allocated_delta", "order_line_id", "actor_type", "actor_id", "reason", "created_at"],
      movements.map((m) => [shopId, m.skuId, m.kind, m.quantity, m.onHandDelta, m.allocatedDelta, m.orderLineId, actor.type, actor.id, m.reason, now]),
    );
    await tx.run(sql, params);
  }

  /**
   * Changes onHand by `delta` (positive: goods in, negative: goods out or written off).
   * onHand never drops below what is allocated to orders.
   */
  async adjustStock(shopId: number, actor: Actor, input: { skuId: number; delta: number; reason: string }): Promise<void> {
    const reason = input.reason.trim();
    const errors = [];
    if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_ADJUSTMENT) {
      errors.push(userError("delta", UserErrorCode.OUT_OF_RANGE, `delta must be a non-zero whole number between -${MAX_ADJUSTMENT} and ${MAX_ADJUSTMENT}.`));
    }
    if (!reason) errors.push(userError("reason", UserErrorCode.REQUIRED, "Say why the stock changes (e.g. 'inventory count')."));
    else if (reason.length > 255) errors.push(userError("reason", UserErrorCode.OUT_OF_RANGE, "reason is at most 255 characters."));
    if (errors.length) throw new UserInputError(errors);

    await this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE stock_level SET on_hand = on_hand + ?, updated_at = ?
          WHERE sku_id = ? AND shop_id = ? AND on_hand + ? >= allocated`,
        [input.delta, sqlTimestamp(new Date()), input.skuId, shopId, input.delta],
      );
      if (changed.affected !== 1) {
        const [level] = await tx.query<{ on_hand: number; allocated: number }>(
          "SELECT on_hand, allocated FROM stock_level WHERE sku_id = ? AND shop_id = ?",
          [input.skuId, shopId],
        );
        if (!level) throw new UserInputError([userError("skuId", UserErrorCode.NOT_FOUND, "No sku with this id in your shop.")]);
        throw new UserInputError([
          userError(
            "delta",
            UserErrorCode.INSUFFICIENT_STOCK,
            `On hand cannot go below the ${level.allocated} units allocated to orders (on hand now: ${level.on_hand}).`,
          ),
        ]);
      }
      await this.recordMovements(tx, shopId, actor, [
        {
          skuId: input.skuId,
          kind: StockMovementKind.ADJUSTMENT,
          quantity: Math.abs(input.delta),
          onHandDelta: input.delta,
          allocatedDelta: 0,
          orderLineId: null,
          reason,
        },
      ]);
    });
  }

  async levelsBySkuIds(shopId: number, skuIds: readonly number[]): Promise<Map<number, StockLevel>> {
    if (skuIds.length === 0) return new Map();
    const levels = await this.db.manager
      .createQueryBuilder(StockLevel, "l")
      .where("l.shopId = :shopId AND l.skuId IN (:...skuIds)", { shopId, skuIds })
      .getMany();
    return new Map(levels.map((l) => [l.skuId, l]));
  }
}
