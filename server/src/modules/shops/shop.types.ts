import { Field, ID, Int, ObjectType } from "type-graphql";

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
