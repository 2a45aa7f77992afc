import { randomBytes } from "node:crypto";
import { DataCipher } from "../../infra/crypto/data-cipher";
import { Database, isDuplicateKeyError, Statement, Tx } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { refuse, UserErrorCode } from "../../infra/graphql/errors";
import { decodeCursor, encodeCursor, Page } from "../../infra/graphql/pagination";
import { Logger } from "../../infra/logging/logger";
import { ClaimSpec, claimRows } from "../../infra/outbox/claim";
import { INSTANCE_ID } from "../../infra/instance";
import { OutboxMessage, OutboxSource } from "../../infra/outbox/outbox";
import { OrderEventType } from "../orders/order-event.entity";
import { WebhookDelivery, WebhookEndpoint } from "./webhook.entity";
import { fromWireName, SUBJECT, subjectIdOf, TEST_EVENT, WEBHOOK_EVENT_TYPES, WebhookEventType, webhookTypesOf, wireName } from "./webhook-events";
import { AttemptResult, postWebhook, PostOptions } from "./webhook-http";
import { SchemaRenderer } from "./webhook-payloads";
import { parseWebhookUrl, checkWebhookUrl, Lookup, UnsafeUrlError } from "./url-guard";

export enum DeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}

export enum DisabledReason {
  MANUAL = "MANUAL",
  FAILING = "FAILING",
}

/** Tries per event (issue 15: 8 over about 4 hours). */
export const MAX_ATTEMPTS = 8;
/** The wait after the first failed try; each next wait is 2.5 times longer (35 s … 2.4 h; 7 waits ≈ 4 h). */
const FIRST_RETRY_MS = 35_000;
const BACKOFF_FACTOR = 2.5;
/** An endpoint whose every delivery failed for this long is disabled. */
export const DISABLE_AFTER_MS = 24 * 3600_000;
/** How long an attempt holds its delivery; a crash mid-attempt lets it be tried again after this. */
export const ATTEMPT_LEASE_MS = 60_000;
/** Rotation overlap: by default the old secret signs for 24 hours more; at most 7 days. */
const DEFAULT_OVERLAP_HOURS = 24;
const MAX_OVERLAP_HOURS = 168;
const MAX_URL_LENGTH = 2000;
const MAX_ENDPOINTS_PER_SHOP = 20;
/**
 * Deliveries sent at once by one instance: it claims this many at a time (a wave), so what it
 * holds is what it is sending, and a wave ends well within its lease (5 s timeout < 60 s).
 */
export const CONCURRENCY = 8;

/** The wait before try `attempt + 1`, after `attempt` tries failed: exponential, ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = FIRST_RETRY_MS * BACKOFF_FACTOR ** (attempt - 1);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Whether an attempt's outcome is worth another try: no answer, 5xx, 408, 429 (and redirects, which are not followed). */
export const retryable = (status: number | null) => status === null || status >= 500 || status === 408 || status === 429 || (status >= 300 && status < 400);

const secretContext = (endpointId: number) => `webhook-secret:${endpointId}`;
/** A new secret: "whsec_" and base64 of 32 random bytes (Standard Webhooks). */
export const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export interface WebhookServiceOptions {
  now?: () => Date;
  /** WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate?: boolean;
  /** DNS (tests answer names with chosen addresses). */
  lookup?: Lookup;
  /** Per-attempt timeout (5 s). */
  timeoutMs?: number;
  random?: () => number;
  /** This server instance, owner of the deliveries it claims (INSTANCE_ID by default). */
  owner?: string;
  /** How long a claimed delivery is held (ATTEMPT_LEASE_MS by default); above the attempt timeout. */
  leaseMs?: number;
}

export interface DeliveryView extends WebhookDelivery {
  webhookId: string;
}

type DeliveryRow = {
  id: number;
  shop_id: number;
  endpoint_id: number;
  event_id: number;
  attempts: number;
  max_attempts: number;
};

/**
 * Webhook endpoints and their deliveries (issue 15): endpoints with a signing secret (encrypted,
 * rotated with an overlap), events prepared from the outbox (order events, stock movements), one
 * delivery record per endpoint and event, sent with retries by WebhookPipeline.
 */
export class WebhookService {
  private readonly now: () => Date;
  private renderer: SchemaRenderer | null = null;
  private readonly deliveryListeners: Array<() => void> = [];

  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    private readonly options: WebhookServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Called after a delivery was added outside planning (a redelivery, a test event), once it is
   * committed: the sender tries it at once instead of at its next poll.
   */
  onDeliveryAdded(listener: () => void): void {
    this.deliveryListeners.push(listener);
  }

  private deliveryAdded(): void {
    for (const listener of this.deliveryListeners) listener();
  }

  /** The GraphQL schema renders event data (connected by the composition root once the schema is built). */
  useRenderer(renderer: SchemaRenderer): void {
    this.renderer = renderer;
  }

  private guard(): PostOptions {
    return { allowPrivate: this.options.allowPrivate ?? false, lookup: this.options.lookup, timeoutMs: this.options.timeoutMs };
  }

  // ---- Endpoints -----------------------------------------------------------------------------

  async list(shopId: number): Promise<WebhookEndpoint[]> {
    return this.db.manager.find(WebhookEndpoint, { where: { shopId }, order: { id: "ASC" } });
  }

  async find(shopId: number, id: number): Promise<WebhookEndpoint> {
    const endpoint = id > 0 ? await this.db.manager.findOneBy(WebhookEndpoint, { id, shopId }) : null;
    if (!endpoint) throw refuse("id", UserErrorCode.NOT_FOUND, "No such webhook endpoint in your shop.");
    return endpoint;
  }

  private async checkUrl(raw: string): Promise<string> {
    const url = raw.trim();
    if (!url) throw refuse("url", UserErrorCode.REQUIRED, "Give the URL that receives the webhooks.");
    if (url.length > MAX_URL_LENGTH) throw refuse("url", UserErrorCode.OUT_OF_RANGE, `The URL may have at most ${MAX_URL_LENGTH} characters.`);
    try {
      parseWebhookUrl(url);
    } catch (error) {
      throw refuse("url", UserErrorCode.INVALID_FORMAT, (error as Error).message);
    }
    try {
      await checkWebhookUrl(url, this.guard());
    } catch (error) {
      if (error instanceof UnsafeUrlError) throw refuse("url", UserErrorCode.UNSAFE_URL, error.message);
      throw error;
    }
    return url;
  }

  private checkTypes(types: WebhookEventType[]): string {
    const chosen = WEBHOOK_EVENT_TYPES.filter((t) => types.includes(t));
    if (chosen.length === 0) throw refuse("eventTypes", UserErrorCode.REQUIRED, "Choose at least one event.");
    return chosen.map(wireName).join(",");
  }

  /** A new endpoint and its secret, returned here (and on rotation) only. */
  async create(caller: Caller, input: { url: string; eventTypes: WebhookEventType[]; enabled?: boolean | null }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = await this.checkUrl(input.url);
    const eventTypes = this.checkTypes(input.eventTypes);
    const secret = newSecret();
    const now = this.now();
    const endpoint = await this.db.transaction(async (tx) => {
      const [count] = await tx.query<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_endpoint WHERE shop_id = ?", [caller.shopId]);
      if (Number(count?.n ?? 0) >= MAX_ENDPOINTS_PER_SHOP) throw refuse(null, UserErrorCode.OUT_OF_RANGE, `A shop may have at most ${MAX_ENDPOINTS_PER_SHOP} webhook endpoints.`);
      const enabled = input.enabled ?? true;
      const saved = await tx.manager.save(WebhookEndpoint, {
        shopId: caller.shopId,
        url,
        eventTypes,
        secret: "",
        previousSecret: null,
        previousSecretExpiresAt: null,
        enabled,
        disabledReason: enabled ? null : DisabledReason.MANUAL,
        disabledAt: enabled ? null : now,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      });
      // Sealed to its row: copied to another endpoint, it no longer decrypts.
      saved.secret = this.cipher.encrypt(secret, secretContext(saved.id));
      await tx.run("UPDATE webhook_endpoint SET secret = ? WHERE id = ?", [saved.secret, saved.id]);
      return saved;
    });
    return { endpoint, secret };
  }

  async update(caller: Caller, id: number, input: { url?: string | null; eventTypes?: WebhookEventType[] | null; enabled?: boolean | null }): Promise<WebhookEndpoint> {
    const endpoint = await this.find(caller.shopId, id);
    const now = this.now();
    if (input.url != null) endpoint.url = await this.checkUrl(input.url);
    if (input.eventTypes != null) endpoint.eventTypes = this.checkTypes(input.eventTypes);
    if (input.enabled != null && input.enabled !== endpoint.enabled) {
      endpoint.enabled = input.enabled;
      endpoint.disabledReason = input.enabled ? null : DisabledReason.MANUAL;
      endpoint.disabledAt = input.enabled ? null : now;
      endpoint.failingSince = null;
    }
    endpoint.updatedAt = now;
    await this.db.transaction((tx) =>
      tx.run("UPDATE webhook_endpoint SET url = ?, event_types = ?, enabled = ?, disabled_reason = ?, disabled_at = ?, failing_since = ?, updated_at = ? WHERE id = ? AND shop_id = ?", [
        endpoint.url,
        endpoint.eventTypes,
        endpoint.enabled ? 1 : 0,
        endpoint.disabledReason,
        endpoint.disabledAt ? sqlTimestamp(endpoint.disabledAt) : null,
        endpoint.failingSince ? sqlTimestamp(endpoint.failingSince) : null,
        sqlTimestamp(now),
        endpoint.id,
        caller.shopId,
      ]),
    );
    return endpoint;
  }

  /** A new secret; the current one keeps signing (a second signature) for `overlapHours`. */
  async rotate(caller: Caller, id: number, overlapHours?: number | null): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const hours = overlapHours ?? DEFAULT_OVERLAP_HOURS;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_OVERLAP_HOURS) throw refuse("overlapHours", UserErrorCode.OUT_OF_RANGE, `The overlap is 0 to ${MAX_OVERLAP_HOURS} hours.`);
    const endpoint = await this.find(caller.shopId, id);
    const now = this.now();
    const secret = newSecret();
    const current = this.cipher.decrypt(endpoint.secret, secretContext(endpoint.id));
    endpoint.previousSecret = hours > 0 ? this.cipher.encrypt(current, `${secretContext(endpoint.id)}:previous`) : null;
    endpoint.previousSecretExpiresAt = hours > 0 ? new Date(now.getTime() + hours * 3600_000) : null;
    endpoint.secret = this.cipher.encrypt(secret, secretContext(endpoint.id));
    endpoint.updatedAt = now;
    await this.db.transaction((tx) =>
      tx.run("UPDATE webhook_endpoint SET secret = ?, previous_secret = ?, previous_secret_expires_at = ?, updated_at = ? WHERE id = ? AND shop_id = ?", [
        endpoint.secret,
        endpoint.previousSecret,
        endpoint.previousSecretExpiresAt ? sqlTimestamp(endpoint.previousSecretExpiresAt) : null,
        sqlTimestamp(now),
        endpoint.id,
        caller.shopId,
      ]),
    );
    return { endpoint, secret };
  }

  /** Deletes the endpoint; its undelivered deliveries are dropped, its log with it. */
  async delete(caller: Caller, id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.find(caller.shopId, id);
    await this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM webhook_delivery WHERE endpoint_id = ? AND shop_id = ?", [endpoint.id, caller.shopId]);
      await tx.run("DELETE FROM webhook_endpoint WHERE id = ? AND shop_id = ?", [endpoint.id, caller.shopId]);
    });
    return endpoint;
  }

  /** The secrets that sign now: the current one, and the previous one during a rotation's overlap. */
  private secretsOf(endpoint: Pick<WebhookEndpoint, "id" | "secret" | "previousSecret" | "previousSecretExpiresAt">): string[] {
    const secrets = [this.cipher.decrypt(endpoint.secret, secretContext(endpoint.id))];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > this.now().getTime()) {
      secrets.push(this.cipher.decrypt(endpoint.previousSecret, `${secretContext(endpoint.id)}:previous`));
    }
    return secrets;
  }

  // ---- Delivery log --------------------------------------------------------------------------

  /** An endpoint's deliveries, newest first, a page at a time. */
  async deliveries(
    shopId: number,
    endpointId: number,
    options: { first: number; after?: string | null; status?: DeliveryStatus | null; eventType?: WebhookEventType | null },
  ): Promise<Page<DeliveryView>> {
    await this.find(shopId, endpointId);
    const where = ["shop_id = ?", "endpoint_id = ?"];
    const params: unknown[] = [shopId, endpointId];
    if (options.status) (where.push("status = ?"), params.push(options.status));
    if (options.eventType) (where.push("event_type = ?"), params.push(wireName(options.eventType)));
    const countSql = `SELECT COUNT(*) AS n FROM webhook_delivery WHERE ${where.join(" AND ")}`;
    const countParams = [...params];
    const after = decodeCursor(options.after);
    if (after !== null) (where.push("id < ?"), params.push(after));
    const found = await this.db.query<Record<string, unknown>>(`SELECT * FROM webhook_delivery WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`, [...params, options.first + 1]);
    const nodes = found.slice(0, options.first).map(toDelivery);
    return {
      nodes,
      pageInfo: { endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.id) : null, hasNextPage: found.length > options.first },
      countAll: async () => Number((await this.db.query<{ n: number }>(countSql, countParams))[0]?.n ?? 0),
    };
  }

  private async findDelivery(shopId: number, id: number): Promise<DeliveryView> {
    const [row] = id > 0 ? await this.db.query<Record<string, unknown>>("SELECT * FROM webhook_delivery WHERE id = ? AND shop_id = ?", [id, shopId]) : [];
    if (!row) throw refuse("deliveryId", UserErrorCode.NOT_FOUND, "No such webhook delivery in your shop.");
    return toDelivery(row);
  }

  /** Sends a delivered or failed event again, once, under the same webhook-id (a new row in the log). */
  async redeliver(caller: Caller, deliveryId: number): Promise<DeliveryView> {
    const original = await this.findDelivery(caller.shopId, deliveryId);
    const endpoint = await this.find(caller.shopId, original.endpointId);
    if (!endpoint.enabled) throw refuse("deliveryId", UserErrorCode.INVALID_TRANSITION, "The endpoint is disabled: enable it first.");
    const id = await this.db.transaction((tx) => this.insertDelivery(tx, caller.shopId, endpoint.id, original.eventId, original.eventType, original.orderKey, 1));
    this.deliveryAdded();
    return this.findDelivery(caller.shopId, id);
  }

  /** Sends a `webhook.test` event to this endpoint now (whatever it subscribed to). */
  async sendTest(caller: Caller, endpointId: number): Promise<DeliveryView> {
    const endpoint = await this.find(caller.shopId, endpointId);
    if (!endpoint.enabled) throw refuse("endpointId", UserErrorCode.INVALID_TRANSITION, "The endpoint is disabled: enable it first.");
    const now = this.now();
    const prepare = () => this.db.transaction(async (tx) => {
      const body = JSON.stringify({ type: TEST_EVENT, timestamp: now.toISOString(), data: { endpointId: String(endpoint.id), message: "A test event from Ruptura." } });
      // Test events are numbered on their own (the unique key of prepared events is source, source id, type).
      const [last] = await tx.query<{ n: number | null }>("SELECT MAX(source_id) AS n FROM webhook_event WHERE source = ?", ["test"]);
      const eventId = await this.insertEvent(tx, caller.shopId, TEST_EVENT, "test", Number(last?.n ?? 0) + 1, null, body, now);
      return this.insertDelivery(tx, caller.shopId, endpoint.id, eventId, TEST_EVENT, null, MAX_ATTEMPTS);
    });
    let id: number;
    // Two test events at the same moment may take the same number: the second takes the next one.
    for (let attempt = 1; ; attempt++) {
      try {
        id = await prepare();
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= 3) throw error;
      }
    }
    this.deliveryAdded();
    return this.findDelivery(caller.shopId, id);
  }

  private async insertEvent(tx: Tx, shopId: number, type: string, source: string, sourceId: number, orderKey: string | null, body: string, createdAt: Date): Promise<number> {
    const result = await tx.run("INSERT INTO webhook_event (shop_id, type, source, source_id, order_key, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [
      shopId,
      type,
      source,
      sourceId,
      orderKey,
      body,
      sqlTimestamp(createdAt),
    ]);
    return result.firstInsertId;
  }

  private async insertDelivery(tx: Tx, shopId: number, endpointId: number, eventId: number, eventType: string, orderKey: string | null, maxAttempts: number): Promise<number> {
    const now = sqlTimestamp(this.now());
    const result = await tx.run(
      "INSERT INTO webhook_delivery (shop_id, endpoint_id, event_id, event_type, order_key, status, attempts, max_attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
      [shopId, endpointId, eventId, eventType, orderKey, DeliveryStatus.PENDING, maxAttempts, now, now],
    );
    return result.firstInsertId;
  }

  // ---- Planning: outbox -> prepared events and deliveries --------------------------------------

  /** The webhooks' read positions in order_event and stock_movement, held in id order like the other consumers. */
  sources(): OutboxSource[] {
    return [
      this.cursorSource("order_event", "id, shop_id, order_id, type, data, created_at", (r) => ({
        id: Number(r.id),
        shopId: Number(r.shop_id),
        topic: "order_event",
        payload: { orderId: Number(r.order_id), type: r.type, data: parseJson(r.data as string | null), createdAt: fromSqlTimestamp(r.created_at as string).toISOString() },
      })),
      this.cursorSource("stock_movement", "id, shop_id, sku_id, on_hand_delta, allocated_delta, created_at", (r) => ({
        id: Number(r.id),
        shopId: Number(r.shop_id),
        topic: "stock_movement",
        payload: { skuId: Number(r.sku_id), delta: Number(r.on_hand_delta) - Number(r.allocated_delta), createdAt: fromSqlTimestamp(r.created_at as string).toISOString() },
      })),
    ];
  }

  /** The log `name` (a table) read after the planner's position in it, with these columns. */
  private cursorSource(name: string, columns: string, map: (row: Record<string, unknown>) => OutboxMessage): OutboxSource {
    const markStatement = (ids: number[]): Statement => {
      const last = Math.max(...ids);
      return { sql: "UPDATE webhook_cursor SET last_id = ? WHERE name = ? AND last_id < ?", params: [last, name, last] };
    };
    return {
      name: `webhooks:${name}`,
      heldInIdOrder: true,
      pending: async (limit) => {
        // The position, whether anyone listens, and the log's end, in one statement.
        const [state] = await this.db.committedQuery<{ last_id: number | null; listening: number | null; end_id: number | null }>(
          `SELECT (SELECT last_id FROM webhook_cursor WHERE name = ?) AS last_id, (SELECT id FROM webhook_endpoint WHERE enabled = 1 LIMIT 1) AS listening, (SELECT MAX(id) FROM ${name}) AS end_id`,
          [name],
        );
        const last = Number(state?.last_id ?? 0);
        // Nobody listens (the common case): move past the log without reading it, and keep no stock state.
        if (state?.listening === null || state?.listening === undefined) {
          const end = Number(state?.end_id ?? 0);
          if (end > last) {
            const moveOn = { sql: "UPDATE webhook_cursor SET last_id = ? WHERE name = ? AND last_id < ?", params: [end, name, end] };
            const forget = name === "stock_movement" ? [{ sql: "DELETE FROM webhook_stock_state", params: [] }] : [];
            await this.db.autocommit(async (tx) => {
              if (tx.dialect === "mysql") await tx.batch([moveOn, ...forget]);
              else for (const s of [moveOn, ...forget]) await tx.run(s.sql, s.params);
            });
          }
          return [];
        }
        return (await this.db.committedQuery<Record<string, unknown>>(`SELECT ${columns} FROM ${name} WHERE id > ? ORDER BY id LIMIT ?`, [last, limit])).map(map);
      },
      markDispatched: async (ids) => {
        if (ids.length === 0) return;
        const mark = markStatement(ids);
        await this.db.autocommit((tx) => tx.run(mark.sql, mark.params));
      },
      markStatement,
    };
  }

  /** Enabled endpoints by shop, with the dotted types each subscribed to. */
  private async subscribers(shopIds: number[]): Promise<Map<number, Array<{ id: number; types: Set<string> }>>> {
    const byShop = new Map<number, Array<{ id: number; types: Set<string> }>>();
    if (shopIds.length === 0) return byShop;
    const rows = await this.db.committedQuery<{ id: number; shop_id: number; event_types: string }>(
      `SELECT id, shop_id, event_types FROM webhook_endpoint WHERE enabled = ? AND shop_id IN (${placeholders(shopIds.length)}) ORDER BY id`,
      [1, ...shopIds],
    );
    for (const r of rows) byShop.set(Number(r.shop_id), [...(byShop.get(Number(r.shop_id)) ?? []), { id: Number(r.id), types: new Set(r.event_types.split(",")) }]);
    return byShop;
  }

  /**
   * Prepares a delivered batch: each event some endpoint subscribed to gets its body (rendered now)
   * and a delivery per endpoint, in one transaction per event. Idempotent: an event already
   * prepared (a crash before the read position moved) is left alone. Returns how many deliveries.
   */
  async plan(messages: OutboxMessage[]): Promise<number> {
    const subscribers = await this.subscribers([...new Set(messages.map((m) => m.shopId))]);
    let planned = 0;
    const orderEvents = messages.filter((m) => m.topic === "order_event");
    for (const m of orderEvents) {
      const endpoints = subscribers.get(m.shopId);
      if (!endpoints) continue;
      const orderId = Number(m.payload.orderId);
      const data = (m.payload.data as Record<string, unknown> | null) ?? null;
      for (const type of webhookTypesOf(m.payload.type as OrderEventType, data)) {
        const wire = wireName(type);
        const targets = endpoints.filter((e) => e.types.has(wire));
        if (targets.length === 0) continue;
        const subjectId = subjectIdOf(type, orderId, data);
        const object = subjectId !== null && this.renderer ? await this.renderer.render(m.shopId, SUBJECT[type], subjectId) : null;
        const body = JSON.stringify({ type: wire, timestamp: String(m.payload.createdAt), data: object ?? { id: String(subjectId ?? orderId) } });
        planned += await this.prepare(m.shopId, wire, "order_event", m.id, `order:${orderId}`, body, targets.map((t) => t.id));
      }
    }
    planned += await this.planStock(messages.filter((m) => m.topic === "stock_movement"), subscribers);
    return planned;
  }

  private async prepare(shopId: number, type: string, source: string, sourceId: number, orderKey: string | null, body: string, endpointIds: number[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query("SELECT id FROM webhook_event WHERE source = ? AND source_id = ? AND type = ?", [source, sourceId, type]);
      if (existing) return 0;
      const eventId = await this.insertEvent(tx, shopId, type, source, sourceId, orderKey, body, this.now());
      for (const endpointId of endpointIds) await this.insertDelivery(tx, shopId, endpointId, eventId, type, orderKey, MAX_ATTEMPTS);
      return endpointIds.length;
    });
  }

  /**
   * Stock events: a sku's available units crossing zero, read from the stock ledger (one row per
   * change, in the change's transaction). Available after a movement = available before + its
   * delta; the last value seen is kept per sku (webhook_stock_state), and a sku seen the first
   * time starts from the sum of its ledger before the batch.
   */
  private async planStock(movements: OutboxMessage[], subscribers: Map<number, Array<{ id: number; types: Set<string> }>>): Promise<number> {
    if (movements.length === 0) return 0;
    const out = wireName(WebhookEventType.STOCK_OUT_OF_STOCK);
    const back = wireName(WebhookEventType.STOCK_BACK_IN_STOCK);
    const watching = (shopId: number) => (subscribers.get(shopId) ?? []).filter((e) => e.types.has(out) || e.types.has(back));
    const unwatched = [...new Set(movements.map((m) => m.shopId))].filter((s) => watching(s).length === 0);
    // A shop nobody watches keeps no state: it would go stale, and is rebuilt from the ledger when someone subscribes.
    if (unwatched.length) await this.db.autocommit((tx) => tx.run(`DELETE FROM webhook_stock_state WHERE shop_id IN (${placeholders(unwatched.length)})`, unwatched));
    const watched = movements.filter((m) => watching(m.shopId).length > 0);
    if (watched.length === 0) return 0;
    const skuIds = [...new Set(watched.map((m) => Number(m.payload.skuId)))];
    const firstId = watched[0]!.id;
    const known = new Map<number, number>();
    for (const r of await this.db.committedQuery<{ sku_id: number; available: number }>(`SELECT sku_id, available FROM webhook_stock_state WHERE sku_id IN (${placeholders(skuIds.length)})`, skuIds))
      known.set(Number(r.sku_id), Number(r.available));
    const unknown = skuIds.filter((s) => !known.has(s));
    if (unknown.length) {
      const sums = await this.db.committedQuery<{ sku_id: number; available: number | null }>(
        `SELECT sku_id, SUM(on_hand_delta - allocated_delta) AS available FROM stock_movement WHERE sku_id IN (${placeholders(unknown.length)}) AND id < ? GROUP BY sku_id`,
        [...unknown, firstId],
      );
      for (const s of unknown) known.set(s, 0);
      for (const r of sums) known.set(Number(r.sku_id), Number(r.available ?? 0));
    }
    const isNew = new Set(unknown);
    const crossings: Array<{ m: OutboxMessage; type: string }> = [];
    for (const m of watched) {
      const skuId = Number(m.payload.skuId);
      const before = known.get(skuId)!;
      const after = before + Number(m.payload.delta);
      known.set(skuId, after);
      if (before > 0 && after <= 0) crossings.push({ m, type: out });
      else if (before <= 0 && after > 0) crossings.push({ m, type: back });
    }
    let planned = 0;
    for (const { m, type } of crossings) {
      const targets = watching(m.shopId).filter((e) => e.types.has(type));
      if (targets.length === 0) continue;
      const skuId = Number(m.payload.skuId);
      const object = await this.renderSku(m.shopId, skuId);
      const body = JSON.stringify({ type, timestamp: String(m.payload.createdAt), data: object ?? { id: String(skuId) } });
      planned += await this.prepare(m.shopId, type, "stock_movement", m.id, null, body, targets.map((t) => t.id));
    }
    await this.db.autocommit(async (tx) => {
      for (const skuId of skuIds) {
        const shopId = watched.find((m) => Number(m.payload.skuId) === skuId)!.shopId;
        if (isNew.has(skuId)) {
          const [row] = await tx.query("SELECT id FROM webhook_stock_state WHERE sku_id = ?", [skuId]);
          if (!row) {
            await tx.run("INSERT INTO webhook_stock_state (shop_id, sku_id, available) VALUES (?, ?, ?)", [shopId, skuId, known.get(skuId)]);
            continue;
          }
        }
        await tx.run("UPDATE webhook_stock_state SET available = ? WHERE sku_id = ?", [known.get(skuId), skuId]);
      }
    });
    return planned;
  }

  private async renderSku(shopId: number, skuId: number): Promise<Record<string, unknown> | null> {
    if (!this.renderer) return null;
    const [sku] = await this.db.query<{ code: string }>("SELECT code FROM sku WHERE id = ? AND shop_id = ?", [skuId, shopId]);
    return sku ? this.renderer.render(shopId, "sku", skuId, sku.code) : null;
  }

  // ---- Sending ---------------------------------------------------------------------------------

  /**
   * Claims up to `limit` due deliveries for this instance (see infra/outbox/claim.ts): each is
   * leased (lease_owner, and its next try moved the lease ahead), so no other instance takes it
   * until the lease runs out, and a crash mid-attempt means one more try, same webhook-id. A
   * delivery waits while an earlier one of the same order to the same endpoint is still pending,
   * leased or not, so one order's events arrive in order; other orders' go on meanwhile. A disabled
   * endpoint's deliveries wait (a manual disable pauses them; enabling resumes them).
   */
  async claimDue(limit: number): Promise<DeliveryRow[]> {
    const now = this.now();
    const rows = await claimRows<DeliveryRow>(this.db, this.dueClaim(limit, now), this.owner, new Date(now.getTime() + (this.options.leaseMs ?? ATTEMPT_LEASE_MS)));
    return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
  }

  /**
   * Which deliveries are due, in the order they are claimed: by due time along
   * IDX_webhook_delivery_status_next, so a claim locks only the rows it takes (see claimSelect).
   */
  dueClaim(limit: number, now = this.now()): ClaimSpec {
    return {
      columns: "d.id, d.shop_id, d.endpoint_id, d.event_id, d.attempts, d.max_attempts",
      from: "webhook_delivery d",
      where: `d.status = ? AND d.next_attempt_at <= ?
        AND (SELECT e.enabled FROM webhook_endpoint e WHERE e.id = d.endpoint_id) = 1
        AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key AND p.status = ? AND p.id < d.id)`,
      params: [DeliveryStatus.PENDING, sqlTimestamp(now), DeliveryStatus.PENDING],
      orderBy: "d.next_attempt_at, d.id",
      limit,
      table: "webhook_delivery",
      dueColumn: "next_attempt_at",
    };
  }

  private get owner(): string {
    return this.options.owner ?? INSTANCE_ID;
  }

  /**
   * Claims a wave of due deliveries (CONCURRENCY), sends them at once, records each outcome, and
   * returns how many were tried (0: nothing due).
   */
  async sendDue(logger: Logger, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return 0;
    const wave = await this.claimDue(CONCURRENCY);
    let tried = 0;
    await Promise.all(
      wave.map(async (row) => {
        try {
          if (await this.attempt(row, signal)) tried++;
        } catch (error) {
          logger.error({ err: error, deliveryId: row.id }, "webhook delivery failed");
        }
      }),
    );
    return tried;
  }

  /** A claimed delivery not attempted (a stop came first): due again now, for any instance. */
  private async giveBack(row: DeliveryRow): Promise<void> {
    await this.db.autocommit((tx) =>
      tx.run("UPDATE webhook_delivery SET next_attempt_at = ?, lease_owner = NULL WHERE id = ? AND status = ? AND attempts = ? AND lease_owner = ?", [
        sqlTimestamp(this.now()),
        row.id,
        DeliveryStatus.PENDING,
        row.attempts,
        this.owner,
      ]),
    );
  }

  private async attempt(row: DeliveryRow, signal?: AbortSignal): Promise<boolean> {
    const endpoint = await this.db.manager.findOneBy(WebhookEndpoint, { id: Number(row.endpoint_id), shopId: Number(row.shop_id) });
    const [event] = await this.db.query<{ body: string }>("SELECT body FROM webhook_event WHERE id = ?", [row.event_id]);
    if (signal?.aborted) {
      await this.giveBack(row);
      return false;
    }
    if (!endpoint || !event || !endpoint.enabled) {
      // Final: a disabled endpoint's pending deliveries are failed when it is disabled (below); one
      // claimed just before must not go back to PENDING and be retried against it.
      await this.record(row, { status: null, excerpt: "Not sent: the endpoint is disabled.", durationMs: 0 }, false, true);
      return true;
    }
    const result = await postWebhook(
      { url: endpoint.url, id: webhookIdOf(Number(row.event_id)), timestamp: Math.floor(Date.now() / 1000), body: event.body, secrets: this.secretsOf(endpoint) },
      { ...this.guard(), signal },
    );
    // Stopped mid-attempt: recorded as nothing, like a crash; the lease runs out and it goes again.
    if (signal?.aborted) return false;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (await this.record(row, result, ok)) await this.noteEndpointOutcome(endpoint, ok);
    return true;
  }

  private async record(row: DeliveryRow, result: AttemptResult, ok: boolean, final = false): Promise<boolean> {
    const now = this.now();
    const attempts = Number(row.attempts) + 1;
    const again = !ok && !final && retryable(result.status) && attempts < Number(row.max_attempts);
    const status = ok ? DeliveryStatus.DELIVERED : again ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    const next = again ? new Date(now.getTime() + retryDelayMs(attempts, this.options.random)) : null;
    // Only while this instance still holds the lease: one that lost it (it stalled past the lease
    // and another instance claimed the delivery) records nothing; the holder's outcome counts. And
    // only while still PENDING: disabling the endpoint meanwhile failed it for good.
    const recorded = await this.db.autocommit((tx) =>
      tx.run(
        "UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, response_code = ?, response_excerpt = ?, duration_ms = ? WHERE id = ? AND attempts = ? AND lease_owner = ? AND status = ?",
        [status, attempts, next ? sqlTimestamp(next) : null, sqlTimestamp(now), result.status, excerptOf(result.excerpt), result.durationMs, row.id, row.attempts, this.owner, DeliveryStatus.PENDING],
      ),
    );
    return recorded.affected === 1;
  }

  /** A success clears the endpoint's failing streak; a day of failures disables it (the merchant sees why). */
  private async noteEndpointOutcome(endpoint: WebhookEndpoint, ok: boolean): Promise<void> {
    const now = this.now();
    if (ok) {
      if (endpoint.failingSince) await this.db.autocommit((tx) => tx.run("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ?", [endpoint.id]));
      return;
    }
    if (!endpoint.failingSince) {
      await this.db.autocommit((tx) => tx.run("UPDATE webhook_endpoint SET failing_since = ? WHERE id = ? AND failing_since IS NULL", [sqlTimestamp(now), endpoint.id]));
      return;
    }
    if (now.getTime() - endpoint.failingSince.getTime() < DISABLE_AFTER_MS) return;
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE webhook_endpoint SET enabled = ?, disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ? AND enabled = ?", [
        0,
        DisabledReason.FAILING,
        sqlTimestamp(now),
        sqlTimestamp(now),
        endpoint.id,
        1,
      ]);
      await tx.run("UPDATE webhook_delivery SET status = ?, next_attempt_at = NULL, response_excerpt = ? WHERE endpoint_id = ? AND status = ?", [
        DeliveryStatus.FAILED,
        "Not sent: the endpoint was disabled after a day of failed deliveries.",
        endpoint.id,
        DeliveryStatus.PENDING,
      ]);
    });
  }
}

/** The `webhook-id` of a prepared event: the same on every attempt and redelivery. */
export const webhookIdOf = (eventId: number) => `msg_${eventId}`;

const excerptOf = (text: string) => {
  const cut = text.replace(/\s+/g, " ").trim();
  return Buffer.byteLength(cut) <= 1024 ? cut : Buffer.from(cut).subarray(0, 1020).toString("utf8").replace(/\uFFFD$/, "") + "…";
};

function parseJson(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toDelivery(r: Record<string, unknown>): DeliveryView {
  const date = (v: unknown) => (v ? fromSqlTimestamp(v as string) : null);
  return {
    id: Number(r.id),
    shopId: Number(r.shop_id),
    endpointId: Number(r.endpoint_id),
    eventId: Number(r.event_id),
    eventType: String(r.event_type),
    orderKey: (r.order_key as string | null) ?? null,
    status: String(r.status),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    nextAttemptAt: date(r.next_attempt_at),
    lastAttemptAt: date(r.last_attempt_at),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    responseCode: r.response_code == null ? null : Number(r.response_code),
    responseExcerpt: (r.response_excerpt as string | null) ?? null,
    durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
    createdAt: fromSqlTimestamp(r.created_at as string),
    webhookId: webhookIdOf(Number(r.event_id)),
  };
}

export { fromWireName };
