import { MessageKind } from "../message-kind";

export const MAIL_LOCALES = ["pt-BR", "en", "pl"] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** The customer's language when we write it, else the shop's, else pt-BR. */
export function mailLocale(...candidates: Array<string | null | undefined>): MailLocale {
  for (const c of candidates) {
    const match = MAIL_LOCALES.find((l) => l.toLowerCase() === c?.toLowerCase()) ?? MAIL_LOCALES.find((l) => l.split("-")[0] === c?.split("-")[0]?.toLowerCase());
    if (match) return match;
  }
  return "pt-BR";
}

export interface ItemLine {
  name: string;
  quantity: number;
  /** Minor units, for the order's items. */
  unitPrice?: number;
}

/** Everything a message says, gathered from the order, its events and the providers. */
export interface MessageModel {
  kind: MessageKind;
  locale: MailLocale;
  /** The shop's IANA time zone: dates in the message are its days. */
  timeZone: string;
  shopName: string;
  customerName: string;
  orderNumber: number;
  currency: string;
  placedAt: Date;
  items: ItemLine[];
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
  /** STOCK_DELAY: the units the order is short of. */
  missing: ItemLine[];
  /** STOCK_DELAY: the shortage was found when packing (SHORT_AT_PACKING), not when the order came in. */
  foundAtPacking?: boolean;
  /** STOCK_DELAY: part of the order has already been shipped (it can no longer be cancelled). */
  partlyShipped?: boolean;
  /** PARTIAL_SHIPMENT / ORDER_CANCELLED: the units cancelled. */
  cancelled: ItemLine[];
  /** STOCK_DELAY: the expected date (YYYY-MM-DD), when known. */
  expectedDate: string | null;
  /** The public order page, when there is one. */
  orderPageLink: string | null;
  refund: {
    amount: number;
    destination: "CUSTOMER" | "MERCHANT";
    /** The refund form, while the customer must fill it in. */
    link: string | null;
    linkExpiresAt: Date | null;
  } | null;
  coupon: { code: string; kind: "PERCENT" | "FIXED_AMOUNT"; value: number; expiresAt: Date } | null;
  /** RETURN_APPROVED / RETURN_RECEIVED: the items coming back, the shop's instructions, how it was settled. */
  returned?: {
    items: ItemLine[];
    instructions: string | null;
    settlement: "REFUND" | "EXCHANGE" | null;
  } | null;
  /** ORDER_SHIPPED: the parcel (carrierName empty for another carrier); `complete` when it was the last one. */
  shipment: {
    number: number;
    carrierName: string;
    trackingCode: string;
    trackingUrl: string | null;
    items: ItemLine[];
    complete: boolean;
  } | null;
  /** CLAIM_RESOLVED: the claim's number, the missing items, what is done (null when REJECTED) and the shop's message. */
  claim?: {
    number: number;
    status: "RESOLVED" | "REJECTED";
    outcome: "RESHIP" | "KEEP_AND_SETTLE" | "WITHDRAW" | null;
    /** The reshipment was cancelled: the units are refunded instead. */
    settledInstead: boolean;
    message: string | null;
    items: ItemLine[];
  } | null;
}
