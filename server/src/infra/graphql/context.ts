import DataLoader from "dataloader";
import { unauthenticated } from "./errors";
import type { CostReport } from "./cost";
import type { IdempotencyState } from "../idempotency/idempotency";

export type ActorKind = "STAFF" | "API_KEY" | "SYSTEM" | "CUSTOMER";

/** Who is acting: recorded on every event and stock movement. */
export interface Actor {
  type: ActorKind;
  id: number | null;
  name: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "SYSTEM", id: null, name: null };

/** The authenticated caller: a shop and the actor within it. */
export interface Caller {
  shopId: number;
  /** The shop's currency, which every amount the caller sees is in. */
  shopCurrency: string;
  /** The shop's default language. */
  shopLocale: string;
  actor: Actor;
  staffUserId: number | null;
  /** The staff user's role (OWNER, MANAGER, OPERATOR; see modules/auth/roles.ts), null for other callers. */
  role?: string | null;
  /** The bearer token's hash, so logout can end exactly this session. */
  sessionTokenHash: string | null;
  /**
   * Set when the caller is an API key (issue 15): its id and scopes (ApiScope values). A key is ruled
   * by the scope map (modules/auth/scopes.ts), not by roles; `sessionTokenHash` is its secret's hash,
   * so revoking it ends it like a session (cache evicted, open WebSockets closed).
   */
  apiKey?: { id: number; scopes: readonly string[] } | null;
  /** When the session stops being valid (an open WebSocket is closed then). */
  sessionExpiresAt?: Date;
}

/**
 * A request's batch loader: the rows a page read with itself (primed) are answered at once, the
 * rest batched by a DataLoader, one query per batch. A page of 50 orders resolves about 250
 * customers, lines and skus; answered without a promise each, graphql-js completes them in the same
 * pass instead of one microtask (and one async-hook round, AsyncLocalStorage being on) per field.
 */
export class BatchLoader<K, V> {
  private readonly primed = new Map<K, V>();
  private readonly loader: DataLoader<K, V>;

  constructor(batch: (keys: readonly K[]) => Promise<Array<V | Error>>) {
    this.loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
  }

  /** The value for `key`: itself when primed, else a promise of the batch it joins. */
  load(key: K): V | Promise<V> {
    return this.primed.has(key) ? (this.primed.get(key) as V) : this.loader.load(key);
  }

  /** A row already read: `load` answers it without a query. */
  prime(key: K, value: V): this {
    this.primed.set(key, value);
    return this;
  }
}

/** `f` of a value that may still be a promise, without making one when it is not. */
export function andThen<T, R>(value: T | Promise<T>, f: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/**
 * Per-request loaders, created on first use under a key the feature chooses, so a page of
 * orders loads its lines, skus and customers in one query each, whatever the page size.
 */
export class Loaders {
  private readonly loaders = new Map<string, BatchLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<Array<V | Error>>): BatchLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new BatchLoader<K, V>(batch) as BatchLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as BatchLoader<K, V>;
  }
}

export interface RequestContext {
  caller: Caller | null;
  loaders: Loaders;
  /** The client's IP address (behind a proxy, as TRUST_PROXY allows); login throttling keys on it. */
  clientAddress?: string | null;
  /** The client's User-Agent header (cut to 255 characters): the device a session is listed with. */
  userAgent?: string | null;
  /** The operation's cost, charged before it ran (reported in `extensions.cost`). */
  cost?: CostReport;
  /** Idempotent mutations of this operation whose responses are stored once it is answered. */
  idempotency?: IdempotencyState;
  /** The request's id (X-Request-Id, or generated): its log lines carry it. */
  requestId?: string;
}

/**
 * A subscription keeps one context for its whole life, and its DataLoaders would serve every pushed
 * event the rows cached for the first one. Each event's root resolver starts from empty loaders.
 * (Events of one subscription are executed one after another, so this cannot cut into another.)
 */
export function startSubscriptionEvent(ctx: RequestContext): void {
  ctx.loaders = new Loaders();
}

/** The caller, or an UNAUTHENTICATED GraphQL error. */
export function requireCaller(ctx: RequestContext): Caller {
  if (!ctx.caller) throw unauthenticated();
  return ctx.caller;
}
