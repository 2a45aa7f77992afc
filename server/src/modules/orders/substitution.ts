import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { RefundAmounts, refundAmounts } from "../refunds/refund-amounts";
import { Order, OrderStatus } from "./order.entity";
import { OrderLine } from "./order-line.entity";
import { refusal, Resolution } from "./resolution";

/** The most substitutes one short line may be offered at a time. */
export const MAX_SUBSTITUTE_OFFERS = 5;

/** The substitute as the catalog has it now. */
export interface SubstituteSku {
  id: number;
  code: string;
  name: string;
  /** Its price now, in minor units. */
  price: number;
}

/**
 * What substituting a short line does. The line's short units are cancelled on it, and a new line
 * of `quantity` units of the substitute, fully reserved, replaces them.
 *
 * Totals: the order's subtotal, shipping, discount and total never change (they are what the
 * customer was charged at checkout, like after every resolution; the substituted units stay in
 * the subtotal as the old line's cancelled units). The new line's `unitPrice` is what the customer
 * pays for one substitute unit: the substitute's price when it is cheaper (the difference is
 * refunded, discount shared proportionally like any partial refund), the original unit price when
 * it is dearer (the shop absorbs the difference: the customer is never charged more).
 */
export interface SubstitutionPlan {
  line: OrderLine;
  sku: SubstituteSku;
  /** Units substituted: all the line is short of. */
  quantity: number;
  /** The new line's unit price (see above). */
  unitPrice: number;
  /** (substitute price - original unit price) x quantity: negative when cheaper. */
  priceDifference: number;
  /** What the shop absorbs when the substitute is dearer (0 otherwise). */
  absorbed: number;
  /** Null when nothing goes back (same price or dearer). */
  refund: RefundAmounts | null;
  /** READY when no other line is short; otherwise the order keeps its status. */
  resultingStatus: OrderStatus;
}

/**
 * Why this substitute cannot be offered for this line (empty when it can). The substitute must be
 * the caller's shop's (the caller looks it up: null when it is not), not the line's own sku.
 */
function skuRefusals(line: OrderLine, sku: SubstituteSku | null, field: string): UserError[] {
  if (!sku) return [userError(field, UserErrorCode.NOT_FOUND, "No sku with this id in your shop.")];
  if (sku.id === line.skuId) return [userError(field, UserErrorCode.SAME_SKU, `${sku.code} is the line's own sku: choose another one.`)];
  return [];
}

/** Why this line cannot get a substitute now: the order must wait for stock and the line be short. */
function lineRefusals(order: Order, lines: OrderLine[], line: OrderLine): UserError[] {
  const refused = refusal(Resolution.SUBSTITUTE, order, lines);
  if (refused && refused.code === UserErrorCode.INVALID_TRANSITION) return [refused];
  if (line.short === 0) return [userError("orderLineId", UserErrorCode.LINE_NOT_SHORT, `The line ${line.skuCode} of order #${order.number} is not short of stock.`)];
  return [];
}

/**
 * Checks an offer of substitutes for a line, which adds to the skus already offered for it
 * (`alreadyOffered`; offering one again changes nothing); throws a UserInputError saying what is
 * wrong. A line holds at most MAX_SUBSTITUTE_OFFERS offers.
 */
export function checkOffer(order: Order, lines: OrderLine[], line: OrderLine, skuIds: number[], skus: Map<number, SubstituteSku>, alreadyOffered: number[] = []): void {
  const errors = lineRefusals(order, lines, line);
  // A line that takes no offers: nothing else to say.
  if (errors.length) throw new UserInputError(errors);
  if (skuIds.length === 0) errors.push(userError("skuIds", UserErrorCode.REQUIRED, "Offer at least one sku."));
  const total = new Set([...alreadyOffered, ...skuIds]).size;
  if (total > MAX_SUBSTITUTE_OFFERS) {
    errors.push(
      userError(
        "skuIds",
        UserErrorCode.TOO_MANY_SUBSTITUTES,
        `At most ${MAX_SUBSTITUTE_OFFERS} substitutes per line (${alreadyOffered.length} offered already).`,
      ),
    );
  }
  skuIds.forEach((id, i) => errors.push(...skuRefusals(line, skus.get(id) ?? null, `skuIds.${i}`)));
  if (errors.length) throw new UserInputError(errors);
}

/**
 * Exactly what substituting `sku` for the short units of `line` would change, or a UserInputError
 * saying why not. `available` is the substitute's available stock now (on hand - allocated):
 * every short unit must be reservable at once, or nothing happens (INSUFFICIENT_STOCK).
 */
export function planSubstitution(
  order: Order,
  lines: OrderLine[],
  line: OrderLine,
  sku: SubstituteSku | null,
  available: number,
  alreadyRefunded: number,
): SubstitutionPlan {
  const errors = [...lineRefusals(order, lines, line), ...(line.short > 0 ? skuRefusals(line, sku, "skuId") : [])];
  if (errors.length === 0 && available < line.short) {
    errors.push(
      userError(
        "skuId",
        UserErrorCode.INSUFFICIENT_STOCK,
        `${sku!.code} has ${Math.max(0, available)} units available; the line needs ${line.short}.`,
      ),
    );
  }
  if (errors.length) throw new UserInputError(errors);
  const substitute = sku!;
  const quantity = line.short;
  const priceDifference = (substitute.price - line.unitPrice) * quantity;
  const cheaper = substitute.price < line.unitPrice;
  const amounts = cheaper
    ? refundAmounts(
        { subtotal: order.subtotal, shipping: order.shipping, discount: order.discount, total: order.total, alreadyRefunded },
        [{ orderLineId: line.id, quantity, unitPrice: line.unitPrice - substitute.price }],
        false,
      )
    : null;
  const othersShort = lines.some((l) => l.id !== line.id && l.short > 0);
  return {
    line,
    sku: substitute,
    quantity,
    unitPrice: cheaper ? substitute.price : line.unitPrice,
    priceDifference,
    absorbed: Math.max(0, priceDifference),
    refund: amounts && amounts.amount > 0 ? amounts : null,
    resultingStatus: othersShort ? order.status : OrderStatus.READY,
  };
}
