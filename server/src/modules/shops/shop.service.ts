import { Database, Statement, Tx } from "../../infra/db/database";
import { Caller } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { OrderNumberSequence, Shop } from "./shop.entity";

export const SUPPORTED_LOCALES = ["pt-BR", "en", "pl"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** How long a refund link stays valid unless the shop says otherwise. */
export const DEFAULT_REFUND_LINK_DAYS = 14;
/** The longest a shop may let a refund link stay valid. */
export const MAX_REFUND_LINK_DAYS = 90;
/** The currencies a shop may keep its money in. */
export const SUPPORTED_CURRENCIES = ["BRL", "PLN", "EUR", "USD"] as const;
/** The longest shop name. */
export const MAX_SHOP_NAME_LENGTH = 120;

/**
 * Whether `zone` is an IANA time zone this runtime knows ("America/Sao_Paulo", "UTC"): its
 * canonical names and the aliases a browser may report (such as "Asia/Calcutta").
 */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The one check of a shop's currency, language and time zone (sign-up, settings, shop:create): null when valid. */
export const shopChoiceError = {
  currency: (value: string): UserError | null =>
    (SUPPORTED_CURRENCIES as readonly string[]).includes(value) ? null : userError("currency", UserErrorCode.INVALID_FORMAT, `The currency is one of ${SUPPORTED_CURRENCIES.join(", ")}.`),
  locale: (value: string): UserError | null =>
    (SUPPORTED_LOCALES as readonly string[]).includes(value) ? null : userError("locale", UserErrorCode.INVALID_FORMAT, `The language is one of ${SUPPORTED_LOCALES.join(", ")}.`),
  timeZone: (value: string): UserError | null =>
    isTimeZone(value) ? null : userError("timeZone", UserErrorCode.INVALID_FORMAT, `"${value.slice(0, 64)}" is not an IANA time zone (such as America/Sao_Paulo, Europe/Warsaw or UTC).`),
};

/** What updateShopSettings may change; a field left out (or null) stays as it is. */
export interface ShopSettingsInput {
  name?: string | null;
  locale?: string | null;
  currency?: string | null;
  timeZone?: string | null;
  refundLinkDays?: number | null;
}

export interface ShopOptions {
  /** The refund link validity of new shops (REFUND_LINK_DAYS); each shop then keeps its own. */
  defaultRefundLinkDays?: number;
}

/** The zone a shop starts in when it says none: its currency's home (most BRL shops keep Brasília time). */
export function defaultTimeZone(currency: string): string {
  return ({ BRL: "America/Sao_Paulo", PLN: "Europe/Warsaw" } as Record<string, string>)[currency] ?? "UTC";
}

export class ShopService {
  private readonly settingsListeners: Array<(shopId: number) => void | Promise<void>> = [];

  constructor(
    private readonly db: Database,
    private readonly options: ShopOptions = {},
  ) {}

  /** Called after a shop's settings changed (authentication forgets the sessions it cached with the old ones, on every instance); awaited. */
  onSettingsChanged(listener: (shopId: number) => void | Promise<void>): void {
    this.settingsListeners.push(listener);
  }

  /** A shop and its order number sequence; inside `tx` when given (sign-up creates its owner in the same transaction). */
  async createShop(input: { name: string; currency: string; locale: SupportedLocale; timeZone?: string; refundLinkDays?: number }, inTx?: Tx): Promise<Shop> {
    const work = async (tx: Tx) => {
      const shop = await tx.manager.save(Shop, {
        ...input,
        timeZone: input.timeZone ?? defaultTimeZone(input.currency),
        refundLinkDays: input.refundLinkDays ?? this.options.defaultRefundLinkDays ?? DEFAULT_REFUND_LINK_DAYS,
        // Brazilian consumers choose by law (CDC art. 35): on by default for BRL shops.
        customersMayChoose: input.currency === "BRL",
        createdAt: new Date(),
      });
      await tx.manager.save(OrderNumberSequence, { shopId: shop.id, lastNumber: 0 });
      return shop;
    };
    return inTx ? work(inTx) : this.db.transaction(work);
  }

  /** Whether customers may choose on their order page (staff users only). */
  async setCustomersMayChoose(caller: Caller, enabled: boolean): Promise<boolean> {
    if (caller.staffUserId === null) throw new UserInputError([userError(null, UserErrorCode.STAFF_ONLY, "Only a signed-in staff user may change the shop's settings.")]);
    await this.db.manager.update(Shop, { id: caller.shopId }, { customersMayChoose: enabled });
    return enabled;
  }

  /**
   * Changes the shop's name, language, currency, time zone or refund link validity. Every field is
   * checked first and a refusal changes nothing. The currency changes only while the shop has taken
   * no order (amounts are stored in minor units of the shop's currency): the check reads the order
   * number sequence locked, so it cannot interleave with the first order's number. The next request
   * of every session of the shop sees the new settings.
   */
  async updateSettings(caller: Caller, input: ShopSettingsInput): Promise<Shop> {
    if (caller.staffUserId === null) throw new UserInputError([userError(null, UserErrorCode.STAFF_ONLY, "Only a signed-in staff user may change the shop's settings.")]);
    const changes: Partial<Pick<Shop, "name" | "locale" | "currency" | "timeZone" | "refundLinkDays">> = {};
    const errors: UserError[] = [];
    if (input.name != null) {
      const name = input.name.trim();
      if (!name) errors.push(userError("name", UserErrorCode.REQUIRED, "Give the shop a name."));
      else if (name.length > MAX_SHOP_NAME_LENGTH) errors.push(userError("name", UserErrorCode.OUT_OF_RANGE, `The shop's name has at most ${MAX_SHOP_NAME_LENGTH} characters.`));
      else changes.name = name;
    }
    for (const field of ["locale", "currency", "timeZone"] as const) {
      const value = input[field];
      if (value == null) continue;
      const error = shopChoiceError[field](value);
      if (error) errors.push(error);
      else changes[field] = value;
    }
    if (input.refundLinkDays != null) {
      const days = input.refundLinkDays;
      if (Number.isInteger(days) && days >= 1 && days <= MAX_REFUND_LINK_DAYS) changes.refundLinkDays = days;
      else errors.push(userError("refundLinkDays", UserErrorCode.OUT_OF_RANGE, `A refund link stays valid between 1 and ${MAX_REFUND_LINK_DAYS} days.`));
    }
    if (errors.length) throw new UserInputError(errors);

    const shop = await this.db.transaction(async (tx) => {
      const current = await tx.manager.findOneBy(Shop, { id: caller.shopId });
      if (!current) throw new Error(`Shop ${caller.shopId} missing`);
      if (changes.currency !== undefined && changes.currency !== current.currency && (await this.hasTakenOrders(tx, caller.shopId))) {
        throw new UserInputError([
          userError("currency", UserErrorCode.CURRENCY_LOCKED, `The shop has orders, whose amounts are in ${current.currency}: its currency can no longer change.`),
        ]);
      }
      if (Object.keys(changes).length) await tx.manager.update(Shop, { id: caller.shopId }, changes);
      return Object.assign(current, changes);
    });
    for (const listener of this.settingsListeners) await listener(caller.shopId);
    return shop;
  }

  /** Whether the shop's currency is fixed: true once it has taken an order. */
  async currencyLocked(shopId: number): Promise<boolean> {
    const [row] = await this.db.query<{ last_number: number }>("SELECT last_number FROM order_number_sequence WHERE shop_id = ?", [shopId]);
    return Number(row?.last_number ?? 0) > 0;
  }

  /**
   * Whether the shop has taken an order number (every order takes one before its transaction; a
   * failed intake leaves it taken, which errs on the safe side). Holds the sequence row, so a first
   * order waits for the caller's transaction (SQLite's transactions are serialized anyway).
   */
  private async hasTakenOrders(tx: Tx, shopId: number): Promise<boolean> {
    const [row] = await tx.query<{ last_number: number }>(`SELECT last_number FROM order_number_sequence WHERE shop_id = ?${tx.dialect === "mysql" ? " FOR UPDATE" : ""}`, [shopId]);
    return Number(row?.last_number ?? 0) > 0;
  }

  /** How many days the shop's refund links stay valid, read in the caller's transaction. */
  async refundLinkDays(tx: Tx, shopId: number): Promise<number> {
    const [row] = await tx.query<{ refund_link_days: number }>("SELECT refund_link_days FROM shop WHERE id = ?", [shopId]);
    return Number(row?.refund_link_days ?? this.options.defaultRefundLinkDays ?? DEFAULT_REFUND_LINK_DAYS);
  }

  async findShop(shopId: number): Promise<Shop | null> {
    return this.db.manager.findOneBy(Shop, { id: shopId });
  }

  async countShops(): Promise<number> {
    return this.db.manager.count(Shop);
  }

  /**
   * Takes the shop's next order number, like a database sequence: in its own short transaction,
   * before the order's transaction, so the counter row is locked for one statement rather than for
   * a whole intake (measured: holding it through intake capped throughput at ~180 orders/s on
   * MariaDB, whatever the number of clients). Numbers are unique and increasing; an intake that
   * fails after this point leaves a gap, as sequences do.
   *
   * With `unlessExists` (a caller's `SELECT 1 ...` with its parameters), no number is taken while
   * that query finds a row, and the answer is null: the same statement checks and takes, so it costs
   * nothing extra.
   */
  /**
   * The shop's next order number taken inside the caller's transaction (follow-up orders, made
   * inside a claim's or return's transaction): the sequence row stays locked until that commit,
   * so a rollback gives the number back. Take it before locking stock levels.
   */
  async nextOrderNumberIn(tx: Tx, shopId: number): Promise<number> {
    if (tx.dialect === "mysql") {
      const result = await tx.run("UPDATE order_number_sequence SET last_number = LAST_INSERT_ID(last_number + 1) WHERE shop_id = ?", [shopId]);
      if (result.affected !== 1) throw new Error(`No order number sequence for shop ${shopId}`);
      return result.firstInsertId;
    }
    const rows = await tx.query<{ last_number: number }>("UPDATE order_number_sequence SET last_number = last_number + 1 WHERE shop_id = ? RETURNING last_number", [shopId]);
    if (!rows[0]) throw new Error(`No order number sequence for shop ${shopId}`);
    return Number(rows[0].last_number);
  }

  /**
   * MySQL: the statement that takes the shop's next order number only when every condition (SQL
   * boolean expressions) holds, for a caller that sends it in a batch with its reads: it affects one
   * row and reports the number as its insert id, or affects none and takes nothing.
   */
  nextOrderNumberStatement(shopId: number, conditions: Statement[]): Statement {
    return {
      sql: `UPDATE order_number_sequence SET last_number = LAST_INSERT_ID(last_number + 1) WHERE shop_id = ?${conditions.map((c) => ` AND ${c.sql}`).join("")}`,
      params: [shopId, ...conditions.flatMap((c) => c.params)],
    };
  }

  async nextOrderNumber(shopId: number, unlessExists?: Statement): Promise<number | null> {
    const condition = unlessExists ? ` AND NOT EXISTS (${unlessExists.sql})` : "";
    const params = [shopId, ...(unlessExists?.params ?? [])];
    const taken = await this.db.autocommit(async (tx) => {
      if (tx.dialect === "mysql") {
        // LAST_INSERT_ID(expr) hands the new value back with the UPDATE itself.
        const result = await tx.run(`UPDATE order_number_sequence SET last_number = LAST_INSERT_ID(last_number + 1) WHERE shop_id = ?${condition}`, params);
        return result.affected === 1 ? result.firstInsertId : null;
      }
      const rows = await tx.query<{ last_number: number }>(
        `UPDATE order_number_sequence SET last_number = last_number + 1 WHERE shop_id = ?${condition} RETURNING last_number`,
        params,
      );
      return rows[0] ? Number(rows[0].last_number) : null;
    });
    if (taken === null && !unlessExists) throw new Error(`No order number sequence for shop ${shopId}`);
    return taken;
  }
}

export const toShopNode = (shop: Shop) => ({
  id: String(shop.id),
  name: shop.name,
  currency: shop.currency,
  locale: shop.locale,
  timeZone: shop.timeZone,
  refundLinkDays: shop.refundLinkDays,
  customersMayChoose: shop.customersMayChoose,
});
