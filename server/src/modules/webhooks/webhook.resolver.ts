import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { badUserInput, mutationPayload, UserInputError } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { pageSize } from "../../infra/graphql/pagination";
import { WebhookEndpoint } from "./webhook.entity";
import { fromWireName, WebhookEventType } from "./webhook-events";
import { DeliveryStatus, DeliveryView, DisabledReason, WebhookService } from "./webhook.service";
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnection,
  WebhookDeliveryFilter,
  WebhookDeliveryNode,
  WebhookDeliveryPayload,
  WebhookEndpointNode,
  WebhookEndpointPayload,
  WebhookEndpointSecretPayload,
} from "./webhook.types";

const toEndpointNode = (e: WebhookEndpoint): WebhookEndpointNode => ({
  id: String(e.id),
  url: e.url,
  eventTypes: e.eventTypes
    .split(",")
    .map(fromWireName)
    .filter((t): t is WebhookEventType => !!t),
  enabled: !!e.enabled,
  disabledReason: (e.disabledReason as DisabledReason | null) ?? null,
  disabledAt: e.disabledAt,
  failingSince: e.failingSince,
  previousSecretExpiresAt: e.previousSecretExpiresAt,
  createdAt: e.createdAt,
});

const toDeliveryNode = (d: DeliveryView): WebhookDeliveryNode => ({
  id: String(d.id),
  webhookId: d.webhookId,
  eventType: d.eventType,
  status: d.status as DeliveryStatus,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  responseCode: d.responseCode,
  responseExcerpt: d.responseExcerpt,
  durationMs: d.durationMs,
  createdAt: d.createdAt,
});

@Resolver()
export class WebhookResolver {
  constructor(
    private readonly webhooks: WebhookService,
    private readonly maxPageSize: number,
  ) {}

  @Query(() => [WebhookEndpointNode], { description: "Your shop's webhook endpoints, oldest first. MANAGER or OWNER." })
  async webhookEndpoints(@Ctx() ctx: RequestContext): Promise<WebhookEndpointNode[]> {
    return (await this.webhooks.list(requireCaller(ctx).shopId)).map(toEndpointNode);
  }

  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's delivery log, newest first. MANAGER or OWNER." })
  async webhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Arg("endpointId", () => ID, { description: "The endpoint (a WebhookEndpoint id); another shop's is a BAD_USER_INPUT error." }) endpointId: string,
    @Arg("first", () => Int, { defaultValue: 25, description: "Page size, 1 to 100." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after: string | null,
    @Arg("filter", () => WebhookDeliveryFilter, { nullable: true, description: "Only some statuses or event types." }) filter: WebhookDeliveryFilter | null,
  ) {
    const caller = requireCaller(ctx);
    const page = await this.webhooks
      .deliveries(caller.shopId, parseId(endpointId) ?? 0, { first: pageSize(first, this.maxPageSize), after, status: filter?.status, eventType: filter?.eventType })
      .catch((error) => {
        if (error instanceof UserInputError) throw badUserInput("No such webhook endpoint in your shop.", "endpointId");
        throw error;
      });
    return { ...page, nodes: page.nodes.map(toDeliveryNode) };
  }

  @Mutation(() => WebhookEndpointSecretPayload, { description: "Adds a webhook endpoint and returns its signing secret, this once. MANAGER or OWNER." })
  async createWebhookEndpoint(
    @Arg("input", () => CreateWebhookEndpointInput, { description: "Its URL and events." }) input: CreateWebhookEndpointInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointSecretPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookEndpointSecretPayload>(
      async () => {
        const { endpoint, secret } = await this.webhooks.create(caller, input);
        return { endpoint: toEndpointNode(endpoint), secret };
      },
      { endpoint: null, secret: null },
    );
  }

  @Mutation(() => WebhookEndpointPayload, { description: "Changes an endpoint's URL, events, or whether it is enabled. MANAGER or OWNER." })
  async updateWebhookEndpoint(
    @Arg("id", () => ID, { description: "The endpoint." }) id: string,
    @Arg("input", () => UpdateWebhookEndpointInput, { description: "What changes." }) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookEndpointPayload>(async () => ({ endpoint: toEndpointNode(await this.webhooks.update(caller, parseId(id) ?? 0, input)) }), { endpoint: null });
  }

  @Mutation(() => WebhookEndpointSecretPayload, {
    description:
      "Gives the endpoint a new signing secret, returned this once. The previous one keeps signing for `overlapHours` (default 24): meanwhile webhook-signature carries two v1 signatures, so receivers switch without losing an event. MANAGER or OWNER.",
  })
  async rotateWebhookSecret(
    @Arg("id", () => ID, { description: "The endpoint." }) id: string,
    @Arg("overlapHours", () => Int, { nullable: true, description: "How long the previous secret still signs, 0 to 168 hours (default 24)." }) overlapHours: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointSecretPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookEndpointSecretPayload>(
      async () => {
        const { endpoint, secret } = await this.webhooks.rotate(caller, parseId(id) ?? 0, overlapHours);
        return { endpoint: toEndpointNode(endpoint), secret };
      },
      { endpoint: null, secret: null },
    );
  }

  @Mutation(() => WebhookEndpointPayload, { description: "Deletes an endpoint with its delivery log; what it had not received yet is dropped. MANAGER or OWNER." })
  async deleteWebhookEndpoint(@Arg("id", () => ID, { description: "The endpoint." }) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookEndpointPayload>(async () => ({ endpoint: toEndpointNode(await this.webhooks.delete(caller, parseId(id) ?? 0)) }), { endpoint: null });
  }

  @Mutation(() => WebhookDeliveryPayload, { description: "Sends a delivered or failed event again, once, with the same webhook-id (a new row in the log). MANAGER or OWNER." })
  async redeliverWebhook(@Arg("deliveryId", () => ID, { description: "The delivery to repeat." }) deliveryId: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookDeliveryPayload>(async () => ({ delivery: toDeliveryNode(await this.webhooks.redeliver(caller, parseId(deliveryId) ?? 0)) }), { delivery: null });
  }

  @Mutation(() => WebhookDeliveryPayload, { description: 'Sends a "webhook.test" event to the endpoint now, whatever it subscribed to. MANAGER or OWNER.' })
  async sendTestWebhook(@Arg("endpointId", () => ID, { description: "The endpoint." }) endpointId: string, @Ctx() ctx: RequestContext): Promise<WebhookDeliveryPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<WebhookDeliveryPayload>(async () => ({ delivery: toDeliveryNode(await this.webhooks.sendTest(caller, parseId(endpointId) ?? 0)) }), { delivery: null });
  }
}
