import { Field, ID, InputType, ObjectType } from "type-graphql";

@ObjectType("Customer", { description: "The person who placed an order.", simpleResolvers: true })
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

@InputType({
  description:
    "Who is buying. A customer is matched by e-mail within the shop; new details replace old ones (only when the order is taken in). Texts are trimmed; control characters (C0/C1 controls such as NUL, BEL or ESC, DEL, and bidirectional overrides U+202A-U+202E, U+2066-U+2069) are refused with INVALID_FORMAT.",
})
export class CustomerInput {
  @Field({ description: "Full name, 1-200 characters." })
  name!: string;

  @Field({ description: "E-mail address." })
  email!: string;

  @Field(() => String, { nullable: true, description: "Brazilian CPF as 11 digits or 000.000.000-00 (spaces around are ignored); check digits are verified. Anything else is INVALID_CPF. Needed for refunds to the customer." })
  cpf?: string | null;

  @Field(() => String, { nullable: true, description: "Phone number, up to 32 characters." })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "pt-BR, en or pl; the shop's language when omitted." })
  locale?: string | null;
}
