import { allValues } from "../../app/enum-values";
import type { StockStatus } from "../../generated/graphql";

export const STOCK_STATUSES = allValues<StockStatus>()(["OUT_OF_STOCK", "LOW_STOCK", "IN_STOCK"]);
