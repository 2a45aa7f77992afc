import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { RefundAmounts, refundAmounts } from "../refunds/refund-amounts";
import { Fulfillment, fulfillmentOf } from "../shipping/fulfillment";
import { Order, OrderStatus } from "./order.entity";
import { OrderLine } from "./order-line.entity";

/** The merchant's four answers to an order without stock. */
export enum Resolution {
  WAIT_FOR_RESTOCK = "WAIT_FOR_RESTOCK",
  SHIP_AVAILABLE = "SHIP_AVAILABLE",
  CANCEL = "CANCEL",
  /** An equivalent sku for a short line: substituteLine, or offerSubstitutes for the customer to accept (see substitution.ts). */
  SUBSTITUTE = "SUBSTITUTE",
}

/** The statuses each resolution may start from (DESIGN.md, "Order states"). */
const FROM: Record<Resolution, OrderStatus[]> = {
  [Resolution.WAIT_FOR_RESTOCK]: [OrderStatus.AWAITING_STOCK],
  [Resolution.SHIP_AVAILABLE]: [OrderStatus.AWAITING_STOCK, OrderStatus.ON_HOLD_FOR_RESTOCK],
  [Resolution.CANCEL]: [OrderStatus.AWAITING_STOCK, OrderStatus.ON_HOLD_FOR_RESTOCK, OrderStatus.READY],
  [Resolution.SUBSTITUTE]: [OrderStatus.AWAITING_STOCK, OrderStatus.ON_HOLD_FOR_RESTOCK],
};

const TO: Record<Resolution, OrderStatus> = {
  [Resolution.WAIT_FOR_RESTOCK]: OrderStatus.ON_HOLD_FOR_RESTOCK,
  // SHIPPED instead when everything it keeps has already shipped (a line found short at packing after a parcel left).
  [Resolution.SHIP_AVAILABLE]: OrderStatus.READY,
  [Resolution.CANCEL]: OrderStatus.CANCELLED,
  // When nothing else is short; otherwise the order keeps its status (substitution.ts decides).
  [Resolution.SUBSTITUTE]: OrderStatus.READY,
};

const VERB: Record<Resolution, string> = {
  [Resolution.WAIT_FOR_RESTOCK]: "put on hold for restock",
  [Resolution.SHIP_AVAILABLE]: "shipped with the available items",
  [Resolution.CANCEL]: "cancelled",
  [Resolution.SUBSTITUTE]: "given a substitute",
};

/** What a resolution does to one line. */
export interface LinePlan {
  line: OrderLine;
  /** Units removed from the order. */
  cancel: number;
  /** Of those, units that were allocated and go back to stock. */
  release: number;
  /** Units that stay on the order. */
  keep: number;
}

export interface ResolutionPlan {
  resolution: Resolution;
  resultingStatus: OrderStatus;
  lines: LinePlan[];
  /** Null when nothing is refunded. */
  refund: RefundAmounts | null;
}

/** The resolutions the merchant may choose for an order as it stands. */
export function allowedResolutions(order: Pick<Order, "status" | "number">, lines: Array<Pick<OrderLine, "allocated" | "short" | "shipped">>): Resolution[] {
  return Object.values(Resolution).filter((resolution) => refusal(resolution, order, lines) === null);
}

/** Why a resolution cannot start from this order as it stands, or null. */
export function refusal(resolution: Resolution, order: Pick<Order, "status" | "number">, lines: Array<Pick<OrderLine, "allocated" | "short" | "shipped">>) {
  if (!FROM[resolution].includes(order.status)) {
    return userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} is ${order.status} and cannot be ${VERB[resolution]}.`);
  }
  if (resolution === Resolution.CANCEL && lines.some((l) => l.shipped > 0)) {
    return userError(
      "orderId",
      UserErrorCode.ALREADY_SHIPPED,
      `Part of order #${order.number} already left with the carrier: it cannot be cancelled. Ship the rest, or handle it as a return or claim once delivered.`,
    );
  }
  if (resolution === Resolution.SHIP_AVAILABLE && lines.every((l) => l.allocated === 0)) {
    return userError("orderId", UserErrorCode.NOTHING_ALLOCATED, `Order #${order.number} has nothing allocated to ship: cancel it instead.`);
  }
  if (resolution === Resolution.SUBSTITUTE && lines.every((l) => l.short === 0)) {
    return userError("orderId", UserErrorCode.LINE_NOT_SHORT, `Order #${order.number} has no short line to substitute.`);
  }
  return null;
}

/**
 * Exactly what a resolution would change, or a UserInputError saying why it is not allowed. The
 * preview shows this plan and the mutation applies the same plan, so the merchant confirms what
 * actually happens.
 */
export function planResolution(resolution: Resolution, order: Order, lines: OrderLine[], alreadyRefunded: number): ResolutionPlan {
  const refused = refusal(resolution, order, lines);
  if (refused) throw new UserInputError([refused]);
  if (resolution === Resolution.SUBSTITUTE) {
    throw new UserInputError([
      userError("skuId", UserErrorCode.REQUIRED, "A substitution needs the short line and the substitute sku: use substitutionPreview(orderLineId, skuId)."),
    ]);
  }
  const plans: LinePlan[] = lines.map((line) => {
    switch (resolution) {
      case Resolution.WAIT_FOR_RESTOCK:
        return { line, cancel: 0, release: 0, keep: line.allocated + line.short };
      case Resolution.SHIP_AVAILABLE:
        return { line, cancel: line.short, release: 0, keep: line.allocated };
      case Resolution.CANCEL:
      default:
        return { line, cancel: line.allocated + line.short - line.shipped, release: line.allocated - line.shipped, keep: line.shipped };
    }
  });
  const cancelled = plans.filter((p) => p.cancel > 0);
  const refund =
    cancelled.length === 0
      ? null
      : refundAmounts(
          { subtotal: order.subtotal, shipping: order.shipping, discount: order.discount, total: order.total, alreadyRefunded },
          cancelled.map((p) => ({ orderLineId: p.line.id, quantity: p.cancel, unitPrice: p.line.unitPrice })),
          resolution === Resolution.CANCEL,
        );
  return { resolution, resultingStatus: resultingStatus(resolution, lines), lines: plans, refund };
}

/**
 * Where the order goes. Shipping what is available keeps every allocated unit: an order whose
 * allocated units have all left already (shipping's fulfilment rule) is SHIPPED, not READY.
 */
function resultingStatus(resolution: Resolution, lines: OrderLine[]): OrderStatus {
  if (resolution === Resolution.SHIP_AVAILABLE && fulfillmentOf(lines) === Fulfillment.SHIPPED) return OrderStatus.SHIPPED;
  return TO[resolution];
}
