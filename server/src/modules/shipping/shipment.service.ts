import { groupBy } from "../../infra/collections";
import { Database, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { cleanLine } from "../../infra/text";
import { Order, OrderStatus } from "../orders/order.entity";
import { OrderEventType } from "../orders/order-event.entity";
import { recordOrderEvents } from "../orders/order-events";
import { OrderLine } from "../orders/order-line.entity";
import { OrderService } from "../orders/order.service";
import { MAX_LINE_QUANTITY, MAX_LINES } from "../orders/place-order.validation";
import { ResolutionService } from "../orders/resolution.service";
import { StockService } from "../stock/stock.service";
import { Carrier, CARRIERS, isCarrier, isValidTrackingCode, normalizeTrackingCode, trackingUrl, validTrackingUrl } from "./carriers";

/** What shipOrder takes, as the API gives it (ids still strings). */
export interface ShipOrderRequest {
  carrier: string;
  trackingCode: string;
  trackingUrl?: string | null;
  /** Omitted: every allocated unit not yet shipped. */
  lines?: Array<{ orderLineId: string; quantity: number }> | null;
}

/** A shipOrder input that passed every check that needs no database. */
interface ValidShipment {
  carrier: Carrier;
  trackingCode: string;
  trackingUrl: string | null;
  lines: Array<{ orderLineId: number; quantity: number; field: string }> | null;
}

/** A shipment with its lines, as lists and pages show it. */
export interface ShipmentView {
  id: number;
  orderId: number;
  number: number;
  carrier: Carrier;
  trackingCode: string;
  trackingUrl: string | null;
  shippedAt: Date;
  deliveredAt: Date | null;
  actor: { type: string; id: number | null; name: string | null };
  lines: Array<{ orderLineId: number; quantity: number }>;
}

export interface Shipped {
  order: Order;
  lines: OrderLine[];
  shipment: ShipmentView;
}

export const MAX_TRACKING_CODE = 40;

export { Fulfillment, fulfillmentOf } from "./fulfillment";

/** Checks carrier, tracking code and URL, and the lines' shape; every problem at once. */
export function validateShipment(input: ShipOrderRequest): ValidShipment {
  const errors: UserError[] = [];
  const carrier = isCarrier(input.carrier) ? input.carrier : null;
  if (!carrier) errors.push(userError("input.carrier", UserErrorCode.INVALID_FORMAT, "Unknown carrier."));

  const cleaned = cleanLine(input.trackingCode ?? "");
  const code = cleaned === null ? null : normalizeTrackingCode(cleaned);
  if (code === null) errors.push(userError("input.trackingCode", UserErrorCode.INVALID_FORMAT, "The tracking code cannot contain control characters."));
  else if (!code) errors.push(userError("input.trackingCode", UserErrorCode.REQUIRED, "The tracking code is required."));
  else if (code.length > MAX_TRACKING_CODE) errors.push(userError("input.trackingCode", UserErrorCode.OUT_OF_RANGE, `A tracking code is at most ${MAX_TRACKING_CODE} characters.`));
  else if (carrier && !isValidTrackingCode(carrier, code)) {
    errors.push(userError("input.trackingCode", UserErrorCode.INVALID_TRACKING_CODE, `Not a ${CARRIERS[carrier].name} tracking code: ${CARRIERS[carrier].codeHint}.`));
  }

  const givenUrl = input.trackingUrl?.trim() || null;
  const url = givenUrl ? validTrackingUrl(givenUrl) : null;
  if (givenUrl && !url) errors.push(userError("input.trackingUrl", UserErrorCode.INVALID_URL, "The tracking URL must be an http(s) address of at most 500 characters."));
  if (!givenUrl && carrier === Carrier.OTHER) {
    errors.push(userError("input.trackingUrl", UserErrorCode.REQUIRED, "With another carrier, give the address where the customer follows the parcel."));
  }

  let lines: ValidShipment["lines"] = null;
  if (input.lines) {
    if (input.lines.length === 0) errors.push(userError("input.lines", UserErrorCode.REQUIRED, "Say what goes in the parcel, or leave lines out to ship everything not yet shipped."));
    if (input.lines.length > MAX_LINES) errors.push(userError("input.lines", UserErrorCode.TOO_MANY_ITEMS, `A shipment has at most ${MAX_LINES} lines.`));
    const seen = new Set<number>();
    lines = input.lines.map((line, i) => {
      const field = `input.lines.${i}`;
      const orderLineId = parseId(line.orderLineId) ?? -1;
      if (orderLineId > 0 && seen.has(orderLineId)) errors.push(userError(`${field}.orderLineId`, UserErrorCode.INVALID_FORMAT, "This order line appears twice: put all its units on one line."));
      seen.add(orderLineId);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
        errors.push(userError(`${field}.quantity`, UserErrorCode.OUT_OF_RANGE, `quantity must be between 1 and ${MAX_LINE_QUANTITY}.`));
      }
      return { orderLineId, quantity: line.quantity, field };
    });
  }
  if (errors.length) throw new UserInputError(errors);
  return { carrier: carrier!, trackingCode: code!, trackingUrl: url ?? trackingUrl(carrier!, code!), lines };
}

/**
 * Shipments: parcels handed to carriers, each with its tracking, and the order's delivery. Each
 * change is one transaction that writes the shipment, the lines' shipped units, the stock (a SALE:
 * on hand and allocated both drop), the order's status and its timeline together, or nothing.
 */
export class ShippingService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly stock: StockService,
    private readonly resolutions: ResolutionService,
  ) {}

  /**
   * Sends a parcel: the given units (or every allocated unit not yet shipped) leave with the carrier.
   * Only a READY order ships; it stays READY while allocated units remain and becomes SHIPPED with
   * the last one.
   */
  async shipOrder(caller: Caller, orderId: number, input: ShipOrderRequest): Promise<Shipped> {
    const valid = validateShipment(input);
    return this.db.transaction(async (tx) => {
      // The order's stock levels are locked first, in sku order, like every stock change.
      const { order, lines } = await this.resolutions.lockOrder(tx, caller.shopId, orderId, true);
      if (order.status !== OrderStatus.READY) throw new UserInputError([notShippable(order)]);
      const parcel = parcelLines(order, lines, valid.lines);
      const now = new Date();

      await this.orders.shipLines(tx, caller.shopId, order.id, parcel.map((p) => ({ orderLineId: p.line.id, quantity: p.quantity, field: p.field })));
      for (const p of parcel) p.line.shipped += p.quantity;
      await this.stock.ship(
        tx,
        caller.shopId,
        caller.actor,
        parcel.map((p) => ({ skuId: p.line.skuId, quantity: p.quantity, orderLineId: p.line.id })),
        `Order #${order.number} shipped`,
      );

      // A locking read on MySQL: a plain one would read the transaction's snapshot, taken before it waited for the order's lock.
      const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
      const [next] = await tx.query<{ n: number }>(`SELECT COALESCE(MAX(number), 0) + 1 AS n FROM shipment WHERE order_id = ? AND shop_id = ?${lock}`, [order.id, caller.shopId]);
      const number = Number(next?.n ?? 1);
      const inserted = await tx.run(
        `INSERT INTO shipment (shop_id, order_id, number, carrier, tracking_code, tracking_url, shipped_at, delivered_at, actor_type, actor_id, actor_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
        [caller.shopId, order.id, number, valid.carrier, valid.trackingCode, valid.trackingUrl, sqlTimestamp(now), caller.actor.type, caller.actor.id, caller.actor.name ?? null],
      );
      const shipmentId = inserted.firstInsertId;
      const shipmentLines = insertStatement(
        "shipment_line",
        ["shop_id", "shipment_id", "order_line_id", "quantity"],
        parcel.map((p) => [caller.shopId, shipmentId, p.line.id, p.quantity]),
      );
      await tx.run(shipmentLines.sql, shipmentLines.params, parcel.length);

      const complete = lines.every((l) => l.shipped >= l.allocated);
      const status = complete ? OrderStatus.SHIPPED : OrderStatus.READY;
      if (!(await this.orders.changeStatus(tx, caller.shopId, order.id, OrderStatus.READY, status, now))) throw new UserInputError([notShippable(order)]);
      Object.assign(order, { status, updatedAt: now });

      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        {
          orderId: order.id,
          type: OrderEventType.SHIPMENT_SENT,
          data: {
            shipmentId,
            number,
            carrier: valid.carrier,
            trackingCode: valid.trackingCode,
            trackingUrl: valid.trackingUrl,
            lines: parcel.map((p) => ({ orderLineId: p.line.id, skuCode: p.line.skuCode, quantity: p.quantity })),
            status,
          },
        },
      ]);
      return {
        order,
        lines,
        shipment: {
          id: shipmentId,
          orderId: order.id,
          number,
          carrier: valid.carrier,
          trackingCode: valid.trackingCode,
          trackingUrl: valid.trackingUrl,
          shippedAt: now,
          deliveredAt: null,
          actor: { type: caller.actor.type, id: caller.actor.id, name: caller.actor.name ?? null },
          lines: parcel.map((p) => ({ orderLineId: p.line.id, quantity: p.quantity })),
        },
      };
    });
  }

  /** The customer received the order: SHIPPED -> DELIVERED, final; its parcels are stamped delivered. */
  async markDelivered(caller: Caller, orderId: number): Promise<{ order: Order; lines: OrderLine[] }> {
    return this.db.transaction(async (tx) => {
      const { order, lines } = await this.resolutions.lockOrder(tx, caller.shopId, orderId, false);
      const now = new Date();
      if (order.status !== OrderStatus.SHIPPED || !(await this.orders.changeStatus(tx, caller.shopId, order.id, OrderStatus.SHIPPED, OrderStatus.DELIVERED, now))) {
        throw new UserInputError([notDeliverable(order, lines)]);
      }
      const lock = tx.dialect === "mysql" ? " FOR UPDATE" : "";
      const shipments = await tx.query<{ id: number }>(`SELECT id FROM shipment WHERE order_id = ? AND shop_id = ? AND delivered_at IS NULL ORDER BY id${lock}`, [order.id, caller.shopId]);
      await tx.run("UPDATE shipment SET delivered_at = ? WHERE order_id = ? AND shop_id = ? AND delivered_at IS NULL", [sqlTimestamp(now), order.id, caller.shopId]);
      await recordOrderEvents(tx, caller.shopId, caller.actor, [
        { orderId: order.id, type: OrderEventType.ORDER_DELIVERED, data: { shipmentIds: shipments.map((s) => Number(s.id)) } },
      ]);
      Object.assign(order, { status: OrderStatus.DELIVERED, updatedAt: now });
      return { order, lines };
    });
  }

  /** The shipments of these orders with their lines, oldest first: two queries. */
  async shipmentsByOrderIds(shopId: number, orderIds: readonly number[], tx: Pick<Tx, "query"> = this.db): Promise<Map<number, ShipmentView[]>> {
    if (orderIds.length === 0) return new Map();
    const shipments = await tx.query<Record<string, unknown>>(
      `SELECT id, order_id, number, carrier, tracking_code, tracking_url, shipped_at, delivered_at, actor_type, actor_id, actor_name
         FROM shipment WHERE shop_id = ? AND order_id IN (${placeholders(orderIds.length)}) ORDER BY id`,
      [shopId, ...orderIds],
    );
    const ids = shipments.map((s) => Number(s.id));
    const lines = ids.length
      ? await tx.query<{ shipment_id: number; order_line_id: number; quantity: number }>(
          `SELECT shipment_id, order_line_id, quantity FROM shipment_line WHERE shop_id = ? AND shipment_id IN (${placeholders(ids.length)}) ORDER BY id`,
          [shopId, ...ids],
        )
      : [];
    const linesBy = groupBy(lines, (l) => Number(l.shipment_id));
    const views: ShipmentView[] = shipments.map((s) => ({
      id: Number(s.id),
      orderId: Number(s.order_id),
      number: Number(s.number),
      carrier: s.carrier as Carrier,
      trackingCode: String(s.tracking_code),
      trackingUrl: (s.tracking_url as string | null) ?? null,
      shippedAt: fromSqlTimestamp(s.shipped_at as string | Date),
      deliveredAt: s.delivered_at ? fromSqlTimestamp(s.delivered_at as string | Date) : null,
      actor: { type: String(s.actor_type), id: s.actor_id === null ? null : Number(s.actor_id), name: (s.actor_name as string | null) ?? null },
      lines: (linesBy.get(Number(s.id)) ?? []).map((l) => ({ orderLineId: Number(l.order_line_id), quantity: Number(l.quantity) })),
    }));
    return groupBy(views, (v) => v.orderId);
  }
}

/** Why an order cannot ship now. */
function notShippable(order: Order): UserError {
  const why: Partial<Record<OrderStatus, string>> = {
    [OrderStatus.AWAITING_STOCK]: "it waits for stock: resolve it first (e.g. ship what is available)",
    [OrderStatus.ON_HOLD_FOR_RESTOCK]: "it is on hold for restock",
    [OrderStatus.SHIPPED]: "every unit has already shipped",
    [OrderStatus.DELIVERED]: "it was delivered, and a delivered order never changes",
    [OrderStatus.CANCELLED]: "it was cancelled",
  };
  return userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status} and cannot ship: ${why[order.status] ?? "only READY orders ship"}.`);
}

function notDeliverable(order: Order, lines: OrderLine[]): UserError {
  if (order.status === OrderStatus.READY && lines.some((l) => l.shipped > 0)) {
    return userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} still has units to ship: it is delivered once everything has shipped.`);
  }
  return userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status}: only a SHIPPED order can be marked delivered.`);
}

/** The units of each line going into the parcel: the given ones, checked against the order, or every unshipped allocated unit. */
function parcelLines(order: Order, lines: OrderLine[], requested: ValidShipment["lines"]): Array<{ line: OrderLine; quantity: number; field: string }> {
  if (requested === null) {
    const all = lines.filter((l) => l.allocated > l.shipped).map((line) => ({ line, quantity: line.allocated - line.shipped, field: "orderId" }));
    if (all.length === 0) throw new UserInputError([userError("orderId", UserErrorCode.NOTHING_TO_SHIP, `Order #${order.number} has no allocated unit left to ship.`)]);
    return all;
  }
  const errors: UserError[] = [];
  const parcel = requested.flatMap(({ orderLineId, quantity, field }) => {
    const line = lines.find((l) => l.id === orderLineId);
    if (!line) {
      errors.push(userError(`${field}.orderLineId`, UserErrorCode.NOT_FOUND, `Order #${order.number} has no such line.`));
      return [];
    }
    if (quantity > line.allocated - line.shipped) {
      errors.push(
        userError(`${field}.quantity`, UserErrorCode.EXCEEDS_UNSHIPPED, `${line.skuCode} has ${line.allocated - line.shipped} unit(s) allocated and not yet shipped; ${quantity} asked.`),
      );
      return [];
    }
    return [{ line, quantity, field: `${field}.quantity` }];
  });
  if (errors.length) throw new UserInputError(errors);
  return parcel;
}
