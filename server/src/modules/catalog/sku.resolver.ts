import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, mutationPayload, userError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { CatalogService, MAX_UPSERT } from "./sku.service";
import { CreateSkuInput, SkuConnection, SkuFilter, SkuNode, SkuPayload, SkuUpsertInput, UpdateSkuInput, UpsertSkusPayload } from "./sku.types";

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

  @Mutation(() => SkuPayload, { description: "Creates a sku (with its stock level; optional initial stock)." })
  createSku(@Arg("input", () => CreateSkuInput, { description: "The new sku." }) input: CreateSkuInput, @Ctx() ctx: RequestContext): Promise<SkuPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SkuPayload>(async () => ({ sku: await this.load(caller, await this.catalog.createSku(caller, input)) }), { sku: null });
  }

  @Mutation(() => SkuPayload, { description: "Changes a sku's code, name, price, barcode or image URL. Orders already placed keep what they were placed with." })
  updateSku(
    @Arg("id", () => ID, { description: "The sku's id." }) id: string,
    @Arg("input", () => UpdateSkuInput, { description: "The fields to change." }) input: UpdateSkuInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SkuPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SkuPayload>(async () => {
      const skuId = requireId(id);
      await this.catalog.updateSku(caller, skuId, input);
      return { sku: await this.load(caller, skuId) };
    }, { sku: null });
  }

  @Mutation(() => SkuPayload, {
    description: "Archives a sku: it takes no new orders (placeOrder refuses it with SKU_ARCHIVED) but keeps its stock, ledger and the orders it is on. Archiving an archived sku changes nothing.",
  })
  archiveSku(@Arg("id", () => ID, { description: "The sku's id." }) id: string, @Ctx() ctx: RequestContext): Promise<SkuPayload> {
    return this.archive(ctx, id, true);
  }

  @Mutation(() => SkuPayload, { description: "Brings an archived sku back: it takes orders again." })
  unarchiveSku(@Arg("id", () => ID, { description: "The sku's id." }) id: string, @Ctx() ctx: RequestContext): Promise<SkuPayload> {
    return this.archive(ctx, id, false);
  }

  @Mutation(() => UpsertSkusPayload, {
    description: `For integrations: creates or updates skus by code, at most ${MAX_UPSERT} per call (more is TOO_MANY_ITEMS), all or nothing. Stock is not changed (new skus start at 0; use restock, adjustStock or the CSV import).`,
  })
  upsertSkus(@Arg("input", () => [SkuUpsertInput], { description: `1 to ${MAX_UPSERT} skus, each code at most once.` }) input: SkuUpsertInput[], @Ctx() ctx: RequestContext): Promise<UpsertSkusPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<UpsertSkusPayload>(
      async () => {
        const written = await this.catalog.upsertSkus(caller, input);
        const nodes = await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [...written.ids.values()]);
        return {
          created: written.created.length,
          updated: written.updated.length,
          unchanged: written.unchanged.length,
          skus: input.map((i) => nodes.get(written.ids.get(i.code.normalize("NFC").trim())!)).filter((n): n is SkuNode => !!n),
        };
      },
      { created: 0, updated: 0, unchanged: 0, skus: [] },
    );
  }

  private archive(ctx: RequestContext, id: string, archived: boolean): Promise<SkuPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SkuPayload>(async () => {
      const skuId = requireId(id);
      await this.catalog.setArchived(caller, skuId, archived);
      return { sku: await this.load(caller, skuId) };
    }, { sku: null });
  }

  private async load(caller: Caller, skuId: number): Promise<SkuNode | null> {
    return (await this.catalog.skusByIds(caller.shopId, caller.shopCurrency, [skuId])).get(skuId) ?? null;
  }
}

function requireId(id: string): number {
  const skuId = parseId(id);
  if (skuId === null) throw new UserInputError([userError("id", UserErrorCode.NOT_FOUND, "No sku with this id in your shop.")]);
  return skuId;
}
