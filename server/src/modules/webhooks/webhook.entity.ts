import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";

/**
 * Where a shop wants events POSTed (issue 15, Standard Webhooks). The signing secret is stored
 * encrypted with the data cipher (we must sign with it, so it cannot be hashed); during a rotation
 * the previous secret signs too until `previousSecretExpiresAt`.
 */
@Entity("webhook_endpoint")
@Index("IDX_webhook_endpoint_shop_id", ["shopId"])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "varchar", length: 2000 })
  url!: string;

  /** Subscribed event types, dotted names separated by commas ("order.placed,order.shipped"). */
  @Column({ type: "varchar", length: 1000 })
  eventTypes!: string;

  /** The secret ("whsec_…"), encrypted (DataCipher, context "webhook-secret:<id>"). */
  @Column({ type: "text" })
  secret!: string;

  @Column({ type: "text", nullable: true })
  previousSecret!: string | null;

  @Column(timestamp({ nullable: true }))
  previousSecretExpiresAt!: Date | null;

  @Column({ type: "boolean" })
  enabled!: boolean;

  /** Why it was disabled: MANUAL (the merchant) or FAILING (a day of failed deliveries). */
  @Column({ type: "varchar", length: 16, nullable: true })
  disabledReason!: string | null;

  @Column(timestamp({ nullable: true }))
  disabledAt!: Date | null;

  /** Since when every delivery attempt failed (null after a success). */
  @Column(timestamp({ nullable: true }))
  failingSince!: Date | null;

  @Column(timestamp())
  createdAt!: Date;

  @Column(timestamp())
  updatedAt!: Date;
}

/**
 * One event prepared for webhooks: its body is fixed when it is prepared, so every attempt (and a
 * manual redelivery) sends the same bytes under the same `webhook-id` ("msg_<id>").
 */
@Entity("webhook_event")
@Index("IDX_webhook_event_source", ["source", "sourceId", "type"], { unique: true })
@Index("IDX_webhook_event_shop_id_id", ["shopId", "id"])
export class WebhookEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  /** Dotted type ("order.placed"). */
  @Column({ type: "varchar", length: 64 })
  type!: string;

  /** What it came from: "order_event", "outbox_message", "stock_movement" or "test", with that row's id. */
  @Column({ type: "varchar", length: 32 })
  source!: string;

  @Column({ type: "integer" })
  sourceId!: number;

  /** The order it is about ("order:42"), so one order's events are delivered in order; null otherwise. */
  @Column({ type: "varchar", length: 64, nullable: true })
  orderKey!: string | null;

  /** The JSON body sent. */
  @Column({ type: "text" })
  body!: string;

  @Column(timestamp())
  createdAt!: Date;
}

/** One event's delivery to one endpoint: its attempts and how the last one went. */
@Entity("webhook_delivery")
@Index("IDX_webhook_delivery_status_next", ["status", "nextAttemptAt"])
@Index("IDX_webhook_delivery_endpoint_id_id", ["endpointId", "id"])
export class WebhookDelivery {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  endpointId!: number;

  @Column({ type: "integer" })
  eventId!: number;

  @Column({ type: "varchar", length: 64 })
  eventType!: string;

  @Column({ type: "varchar", length: 64, nullable: true })
  orderKey!: string | null;

  /** PENDING, DELIVERED or FAILED. */
  @Column({ type: "varchar", length: 16 })
  status!: string;

  @Column({ type: "integer" })
  attempts!: number;

  /** Tries it may take: 8, or 1 for a manual redelivery. */
  @Column({ type: "integer" })
  maxAttempts!: number;

  @Column(timestamp({ nullable: true }))
  nextAttemptAt!: Date | null;

  /** The server instance that claimed it for an attempt (its lease ends at nextAttemptAt); null before the first claim. */
  @Column({ type: "varchar", length: 128, nullable: true })
  leaseOwner!: string | null;

  @Column(timestamp({ nullable: true }))
  lastAttemptAt!: Date | null;

  @Column({ type: "integer", nullable: true })
  responseCode!: number | null;

  /** The start of the response body (at most 1 KB), or why there was none. */
  @Column({ type: "varchar", length: 1024, nullable: true })
  responseExcerpt!: string | null;

  @Column({ type: "integer", nullable: true })
  durationMs!: number | null;

  @Column(timestamp())
  createdAt!: Date;
}

/** The webhooks' read positions in the outbox logs (order_event, outbox_message, stock_movement). */
@Entity("webhook_cursor")
@Index("IDX_webhook_cursor_name", ["name"], { unique: true })
export class WebhookCursor {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 32 })
  name!: string;

  @Column({ type: "integer" })
  lastId!: number;
}

/** Available units per sku as the webhooks last saw them, to tell when it crosses zero. */
@Entity("webhook_stock_state")
@Index("IDX_webhook_stock_state_sku_id", ["skuId"], { unique: true })
export class WebhookStockState {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  skuId!: number;

  @Column({ type: "integer" })
  available!: number;
}

export const webhookEntities = [WebhookEndpoint, WebhookEvent, WebhookDelivery, WebhookCursor, WebhookStockState];
