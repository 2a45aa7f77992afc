/**
 * The stock limits the server enforces (README, "Limits"), checked here as well so that a typo
 * like 99999999999 is named in the dialog and never sent (it is not even a GraphQL Int).
 */

/** Units one restock adds, and the largest adjustment either way. */
export const MAX_UNITS_PER_CHANGE = 1_000_000;

/** The most a sku's stock level may hold on hand. */
export const MAX_ON_HAND = 1_000_000_000;

export type QuantityProblem = "perChange" | "onHand";

/** Why a change of `delta` units to a level now holding `onHand` is refused, or null. */
export function stockChangeProblem(delta: number, onHand: number): QuantityProblem | null {
  if (Math.abs(delta) > MAX_UNITS_PER_CHANGE) return "perChange";
  if (onHand + delta > MAX_ON_HAND) return "onHand";
  return null;
}
