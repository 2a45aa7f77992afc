import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload, unauthenticated } from "../../infra/graphql/errors";
import { ShopService, toShopNode } from "../shops/shop.service";
import { ShopNode } from "../shops/shop.types";
import { StaffUser } from "./staff-user.entity";
import { AuthService, LoginThrottled } from "./auth.service";
import { LoginPayload, LogoutPayload, StaffUserNode } from "./auth.types";

export const toStaffUserNode = (user: StaffUser): StaffUserNode => ({
  id: String(user.id),
  name: user.name,
  email: user.email,
  role: user.role,
  emailVerified: user.emailVerifiedAt !== null && user.emailVerifiedAt !== undefined,
  shopId: user.shopId,
});

@Resolver(() => StaffUserNode)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly shops: ShopService,
  ) {}

  @Query(() => StaffUserNode, { description: "The logged-in staff user." })
  async me(@Ctx() ctx: RequestContext): Promise<StaffUserNode> {
    const caller = requireCaller(ctx);
    const user = caller.staffUserId ? await this.auth.findStaffUser(caller.shopId, caller.staffUserId) : null;
    if (!user) throw unauthenticated();
    return toStaffUserNode(user);
  }

  @FieldResolver(() => ShopNode, { description: "The shop this user works for." })
  async shop(@Root() user: StaffUserNode): Promise<ShopNode> {
    const shop = await this.shops.findShop(user.shopId);
    if (!shop) throw new Error(`Shop ${user.shopId} missing for staff user ${user.id}`);
    return toShopNode(shop);
  }

  @Mutation(() => LoginPayload, {
    description:
      "Exchanges e-mail and password for a session token. After 10 wrong passwords in a row for one e-mail from one address, or 100 failures from one address in a day, attempts are refused with THROTTLED (and `retryAfterSeconds`) for 15 minutes or an hour, without checking the password.",
  })
  async login(
    @Arg("email", { description: "The staff user's e-mail (any case)." }) email: string,
    @Arg("password", { description: "The staff user's password." }) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginPayload> {
    const refused = { token: null, expiresAt: null, user: null, retryAfterSeconds: null };
    try {
      return await mutationPayload<LoginPayload>(async () => {
        const result = await this.auth.login(email, password, ctx.clientAddress ?? null, ctx.userAgent ?? null);
        return { token: result.token, expiresAt: result.expiresAt, user: toStaffUserNode(result.user), retryAfterSeconds: null };
      }, refused);
    } catch (error) {
      if (error instanceof LoginThrottled) return { ...refused, retryAfterSeconds: error.retryAfterSeconds, userErrors: [error.error] };
      throw error;
    }
  }

  @Mutation(() => LogoutPayload, { description: "Ends the current session; its token stops working at once." })
  async logout(@Ctx() ctx: RequestContext): Promise<LogoutPayload> {
    const caller = requireCaller(ctx);
    if (caller.sessionTokenHash) await this.auth.logout(caller.sessionTokenHash);
    return { loggedOut: true, userErrors: [] };
  }
}
