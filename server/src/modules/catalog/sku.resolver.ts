import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { CatalogService } from "./sku.service";
import { SkuConnection, SkuFilter, SkuNode } from "./sku.types";

@Resolver(() => SkuNode)
export class SkuResolver {
  constructor(
    private readonly catalog: CatalogService,
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
}
