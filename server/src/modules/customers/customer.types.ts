import { Field, ID, InputType, ObjectType } from "type-graphql";

@ObjectType("Customer", { description: "The person who placed an order." })
export class CustomerNode {
  @Field(() => ID, { description: "The customer's id." })
  id!: string;

  @Field({ description: "Full name as given on the latest order." })
  name!: string;

  @Field({ description: "E-mail address, lower-cased; identifies the customer within the shop." })
  email!: string;

  @Field(() => String, { nullable: true, description: "Phone number as given." })
  phone!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The CPF masked as ***.456.789-**. The full number is never shown to merchants or integrations.",
  })
  maskedCpf!: string | null;

  @Field({ description: "Language for messages to this customer: pt-BR, en or pl." })
  locale!: string;
}

@InputType({ description: "Who is buying. A customer is matched by e-mail within the shop; new details replace old ones." })
export class CustomerInput {
  @Field({ description: "Full name, 1-200 characters." })
  name!: string;

  @Field({ description: "E-mail address." })
  email!: string;

  @Field(() => String, { nullable: true, description: "Brazilian CPF, with or without punctuation; check digits are verified. Needed for refunds to the customer." })
  cpf?: string | null;

  @Field(() => String, { nullable: true, description: "Phone number, up to 32 characters." })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "pt-BR, en or pl; the shop's language when omitted." })
  locale?: string | null;
}
