import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";

@ObjectType("Shop", { description: "The merchant's shop: the tenant every order, sku and customer belongs to." })
export class ShopNode {
  @Field(() => ID, { description: "The shop's id." })
  id!: string;

  @Field({ description: "The shop's display name." })
  name!: string;

  @Field({ description: "ISO 4217 code of the currency all the shop's money is in." })
  currency!: string;

  @Field({ description: "Default language for the shop and its customers: pt-BR, en or pl." })
  locale!: string;

  @Field({ description: "IANA time zone (America/Sao_Paulo) that dates on the desk and in the shop's e-mail follow." })
  timeZone!: string;

  @Field(() => Int, { description: "How many days a refund link sent to a customer stays valid." })
  refundLinkDays!: number;

  @Field({ description: "Whether customers may choose what happens to their order without stock on their order page (on by default for BRL shops; setCustomersMayChoose)." })
  customersMayChoose!: boolean;
}

@InputType({ description: "The shop's settings to change; a field left out (or null) stays as it is." })
export class UpdateShopSettingsInput {
  @Field(() => String, { nullable: true, description: "The shop's display name: 1 to 120 characters, trimmed." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "The shop's language (staff e-mail, and customers whose own is unknown): pt-BR, en or pl." })
  locale?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ISO 4217 code: BRL, PLN, EUR or USD. Only while the shop has taken no order (Shop.currencyLocked); after that CURRENCY_LOCKED.",
  })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: "An IANA time zone (America/Sao_Paulo, Europe/Warsaw, UTC) that dates on the desk and in e-mail follow." })
  timeZone?: string | null;

  @Field(() => Int, { nullable: true, description: "How many days a refund link sent from now on stays valid: 1 to 90. Links already sent keep their expiry." })
  refundLinkDays?: number | null;
}

@ObjectType({ description: "Result of updateShopSettings." })
export class UpdateShopSettingsPayload {
  @Field(() => ShopNode, { nullable: true, description: "The shop with its settings as they are now; null when refused." })
  shop!: ShopNode | null;

  @Field(() => [UserError], {
    description:
      "Why nothing was changed, per field (name, locale, currency, timeZone, refundLinkDays): REQUIRED, OUT_OF_RANGE, INVALID_FORMAT, CURRENCY_LOCKED; STAFF_ONLY. Empty on success.",
  })
  userErrors!: UserError[];
}
