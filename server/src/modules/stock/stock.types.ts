import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

export enum StockStatus {
  IN_STOCK = "IN_STOCK",
  LOW_STOCK = "LOW_STOCK",
  OUT_OF_STOCK = "OUT_OF_STOCK",
}
registerEnumType(StockStatus, {
  name: "StockStatus",
  description: "How much of a sku can still be promised: OUT_OF_STOCK at 0 available, LOW_STOCK up to 5.",
});

/** Available units at or below this count as low stock. */
export const LOW_STOCK_THRESHOLD = 5;

export const stockStatusOf = (available: number): StockStatus =>
  available <= 0 ? StockStatus.OUT_OF_STOCK : available <= LOW_STOCK_THRESHOLD ? StockStatus.LOW_STOCK : StockStatus.IN_STOCK;

@ObjectType("StockLevel", { description: "A sku's stock: what the shop holds and how much of it is promised to orders." })
export class StockLevelNode {
  @Field(() => Int, { description: "Units physically in stock, 0 to 1,000,000,000 (the most one sku may hold)." })
  onHand!: number;

  @Field(() => Int, { description: "Units reserved for orders (never more than onHand)." })
  allocated!: number;

  @Field(() => Int, { description: "onHand - allocated: what a new order can still get." })
  available!: number;

  @Field({ description: "When the level last changed." })
  updatedAt!: Date;
}
