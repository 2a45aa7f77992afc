import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Money } from "../../infra/graphql/money";
import { Connection } from "../../infra/graphql/pagination";
import { StockLevelNode, StockStatus } from "../stock/stock.types";

@ObjectType("Sku", { description: "A sellable item and its stock." })
export class SkuNode {
  @Field(() => ID, { description: "The sku's id, as adjustStock and restock take it." })
  id!: string;

  @Field({ description: "The merchant's code for the item (unique in the shop); orders refer to skus by it." })
  code!: string;

  @Field({ description: "Name shown to merchants and customers." })
  name!: string;

  @Field(() => Money, { description: "Current unit price." })
  price!: Money;

  @Field(() => StockLevelNode, { description: "Stock on hand, allocated and available." })
  stock!: StockLevelNode;

  @Field(() => StockStatus, { description: "IN_STOCK, LOW_STOCK or OUT_OF_STOCK, from the available quantity." })
  stockStatus!: StockStatus;
}

export const SkuConnection = Connection(SkuNode, "Sku");

@InputType({ description: "Narrows the sku list." })
export class SkuFilter {
  @Field(() => String, { nullable: true, description: "Part of the code or name; at most 100 characters (a longer one is a BAD_USER_INPUT error). % and _ match themselves; control characters are ignored." })
  search?: string | null;

  @Field(() => StockStatus, { nullable: true, description: "Only skus in this stock status." })
  stockStatus?: StockStatus | null;
}
