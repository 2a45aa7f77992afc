import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, mutationPayload, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { StockService } from "../stock/stock.service";
import { CatalogService } from "./sku.service";
import { AdjustStockPayload, SkuConnection, SkuFilter, SkuNode } from "./sku.types";

@Resolver(() => SkuNode)
export class SkuResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly stock: StockService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => SkuConnection, { description: "Your shop's skus with their stock, in the order they were created." })
  async skus(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => SkuFilter, { nullable: true, description: "Search and stock-status filters; all skus when omitted." }) filter: SkuFilter | null,
  ) {
    const caller = requireCaller(ctx);
    return this.catalog.listSkus(caller.shopId, caller.shopCurrency, { first: pageSize(first, this.maxPageSize), after, filter });
  }

  @Query(() => SkuNode, { nullable: true, description: "One sku of your shop; null when there is none with this id." })
  async sku(@Arg("id", () => ID, { description: "The sku's id." }) id: string, @Ctx() ctx: RequestContext): Promise<SkuNode | null> {
    const caller = requireCaller(ctx);
    const skuId = parseId(id);
    if (skuId === null) return null;
    return (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [skuId])).get(skuId) ?? null;
  }

  @Mutation(() => AdjustStockPayload, {
    description: "Changes a sku's on-hand stock by `delta` (negative to remove). On hand can never drop below what is allocated to orders.",
  })
  async adjustStock(
    @Arg("skuId", () => ID, { description: "The sku whose stock changes." }) skuId: string,
    @Arg("delta", () => Int, { description: "Units to add (positive) or remove (negative)." }) delta: number,
    @Arg("reason", { description: "Why, for the stock ledger (e.g. 'inventory count')." }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AdjustStockPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<AdjustStockPayload>(
      async () => {
        const id = parseId(skuId);
        if (id === null) throw new UserInputError([userError("skuId", UserErrorCode.NOT_FOUND, "No sku with this id in your shop.")]);
        await this.stock.adjustStock(caller.shopId, caller.actor, { skuId: id, delta, reason });
        const sku = (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [id])).get(id) ?? null;
        return { sku };
      },
      { sku: null },
    );
  }
}
