/** Compile-time test of allValues (never imported): a list missing an enum member must not compile. */
import type { StockStatus } from "../generated/graphql";
import { allValues } from "./enum-values";

export const complete = allValues<StockStatus>()(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]);
// @ts-expect-error OUT_OF_STOCK is missing
export const incomplete = allValues<StockStatus>()(["IN_STOCK", "LOW_STOCK"]);
// @ts-expect-error not a StockStatus
export const unknown = allValues<StockStatus>()(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK", "GONE"]);
