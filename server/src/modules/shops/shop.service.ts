import { Database, Tx } from "../../infra/db/database";
import { OrderNumberSequence, Shop } from "./shop.entity";

export const SUPPORTED_LOCALES = ["pt-BR", "en", "pl"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

export class ShopService {
  constructor(private readonly db: Database) {}

  async createShop(input: { name: string; currency: string; locale: SupportedLocale }): Promise<Shop> {
    return this.db.transaction(async (tx) => {
      const shop = await tx.manager.save(Shop, { ...input, createdAt: new Date() });
      await tx.manager.save(OrderNumberSequence, { shopId: shop.id, lastNumber: 0 });
      return shop;
    });
  }

  async findShop(shopId: number): Promise<Shop | null> {
    return this.db.manager.findOneBy(Shop, { id: shopId });
  }

  async countShops(): Promise<number> {
    return this.db.manager.count(Shop);
  }

  /**
   * Takes the shop's next order number inside the caller's transaction. The row stays locked until
   * that transaction ends, so intake takes it after reserving stock, to hold it as briefly as possible.
   */
  async nextOrderNumber(tx: Tx, shopId: number): Promise<number> {
    if (tx.dialect === "mysql") {
      // LAST_INSERT_ID(expr) hands the new value back in the same statement.
      const result = await tx.run(
        "UPDATE order_number_sequence SET last_number = LAST_INSERT_ID(last_number + 1) WHERE shop_id = ?",
        [shopId],
      );
      if (result.affected !== 1) throw new Error(`No order number sequence for shop ${shopId}`);
      return result.firstInsertId;
    }
    const rows = await tx.query<{ last_number: number }>(
      "UPDATE order_number_sequence SET last_number = last_number + 1 WHERE shop_id = ? RETURNING last_number",
      [shopId],
    );
    if (!rows[0]) throw new Error(`No order number sequence for shop ${shopId}`);
    return Number(rows[0].last_number);
  }
}

export const toShopNode = (shop: Shop) => ({ id: String(shop.id), name: shop.name, currency: shop.currency, locale: shop.locale });
