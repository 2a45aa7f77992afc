import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { OrderNode } from "../orders/order.types";
import { CouponService, CouponView } from "./coupon.service";
import { CouponNode, toCouponNode } from "./coupon.types";

/** The coupons on an order: the ones issued as apologies for it and the one it used. One query per list for each. */
@Resolver(() => OrderNode)
export class OrderCouponsResolver {
  constructor(private readonly coupons: CouponService) {}

  @FieldResolver(() => [CouponNode], { description: "Apology coupons issued for this order (when it was cancelled or shipped incomplete), oldest first." })
  async apologyCoupons(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<CouponNode[]> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, CouponView[]>("order.apologyCoupons", async (ids) => {
      const byOrder = await this.coupons.issuedFor(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? []);
    });
    return (await loader.load(Number(order.id))).map((c) => toCouponNode(c));
  }

  @FieldResolver(() => CouponNode, { nullable: true, description: "The coupon this order used at placeOrder (its discount is part of `discount`); null when none." })
  async couponApplied(@Root() order: OrderNode, @Ctx() ctx: RequestContext): Promise<CouponNode | null> {
    const caller = requireCaller(ctx);
    const loader = ctx.loaders.get<number, CouponView | null>("order.couponApplied", async (ids) => {
      const byOrder = await this.coupons.usedBy(caller.shopId, ids);
      return ids.map((id) => byOrder.get(id) ?? null);
    });
    const coupon = await loader.load(Number(order.id));
    return coupon && toCouponNode(coupon);
  }
}
