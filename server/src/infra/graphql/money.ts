import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "An amount of money: an integer in the currency's minor unit (centavos for BRL), never a float.", simpleResolvers: true })
export class Money {
  @Field(() => Int, { description: "Amount in minor units, e.g. 1990 for R$ 19,90." })
  amount!: number;

  @Field({ description: "ISO 4217 currency code, e.g. BRL." })
  currency!: string;
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });
