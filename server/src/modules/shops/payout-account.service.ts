import { DataCipher } from "../../infra/crypto/data-cipher";
import { Database, Tx } from "../../infra/db/database";
import { Caller } from "../../infra/graphql/context";
import { UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { maskPaymentDetails, openPaymentDetails, PaymentDetails, PaymentDetailsInput, sealPaymentDetails, validatePaymentDetails } from "../payments/payment-details";
import { ShopPayoutAccount } from "./payout-account.entity";

/** The DataCipher context of a shop's payout account: it decrypts only as that shop's account. */
export const payoutAccountContext = (shopId: number) => `shop:${shopId}:payout-account`;

/** The payout account as the merchant's screens show it: masked. */
export interface PayoutAccountView {
  kind: "PIX" | "BANK_ACCOUNT";
  masked: string;
  updatedAt: Date;
}

const toView = (row: ShopPayoutAccount): PayoutAccountView => ({ kind: row.kind, masked: row.detailsMasked, updatedAt: row.updatedAt });

/**
 * The shop's own account for refunds "ao lojista": validated with the same rules as the customer's
 * details (modules/payments), kept encrypted, shown masked.
 */
export class PayoutAccountService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
  ) {}

  async view(shopId: number): Promise<PayoutAccountView | null> {
    const row = await this.db.manager.findOneBy(ShopPayoutAccount, { shopId });
    return row && toView(row);
  }

  /** Sets (or replaces) the account. Refunds made before keep the account they were made with. */
  async set(caller: Caller, input: PaymentDetailsInput): Promise<PayoutAccountView> {
    if (caller.staffUserId === null) {
      throw new UserInputError([userError(null, UserErrorCode.STAFF_ONLY, "Only a signed-in staff user may change where refunds are paid.")]);
    }
    const { details, errors } = validatePaymentDetails(input);
    if (!details) throw new UserInputError(errors);
    const row = Object.assign(new ShopPayoutAccount(), {
      shopId: caller.shopId,
      kind: details.kind,
      details: sealPaymentDetails(this.cipher, details, payoutAccountContext(caller.shopId)),
      detailsMasked: maskPaymentDetails(details),
      updatedByStaffId: caller.staffUserId,
      updatedAt: new Date(),
    });
    await this.db.manager.upsert(ShopPayoutAccount, row, { conflictPaths: ["shopId"], skipUpdateIfNoValuesChanged: false });
    return toView(row);
  }

  /** The account in full, read in the caller's transaction (for a refund to keep a copy of); null when there is none. */
  async detailsFor(tx: Tx, shopId: number): Promise<PaymentDetails | null> {
    const [row] = await tx.query<{ details: string }>("SELECT details FROM shop_payout_account WHERE shop_id = ?", [shopId]);
    return row ? openPaymentDetails(this.cipher, row.details, payoutAccountContext(shopId)) : null;
  }
}
