import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { Connection } from "../../infra/graphql/pagination";
import { StockLevelNode, StockStatus } from "../stock/stock.types";

@ObjectType("Sku", { description: "A sellable item and its stock.", simpleResolvers: true })
export class SkuNode {
  @Field(() => ID, { description: "The sku's id, as adjustStock and restock take it." })
  id!: string;

  @Field({ description: "The merchant's code for the item (unique in the shop); orders refer to skus by it." })
  code!: string;

  @Field({ description: "Name shown to merchants and customers." })
  name!: string;

  @Field(() => Money, { description: "Current unit price." })
  price!: Money;

  @Field(() => String, { nullable: true, description: "GTIN-8/12/13/14 (EAN, UPC) with a valid check digit; null when none." })
  barcode!: string | null;

  @Field(() => String, { nullable: true, description: "An http(s) URL of the product's picture; null when none." })
  imageUrl!: string | null;

  @Field(() => Date, { nullable: true, description: "When the sku was archived (it takes no new orders); null while active." })
  archivedAt!: Date | null;

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

  @Field(() => Boolean, { nullable: true, description: "true: only archived skus; false: only active ones; omitted: both." })
  archived?: boolean | null;
}

const CODE_DOC = "The merchant's code, unique in the shop: 1 to 64 characters, trimmed, no control characters (INVALID_FORMAT); a taken code is DUPLICATE_CODE.";
const NAME_DOC = "1 to 200 characters, no control characters.";
const PRICE_DOC = "Unit price in minor units of the shop's currency, 0 to 1,000,000,000.";
const BARCODE_DOC = "GTIN-8, 12, 13 or 14 (EAN/UPC) with a valid check digit (INVALID_BARCODE); spaces and hyphens are ignored; null or empty: none.";
const IMAGE_DOC = "An http:// or https:// URL, at most 500 characters; null or empty: none.";

@InputType({ description: "A new sku." })
export class CreateSkuInput {
  @Field({ description: CODE_DOC })
  code!: string;

  @Field({ description: NAME_DOC })
  name!: string;

  @Field(() => Int, { description: PRICE_DOC })
  price!: number;

  @Field(() => String, { nullable: true, description: BARCODE_DOC })
  barcode?: string | null;

  @Field(() => String, { nullable: true, description: IMAGE_DOC })
  imageUrl?: string | null;

  @Field(() => Int, { nullable: true, description: "Initial stock on hand, 0 (default) to 1,000,000,000; written to the ledger as an ADJUSTMENT \"Initial stock\"." })
  onHand?: number | null;
}

@InputType({ description: "The fields of a sku to change; an omitted field stays as it is." })
export class UpdateSkuInput {
  @Field(() => String, { nullable: true, description: CODE_DOC + " Orders already placed keep their lines." })
  code?: string | null;

  @Field(() => String, { nullable: true, description: NAME_DOC })
  name?: string | null;

  @Field(() => Int, { nullable: true, description: PRICE_DOC + " Orders already placed keep their prices." })
  price?: number | null;

  @Field(() => String, { nullable: true, description: BARCODE_DOC + " null clears it." })
  barcode?: string | null;

  @Field(() => String, { nullable: true, description: IMAGE_DOC + " null clears it." })
  imageUrl?: string | null;
}

@InputType({ description: "A sku by code for upsertSkus: created when the shop has no sku with this code, else updated." })
export class SkuUpsertInput {
  @Field({ description: CODE_DOC })
  code!: string;

  @Field({ description: NAME_DOC })
  name!: string;

  @Field(() => Int, { description: PRICE_DOC })
  price!: number;

  @Field(() => String, { nullable: true, description: BARCODE_DOC })
  barcode?: string | null;

  @Field(() => String, { nullable: true, description: IMAGE_DOC })
  imageUrl?: string | null;
}

@ObjectType({ description: "Result of createSku, updateSku, archiveSku and unarchiveSku." })
export class SkuPayload {
  @Field(() => SkuNode, { nullable: true, description: "The sku as it is now; null when refused." })
  sku!: SkuNode | null;

  @Field(() => [UserError], { description: "What was wrong with the input; empty on success. Nothing changed when not empty." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of upsertSkus." })
export class UpsertSkusPayload {
  @Field(() => Int, { description: "Skus created." })
  created!: number;

  @Field(() => Int, { description: "Skus whose fields changed." })
  updated!: number;

  @Field(() => Int, { description: "Skus already exactly as given." })
  unchanged!: number;

  @Field(() => [SkuNode], { description: "Every sku given, in the input's order; empty when refused." })
  skus!: SkuNode[];

  @Field(() => [UserError], { description: "What was wrong, with fields like input.3.price; empty on success. Nothing changed when not empty." })
  userErrors!: UserError[];
}
