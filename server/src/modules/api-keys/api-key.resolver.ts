import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { ApiKey } from "./api-key.entity";
import { maskedSecret, scopesOf, ApiKeyService } from "./api-key.service";
import { ApiKeyNode, CreateApiKeyInput, CreateApiKeyPayload, RevokeApiKeyPayload } from "./api-key.types";

const toApiKeyNode = (key: ApiKey): ApiKeyNode => ({
  id: String(key.id),
  name: key.name,
  scopes: scopesOf(key),
  maskedSecret: maskedSecret(key),
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

@Resolver()
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => [ApiKeyNode], { description: "Your shop's API keys, revoked ones too, newest first. MANAGER or OWNER; no API key may call it." })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyNode[]> {
    return (await this.keys.list(requireCaller(ctx).shopId)).map(toApiKeyNode);
  }

  @Mutation(() => CreateApiKeyPayload, {
    description: "Creates an API key with a name and scopes and returns its secret, this once: only its SHA-256 is kept. MANAGER or OWNER; no API key may call it.",
  })
  async createApiKey(@Arg("input", () => CreateApiKeyInput, { description: "Its name and scopes." }) input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreateApiKeyPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<CreateApiKeyPayload>(
      async () => {
        const { key, secret } = await this.keys.create(caller, input);
        return { apiKey: toApiKeyNode(key), secret };
      },
      { apiKey: null, secret: null },
    );
  }

  @Mutation(() => RevokeApiKeyPayload, {
    description: "Revokes an API key at once: its next request is refused and its open WebSocket connections close. Cannot be undone. MANAGER or OWNER; no API key may call it.",
  })
  async revokeApiKey(@Arg("id", () => ID, { description: "The key (an ApiKey id)." }) id: string, @Ctx() ctx: RequestContext): Promise<RevokeApiKeyPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<RevokeApiKeyPayload>(async () => ({ apiKey: toApiKeyNode(await this.keys.revoke(caller, parseId(id) ?? 0)) }), { apiKey: null });
  }
}
