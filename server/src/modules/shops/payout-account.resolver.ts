import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { PayoutAccountService, PayoutAccountView } from "./payout-account.service";
import { PayoutAccount, PayoutAccountInput, PayoutAccountKind, SetPayoutAccountPayload } from "./payout-account.types";
import { ShopNode } from "./shop.types";

const toPayoutAccount = (view: PayoutAccountView): PayoutAccount => ({ ...view, kind: view.kind as PayoutAccountKind });

@Resolver(() => ShopNode)
export class PayoutAccountResolver {
  constructor(private readonly accounts: PayoutAccountService) {}

  @FieldResolver(() => PayoutAccount, {
    nullable: true,
    description: "Where refunds to the merchant are paid, masked; null until set with setPayoutAccount.",
  })
  async payoutAccount(@Root() shop: ShopNode, @Ctx() ctx: RequestContext): Promise<PayoutAccount | null> {
    const caller = requireCaller(ctx);
    if (shop.id !== String(caller.shopId)) return null;
    const view = await this.accounts.view(caller.shopId);
    return view && toPayoutAccount(view);
  }

  @Mutation(() => SetPayoutAccountPayload, {
    description:
      "Sets or replaces the shop's payout account, where refunds with destination MERCHANT are paid. Kept encrypted, shown masked. Refunds already made keep the account they were made with. Staff users only.",
  })
  async setPayoutAccount(
    @Arg("input", () => PayoutAccountInput, { description: "A PIX key or a bank account." }) input: PayoutAccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetPayoutAccountPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<SetPayoutAccountPayload>(async () => ({ payoutAccount: toPayoutAccount(await this.accounts.set(caller, input)) }), { payoutAccount: null });
  }
}
