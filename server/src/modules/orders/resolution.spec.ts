import { UserInputError } from "../../infra/graphql/errors";
import { Order, OrderStatus } from "./order.entity";
import { OrderLine } from "./order-line.entity";
import { allowedResolutions, planResolution, Resolution } from "./resolution";

const order = (status: OrderStatus) =>
  Object.assign(new Order(), { id: 1, number: 7, status, subtotal: 3000, shipping: 1000, discount: 0, total: 4000 });
const line = (id: number, allocated: number, short: number) =>
  Object.assign(new OrderLine(), { id, unitPrice: 1000, quantity: allocated + short, allocated, short, cancelled: 0, shipped: 0 });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as UserInputError).errors[0]!.code;
  }
  return null;
};

describe("resolution plans", () => {
  const partly = [line(1, 1, 1), line(2, 0, 1)];

  it("allows exactly the transitions in the design's picture", () => {
    const allowed = (status: OrderStatus, lines = partly) => allowedResolutions(order(status), lines);
    expect(allowed(OrderStatus.AWAITING_STOCK)).toEqual(["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "CANCEL", "SUBSTITUTE"]);
    expect(allowed(OrderStatus.ON_HOLD_FOR_RESTOCK)).toEqual(["SHIP_AVAILABLE", "CANCEL", "SUBSTITUTE"]);
    expect(allowed(OrderStatus.READY, [line(1, 2, 0)])).toEqual(["CANCEL"]);
    for (const final of [OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED]) expect(allowed(final)).toEqual([]);
  });

  it("ships what is available of a partly shipped order: READY while units remain to ship, SHIPPED when everything kept has left", () => {
    const shipped = (allocated: number, short: number, sent: number) => Object.assign(line(1, allocated, short), { shipped: sent });
    const waiting = order(OrderStatus.AWAITING_STOCK);
    expect(planResolution(Resolution.SHIP_AVAILABLE, waiting, [shipped(2, 1, 1)], 0).resultingStatus).toBe(OrderStatus.READY);
    expect(planResolution(Resolution.SHIP_AVAILABLE, waiting, [shipped(2, 1, 2), line(2, 0, 1)], 0).resultingStatus).toBe(OrderStatus.SHIPPED);
    expect(planResolution(Resolution.SHIP_AVAILABLE, waiting, [line(1, 1, 1)], 0).resultingStatus).toBe(OrderStatus.READY);
    // A parcel left: cancelling is refused.
    expect(codeOf(() => planResolution(Resolution.CANCEL, waiting, [shipped(2, 1, 1)], 0))).toBe("ALREADY_SHIPPED");
  });

  it("does not offer shipping what is available when nothing is allocated", () => {
    const nothing = [line(1, 0, 2), line(2, 0, 1)];
    expect(allowedResolutions(order(OrderStatus.AWAITING_STOCK), nothing)).toEqual(["WAIT_FOR_RESTOCK", "CANCEL", "SUBSTITUTE"]);
    expect(allowedResolutions(order(OrderStatus.ON_HOLD_FOR_RESTOCK), nothing)).toEqual(["CANCEL", "SUBSTITUTE"]);
  });

  it("offers a resolution exactly when the mutation would accept it (the dialog shows only these)", () => {
    const lineSets = [[line(1, 0, 2)], [line(1, 1, 1)], [line(1, 2, 0)], [line(1, 0, 1), line(2, 1, 0)]];
    for (const status of Object.values(OrderStatus)) {
      for (const lines of lineSets) {
        const offered = allowedResolutions(order(status), lines);
        // A substitution's plan needs a line and a sku: substitution.spec.ts checks it.
        for (const resolution of Object.values(Resolution).filter((r) => r !== Resolution.SUBSTITUTE)) {
          const accepted = codeOf(() => planResolution(resolution, order(status), lines, 0)) === null;
          expect({ status, lines: lines.map((l) => l.allocated), resolution, offered: offered.includes(resolution) }).toEqual({
            status,
            lines: lines.map((l) => l.allocated),
            resolution,
            offered: accepted,
          });
        }
      }
    }
  });

  it("refuses shipping what is available when nothing is allocated: that is a cancellation", () => {
    expect(codeOf(() => planResolution(Resolution.SHIP_AVAILABLE, order(OrderStatus.AWAITING_STOCK), [line(1, 0, 2)], 0))).toBe("NOTHING_ALLOCATED");
    expect(codeOf(() => planResolution(Resolution.WAIT_FOR_RESTOCK, order(OrderStatus.READY), [line(1, 2, 0)], 0))).toBe("INVALID_TRANSITION");
  });

  it("ships what is available: short units cancelled and refunded without shipping", () => {
    const plan = planResolution(Resolution.SHIP_AVAILABLE, order(OrderStatus.ON_HOLD_FOR_RESTOCK), partly, 0);
    expect(plan.resultingStatus).toBe("READY");
    expect(plan.lines.map((p) => [p.cancel, p.release, p.keep])).toEqual([[1, 0, 1], [1, 0, 0]]);
    expect(plan.refund?.amount).toBe(2000);
    expect(plan.refund?.shippingAmount).toBe(0);
  });

  it("cancels everything, releases what was allocated and refunds the whole total", () => {
    const plan = planResolution(Resolution.CANCEL, order(OrderStatus.AWAITING_STOCK), partly, 0);
    expect(plan.lines.map((p) => [p.cancel, p.release, p.keep])).toEqual([[2, 1, 0], [1, 0, 0]]);
    expect(plan.refund?.amount).toBe(4000);
  });

  it("waits for restock without cancelling or refunding anything", () => {
    const plan = planResolution(Resolution.WAIT_FOR_RESTOCK, order(OrderStatus.AWAITING_STOCK), partly, 0);
    expect(plan.refund).toBeNull();
    expect(plan.lines.every((p) => p.cancel === 0)).toBe(true);
  });
});
