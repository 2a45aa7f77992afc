import { SelectQueryBuilder } from "typeorm";
import { groupBy } from "../../infra/collections";
import { Database, isDuplicateKeyError, Read, Statement, Tx } from "../../infra/db/database";
import { SqlExpression, forceIndex, insertStatement, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { EntityRows, entityRows } from "../../infra/db/rows";
import { Actor, Caller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, badUserInput, userError } from "../../infra/graphql/errors";
import { COUNT_CAP, Page, decodeCursor, encodeCursor, once, toPage } from "../../infra/graphql/pagination";
import { searchTerm } from "../../infra/text";
import { CatalogService } from "../catalog/sku.service";
import { SkuNode } from "../catalog/sku.types";
import { Coupon } from "../coupons/coupon.entity";
import { couponDiscount, couponUsed, CouponService, usableCoupon } from "../coupons/coupon.service";
import { Customer } from "../customers/customer.entity";
import { CustomerService, CustomerWrite } from "../customers/customer.service";
import { ShopService } from "../shops/shop.service";
import { StockService } from "../stock/stock.service";
import { StockMovementKind } from "../stock/stock-movement.entity";
import { Order, OrderKind, OrderStatus, WITHOUT_STOCK_STATUSES } from "./order.entity";
import { OrderEvent, OrderEventType } from "./order-event.entity";
import { NewOrderEvent, orderEventsStatements, recordOrderEvents } from "./order-events";
import { OrderLine } from "./order-line.entity";
import { recordStatusMoves, statusCountRead, statusCountStatement } from "./order-counts";
import { applyOrderSearch, customerOrdersReword, orderSearchSql, orderWordsFromCustomer } from "./order-search";
import { OrderFilter, PlaceOrderInput } from "./order.types";
import { MAX_AMOUNT, ValidOrderInput, validatePlaceOrder } from "./place-order.validation";

/** An order as intake leaves it, with what the response needs, so answering costs no query. */
export interface PlacedOrder {
  order: Order;
  lines: OrderLine[];
  customer: Customer | null;
}

const ORDER_COLUMNS = [
  "shop_id", "number", "customer_id", "status", "source", "kind", "origin_order_id", "currency", "subtotal", "shipping", "discount", "total",
  "external_reference", "idempotency_key", "idempotency_hash", "placed_at", "updated_at",
  "ship_to_name", "ship_to_street", "ship_to_number", "ship_to_complement", "ship_to_district", "ship_to_city", "ship_to_region", "ship_to_postal_code", "ship_to_country",
];

/** A valid order line with its sku, priced from the catalog. */
interface PricedLine {
  skuCode: string;
  quantity: number;
  sku: { id: number; code: string; name: string; price: number };
}

/** The coupon an order is about to use, and the discount it gives (minor units). */
interface Redemption {
  coupon: Coupon;
  discount: number;
}

/** What placeFollowUpOrder takes. */
export interface FollowUpOrderInput {
  shopId: number;
  /** The order it follows up (same shop); the follow-up takes its customer, source, currency and address. */
  originOrderId: number;
  kind: OrderKind.RESHIPMENT | OrderKind.EXCHANGE;
  /** Each line names its sku by id or by code; quantities are positive integers. */
  lines: Array<{ skuId?: number | null; skuCode?: string | null; quantity: number }>;
  actor: Actor;
  /** Said on the follow-up's ORDER_PLACED event and the origin's FOLLOW_UP_ORDER_PLACED (e.g. "Claim #2"). */
  note?: string | null;
}

export interface PageArgs {
  first: number;
  after?: string | null;
}

/** What a page of orders reads in its own round trip besides the orders, when the client asked for it. */
interface PageReads {
  shopId: number;
  /** The shop's currency (skus' prices). */
  currency?: string;
  /** The connection's count (totalCount). */
  withCount?: boolean;
  /** The orders' lines. */
  withLines?: boolean;
  /** The orders' customers. */
  withCustomers?: boolean;
  /** The skus of the orders' lines (read with the lines only). */
  withSkus?: boolean;
}

/** A page of orders, with what was read with it: its orders' lines, customers and their lines' skus. */
export type PageWithLines = Page<Order> & { lines?: Map<number, OrderLine[]>; customers?: Map<number, Customer>; skus?: Map<number, SkuNode> };

export class OrderService {
  constructor(
    private readonly db: Database,
    private readonly shops: ShopService,
    private readonly catalog: CatalogService,
    private readonly stock: StockService,
    private readonly customers: CustomerService,
    private readonly coupons: CouponService,
  ) {}

  /** Orders and lines from the rows of pages' SELECTs (query builder's `o_` aliases, or `l.*`), mapped without TypeORM's transformer. */
  private rows?: { orders: EntityRows<Order>; plainOrders: EntityRows<Order>; lines: EntityRows<OrderLine> };
  private get mapRows() {
    return (this.rows ??= {
      orders: entityRows(this.db.dataSource, Order, "o_"),
      plainOrders: entityRows(this.db.dataSource, Order),
      lines: entityRows(this.db.dataSource, OrderLine),
    });
  }

  /**
   * Takes an order in: validates it, reserves what stock there is (a line gets what is available,
   * the rest is short), and writes order, lines, ledger and events in one transaction.
   * READY when every line is fully allocated, AWAITING_STOCK otherwise.
   */
  async placeOrder(caller: Caller, input: PlaceOrderInput): Promise<PlacedOrder> {
    const shopId = caller.shopId;
    const valid = validatePlaceOrder(input, caller.shopLocale, caller.shopCurrency);

    // The skus, the customer and the coupon in one round trip (MySQL): intake's time is mostly round trips.
    const now = new Date();
    const skuRead = this.catalog.skusByCodesRead(shopId, valid.lines.map((l) => l.skuCode));
    const customerRead = this.customers.byEmailRead(shopId, valid.customer.email);
    // The statement that takes the order number also checks the key, so a replay or a reused key
    // takes no number and writes nothing. A twin still in flight makes that statement wait for its
    // commit (MariaDB locks the key's index entry for the check), and a twin that slips past it
    // fails on the unique (shop, idempotency key) index below, which stays the check that holds
    // under any concurrency.
    const unlessKeyTaken = valid.idempotencyKey
      ? { sql: "SELECT 1 FROM orders WHERE shop_id = ? AND idempotency_key = ?", params: [shopId, valid.idempotencyKey] }
      : undefined;
    let skus: Awaited<ReturnType<typeof skuRead.map>>;
    let knownCustomer: Customer | null;
    let couponRow: Coupon | null = null;
    /** The number taken beside the reads (MySQL, no coupon), null when that statement took none. */
    let taken: number | null | undefined;
    // A coupon with no other discount can never discount more than subtotal plus shipping (at most
    // 100 percent, or at most the subtotal), so its checks are all on rows the statement can read.
    if (this.db.dialect === "mysql" && (!valid.couponCode || valid.discount === 0)) {
      // MySQL: the order number rides in the same round trip, taken only if the order passes the
      // checks below on the skus (they exist, none archived, the subtotal in range and covering the
      // discount) and the coupon (usable); an order refused for them takes no number. (A row changed
      // between the statements can still make them disagree: a refusal with a number leaves a gap,
      // a number not taken is taken below.)
      const couponRead = valid.couponCode ? this.coupons.byCodeRead(shopId, valid.couponCode) : null;
      const numberStatement = this.shops.nextOrderNumberStatement(shopId, [
        ...(unlessKeyTaken ? [{ sql: `NOT EXISTS (${unlessKeyTaken.sql})`, params: unlessKeyTaken.params }] : []),
        this.catalog.orderableCondition(shopId, valid.lines, valid.discount - valid.shipping, MAX_AMOUNT),
        ...(valid.couponCode ? [this.coupons.usableCondition(shopId, valid.couponCode, now)] : []),
      ]);
      const results = await this.db.autocommit((tx) => tx.batch([skuRead, customerRead, ...(couponRead ? [couponRead] : []), numberStatement]));
      skus = skuRead.map(results[0]!.rows);
      knownCustomer = customerRead.map(results[1]!.rows);
      couponRow = couponRead ? couponRead.map(results[2]!.rows) : null;
      const number = results[results.length - 1]!;
      taken = number.affected === 1 ? number.firstInsertId : null;
    } else {
      [skus, knownCustomer, couponRow] = valid.couponCode
        ? await this.db.reads(skuRead, customerRead, this.coupons.byCodeRead(shopId, valid.couponCode))
        : [...(await this.db.reads(skuRead, customerRead)), null];
    }
    const unknown = valid.lines.flatMap((line, i) =>
      skus.has(line.skuCode) ? [] : [userError(`lines.${i}.skuCode`, UserErrorCode.UNKNOWN_SKU, `No sku with code "${line.skuCode}" in your shop.`)],
    );
    if (unknown.length) throw new UserInputError(unknown);
    const archived = valid.lines.flatMap((line, i) =>
      skus.get(line.skuCode)!.archived
        ? [userError(`lines.${i}.skuCode`, UserErrorCode.SKU_ARCHIVED, `The sku "${line.skuCode}" is archived and takes no new orders.`)]
        : [],
    );
    if (archived.length) throw new UserInputError(archived);
    const priced = valid.lines.map((line) => ({ ...line, sku: skus.get(line.skuCode)! }));
    const subtotal = priced.reduce((sum, line) => sum + line.quantity * line.sku.price, 0);
    if (subtotal > MAX_AMOUNT) throw new UserInputError([userError("lines", UserErrorCode.OUT_OF_RANGE, "The order's subtotal is too large.")]);
    const redemption = valid.couponCode ? await this.couponRedemption(shopId, valid, subtotal, couponRow, knownCustomer, now) : null;
    if (redemption && "order" in redemption) return redemption;
    const discount = valid.discount + (redemption?.discount ?? 0);
    if (discount > subtotal + valid.shipping) {
      const what = redemption ? `The discount (${valid.discount}) plus the coupon's (${redemption.discount})` : `The discount (${valid.discount})`;
      throw new UserInputError([
        userError("discount", UserErrorCode.DISCOUNT_EXCEEDS_SUBTOTAL, `${what} is more than subtotal plus shipping (${subtotal + valid.shipping}).`),
      ]);
    }

    if (taken === null && valid.idempotencyKey) {
      const previous = await this.replayIdempotent(shopId, valid, knownCustomer);
      if (previous) return previous;
    }
    const number = taken ?? (await this.shops.nextOrderNumber(shopId, unlessKeyTaken));
    if (number === null) {
      const previous = await this.replayIdempotent(shopId, valid, knownCustomer);
      if (previous) return previous;
      throw new Error(`No order number for shop ${shopId}`);
    }
    for (let attempt = 1; ; attempt++) {
      // Read before, written (if anything changed) in the order's transaction: a refused order leaves it as it was.
      const existing = attempt === 1 ? knownCustomer : await this.customers.findByEmail(shopId, valid.customer.email);
      const customer = this.customers.customerWrite(shopId, existing, valid.customer);
      try {
        return await this.intake(caller, valid, priced, subtotal, number, customer, discount, redemption);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // The unique (shop, idempotency key) index is the idempotency check for a concurrent twin
        // that committed first: this INSERT failed and everything was rolled back.
        if (valid.idempotencyKey) {
          const previous = await this.replayIdempotent(shopId, valid);
          if (previous) return previous;
        }
        // Another order created the same new customer a moment ago: take theirs, keep the number.
        if (!customer.insert || attempt > 1) throw error;
      }
    }
  }

  /**
   * The coupon an order uses and the discount it gives, or, for a replay of an order placed with
   * it, that order (its coupon is used by then, so the replay is recognised first). Refusals come
   * before the order takes a number; the conditional UPDATE in the intake settles a race.
   */
  private async couponRedemption(shopId: number, valid: ValidOrderInput, subtotal: number, row: Coupon | null, customer: Customer | null, now: Date): Promise<Redemption | PlacedOrder> {
    if (valid.idempotencyKey) {
      const previous = await this.replayIdempotent(shopId, valid, customer);
      if (previous) return previous;
    }
    const coupon = usableCoupon(row, now);
    return { coupon, discount: couponDiscount(coupon, subtotal) };
  }

  /** The intake transaction: reserves stock and writes the customer's changes, order, lines, ledger and events (and uses the coupon). */
  private async intake(
    caller: Caller,
    valid: ValidOrderInput,
    priced: PricedLine[],
    subtotal: number,
    number: number,
    customer: CustomerWrite,
    discount: number,
    redemption: Redemption | null,
  ): Promise<PlacedOrder> {
    const shopId = caller.shopId;
    return this.db.transaction(async (tx) => {
      const reserved = await this.stock.reserve(
        tx,
        shopId,
        priced.map((line) => ({ skuId: line.sku.id, quantity: line.quantity })),
      );
      const now = new Date();
      const allAllocated = priced.every((line, i) => reserved[i] === line.quantity);
      const order = Object.assign(new Order(), {
        shopId,
        number,
        customerId: customer.customer.id,
        status: allAllocated ? OrderStatus.READY : OrderStatus.AWAITING_STOCK,
        source: valid.source,
        kind: OrderKind.SALE,
        originOrderId: null,
        currency: caller.shopCurrency,
        subtotal,
        shipping: valid.shipping,
        discount,
        total: subtotal + valid.shipping - discount,
        externalReference: valid.externalReference,
        idempotencyKey: valid.idempotencyKey,
        idempotencyHash: valid.idempotencyKey ? valid.fingerprint : null,
        shipToName: valid.shippingAddress?.recipientName ?? null,
        shipToStreet: valid.shippingAddress?.street ?? null,
        shipToNumber: valid.shippingAddress?.number ?? null,
        shipToComplement: valid.shippingAddress?.complement ?? null,
        shipToDistrict: valid.shippingAddress?.district ?? null,
        shipToCity: valid.shippingAddress?.city ?? null,
        shipToRegion: valid.shippingAddress?.region ?? null,
        shipToPostalCode: valid.shippingAddress?.postalCode ?? null,
        shipToCountry: valid.shippingAddress?.country ?? null,
        placedAt: now,
        updatedAt: now,
      });
      const lines = priced.map((line, i) =>
        Object.assign(new OrderLine(), {
          shopId,
          skuId: line.sku.id,
          skuCode: line.sku.code,
          name: line.sku.name,
          quantity: line.quantity,
          unitPrice: line.sku.price,
          allocated: reserved[i]!,
          short: line.quantity - reserved[i]!,
          cancelled: 0,
          shipped: 0,
        }),
      );
      const shortLines = lines.filter((l) => l.short > 0);
      const events: Array<Omit<NewOrderEvent, "orderId">> = [
        { type: OrderEventType.ORDER_PLACED, data: { number, total: order.total, lines: lines.length } },
        ...(shortLines.length
          ? [{ type: OrderEventType.STOCK_SHORTAGE, data: { missing: shortLines.map((l) => ({ skuCode: l.skuCode, short: l.short })) } }]
          : []),
        ...(redemption
          ? [{ type: OrderEventType.COUPON_APPLIED, data: { couponId: redemption.coupon.id, code: redemption.coupon.code, discount: redemption.discount } }]
          : []),
      ];
      const redeem = redemption ? (orderId: number | SqlExpression) => this.coupons.redeemStatement(redemption.coupon, orderId, redemption.discount, now) : null;
      await this.insertOrderRows(tx, caller.actor, order, lines, events, customer, redeem, true);
      return { order, lines, customer: customer.customer };
    }, { batched: true });
  }

  /**
   * A follow-up order of `originOrderId` (a reshipment for a claim, an exchange for a return), made
   * inside the caller's transaction `tx`: the same customer, source, currency and shipping address,
   * lines at unit price 0 (nothing is charged again: subtotal and total 0). It goes through the
   * ordinary intake path: an order number of the shop (taken in `tx`, so a rollback gives it back),
   * the atomic reservation (READY when every unit is reserved, else AWAITING_STOCK in "Orders without
   * stock", served FIFO by order id with every other waiting order), ALLOCATION ledger rows and
   * events (ORDER_PLACED with `kind` and `originOrderId` on the new order, FOLLOW_UP_ORDER_PLACED on
   * the origin). It ships with shipOrder like any order.
   *
   * Locks: the shop's order number row, then the skus' stock levels (in sku order): call it before
   * your transaction locks stock levels of its own, or a concurrent one may deadlock it (retried).
   * Refusals (UserInputError, nothing written by this method): no such origin order (NOT_FOUND),
   * an unknown sku (UNKNOWN_SKU), a quantity that is not a positive integer (OUT_OF_RANGE).
   */
  async placeFollowUpOrder(tx: Tx, input: FollowUpOrderInput): Promise<PlacedOrder> {
    const { shopId } = input;
    if (!input.lines.length) throw new UserInputError([userError("lines", UserErrorCode.EMPTY_ORDER, "A follow-up order has at least one line.")]);
    const bad = input.lines.flatMap((l, i) =>
      Number.isSafeInteger(l.quantity) && l.quantity > 0 ? [] : [userError(`lines.${i}.quantity`, UserErrorCode.OUT_OF_RANGE, "The quantity is a positive whole number.")],
    );
    if (bad.length) throw new UserInputError(bad);
    const origin = await this.findOrderIn(tx, shopId, input.originOrderId);
    if (!origin) throw new UserInputError([userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.")]);

    const ids = input.lines.map((l) => l.skuId).filter((id): id is number => typeof id === "number");
    const codes = input.lines.map((l) => l.skuCode).filter((c): c is string => typeof c === "string");
    const rows = [
      ...(ids.length ? await tx.query<{ id: number; code: string; name: string }>(`SELECT id, code, name FROM sku WHERE shop_id = ? AND id IN (${ids.map(() => "?").join(", ")})`, [shopId, ...ids]) : []),
      ...(codes.length ? await tx.query<{ id: number; code: string; name: string }>(`SELECT id, code, name FROM sku WHERE shop_id = ? AND code IN (${codes.map(() => "?").join(", ")})`, [shopId, ...codes]) : []),
    ].map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name) }));
    const skus = input.lines.map((l) => rows.find((r) => (typeof l.skuId === "number" ? r.id === l.skuId : r.code === l.skuCode)) ?? null);
    const unknown = skus.flatMap((sku, i) => (sku ? [] : [userError(`lines.${i}.skuId`, UserErrorCode.UNKNOWN_SKU, "No such sku in your shop.")]));
    if (unknown.length) throw new UserInputError(unknown);

    const number = await this.shops.nextOrderNumberIn(tx, shopId);
    const reserved = await this.stock.reserve(tx, shopId, input.lines.map((l, i) => ({ skuId: skus[i]!.id, quantity: l.quantity })));
    const now = new Date();
    const allAllocated = input.lines.every((l, i) => reserved[i] === l.quantity);
    const order = Object.assign(new Order(), {
      shopId,
      number,
      customerId: origin.customerId,
      status: allAllocated ? OrderStatus.READY : OrderStatus.AWAITING_STOCK,
      source: origin.source,
      kind: input.kind,
      originOrderId: origin.id,
      currency: origin.currency,
      subtotal: 0,
      shipping: 0,
      discount: 0,
      total: 0,
      externalReference: null,
      idempotencyKey: null,
      idempotencyHash: null,
      resolvedBy: null,
      shipToName: origin.shipToName,
      shipToStreet: origin.shipToStreet,
      shipToNumber: origin.shipToNumber,
      shipToComplement: origin.shipToComplement,
      shipToDistrict: origin.shipToDistrict,
      shipToCity: origin.shipToCity,
      shipToRegion: origin.shipToRegion,
      shipToPostalCode: origin.shipToPostalCode,
      shipToCountry: origin.shipToCountry,
      placedAt: now,
      updatedAt: now,
    });
    const lines = input.lines.map((l, i) =>
      Object.assign(new OrderLine(), {
        shopId,
        skuId: skus[i]!.id,
        skuCode: skus[i]!.code,
        name: skus[i]!.name,
        quantity: l.quantity,
        unitPrice: 0,
        allocated: reserved[i]!,
        short: l.quantity - reserved[i]!,
        cancelled: 0,
        shipped: 0,
        replacesLineId: null,
      }),
    );
    const note = input.note ?? null;
    const shortLines = lines.filter((l) => l.short > 0);
    const events: Array<Omit<NewOrderEvent, "orderId">> = [
      { type: OrderEventType.ORDER_PLACED, note, data: { number, total: 0, lines: lines.length, kind: input.kind, originOrderId: origin.id, originNumber: origin.number } },
      ...(shortLines.length ? [{ type: OrderEventType.STOCK_SHORTAGE, data: { missing: shortLines.map((l) => ({ skuCode: l.skuCode, short: l.short })) } }] : []),
    ];
    const customer: CustomerWrite = { customer: Object.assign(new Customer(), { id: origin.customerId }), insert: null, update: null, searchWords: () => [], renamed: false };
    await this.insertOrderRows(tx, input.actor, order, lines, events, customer, null);
    await recordOrderEvents(tx, shopId, input.actor, [
      {
        orderId: origin.id,
        type: OrderEventType.FOLLOW_UP_ORDER_PLACED,
        note,
        data: { orderId: order.id, number, kind: input.kind, status: order.status, lines: lines.map((l) => ({ skuCode: l.skuCode, quantity: l.quantity })) },
      },
    ]);
    return { order, lines, customer: null };
  }

  /** The follow-up orders of these orders (reshipments, exchanges), oldest first: one query. */
  async followUpsByOriginIds(shopId: number, originIds: readonly number[]): Promise<Map<number, Order[]>> {
    if (originIds.length === 0) return new Map();
    const rows = await this.db.manager
      .createQueryBuilder(Order, "o")
      .where("o.shopId = :shopId AND o.originOrderId IN (:...originIds)", { shopId, originIds })
      .orderBy("o.id")
      .getMany();
    return groupBy(rows, (o) => o.originOrderId!);
  }

  /**
   * Writes the order, its lines, their ALLOCATION ledger rows, the order's events and the report
   * facts they change, and sets the ids. On MySQL that is one round trip: lines and events find the
   * new order's id by its number, and ledger rows their line's id from LAST_INSERT_ID(). SQLite runs in-process, so it simply runs the statements.
   */
  private async insertOrderRows(
    tx: Tx,
    actor: Actor,
    order: Order,
    lines: OrderLine[],
    events: Array<Omit<NewOrderEvent, "orderId">>,
    customer: CustomerWrite,
    redeem: ((orderId: number | SqlExpression) => Statement) | null,
    /** The transaction ends here (intake's own, `batched`): on MySQL COMMIT rides in the same round trip. */
    last = false,
  ): Promise<void> {
    const insertOrder = (customerId: number | SqlExpression) => insertStatement("orders", ORDER_COLUMNS, [
      [
        order.shopId, order.number, customerId, order.status, order.source, order.kind, order.originOrderId, order.currency, order.subtotal, order.shipping,
        order.discount, order.total, order.externalReference, order.idempotencyKey, order.idempotencyHash,
        sqlTimestamp(order.placedAt), sqlTimestamp(order.updatedAt),
        order.shipToName, order.shipToStreet, order.shipToNumber, order.shipToComplement, order.shipToDistrict, order.shipToCity,
        order.shipToRegion, order.shipToPostalCode, order.shipToCountry,
      ],
    ]);
    const insertLines = (orderId: number | SqlExpression) =>
      insertStatement(
        "order_line",
        ["shop_id", "order_id", "sku_id", "sku_code", "name", "quantity", "unit_price", "allocated", "short", "cancelled"],
        lines.map((l) => [l.shopId, orderId, l.skuId, l.skuCode, l.name, l.quantity, l.unitPrice, l.allocated, l.short, l.cancelled]),
      );
    // The events and the report's facts they change, once the lines are written.
    const insertEvents = (orderId: number | SqlExpression) =>
      orderEventsStatements(tx.dialect, order.shopId, actor, events.map((e) => ({ ...e, orderId })));
    // Lines of one multi-row INSERT get consecutive ids, so line i is the first id + i.
    const allocations = (lineId: (i: number) => number | SqlExpression) =>
      lines.flatMap((l, i) =>
        l.allocated > 0
          ? [
              {
                skuId: l.skuId,
                kind: StockMovementKind.ALLOCATION,
                quantity: l.allocated,
                onHandDelta: 0,
                allocatedDelta: l.allocated,
                orderLineId: lineId(i),
                reason: `Order #${order.number}`,
              },
            ]
          : [],
      );

    // The order's search words (order_search_word), once its row and the customer's are written: the
    // customer's words, or, when this order renames the customer, every one of their orders' words again.
    // A rename (only of a customer that exists, so its id is known) deletes the orders' old rows before
    // the customer's words are written again.
    const reword = customer.renamed ? customerOrdersReword(tx.dialect, order.shopId, customer.customer.id) : null;
    const orderWords = (): Statement[] => [reword ? reword.after : orderWordsFromCustomer(tx.dialect, order.shopId, order.number)];
    const customerWords = (): Statement[] => [...(reword ? [reword.before] : []), ...customer.searchWords(order.customerId)];

    // A new order: one more in its status, in the bucket of its number (its id is not known yet on MySQL).
    const statusCount = statusCountStatement(tx.dialect, order.shopId, order.number, [{ from: null, to: order.status }])!;
    let firstLineId: number;
    if (tx.dialect === "mysql") {
      // The new order's id, by its number (unique per shop, taken before the transaction): integers
      // of ours written in place, so no statement of its own sets a session variable.
      const orderId = new SqlExpression(`(SELECT id FROM orders WHERE shop_id = ${Number(order.shopId)} AND number = ${Number(order.number)})`);
      // LAST_INSERT_ID() is the previous statement's first id throughout the next statement.
      const ledger = allocations((i) => new SqlExpression(`LAST_INSERT_ID() + ${i}`));
      // A new customer comes first, and the order takes its id from LAST_INSERT_ID() too.
      // Its search words go right after it: their table has no AUTO_INCREMENT, so LAST_INSERT_ID() stays the customer's.
      const newCustomer = customer.insert ? [customer.insert, ...customer.searchWords(new SqlExpression("LAST_INSERT_ID()"))] : [];
      const results = await tx.batch([
        ...newCustomer,
        insertOrder(customer.insert ? new SqlExpression("LAST_INSERT_ID()") : order.customerId),
        insertLines(orderId),
        ...(ledger.length ? [this.stock.movementsStatement(order.shopId, actor, ledger)] : []),
        ...insertEvents(orderId),
        ...(customer.update ? [customer.update, ...customerWords()] : []),
        ...orderWords(),
        // The shop's count of orders in this status, after the events' facts (order-counts.ts).
        statusCount,
        // Only orders with a coupon: it rides in the same round trip.
        ...(redeem ? [redeem(orderId)] : []),
        // A coupon is checked on its statement's result before the commit, so it keeps COMMIT apart.
      ], { commit: last && !redeem });
      if (redeem && results[results.length - 1]!.affected !== 1) throw new UserInputError([couponUsed()]);
      const [placed, written] = results.slice(newCustomer.length);
      if (customer.insert) customer.customer.id = results[0]!.firstInsertId;
      order.customerId = customer.customer.id;
      order.id = placed!.firstInsertId;
      firstLineId = written!.firstInsertId;
    } else {
      if (customer.insert) customer.customer.id = (await tx.run(customer.insert.sql, customer.insert.params)).firstInsertId;
      order.customerId = customer.customer.id;
      if (customer.insert) for (const statement of customer.searchWords(order.customerId)) await tx.run(statement.sql, statement.params);
      const orderStatement = insertOrder(order.customerId);
      order.id = (await tx.run(orderStatement.sql, orderStatement.params)).firstInsertId;
      const linesStatement = insertLines(order.id);
      firstLineId = (await tx.run(linesStatement.sql, linesStatement.params, lines.length)).firstInsertId;
      for (const statement of insertEvents(order.id)) await tx.run(statement.sql, statement.params);
      await this.stock.recordMovements(tx, order.shopId, actor, allocations((i) => firstLineId + i));
      if (customer.update) {
        await tx.run(customer.update.sql, customer.update.params);
        for (const statement of customerWords()) await tx.run(statement.sql, statement.params);
      }
      for (const statement of orderWords()) await tx.run(statement.sql, statement.params);
      await tx.run(statusCount.sql, statusCount.params);
      if (redeem) {
        const statement = redeem(order.id);
        if ((await tx.run(statement.sql, statement.params)).affected !== 1) throw new UserInputError([couponUsed()]);
      }
    }
    // Rows of one multi-row INSERT get consecutive ids on both databases.
    lines.forEach((line, i) => Object.assign(line, { id: firstLineId + i, orderId: order.id }));
  }

  /**
   * Ships units of an order's lines, inside the caller's transaction (the order locked): each line's
   * `shipped` grows by one conditional UPDATE that never takes it past `allocated`. A line without
   * the units refuses the whole change (EXCEEDS_UNSHIPPED; the caller's transaction rolls back).
   */
  async shipLines(tx: Tx, shopId: number, orderId: number, items: Array<{ orderLineId: number; quantity: number; field: string }>): Promise<void> {
    const refused = [];
    for (const item of items) {
      const shipped = await tx.run("UPDATE order_line SET shipped = shipped + ? WHERE id = ? AND shop_id = ? AND order_id = ? AND shipped + ? <= allocated", [
        item.quantity,
        item.orderLineId,
        shopId,
        orderId,
        item.quantity,
      ]);
      if (shipped.affected !== 1) refused.push(userError(item.field, UserErrorCode.EXCEEDS_UNSHIPPED, "More units than the line has allocated and not yet shipped."));
    }
    if (refused.length) throw new UserInputError(refused);
  }

  /**
   * Units of a line found missing when packing, inside the caller's transaction (the order locked):
   * they leave `allocated` for `short`, by one conditional UPDATE that never takes more than the
   * line has allocated and not yet shipped. False (nothing changed) when it has fewer.
   */
  async markLineShort(tx: Tx, shopId: number, orderId: number, orderLineId: number, quantity: number): Promise<boolean> {
    const changed = await tx.run(
      "UPDATE order_line SET allocated = allocated - ?, short = short + ? WHERE id = ? AND shop_id = ? AND order_id = ? AND allocated - shipped >= ?",
      [quantity, quantity, orderLineId, shopId, orderId, quantity],
    );
    return changed.affected === 1;
  }

  /**
   * A READY order short of stock again (a line found short at packing) goes back to AWAITING_STOCK,
   * into "Orders without stock", inside the caller's transaction. It is a new shortage, so whoever
   * resolved the last one has not resolved this: `resolved_by` is cleared and the usual resolutions
   * (the customer's choice too) apply. False when the order was not READY.
   */
  async reopenForStock(tx: Tx, shopId: number, orderId: number, now: Date): Promise<boolean> {
    const changed = await tx.run("UPDATE orders SET status = ?, resolved_by = NULL, updated_at = ? WHERE id = ? AND shop_id = ? AND status = ?", [
      OrderStatus.AWAITING_STOCK,
      sqlTimestamp(now),
      orderId,
      shopId,
      OrderStatus.READY,
    ]);
    if (changed.affected === 1) await recordStatusMoves(tx, shopId, orderId, [{ from: OrderStatus.READY, to: OrderStatus.AWAITING_STOCK }]);
    return changed.affected === 1;
  }

  /**
   * Moves an order from one status to another (the same one just marks it changed), inside the
   * caller's transaction: a conditional UPDATE, false when the order was not in `from`.
   */
  async changeStatus(tx: Tx, shopId: number, orderId: number, from: OrderStatus, to: OrderStatus, now: Date): Promise<boolean> {
    const changed = await tx.run("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND status = ?", [to, sqlTimestamp(now), orderId, shopId, from]);
    if (changed.affected === 1) await recordStatusMoves(tx, shopId, orderId, [{ from, to }]);
    return changed.affected === 1;
  }

  /**
   * The order placed earlier with this key, or a refusal when the key came with a different order.
   * `customer` is the shop's customer with the input's e-mail as just read, handed back when it is
   * the order's (so answering costs no query for it).
   */
  private async replayIdempotent(shopId: number, valid: ValidOrderInput, customer: Customer | null = null): Promise<PlacedOrder | null> {
    const previous = await this.db.manager.findOneBy(Order, { shopId, idempotencyKey: valid.idempotencyKey! });
    if (!previous) return null;
    if (previous.idempotencyHash !== valid.fingerprint) {
      throw new UserInputError([
        userError("idempotencyKey", UserErrorCode.IDEMPOTENCY_KEY_REUSED, "This idempotencyKey was already used for a different order."),
      ]);
    }
    return { order: previous, lines: [], customer: customer && customer.id === previous.customerId ? customer : null };
  }

  async findOrder(shopId: number, orderId: number): Promise<Order | null> {
    return this.db.manager.findOneBy(Order, { id: orderId, shopId });
  }

  /**
   * An order of the shop read in the caller's transaction, for modules whose documents point at
   * an order (credit notes check what is left to credit on it); null when the shop has no such order.
   */
  async findOrderIn(tx: Tx, shopId: number, orderId: number): Promise<Order | null> {
    return tx.manager.findOneBy(Order, { id: orderId, shopId });
  }

  /**
   * Newest first. With a search, the matches are the union of separate probes, each through its own
   * index and each stopping at the page's size: the order number (unique (shop_id, number)), the
   * external reference ((shop_id, external_reference)), the customer's words (order_search_word:
   * orderSearchSql). No OR over the orders table, so nothing scans it.
   * The count is capped (COUNT_CAP): see OrderConnection.totalCount.
   */
  async listOrders(shopId: number, args: PageArgs & { filter?: OrderFilter | null } & Omit<PageReads, "shopId">): Promise<PageWithLines> {
    const statuses = args.filter?.status?.length ? args.filter.status : null;
    const search = searchTerm(args.filter?.search);
    const after = decodeCursor(args.after);
    if (!search) {
      // The index whose range the cursor condition is: (shop_id, id), or (shop_id, status, id) for one
      // status. Unhinted, MariaDB 10.11 reads `shop_id = ? AND id < ? ORDER BY id DESC LIMIT 51` as a
      // `ref` on shop_id alone and walks back from the shop's newest order to the cursor (40,052 rows
      // read for a page at 40% of 100,000 orders, ANALYZE; 51 through the range).
      const index = !statuses ? "IDX_orders_shop_id_id" : statuses.length === 1 ? "IDX_orders_shop_id_status_id" : null;
      const page: Read<Order[]> = {
        sql: `SELECT o.* FROM orders o ${index ? forceIndex(this.db.dialect, index) : ""}
          WHERE o.shop_id = ?${statuses ? ` AND o.status IN (${placeholders(statuses.length)})` : ""}${after !== null ? " AND o.id < ?" : ""}
          ORDER BY o.id DESC LIMIT ${args.first + 1}`,
        params: [shopId, ...(statuses ?? []), ...(after === null ? [] : [after])],
        map: (rows) => rows.map((row) => this.mapRows.plainOrders.map(row)),
      };
      // The count is the kept one (order-counts.ts), exact, read with the page when asked for.
      return this.pageWithCount(page, statusCountRead(shopId, statuses), { ...args, shopId });
    }
    // A search: its matches' ids (orderSearchSql) narrow the page; its count runs beside the page, on a connection of its own.
    const found = orderSearchSql(this.db.dialect, shopId, search, statuses, after, args.first + 1, COUNT_CAP + 1);
    const query = this.db.manager.createQueryBuilder(Order, "o").where("o.shopId = :shopId", { shopId });
    if (statuses) query.andWhere("o.status IN (:...statuses)", { statuses });
    query.andWhere(`o.id IN (${found.page.sql})`, found.page.params);
    if (after !== null) query.andWhere("o.id < :after", { after });
    query.orderBy("o.id", "DESC").limit(args.first + 1);
    const count = this.namedRead(found.count.sql, found.count.params, (rows) => Math.min(Number(rows[0]?.n ?? 0), COUNT_CAP + 1));
    return this.pageWithCount(this.rowsRead(query), count, { ...args, shopId }, true);
  }

  /**
   * The orders a query builder selects, as a statement for a page's round trip. The rows are mapped
   * here (entityRows), not by TypeORM's result transformer, which cost more CPU than the database took.
   */
  private rowsRead(query: SelectQueryBuilder<Order>): Read<Order[]> {
    const [sql, params] = query.getQueryAndParameters();
    return { sql, params, map: (rows) => rows.map((row) => this.mapRows.orders.map(row)) };
  }

  /** A statement written with TypeORM's named parameters (`:name`, `:...list`), as a Read. */
  private namedRead<T>(sql: string, named: Record<string, unknown>, map: (rows: Array<Record<string, unknown>>) => T): Read<T> {
    const [positional, params] = this.db.dataSource.driver.escapeQueryWithParameters(sql, named);
    return { sql: positional, params, map };
  }

  /**
   * A page (`first + 1` rows read) with what the client asked for besides (PageReads), in two round
   * trips on MySQL: the page with its count (a kept one; `countApart`: beside it), then its orders' lines, customers and skus together,
   * by the ids the page gave. (One round trip with the page's statement repeated as a derived table
   * in each was no faster for the orders page and read the queue's probes four times.) Without
   * `withCount`, the count is read only if asked for after all.
   */
  private async pageWithCount(page: Read<Order[]>, count: Read<number>, args: PageArgs & PageReads, countApart = false): Promise<PageWithLines> {
    // A count that walks index entries (a sku's part of the queue) runs beside the page and its
    // orders' lines, customers and skus, on a connection of its own, not before or after them.
    const apart = args.withCount && countApart ? this.db.reads(count).then(([c]) => c) : null;
    // Awaited by whoever reads totalCount; should the page fail first, its error is the one reported.
    apart?.catch(() => undefined);
    const [rows, n] = !args.withCount || apart ? [(await this.db.reads(page))[0], undefined] : await this.db.reads(page, count);
    const result: PageWithLines = toPage(rows, args.first, (o) => o, apart ? () => apart : n !== undefined ? () => Promise.resolve(n) : once(async () => (await this.db.reads(count))[0]));
    const orderIds = result.nodes.map((o) => o.id);
    if (orderIds.length === 0 || !args.withLines) return result;
    const ofOrders = `FROM order_line l WHERE l.shop_id = ? AND l.order_id IN (${placeholders(orderIds.length)})`;
    const lines: Read<Map<number, OrderLine[]>> = {
      sql: `SELECT l.* ${ofOrders} ORDER BY l.id`,
      params: [args.shopId, ...orderIds],
      map: (found) => groupBy(found.map((row) => this.mapRows.lines.map(row)), (l) => l.orderId),
    };
    const customerIds = [...new Set(result.nodes.map((o) => o.customerId))];
    const customers = args.withCustomers ? this.customers.customersWhereIdInRead(args.shopId, { sql: placeholders(customerIds.length), params: customerIds }) : null;
    // The lines' skus through (order_id, ..., sku_id) alone, index only: the ids are the shop's orders (the page's), and skusWhereIdInRead keeps to the shop's skus.
    const skus = args.withSkus ? this.catalog.skusWhereIdInRead(args.shopId, args.currency ?? "", { sql: `SELECT l.sku_id FROM order_line l WHERE l.order_id IN (${placeholders(orderIds.length)})`, params: orderIds }) : null;
    const [byOrder, ...more] = await this.db.reads(lines, ...[customers, skus].filter((r) => r !== null));
    result.lines = new Map(orderIds.map((id) => [id, (byOrder as Map<number, OrderLine[]>).get(id) ?? []]));
    if (customers) result.customers = more.shift() as Map<number, Customer>;
    if (skus) result.skus = more.shift() as Map<number, SkuNode>;
    return result;
  }

  /**
   * How many orders `query` matches, counting at most COUNT_CAP + 1 of them: an index range that
   * stops there, whatever the shop's size (COUNT(*) over a million orders reads them all).
   */
  private cappedCountRead(query: SelectQueryBuilder<Order>): Read<number> {
    const [sql, params] = query.clone().select("o.id", "id").orderBy().limit(COUNT_CAP + 1).getQueryAndParameters();
    return { sql: `SELECT COUNT(*) AS n FROM (${sql}) capped`, params, map: (rows) => Number(rows[0]?.n ?? 0) };
  }

  /**
   * The "Orders without stock" queue: AWAITING_STOCK and ON_HOLD_FOR_RESTOCK in the order the
   * restock engine serves them (priority orders first, by when they were marked; then oldest
   * first) unless `orderBy` says otherwise, optionally only one of the two statuses, only the
   * orders short of one sku, or only those the search matches.
   */
  async listOrdersWithoutStock(shopId: number, args: PageArgs & QueueFilter & { orderBy?: QueueOrder | null } & Omit<PageReads, "shopId">): Promise<PageWithLines> {
    const query = this.queueQuery(shopId, args);
    const countQuery = query.clone();
    if (args.orderBy) return this.sortedQueuePage(query, countQuery, args, args.orderBy);
    // Serving order, as the restock engine serves: priority orders first (by when they were marked,
    // then id), then the rest oldest first. The cursor carries the last row's place in it.
    const after = decodeQueueCursor(args.after);
    // A search narrows the queue through its own indexes first: the few orders it finds are sorted.
    // A sku alone does not: it may be what every waiting order is short of (a campaign's sold-out
    // item), so its orders are read in serving order through the probes, like the whole queue's.
    const searched = searchTerm(args.search) !== null;
    let page: PageWithLines;
    if (searched) {
      if (after?.priorityAt) {
        query.andWhere("(o.priorityAt IS NULL OR o.priorityAt > :afterAt OR (o.priorityAt = :afterAt AND o.id > :after))", { afterAt: sqlTimestamp(after.priorityAt), after: after.id });
      } else if (after) {
        query.andWhere("o.priorityAt IS NULL AND o.id > :after", { after: after.id });
      }
      const pageRead = this.rowsRead(
        query.orderBy("CASE WHEN o.priority_at IS NULL THEN 1 ELSE 0 END", "ASC").addOrderBy("o.priorityAt", "ASC").addOrderBy("o.id", "ASC").limit(args.first + 1),
      );
      page = await this.pageWithCount(pageRead, this.cappedCountRead(countQuery), { ...args, shopId }, true);
    } else {
      // Plain SQL around the probes, mapped once (plainOrders), like the orders page.
      const serving = this.servingOrderProbes(shopId, args, after);
      const pageRead = this.namedRead(
        `SELECT o.* FROM orders o WHERE o.shop_id = :shopId AND o.id IN (${serving.sql}) ORDER BY CASE WHEN o.priority_at IS NULL THEN 1 ELSE 0 END, o.priority_at, o.id LIMIT ${args.first + 1}`,
        { shopId, ...serving.params },
        (rows) => rows.map((row) => this.mapRows.plainOrders.map(row)),
      );
      // The whole queue (or one status of it) counts from the kept counts, exactly; a sku's part of it up to COUNT_CAP + 1.
      const statuses = args.status ? WITHOUT_STOCK_STATUSES.filter((s) => s === args.status) : WITHOUT_STOCK_STATUSES;
      const bySku = args.skuId !== undefined && args.skuId !== null;
      const count = bySku ? this.skuQueueCountRead(shopId, statuses, args.skuId!) : statusCountRead(shopId, statuses);
      page = await this.pageWithCount(pageRead, count, { ...args, shopId }, bySku);
    }
    const last = page.nodes[page.nodes.length - 1];
    return { ...page, pageInfo: { ...page.pageInfo, endCursor: last ? encodeQueueCursor(last) : null } };
  }

  /**
   * How many of the queue's orders are short of `skuId`, counted up to COUNT_CAP + 1 like
   * cappedCountRead. The whole queue's part: the sku's short lines' distinct orders, index only
   * (IDX_order_line_shop_id_sku_id_is_short in order id order, so grouped as read, without the
   * temporary table DISTINCT took: 7.1 against 8.8 ms for 10,000 at 1M orders), with no order read: a
   * line is short only while its order waits (AWAITING_STOCK or ON_HOLD_FOR_RESTOCK; every way
   * out of the queue takes `short` to 0 or requires it there, and only intake and a READY order
   * found short at packing, which goes back to AWAITING_STOCK, make it positive: stockInvariants'
   * `shortOutsideQueue` checks it after each). One status's part: its orders ((shop_id, status, id),
   * index only) kept when among those lines. Left to itself, MariaDB at 1,000,000 orders read each
   * line's order by primary key instead, a row from disk each with a 128 MB buffer pool (430 ms
   * for a sku all 10,000 waiting orders are short of).
   */
  private skuQueueCountRead(shopId: number, statuses: readonly OrderStatus[], skuId: number): Read<number> {
    const shortLines = `FROM order_line l ${forceIndex(this.db.dialect, "IDX_order_line_shop_id_sku_id_is_short")} WHERE l.shop_id = ? AND l.sku_id = ? AND l.is_short = 1`;
    const wholeQueue = statuses.length === WITHOUT_STOCK_STATUSES.length;
    const sql = wholeQueue
      ? `SELECT COUNT(*) AS n FROM (SELECT l.order_id ${shortLines} GROUP BY l.order_id ORDER BY l.order_id LIMIT ${COUNT_CAP + 1}) capped`
      : `SELECT COUNT(*) AS n FROM (SELECT o.id FROM orders o ${forceIndex(this.db.dialect, "IDX_orders_shop_id_status_id")}
       WHERE o.shop_id = ? AND o.status IN (${placeholders(statuses.length)}) AND o.id IN (SELECT l.order_id ${shortLines}) LIMIT ${COUNT_CAP + 1}) capped`;
    const params = wholeQueue ? [shopId, skuId] : [shopId, ...statuses, shopId, skuId];
    return { sql, params, map: (rows) => Number(rows[0]?.n ?? 0) };
  }

  /**
   * The ids that can make the next page of the queue in serving order, as a subquery: the first
   * `first + 1` priority orders after the cursor, and the first `first + 1` others (of each status
   * for the whole queue, of both for a sku), each probe read in its index's order ((shop_id,
   * priority_at, id), (shop_id, status, id), the sku's short lines by order id), so a page reads
   * about a page of index entries whatever the queue's length. One ORDER BY over all the waiting
   * orders sorted every one of them for each page (330–420 ms at 10,000 waiting orders on MariaDB;
   * about 1 ms this way). For the whole queue and for a sku; a search finds its orders first.
   */
  private servingOrderProbes(shopId: number, args: PageArgs & QueueFilter, after: { priorityAt: Date | null; id: number } | null) {
    const limit = args.first + 1;
    const probes: string[] = [];
    const params: Record<string, unknown> = {};
    const probe = (query: SelectQueryBuilder<Order>) => {
      Object.assign(params, query.getParameters());
      return query.select("o.id", "id").limit(limit).getQuery();
    };
    const skuId = args.skuId ?? null;
    const probeQuery = () => this.queueQuery(shopId, { ...args, skuId: null });
    // Priority orders all come before the others: a cursor past them needs none. With a sku, the
    // probe (a few orders) checks each order it reaches on its own lines (IDX_order_line_order_id_counters,
    // index only; a correlated subquery with LIMIT, which no optimizer turns into a semi-join).
    if (!after || after.priorityAt) {
      const priority = probeQuery().andWhere("o.priorityAt IS NOT NULL");
      if (skuId !== null) priority.andWhere("(SELECT 1 FROM order_line pl WHERE pl.order_id = o.id AND pl.sku_id = :probeSkuId AND pl.short > 0 LIMIT 1) IS NOT NULL", { probeSkuId: skuId });
      if (after?.priorityAt) {
        priority.andWhere("(o.priorityAt > :probeAfterAt OR (o.priorityAt = :probeAfterAt AND o.id > :probeAfterId))", { probeAfterAt: sqlTimestamp(after.priorityAt), probeAfterId: after.id });
      }
      probes.push(probe(priority.orderBy("o.priorityAt", "ASC").addOrderBy("o.id", "ASC")));
    }
    const fifoAfter = after && !after.priorityAt ? after.id : null;
    if (skuId === null) {
      WITHOUT_STOCK_STATUSES.forEach((status, i) => {
        const rest = probeQuery().andWhere(`o.status = :probeStatus${i}`, { [`probeStatus${i}`]: status }).andWhere("o.priorityAt IS NULL");
        if (fifoAfter !== null) rest.andWhere("o.id > :probeAfterId", { probeAfterId: fifoAfter });
        probes.push(probe(rest.orderBy("o.id", "ASC")));
      });
    } else if (args.status) {
      // One status's others short of the sku: that status's orders ((shop_id, status, id), index only)
      // in id order, kept when among the sku's short lines (read once, index only) and not among the
      // priority orders ((shop_id, priority_at, id)), stopping at `limit`. Led by the sku's lines
      // instead, ON_HOLD_FOR_RESTOCK would walk all the sku's AWAITING_STOCK lines first, an order
      // row each (980 ms for 10,000 at 1,000,000 orders, a row from disk each with a 128 MB buffer
      // pool; this way 3 ms, and 11 ms for AWAITING_STOCK).
      const rest = probeQuery()
        .andWhere(
          `o.id IN (SELECT sl.order_id FROM order_line sl ${forceIndex(this.db.dialect, "IDX_order_line_shop_id_sku_id_is_short")} WHERE sl.shop_id = :shopId AND sl.sku_id = :probeSkuId AND sl.is_short = 1)`,
          { probeSkuId: skuId },
        )
        .andWhere("o.id NOT IN (SELECT pp.id FROM orders pp WHERE pp.shop_id = :shopId AND pp.priority_at IS NOT NULL)");
      if (fifoAfter !== null) rest.andWhere("o.id > :probeAfterId", { probeAfterId: fifoAfter });
      let sql = probe(rest.orderBy("o.id", "ASC"));
      if (this.db.dialect === "mysql") sql = sql.replace("FROM `orders` `o`", "FROM `orders` `o` FORCE INDEX (IDX_orders_shop_id_status_id)");
      probes.push(sql);
    } else {
      // The others short of the sku, oldest first: the sku's short lines from the cursor in order id
      // order (IDX_order_line_shop_id_sku_id_is_short), each line's order read by primary key for its
      // status and priority, stopping at `limit` orders (an order with two lines of the sku counts
      // once). Only waiting orders have short lines (skuQueueCountRead), so the rows read are the
      // page's own, which the page reads next anyway, and the priority orders' (a few): 52 index
      // entries and 52 rows for a page at 1,000,000 orders, where walking each status's orders kept
      // among the sku's short lines read all those lines once per status (10,000 each), and
      // checking the status in (shop_id, status, id) instead was a correlated subquery per line.
      // The lines lead (STRAIGHT_JOIN; CROSS JOIN is SQLite's way to say so).
      const mysql = this.db.dialect === "mysql";
      Object.assign(params, { shopId, probeSkuId: skuId, probeStatuses: WITHOUT_STOCK_STATUSES }, fifoAfter !== null ? { probeFifoAfterId: fifoAfter } : {});
      probes.push(
        `SELECT sl.order_id AS id FROM order_line sl ${forceIndex(this.db.dialect, "IDX_order_line_shop_id_sku_id_is_short")} ${mysql ? "STRAIGHT_JOIN" : "CROSS JOIN"} orders so
          WHERE sl.shop_id = :shopId AND sl.sku_id = :probeSkuId AND sl.is_short = 1${fifoAfter !== null ? " AND sl.order_id > :probeFifoAfterId" : ""}
            AND so.id = sl.order_id AND so.shop_id = :shopId AND so.status IN (:...probeStatuses) AND so.priority_at IS NULL
          GROUP BY sl.order_id ORDER BY sl.order_id LIMIT ${limit}`,
      );
    }
    // Each probe in a derived table of its own: SQLite takes ORDER BY ... LIMIT only there in a UNION.
    const sql = probes.map((probe, i) => `SELECT p${i}.id FROM (${probe}) p${i}`).join(" UNION ALL ");
    return { sql: `SELECT q.id FROM (${sql}) q`, params };
  }

  /**
   * The ids of the queue's orders this filter matches, in id order, at most `limit` of them (ask
   * for one more than you accept to know whether there were more). For a bulk resolution.
   */
  async orderIdsWithoutStock(shopId: number, filter: QueueFilter, limit: number): Promise<number[]> {
    const rows = await this.queueQuery(shopId, filter).select("o.id", "id").orderBy("o.id", "ASC").limit(limit).getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** The queue's WHERE: its two statuses (or one), the sku, the search. */
  private queueQuery(shopId: number, filter: QueueFilter): SelectQueryBuilder<Order> {
    const statuses = filter.status ? WITHOUT_STOCK_STATUSES.filter((s) => s === filter.status) : WITHOUT_STOCK_STATUSES;
    if (statuses.length === 0) throw badUserInput("status must be AWAITING_STOCK or ON_HOLD_FOR_RESTOCK.", "filter");
    const query = this.db.manager
      .createQueryBuilder(Order, "o")
      .where("o.shopId = :shopId AND o.status IN (:...statuses)", { shopId, statuses });
    if (filter.skuId !== undefined && filter.skuId !== null) {
      query.andWhere("o.id IN (SELECT l.order_id FROM order_line l WHERE l.shop_id = :shopId AND l.sku_id = :skuId AND l.is_short = 1)", { skuId: filter.skuId });
    }
    return applyOrderSearch(query, this.customers, shopId, filter.search);
  }

  /**
   * A page of the queue sorted by a key other than the serving order: keyset pagination on (key, id),
   * both in the sort's direction; the cursor carries the key, the field and the direction, and a
   * cursor of another sort is refused.
   */
  private async sortedQueuePage(query: SelectQueryBuilder<Order>, countQuery: SelectQueryBuilder<Order>, args: PageArgs, orderBy: QueueOrder): Promise<Page<Order>> {
    const key = QUEUE_SORT_SQL[orderBy.field];
    const dir = orderBy.direction === "DESC" ? "DESC" : "ASC";
    const cmp = dir === "DESC" ? "<" : ">";
    const after = decodeSortedCursor(args.after, orderBy);
    if (after) {
      if (orderBy.field === "WAITING_SINCE") query.andWhere(`o.id ${cmp} :afterId`, { afterId: after.id });
      else query.andWhere(`(${key} ${cmp} :afterKey OR (${key} = :afterKey AND o.id ${cmp} :afterId))`, { afterKey: after.key, afterId: after.id });
    }
    if (orderBy.field !== "WAITING_SINCE") query.orderBy(key, dir).addOrderBy("o.id", dir);
    else query.orderBy("o.id", dir);
    const [rows] = await this.db.reads(this.rowsRead(query.limit(args.first + 1)));
    const page = toPage(rows, args.first, (o) => o, () => countQuery.getCount());
    const last = page.nodes[page.nodes.length - 1];
    if (!last) return page;
    const lastKey = orderBy.field === "VALUE" ? last.total : orderBy.field === "MISSING_UNITS" ? await this.missingUnits(last.shopId, last.id) : last.id;
    return { ...page, pageInfo: { ...page.pageInfo, endCursor: encodeSortedCursor(orderBy, lastKey, last.id) } };
  }

  /** Units still missing across an order's lines. */
  private async missingUnits(shopId: number, orderId: number): Promise<number> {
    const [row] = await this.db.query<{ units: number | string | null }>("SELECT COALESCE(SUM(short), 0) AS units FROM order_line WHERE shop_id = ? AND order_id = ?", [shopId, orderId]);
    return Number(row?.units ?? 0);
  }

  /** These orders of the shop, in id order. */
  /** Whether the shop has taken any order yet (the desk's first steps stop showing then). */
  async hasOrders(shopId: number): Promise<boolean> {
    return (await this.db.query("SELECT 1 AS x FROM orders WHERE shop_id = ? LIMIT 1", [shopId])).length > 0;
  }

  async ordersByIds(shopId: number, orderIds: readonly number[]): Promise<Order[]> {
    if (orderIds.length === 0) return [];
    return this.db.manager
      .createQueryBuilder(Order, "o")
      .where("o.shopId = :shopId AND o.id IN (:...orderIds)", { shopId, orderIds })
      .orderBy("o.id")
      .getMany();
  }

  async linesByIds(shopId: number, lineIds: readonly number[]): Promise<Map<number, OrderLine>> {
    if (lineIds.length === 0) return new Map();
    const lines = await this.db.manager
      .createQueryBuilder(OrderLine, "l")
      .where("l.shopId = :shopId AND l.id IN (:...lineIds)", { shopId, lineIds })
      .getMany();
    return new Map(lines.map((l) => [l.id, l]));
  }

  async linesByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, OrderLine[]>> {
    const rows = orderIds.length
      ? await this.db.query<Record<string, unknown>>(`SELECT l.* FROM order_line l WHERE l.shop_id = ? AND l.order_id IN (${placeholders(orderIds.length)}) ORDER BY l.id`, [
          shopId,
          ...orderIds,
        ])
      : [];
    return groupBy(
      rows.map((row) => this.mapRows.lines.map(row)),
      (l) => l.orderId,
    );
  }

  async eventsByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, OrderEvent[]>> {
    const events = orderIds.length
      ? await this.db.manager
          .createQueryBuilder(OrderEvent, "e")
          .where("e.shopId = :shopId AND e.orderId IN (:...orderIds)", { shopId, orderIds })
          .orderBy("e.id")
          .getMany()
      : [];
    return groupBy(events, (e) => e.orderId);
  }
}

/**
 * The queue's cursor: a FIFO row's is the ordinary one (its id, so cursors handed out before
 * priorities existed still work); a priority row's also carries when it was marked.
 */
function encodeQueueCursor(order: Order): string {
  return order.priorityAt ? Buffer.from(`p:${order.priorityAt.getTime()}:${order.id}`).toString("base64url") : encodeCursor(order.id);
}

/** The queue's filter (OrdersWithoutStockFilter, with the sku id parsed). */
export interface QueueFilter {
  status?: OrderStatus | null;
  skuId?: number | null;
  search?: string | null;
}

/** A sort of the queue other than its serving order (OrdersWithoutStockOrder). */
export interface QueueOrder {
  field: "WAITING_SINCE" | "VALUE" | "MISSING_UNITS";
  direction: "ASC" | "DESC";
}

/** Each sort key in SQL over `o` (orders). */
const QUEUE_SORT_SQL: Record<QueueOrder["field"], string> = {
  WAITING_SINCE: "o.id",
  VALUE: "o.total",
  MISSING_UNITS: "(SELECT COALESCE(SUM(ms.short), 0) FROM order_line ms WHERE ms.shop_id = o.shop_id AND ms.order_id = o.id)",
};

function encodeSortedCursor(orderBy: QueueOrder, key: number, id: number): string {
  return Buffer.from(`s:${orderBy.field}:${orderBy.direction}:${key}:${id}`).toString("base64url");
}

/** A sorted queue's cursor, which must come from the same sort (field and direction). */
function decodeSortedCursor(cursor: string | null | undefined, orderBy: QueueOrder): { key: number; id: number } | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  const match = /^s:([A-Z_]{1,20}):(ASC|DESC):(-?\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badUserInput("The `after` cursor is not one this API returned for this sort.", "after");
  if (match[1] !== orderBy.field || match[2] !== orderBy.direction) throw badUserInput("The `after` cursor belongs to another sort: start again without it.", "after");
  return { key: Number(match[3]), id: Number(match[4]) };
}

function decodeQueueCursor(cursor: string | null | undefined): { priorityAt: Date | null; id: number } | null {
  if (cursor) {
    const match = /^p:(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
    if (match) return { priorityAt: new Date(Number(match[1])), id: Number(match[2]) };
  }
  const id = decodeCursor(cursor);
  return id === null ? null : { priorityAt: null, id };
}
