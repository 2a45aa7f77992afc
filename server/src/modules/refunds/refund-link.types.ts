import { Field, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Money } from "../../infra/graphql/money";
import { BankAccountInput, PixKeyInput } from "../payments/payment-details.types";
import { RefundStatus } from "./refund.entity";
import { RefundNode } from "./refund.types";

@ObjectType({ description: "One refunded item, as the refund link shows it." })
export class RefundRequestLine {
  @Field({ description: "The item's name." })
  name!: string;

  @Field(() => Int, { description: "Units refunded." })
  quantity!: number;

  @Field(() => Money, { description: "Amount refunded for these units." })
  amount!: Money;
}

@ObjectType({ description: "What the holder of a refund link sees: the shop, the order number, the items and amount. No personal data." })
export class RefundRequest {
  @Field({ description: "The shop that owes the refund." })
  shopName!: string;

  @Field(() => Int, { description: "The order's number in that shop." })
  orderNumber!: number;

  @Field(() => Money, { description: "Total refunded, shipping included when the whole order was cancelled." })
  amount!: Money;

  @Field(() => RefundStatus, { description: "AWAITING_CUSTOMER_DETAILS while the form can be filled; READY_FOR_PAYOUT or PAID once used; EXPIRED; LOCKED." })
  status!: RefundStatus;

  @Field({ description: "When the link stops working." })
  expiresAt!: Date;

  @Field(() => [RefundRequestLine], { description: "The refunded items." })
  lines!: RefundRequestLine[];

  @Field({ description: "The language to show the page in: the customer's, else the shop's (pt-BR, en or pl)." })
  locale!: string;
}

@InputType({ description: "The customer's answer on the refund link: their CPF and exactly one of pix or bankAccount." })
export class SubmitRefundDetailsInput {
  @Field({ description: "The token from the link (<PUBLIC_URL>/refund/<token>)." })
  token!: string;

  @Field({ description: "The order's customer's CPF (11 digits or 000.000.000-00). Five wrong ones lock the link." })
  cpf!: string;

  @Field(() => PixKeyInput, { nullable: true, description: "A PIX key to receive the refund; or give bankAccount." })
  pix?: PixKeyInput | null;

  @Field(() => BankAccountInput, { nullable: true, description: "A bank account to receive the refund; or give pix." })
  bankAccount?: BankAccountInput | null;
}

@ObjectType({ description: "Result of submitRefundDetails." })
export class SubmitRefundDetailsPayload {
  @Field(() => RefundRequest, { nullable: true, description: "The refund after the details were received; null when refused." })
  refundRequest!: RefundRequest | null;

  @Field(() => [UserError], {
    description:
      "Why the details were refused (nothing changed, except that CPF_MISMATCH counts an attempt): NOT_FOUND, LINK_USED, LINK_EXPIRED, LINK_LOCKED, INVALID_CPF, CPF_MISMATCH, THROTTLED, or a field of pix / bankAccount.",
  })
  userErrors!: UserError[];

  @Field(() => Int, { nullable: true, description: "With CPF_MISMATCH: wrong CPFs the link still takes; 0 means this one locked it. Null otherwise." })
  attemptsLeft!: number | null;

  @Field(() => Int, { nullable: true, description: "With THROTTLED: seconds to wait before trying again. Null otherwise." })
  retryAfterSeconds!: number | null;
}

@ObjectType({ description: "Result of resendRefundLink." })
export class ResendRefundLinkPayload {
  @Field(() => RefundNode, { nullable: true, description: "The refund, open again for the customer." })
  refund!: RefundNode | null;

  @Field(() => String, { nullable: true, description: "The new link: shown this once, never stored. The previous link stops working." })
  link!: string | null;

  @Field(() => [UserError], { description: "Why the link was not sent; nothing changed then." })
  userErrors!: UserError[];
}
