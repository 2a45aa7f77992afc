import { Caller } from "../../infra/graphql/context";
import { ApiKeyService } from "../api-keys/api-key.service";
import { EmailVerificationService } from "../auth/email-verification.service";
import { TeamService } from "../auth/team.service";
import { CatalogService } from "../catalog/sku.service";
import { OrderService } from "../orders/order.service";
import { PayoutAccountService } from "../shops/payout-account.service";

export interface FirstStepsView {
  emailVerified: boolean;
  productsAdded: boolean;
  payoutAccountSet: boolean;
  teamInvited: boolean;
  ordersReceived: boolean;
  apiKeyCreated: boolean;
}

/** What a new shop has done of its first steps, read from each module's own data. */
export class FirstStepsService {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly catalog: CatalogService,
    private readonly payoutAccounts: PayoutAccountService,
    private readonly team: TeamService,
    private readonly orders: OrderService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async forCaller(caller: Caller): Promise<FirstStepsView> {
    const [emailVerified, productsAdded, payout, team, ordersReceived, apiKeyCreated] = await Promise.all([
      caller.staffUserId ? this.verification.isVerified(caller.shopId, caller.staffUserId) : Promise.resolve(false),
      this.catalog.hasSkus(caller.shopId),
      this.payoutAccounts.view(caller.shopId),
      this.team.team(caller.shopId),
      this.orders.hasOrders(caller.shopId),
      this.apiKeys.hasKeys(caller.shopId),
    ]);
    return { emailVerified, productsAdded, payoutAccountSet: payout !== null, teamInvited: team.members.length > 1 || team.invitations.length > 0, ordersReceived, apiKeyCreated };
  }
}
