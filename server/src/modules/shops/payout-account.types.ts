import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { BankAccountInput, PixKeyInput } from "../payments/payment-details.types";

export enum PayoutAccountKind {
  PIX = "PIX",
  BANK_ACCOUNT = "BANK_ACCOUNT",
}
registerEnumType(PayoutAccountKind, { name: "PayoutAccountKind", description: "A PIX key or a bank account." });

@ObjectType({ description: "Where the shop's own refunds are paid (refunds with destination MERCHANT), masked." })
export class PayoutAccount {
  @Field(() => PayoutAccountKind, { description: "A PIX key or a bank account." })
  kind!: PayoutAccountKind;

  @Field({ description: 'Enough to recognise the account, not to use it: "PIX EMAIL ana***@***.com", "341 CHECKING ****-6".' })
  masked!: string;

  @Field({ description: "When it was last set." })
  updatedAt!: Date;
}

@InputType({ description: "The shop's payout account: exactly one of pix or bankAccount, validated like the customer's refund details." })
export class PayoutAccountInput {
  @Field(() => PixKeyInput, { nullable: true, description: "A PIX key; or give bankAccount." })
  pix?: PixKeyInput | null;

  @Field(() => BankAccountInput, { nullable: true, description: "A bank account (bank, branch, account with check digit, type, holder name, holder CPF or CNPJ); or give pix." })
  bankAccount?: BankAccountInput | null;
}

@ObjectType({ description: "Result of setPayoutAccount." })
export class SetPayoutAccountPayload {
  @Field(() => PayoutAccount, { nullable: true, description: "The account now on file (masked); null when refused." })
  payoutAccount!: PayoutAccount | null;

  @Field(() => [UserError], { description: "Why nothing was changed: a field of pix or bankAccount, REQUIRED, INVALID_FORMAT or STAFF_ONLY; empty on success." })
  userErrors!: UserError[];
}
