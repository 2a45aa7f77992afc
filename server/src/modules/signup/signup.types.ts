import { Field, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";

@InputType({ description: "A new shop and its owner (signUp). Every wrong field is reported at once in userErrors, under these names." })
export class SignUpInput {
  @Field({ description: "The shop's name (1 to 120 characters), shown to customers in its e-mail." })
  shopName!: string;

  @Field({ description: "The currency all the shop's money is in: BRL, PLN, EUR or USD. Cannot change once there are orders." })
  currency!: string;

  @Field({ description: "The shop's language, for the desk and its customers' e-mail: pt-BR, en or pl." })
  locale!: string;

  @Field({ description: 'IANA time zone the shop\'s dates follow, e.g. "America/Sao_Paulo".' })
  timeZone!: string;

  @Field({ description: "The owner's full name." })
  name!: string;

  @Field({ description: "The owner's login e-mail (any case); a link to confirm it is sent there." })
  email!: string;

  @Field({ description: "The owner's password: at least 10 characters." })
  password!: string;
}

@ObjectType({ description: "Result of `verifyEmail`." })
export class VerifyEmailPayload {
  @Field({ description: "True when the address is now confirmed." })
  verified!: boolean;

  @Field(() => String, { nullable: true, description: "The address the link confirmed." })
  email!: string | null;

  @Field(() => [UserError], { description: "LINK_INVALID (unknown or forged), LINK_USED, LINK_EXPIRED, EMAIL_CHANGED (the account's address changed since); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of `resendVerificationEmail`." })
export class ResendVerificationEmailPayload {
  @Field({ description: "True when a new link is on its way." })
  sent!: boolean;

  @Field(() => Int, { nullable: true, description: "When refused with THROTTLED: seconds to wait before asking again." })
  retryAfterSeconds!: number | null;

  @Field(() => [UserError], { description: "ALREADY_VERIFIED, or THROTTLED after 3 requests an hour from one address; empty otherwise." })
  userErrors!: UserError[];
}

@ObjectType({ description: "The first steps of a new shop, each done or not from the shop's real data (the desk's checklist)." })
export class FirstSteps {
  @Field({ description: "Your e-mail is confirmed (the link sent at sign-up). Until then the shop cannot invite nor e-mail customers." })
  emailVerified!: boolean;

  @Field({ description: "The shop has at least one product (created on the stock page or imported from a CSV)." })
  productsAdded!: boolean;

  @Field({ description: "The shop has a payout account for refunds to the merchant (settings)." })
  payoutAccountSet!: boolean;

  @Field({ description: "Someone besides the first owner is on the team, or has been invited." })
  teamInvited!: boolean;

  @Field({ description: "The shop has created an API key for an integration (settings, API keys), revoked or not." })
  apiKeyCreated!: boolean;

  @Field({ description: "Not a step: the shop has taken its first order (the desk stops showing the list then)." })
  ordersReceived!: boolean;
}
