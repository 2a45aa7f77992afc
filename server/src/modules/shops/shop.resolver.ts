import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { ShopService, toShopNode } from "./shop.service";
import { ShopNode, UpdateShopSettingsInput, UpdateShopSettingsPayload } from "./shop.types";

/** The shop's own settings ("Loja" in the settings page). */
@Resolver(() => ShopNode)
export class ShopSettingsResolver {
  constructor(private readonly shops: ShopService) {}

  @FieldResolver(() => Boolean, {
    description: "True once the shop has taken an order: its amounts are stored in minor units of its currency, which from then on cannot change (updateShopSettings refuses with CURRENCY_LOCKED).",
  })
  async currencyLocked(@Root() shop: ShopNode, @Ctx() ctx: RequestContext): Promise<boolean> {
    const caller = requireCaller(ctx);
    if (shop.id !== String(caller.shopId)) return true;
    return this.shops.currencyLocked(caller.shopId);
  }

  @Mutation(() => UpdateShopSettingsPayload, {
    description:
      "Changes the shop's name, language, currency (only before its first order), time zone or refund link validity. Every field is checked before anything changes; a refusal changes nothing. Applies from the next request of every session of the shop. Staff users with the MANAGER role or above.",
  })
  async updateShopSettings(
    @Arg("input", () => UpdateShopSettingsInput, { description: "The settings to change; the others stay." }) input: UpdateShopSettingsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateShopSettingsPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<UpdateShopSettingsPayload>(async () => ({ shop: toShopNode(await this.shops.updateSettings(caller, input)) }), { shop: null });
  }
}
