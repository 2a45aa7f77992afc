import { Field, ID, InputType, ObjectType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { ApiScope } from "../auth/scopes";

@ObjectType("ApiKey", { description: "A key an integration (storefront, marketplace, ERP) calls the API with, as `Authorization: Bearer <secret>`. The secret itself is shown only once, by createApiKey." })
export class ApiKeyNode {
  @Field(() => ID, { description: "The key's id, for revokeApiKey." })
  id!: string;

  @Field({ description: "Its name, shown as the actor on order timelines and stock history for what it does." })
  name!: string;

  @Field(() => [ApiScope], { description: "What it may do; an operation needing another scope is refused with FORBIDDEN naming the scope." })
  scopes!: ApiScope[];

  @Field({ description: 'The secret masked, to recognise it: its prefix and last four characters ("rpt_live_…AbC9").' })
  maskedSecret!: string;

  @Field({ description: "When it was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was last used (to the minute); null if never." })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was revoked; null while it works. A revoked key is refused at once and cannot be restored." })
  revokedAt!: Date | null;
}

@InputType({ description: "A new API key (createApiKey)." })
export class CreateApiKeyInput {
  @Field({ description: "What it is for (1 to 80 characters): the actor's name on what it does." })
  name!: string;

  @Field(() => [ApiScope], { description: "What it may do, at least one scope." })
  scopes!: ApiScope[];
}

@ObjectType({ description: "Result of createApiKey." })
export class CreateApiKeyPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: "The new key; null when refused." })
  apiKey!: ApiKeyNode | null;

  @Field(() => String, { nullable: true, description: "The key's secret, shown this once and never again (only its SHA-256 is stored): send it as `Authorization: Bearer <secret>`." })
  secret!: string | null;

  @Field(() => [UserError], { description: "REQUIRED for a missing name or no scope; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of revokeApiKey." })
export class RevokeApiKeyPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: "The key, now revoked; null when refused." })
  apiKey!: ApiKeyNode | null;

  @Field(() => [UserError], { description: "NOT_FOUND for a key that is not your shop's; empty on success." })
  userErrors!: UserError[];
}
