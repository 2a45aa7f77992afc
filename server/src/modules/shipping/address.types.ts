import { Field, InputType, ObjectType } from "type-graphql";

@InputType({
  description:
    "Where the order goes. Texts are trimmed, with no control characters (INVALID_FORMAT). The postal code is checked for the country (INVALID_POSTAL_CODE; a Brazilian CEP is stored as 00000-000); in Brazil `region` is the state's UF (INVALID_REGION).",
})
export class ShippingAddressInput {
  @Field(() => String, { nullable: true, description: "Who receives the parcel, when not the customer; at most 200 characters." })
  recipientName?: string | null;

  @Field({ description: "Street (logradouro); at most 200 characters." })
  street!: string;

  @Field(() => String, { nullable: true, description: "House number (or S/N); at most 20 characters." })
  number?: string | null;

  @Field(() => String, { nullable: true, description: "Apartment, block, reference; at most 100 characters." })
  complement?: string | null;

  @Field(() => String, { nullable: true, description: "District (bairro); at most 100 characters." })
  district?: string | null;

  @Field({ description: "City; at most 100 characters." })
  city!: string;

  @Field(() => String, { nullable: true, description: "State or region; in Brazil required, the UF (e.g. SP)." })
  region?: string | null;

  @Field({ description: "Postal code, valid for the country: a CEP (01310-100 or 01310100), a Polish code (00-950)..." })
  postalCode!: string;

  @Field(() => String, { nullable: true, description: "ISO 3166 alpha-2 country code; the shop's country when omitted (BR for shops in BRL, PL for PLN)." })
  country?: string | null;
}

@ObjectType({ description: "Where an order goes." })
export class ShippingAddressNode {
  @Field(() => String, { nullable: true, description: "Who receives the parcel, when not the customer." })
  recipientName!: string | null;

  @Field({ description: "Street." })
  street!: string;

  @Field(() => String, { nullable: true, description: "House number." })
  number!: string | null;

  @Field(() => String, { nullable: true, description: "Apartment, block, reference." })
  complement!: string | null;

  @Field(() => String, { nullable: true, description: "District (bairro)." })
  district!: string | null;

  @Field({ description: "City." })
  city!: string;

  @Field(() => String, { nullable: true, description: "State or region (in Brazil the UF)." })
  region!: string | null;

  @Field({ description: "Postal code (a CEP as 00000-000)." })
  postalCode!: string;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;
}
