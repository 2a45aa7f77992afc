import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Connection } from "../../infra/graphql/pagination";
import { WebhookEventType } from "./webhook-events";
import { DeliveryStatus, DisabledReason } from "./webhook.service";

registerEnumType(DeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a webhook delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not delivered yet: waiting for its first try or its next retry (or for an earlier event of the same order)." },
    DELIVERED: { description: "The endpoint answered 2xx." },
    FAILED: { description: "Given up: 8 tries failed, the endpoint answered 4xx (other than 408 and 429), or it was disabled." },
  },
});

registerEnumType(DisabledReason, {
  name: "WebhookDisabledReason",
  description: "Why an endpoint does not receive events.",
  valuesConfig: {
    MANUAL: { description: "Someone disabled it (updateWebhookEndpoint)." },
    FAILING: { description: "Every delivery to it failed for a day, so it was disabled; fix the receiver and enable it again." },
  },
});

@ObjectType("WebhookEndpoint", {
  description: "A URL that receives your shop's events as signed POSTs (Standard Webhooks: headers webhook-id, webhook-timestamp, webhook-signature). The secret is shown only by createWebhookEndpoint and rotateWebhookSecret.",
})
export class WebhookEndpointNode {
  @Field(() => ID, { description: "The endpoint's id." })
  id!: string;

  @Field({ description: "Where events are POSTed (http or https, a public address)." })
  url!: string;

  @Field(() => [WebhookEventType], { description: "The events it receives." })
  eventTypes!: WebhookEventType[];

  @Field({ description: "Whether it receives events now." })
  enabled!: boolean;

  @Field(() => DisabledReason, { nullable: true, description: "Why it is disabled; null while enabled. FAILING is what the app warns about." })
  disabledReason!: DisabledReason | null;

  @Field(() => Date, { nullable: true, description: "When it was disabled; null while enabled." })
  disabledAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "Since when every delivery to it failed; null when the last one succeeded. After a day of this it is disabled." })
  failingSince!: Date | null;

  @Field(() => Date, { nullable: true, description: "During a rotation: until when the previous secret still signs (a second v1 signature); null otherwise." })
  previousSecretExpiresAt!: Date | null;

  @Field({ description: "When it was created." })
  createdAt!: Date;
}

@ObjectType("WebhookDelivery", { description: "One event sent (or to be sent) to one endpoint: the delivery log's row." })
export class WebhookDeliveryNode {
  @Field(() => ID, { description: "The delivery's id, for redeliverWebhook." })
  id!: string;

  @Field({ description: 'The webhook-id header ("msg_…"): the same on every try and redelivery of this event. Receivers de-duplicate on it.' })
  webhookId!: string;

  @Field({ description: 'The event type as sent ("order.placed", or "webhook.test" for sendTestWebhook).' })
  eventType!: string;

  @Field(() => DeliveryStatus, { description: "Where it stands." })
  status!: DeliveryStatus;

  @Field(() => Int, { description: "Tries made so far." })
  attempts!: number;

  @Field(() => Int, { description: "Tries it may take: 8, or 1 for a manual redelivery." })
  maxAttempts!: number;

  @Field(() => Date, { nullable: true, description: "When the next try is due; null once DELIVERED or FAILED." })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was last tried; null before the first try." })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last try; null when no answer came (refused, timed out, not sent)." })
  responseCode!: number | null;

  @Field(() => String, { nullable: true, description: "The start of the last answer's body (at most 1 KB), or why there was none." })
  responseExcerpt!: string | null;

  @Field(() => Int, { nullable: true, description: "How long the last try took, in milliseconds." })
  durationMs!: number | null;

  @Field({ description: "When it was planned." })
  createdAt!: Date;
}

export const WebhookDeliveryConnection = Connection(WebhookDeliveryNode, "WebhookDelivery");

@InputType({ description: "Which deliveries to list." })
export class WebhookDeliveryFilter {
  @Field(() => DeliveryStatus, { nullable: true, description: "Only deliveries in this status." })
  status?: DeliveryStatus | null;

  @Field(() => WebhookEventType, { nullable: true, description: "Only deliveries of this event type." })
  eventType?: WebhookEventType | null;
}

@InputType({ description: "A new webhook endpoint (createWebhookEndpoint)." })
export class CreateWebhookEndpointInput {
  @Field({ description: "The http(s) URL to POST to; its host must resolve to public addresses only (UNSAFE_URL otherwise)." })
  url!: string;

  @Field(() => [WebhookEventType], { description: "The events it receives, at least one." })
  eventTypes!: WebhookEventType[];

  @Field(() => Boolean, { nullable: true, description: "Whether it receives events at once (default true)." })
  enabled?: boolean | null;
}

@InputType({ description: "Changes to a webhook endpoint (updateWebhookEndpoint); omitted fields stay." })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: "A new URL (checked like on creation)." })
  url?: string | null;

  @Field(() => [WebhookEventType], { nullable: true, description: "The events it receives from now on." })
  eventTypes?: WebhookEventType[] | null;

  @Field(() => Boolean, { nullable: true, description: "Enable or disable it. Enabling clears a FAILING disable." })
  enabled?: boolean | null;
}

@ObjectType({ description: "Result of createWebhookEndpoint and rotateWebhookSecret." })
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpointNode, { nullable: true, description: "The endpoint; null when refused." })
  endpoint!: WebhookEndpointNode | null;

  @Field(() => String, { nullable: true, description: 'The signing secret ("whsec_" and base64 of 32 bytes), shown this once: verify deliveries with it (any Standard Webhooks library).' })
  secret!: string | null;

  @Field(() => [UserError], { description: "REQUIRED, INVALID_FORMAT, UNSAFE_URL, OUT_OF_RANGE or NOT_FOUND; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of updateWebhookEndpoint and deleteWebhookEndpoint." })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpointNode, { nullable: true, description: "The endpoint (as it was, for a deletion); null when refused." })
  endpoint!: WebhookEndpointNode | null;

  @Field(() => [UserError], { description: "REQUIRED, INVALID_FORMAT, UNSAFE_URL or NOT_FOUND; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of redeliverWebhook and sendTestWebhook." })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDeliveryNode, { nullable: true, description: "The new delivery, tried at once; null when refused." })
  delivery!: WebhookDeliveryNode | null;

  @Field(() => [UserError], { description: "NOT_FOUND, or INVALID_TRANSITION for a disabled endpoint; empty on success." })
  userErrors!: UserError[];
}
