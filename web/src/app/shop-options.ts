/** What a shop may keep its money in and speak: the server's lists (server/src/modules/shops/shop.service.ts). */
export const SHOP_CURRENCIES = ["BRL", "PLN", "EUR", "USD"] as const;
export const SHOP_LOCALES = ["pt-BR", "en", "pl"] as const;
export const MAX_REFUND_LINK_DAYS = 90;
export const MAX_SHOP_NAME_LENGTH = 120;
