import { randomBytes } from "node:crypto";
import { DataCipher, DataCipherError } from "../../infra/crypto/data-cipher";
import { In } from "typeorm";
import { Database, Read } from "../../infra/db/database";
import { placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Actor, Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { hashToken } from "../auth/auth.service";
import { Customer } from "../customers/customer.entity";
import { Order, WITHOUT_STOCK_STATUSES } from "../orders/order.entity";
import { OrderLine } from "../orders/order-line.entity";
import { allowedResolutions, planResolution, Resolution } from "../orders/resolution";
import { ResolutionService } from "../orders/resolution.service";
import { planSubstitution } from "../orders/substitution";
import { SubstitutionService } from "../orders/substitution.service";
import { Sku } from "../catalog/sku.entity";
import { StockLevel } from "../stock/stock-level.entity";
import { Refund, RefundDestination, RefundStatus } from "../refunds/refund.entity";
import { RefundLinkThrottle } from "../refunds/refund-link-throttle";
import { effectiveStatus } from "../refunds/refund-status";
import { Shop } from "../shops/shop.entity";
import { Carrier, CARRIERS } from "../shipping/carriers";
import { OrderPageLink } from "./order-page-link.entity";

/** 32 random bytes, base64url: 256 bits, 43 characters (like refund links). */
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const CUSTOMER: Actor = { type: "CUSTOMER", id: null, name: null };

/** The DataCipher context of an order page token: it decrypts only as that order's. */
const tokenContext = (orderId: number) => `order:${orderId}:page-link`;

/** A choice the customer may make now, with the refund it would give. */
export interface CustomerChoiceView {
  resolution: Resolution;
  refundAmount: number;
}

/** A substitute the shop offered for a short line, available now, and what accepting it gives back. */
export interface SubstituteOfferView {
  orderLineId: number;
  lineName: string;
  quantity: number;
  skuId: number;
  name: string;
  unitPrice: number;
  /** The difference refunded when the substitute is cheaper (0 otherwise: the shop absorbs a dearer one). */
  refundAmount: number;
}

/** What the holder of an order page link sees: their order, never anyone else's data. */
export interface OrderPageView {
  /** Internal (never a GraphQL field): lets other modules add their parts of the page (claims, returns). */
  shopId: number;
  orderId: number;
  shopName: string;
  orderNumber: number;
  status: Order["status"];
  placedAt: Date;
  locale: string;
  currency: string;
  total: number;
  lines: Array<{ name: string; quantity: number; allocated: number; short: number; cancelled: number; shipped: number; unitPrice: number; expectedOn: string | null }>;
  /** Where the order goes: the place only (city, region, postal code, country), never the street. */
  shipTo: { city: string; region: string | null; postalCode: string; country: string } | null;
  /** The order's parcels, with their tracking. */
  shipments: Array<{
    number: number;
    carrier: Carrier;
    carrierName: string;
    trackingCode: string;
    trackingUrl: string | null;
    shippedAt: Date;
    deliveredAt: Date | null;
    items: Array<{ name: string; quantity: number }>;
  }>;
  /** While the order waits for stock: the date all its missing units can be expected (null: "sem previsão"). */
  expectedRestockOn: string | null;
  refunds: Array<{ amount: number; status: RefundStatus }>;
  /** Who resolved the order, if anyone did: the shop or the customer. */
  resolvedBy: Order["resolvedBy"];
  /** What the customer may choose now (empty when the shop does not let them, or it is too late). */
  choices: CustomerChoiceView[];
  /** Substitutes the shop offered for short lines, available now (only while the customer may choose). */
  substituteOffers: SubstituteOfferView[];
  /** Whether the shop lets customers choose at all. */
  customersMayChoose: boolean;
}

/** Where the page's expected dates come from (IncomingStockService). */
export interface OrderPageRestockDates {
  expectedRestock(shopId: number, orderIds: readonly number[]): Promise<{ orders: Map<number, string | null>; lines: Map<number, string | null> }>;
}

/** An order's shipments (ShippingService). */
export interface OrderPageShipments {
  shipmentsByOrderIds(
    shopId: number,
    orderIds: readonly number[],
  ): Promise<Map<number, Array<{ number: number; carrier: Carrier; trackingCode: string; trackingUrl: string | null; shippedAt: Date; deliveredAt: Date | null; lines: Array<{ orderLineId: number; quantity: number }> }>>>;
}

export interface OrderPageOptions {
  publicUrl: string;
  /** The order's parcels; none by default. */
  shipments?: OrderPageShipments;
  throttle: RefundLinkThrottle;
  restockDates: OrderPageRestockDates;
  now?: () => Date;
}

/**
 * The customer's order page: the link that opens it (made once per order, kept encrypted so every
 * message carries the same one), what it shows, and the customer's choice while the order waits for
 * stock, which runs the same resolution as the merchant's with the customer as the actor.
 */
export class OrderPageService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    private readonly resolutions: ResolutionService,
    private readonly substitutions: SubstitutionService,
    private readonly options: OrderPageOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * `<PUBLIC_URL>/order/<token>` for an order of the shop (null when it has no such order), made
   * the first time it is asked for. Two first calls at once agree on one link.
   */
  async linkFor(shopId: number, orderId: number): Promise<string | null> {
    const existing = await this.db.manager.findOneBy(OrderPageLink, { orderId, shopId });
    if (existing) {
      try {
        return this.url(this.cipher.decrypt(existing.tokenSealed, tokenContext(orderId)));
      } catch (error) {
        if (!(error instanceof DataCipherError)) throw error;
        // The key that sealed it is gone (DATA_KEY replaced without keeping the old one): the old
        // link cannot be rebuilt, so the order gets a new one and the old one stops working.
        return this.reissue(existing);
      }
    }
    const order = await this.db.manager.findOneBy(Order, { id: orderId, shopId });
    if (!order) return null;
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    try {
      await this.db.manager.insert(OrderPageLink, {
        shopId,
        orderId,
        tokenHash: hashToken(token),
        tokenSealed: this.cipher.encrypt(token, tokenContext(orderId)),
        createdAt: this.now(),
      });
      return this.url(token);
    } catch (error) {
      // Another call made it first (unique order_id): use that one.
      const made = await this.db.manager.findOneBy(OrderPageLink, { orderId, shopId });
      if (!made) throw error;
      return this.url(this.cipher.decrypt(made.tokenSealed, tokenContext(orderId)));
    }
  }

  /**
   * `linkFor` for several orders of the shop at once (a batch of e-mails): the links they have and
   * which of them are the shop's orders in one read (one round trip on MySQL), one INSERT for those
   * without a link, and a read of the winners only when another call made some of them meanwhile.
   */
  async linksFor(shopId: number, orderIds: readonly number[]): Promise<Map<number, string | null>> {
    const ids = [...new Set(orderIds)];
    const links = new Map<number, string | null>(ids.map((id) => [id, null]));
    if (ids.length === 0) return links;
    type Row = { order_id: number; token_hash: string; token_sealed: string };
    const linksRead = (of: number[]): Read<Row[]> => ({
      sql: `SELECT order_id, token_hash, token_sealed FROM order_page_link WHERE shop_id = ? AND order_id IN (${placeholders(of.length)})`,
      params: [shopId, ...of],
      map: (rows) => rows as unknown as Row[],
    });
    const [existing, orders] = await this.db.reads<[Row[], number[]]>(linksRead(ids), {
      sql: `SELECT id FROM orders WHERE shop_id = ? AND id IN (${placeholders(ids.length)})`,
      params: [shopId, ...ids],
      map: (rows) => rows.map((r) => Number(r.id)),
    });
    const open = async (row: Row): Promise<string> => {
      const orderId = Number(row.order_id);
      try {
        return this.url(this.cipher.decrypt(row.token_sealed, tokenContext(orderId)));
      } catch (error) {
        if (!(error instanceof DataCipherError)) throw error;
        return (await this.linkFor(shopId, orderId))!; // reissued, as linkFor does
      }
    };
    for (const row of existing) links.set(Number(row.order_id), await open(row));
    const missing = orders.filter((id) => !existing.some((row) => Number(row.order_id) === id));
    if (missing.length === 0) return links;
    const made = missing.map((orderId) => {
      const token = randomBytes(TOKEN_BYTES).toString("base64url");
      return { orderId, token, hash: hashToken(token) };
    });
    const now = sqlTimestamp(this.now());
    const insert = this.db.dialect === "mysql" ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
    const inserted = await this.db.autocommit((tx) =>
      tx.run(
        `${insert} order_page_link (shop_id, order_id, token_hash, token_sealed, created_at) VALUES ${made.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
        made.flatMap((m) => [shopId, m.orderId, m.hash, this.cipher.encrypt(m.token, tokenContext(m.orderId)), now]),
        made.length,
      ),
    );
    if (inserted.affected === made.length) {
      for (const m of made) links.set(m.orderId, this.url(m.token));
      return links;
    }
    // Another call made some of them first (unique order_id): theirs is the link.
    const [current] = await this.db.reads<[Row[]]>(linksRead(missing));
    for (const row of current) {
      const mine = made.find((m) => m.orderId === Number(row.order_id));
      links.set(Number(row.order_id), mine && mine.hash === row.token_hash ? this.url(mine.token) : await open(row));
    }
    return links;
  }

  private async reissue(link: OrderPageLink): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    await this.db.manager.update(
      OrderPageLink,
      { id: link.id, tokenHash: link.tokenHash },
      { tokenHash: hashToken(token), tokenSealed: this.cipher.encrypt(token, tokenContext(link.orderId)) },
    );
    // A concurrent reissue may have won: the link on record is the one to give.
    const current = await this.db.manager.findOneByOrFail(OrderPageLink, { id: link.id });
    return this.url(current.tokenHash === hashToken(token) ? token : this.cipher.decrypt(current.tokenSealed, tokenContext(link.orderId)));
  }

  /** The order a token opens, or null for an unknown or altered token. Throttled per address and link. */
  async view(token: string, clientAddress: string | null): Promise<OrderPageView | null> {
    const link = await this.admit(token, clientAddress);
    return link && this.viewOf(link.shopId, link.orderId);
  }

  /**
   * The customer's choice: wait for the stock, receive what is available now (the rest refunded),
   * or cancel (all refunded). Refunds go to the customer, who gets the refund link at once.
   */
  async choose(
    token: string,
    resolution: Resolution,
    clientAddress: string | null,
    substitute?: { orderLineId: number; skuId: number } | null,
  ): Promise<{ view: OrderPageView | null; refundLink: string | null; errors: UserError[] }> {
    const link = await this.admit(token, clientAddress);
    if (!link) return { view: null, refundLink: null, errors: [notFound()] };
    const shop = await this.db.manager.findOneBy(Shop, { id: link.shopId });
    if (!shop?.customersMayChoose) {
      return { view: null, refundLink: null, errors: [userError("choice", UserErrorCode.CHOICE_NOT_ALLOWED, "This shop does not take customers' choices online: contact the shop.")] };
    }
    const caller: Caller = {
      shopId: shop.id,
      shopCurrency: shop.currency,
      shopLocale: shop.locale,
      actor: CUSTOMER,
      staffUserId: null,
      sessionTokenHash: null,
    };
    try {
      const refundLink = resolution === Resolution.SUBSTITUTE ? await this.acceptSubstitute(caller, link.orderId, substitute) : await this.resolve(caller, link.orderId, resolution);
      return { view: await this.viewOf(link.shopId, link.orderId), refundLink, errors: [] };
    } catch (error) {
      if (error instanceof UserInputError) return { view: await this.viewOf(link.shopId, link.orderId), refundLink: null, errors: error.errors };
      throw error;
    }
  }

  private async resolve(caller: Caller, orderId: number, resolution: Exclude<Resolution, Resolution.SUBSTITUTE>): Promise<string | null> {
    const resolved = await this.resolutions.resolve(caller, orderId, resolution, {
      note: NOTES[resolution],
      refundTo: resolution === Resolution.WAIT_FOR_RESTOCK ? undefined : RefundDestination.CUSTOMER,
    });
    return resolved.refundLink;
  }

  /** An offered substitute, for a line of this very order (another order's line is NOT_FOUND). */
  private async acceptSubstitute(caller: Caller, orderId: number, substitute: { orderLineId: number; skuId: number } | null | undefined): Promise<string | null> {
    if (!substitute) throw new UserInputError([userError("substitute", UserErrorCode.REQUIRED, "Say which offered substitute you accept.")]);
    const line = await this.db.manager.findOneBy(OrderLine, { id: substitute.orderLineId, orderId, shopId: caller.shopId });
    if (!line) throw new UserInputError([userError("substitute.orderLineId", UserErrorCode.NOT_FOUND, "This order has no such line.")]);
    return (await this.substitutions.acceptOffer(caller, line.id, substitute.skuId)).refundLink;
  }

  /**
   * For modules that act on the page's order (claims, returns): the order a token opens, counted
   * against the same throttle as the page, and a Caller acting as the customer. Null for a token
   * that opens no order.
   */
  async customerOf(token: string, clientAddress: string | null): Promise<{ orderId: number; caller: Caller } | null> {
    const link = await this.admit(token, clientAddress);
    if (!link) return null;
    const shop = await this.db.manager.findOneByOrFail(Shop, { id: link.shopId });
    return {
      orderId: link.orderId,
      caller: { shopId: shop.id, shopCurrency: shop.currency, shopLocale: shop.locale, actor: CUSTOMER, staffUserId: null, sessionTokenHash: null },
    };
  }

  /** The page of an order, as its token's holder sees it (no throttle: call it after customerOf). */
  async viewOf(shopId: number, orderId: number): Promise<OrderPageView | null> {
    const order = await this.db.manager.findOneBy(Order, { id: orderId, shopId });
    if (!order) return null;
    const [shop, customer, lines, refunds, shipments] = await Promise.all([
      this.db.manager.findOneByOrFail(Shop, { id: shopId }),
      this.db.manager.findOneBy(Customer, { id: order.customerId, shopId }),
      this.db.manager.find(OrderLine, { where: { orderId, shopId }, order: { id: "ASC" } }),
      this.db.manager.find(Refund, { where: { orderId, shopId }, order: { id: "ASC" } }),
      this.options.shipments ? this.options.shipments.shipmentsByOrderIds(shopId, [orderId]).then((m) => m.get(orderId) ?? []) : Promise.resolve([]),
    ]);
    const lineName = new Map(lines.map((l) => [l.id, l.name]));
    const refunded = refunds.reduce((sum, r) => sum + r.amount, 0);
    const dates = WITHOUT_STOCK_STATUSES.includes(order.status) ? await this.options.restockDates.expectedRestock(shopId, [order.id]) : null;
    const choices = shop.customersMayChoose ? customerChoices(order, lines, refunded, !!customer?.cpf) : [];
    return {
      shopId,
      orderId: order.id,
      shopName: shop.name,
      orderNumber: order.number,
      status: order.status,
      placedAt: order.placedAt,
      locale: customer?.locale ?? shop.locale,
      currency: order.currency,
      total: order.total,
      lines: lines.map((l) => ({
        name: l.name,
        quantity: l.quantity,
        allocated: l.allocated,
        short: l.short,
        cancelled: l.cancelled,
        shipped: l.shipped,
        unitPrice: l.unitPrice,
        expectedOn: l.short > 0 ? (dates?.lines.get(l.id) ?? null) : null,
      })),
      expectedRestockOn: dates?.orders.get(order.id) ?? null,
      shipTo:
        order.shipToCity && order.shipToPostalCode && order.shipToCountry
          ? { city: order.shipToCity, region: order.shipToRegion, postalCode: order.shipToPostalCode, country: order.shipToCountry }
          : null,
      shipments: shipments.map((s) => ({
        number: s.number,
        carrier: s.carrier,
        carrierName: CARRIERS[s.carrier]?.name ?? s.carrier,
        trackingCode: s.trackingCode,
        trackingUrl: s.trackingUrl,
        shippedAt: s.shippedAt,
        deliveredAt: s.deliveredAt,
        items: s.lines.map((l) => ({ name: lineName.get(l.orderLineId) ?? "", quantity: l.quantity })),
      })),
      refunds: refunds.map((r) => ({ amount: r.amount, status: effectiveStatus(r.status, r.linkExpiresAt, this.now()) })),
      resolvedBy: order.resolvedBy,
      customersMayChoose: shop.customersMayChoose,
      choices: choices.filter((c) => c.resolution !== Resolution.SUBSTITUTE),
      substituteOffers: choices.some((c) => c.resolution === Resolution.SUBSTITUTE) ? await this.offersFor(order, lines, refunded, !!customer?.cpf) : [],
    };
  }

  /** The offers on short lines whose substitute is available now; a cheaper one needs the CPF (its difference is refunded). */
  private async offersFor(order: Order, lines: OrderLine[], refunded: number, hasCpf: boolean): Promise<SubstituteOfferView[]> {
    const short = lines.filter((l) => l.short > 0);
    const offers = await this.substitutions.offersByLineIds(order.shopId, short.map((l) => l.id));
    const skuIds = [...new Set([...offers.values()].flat().map((o) => o.skuId))];
    if (skuIds.length === 0) return [];
    const [skus, levels] = await Promise.all([
      this.db.manager.findBy(Sku, { shopId: order.shopId, id: In(skuIds) }),
      this.db.manager.findBy(StockLevel, { shopId: order.shopId, skuId: In(skuIds) }),
    ]);
    const views: SubstituteOfferView[] = [];
    for (const line of short) {
      for (const offer of offers.get(line.id) ?? []) {
        const sku = skus.find((s) => s.id === offer.skuId);
        const level = levels.find((l) => l.skuId === offer.skuId);
        if (!sku || !level) continue;
        try {
          const plan = planSubstitution(order, lines, line, { id: sku.id, code: sku.code, name: sku.name, price: sku.price }, level.onHand - level.allocated, refunded);
          if (plan.refund && !hasCpf) continue;
          views.push({ orderLineId: line.id, lineName: line.name, quantity: plan.quantity, skuId: sku.id, name: sku.name, unitPrice: sku.price, refundAmount: plan.refund?.amount ?? 0 });
        } catch (error) {
          // Not available now (or no longer possible): not offered on the page.
          if (!(error instanceof UserInputError)) throw error;
        }
      }
    }
    return views;
  }

  /**
   * The order a token opens, for another module's action on the customer's page (a return request),
   * counted against the same limits as the page; null for an unknown or altered token. Throws
   * RefundLinkThrottled past the limits.
   */
  async admitOrder(token: string, clientAddress: string | null): Promise<{ shopId: number; orderId: number } | null> {
    const link = await this.admit(token, clientAddress);
    return link && { shopId: link.shopId, orderId: link.orderId };
  }

  /** Counts the request against the address and the link; the link, or null for a token that names none. */
  private async admit(token: string, clientAddress: string | null): Promise<OrderPageLink | null> {
    const tokenHash = hashToken(token.slice(0, 100));
    await this.options.throttle.consume(clientAddress ?? "unknown", tokenHash);
    if (!TOKEN_FORMAT.test(token)) return null;
    return this.db.manager.findOneBy(OrderPageLink, { tokenHash });
  }

  private url(token: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, "")}/order/${token}`;
  }
}

/** The timeline note of each choice (the merchant reads it on the order). */
const NOTES: Record<Exclude<Resolution, Resolution.SUBSTITUTE>, string> = {
  [Resolution.WAIT_FOR_RESTOCK]: "The customer chose to wait for the stock on their order page.",
  [Resolution.SHIP_AVAILABLE]: "The customer chose to receive what is available on their order page.",
  [Resolution.CANCEL]: "The customer cancelled on their order page.",
};

/**
 * What the customer may choose now: only while the order waits for stock and the shop has not
 * resolved it; waiting again once they chose to wait is no choice; a refund needs the CPF the refund
 * link is confirmed with.
 */
export function customerChoices(order: Order, lines: OrderLine[], refunded: number, hasCpf: boolean): CustomerChoiceView[] {
  if (order.resolvedBy === "MERCHANT" || !WITHOUT_STOCK_STATUSES.includes(order.status)) return [];
  return allowedResolutions(order, lines)
    .filter((resolution) => resolution !== Resolution.WAIT_FOR_RESTOCK || order.status !== "ON_HOLD_FOR_RESTOCK")
    // A substitute's refund (a cheaper one) is checked offer by offer (offersFor).
    .filter((resolution) => resolution === Resolution.WAIT_FOR_RESTOCK || resolution === Resolution.SUBSTITUTE || hasCpf)
    .map((resolution) => ({
      resolution,
      refundAmount: resolution === Resolution.SUBSTITUTE ? 0 : (planResolution(resolution, order, lines, refunded).refund?.amount ?? 0),
    }));
}

const notFound = () => userError("token", UserErrorCode.NOT_FOUND, "This link does not open any order.");

