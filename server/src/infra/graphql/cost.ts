import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  getNamedType,
  getOperationAST,
  isCompositeType,
  isLeafType,
  valueFromAST,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
} from "graphql";
import { Caller } from "./context";
import { ErrorCode } from "./errors";
import { LIMITS } from "../http/limits";

/**
 * The query cost of issue 15 (Shopify's model): a static estimate computed from the document and
 * its variables before anything runs, charged to a leaky bucket per API key and per staff session.
 * The bucket must hold the requested cost for the operation to run; what the answer turns out to
 * hold (`actualQueryCost`) is what is kept, the rest going back (Shopify's rule).
 */
export interface CostWeights {
  mutationCost: number;
  connectionCost: number;
  defaultPageSize: number;
}

const DEFAULT_WEIGHTS: CostWeights = { mutationCost: LIMITS.mutationCost, connectionCost: LIMITS.connectionCost, defaultPageSize: LIMITS.defaultPageSize };

/**
 * The cost of the operation `operationName` of `document`: an object (or list of objects) field 1,
 * a scalar or enum field 0, a connection (a field with a `first` argument) `connectionCost` plus
 * `first` times the cost of what it selects, a root mutation field `mutationCost` plus what its
 * payload selects. Fragments count where they are spread; both branches of @skip/@include count.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  weights: CostWeights = DEFAULT_WEIGHTS,
): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const vars = variables ?? {};

  const fieldDef = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === "__schema" && parent === schema.getQueryType()) return SchemaMetaFieldDef;
    if (name === "__type" && parent === schema.getQueryType()) return TypeMetaFieldDef;
    // A union has no fields of its own (only __typename); its members' fields come through fragments.
    return "getFields" in parent ? parent.getFields()[name] : undefined;
  };

  const pageOf = (field: GraphQLField<unknown, unknown>, node: { arguments?: readonly { name: { value: string }; value: import("graphql").ValueNode }[] }): number | null => {
    const arg = field.args.find((a) => a.name === "first");
    if (!arg) return null;
    const given = node.arguments?.find((a) => a.name.value === "first");
    const value = given ? valueFromAST(given.value, arg.type, vars) : undefined;
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
    return typeof arg.defaultValue === "number" ? arg.defaultValue : weights.defaultPageSize;
  };

  const visited = new Set<string>();
  const selectionCost = (parent: GraphQLCompositeType, set: SelectionSetNode | undefined, isRoot: boolean): number => {
    if (!set) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldDef(parent, selection.name.value);
        if (!field) continue; // __typename, or an unknown field validation refuses anyway
        const named = getNamedType(field.type);
        const children = isCompositeType(named) ? selectionCost(named, selection.selectionSet, false) : 0;
        const page = pageOf(field, selection);
        let cost: number;
        if (isRoot && operation.operation === "mutation") cost = weights.mutationCost + children;
        else if (page !== null && !isLeafType(named)) cost = weights.connectionCost + page * children;
        else cost = (isLeafType(named) ? 0 : 1) + children;
        total += cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(type && isCompositeType(type) ? type : parent, selection.selectionSet, isRoot);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is refused by validation; never loop here.
        if (!fragment || visited.has(fragment.name.value)) continue;
        visited.add(fragment.name.value);
        const type = schema.getType(fragment.typeCondition.name.value);
        total += selectionCost(type && isCompositeType(type) ? type : parent, fragment.selectionSet, isRoot);
        visited.delete(fragment.name.value);
      }
    }
    return total;
  };
  return Math.ceil(selectionCost(root, operation.selectionSet, true));
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** What every response reports in `extensions.cost` (Shopify's shape). */
export interface CostReport {
  requestedQueryCost: number;
  /**
   * What the answer holds, by the same weights: every object in the response 1 (so a connection
   * costs what its returned nodes select, not what `first` could have returned), a mutation field
   * `mutationCost`; never more than requested. The difference goes back to the bucket.
   */
  actualQueryCost: number;
  /** Null for callers without a bucket (the customer's public pages, login). */
  throttleStatus: ThrottleStatus | null;
}

/** Reports already settled (or refused): never settled twice. */
const settled = new WeakSet<CostReport>();

export interface BucketSettings {
  capacity: number;
  /** Points restored per second. */
  restoreRate: number;
  /** The clock the buckets refill by (tests move it). */
  now?: () => number;
  /** False: costs are reported, nothing is throttled (API_COST_LIMITS=false, e.g. benchmarks). */
  enforce?: boolean;
}

export type TakeResult = { ok: true; available: number } | { ok: false; available: number; retryAfterSeconds: number };

/**
 * Where the buckets live: CostBuckets (this instance's memory) or RedisCostBuckets (infra/redis,
 * shared by every instance). Same rules for both: `capacity` points, `restoreRate` back per second,
 * an operation takes its requested cost up front and gets back what its answer did not use.
 */
export interface CostBucketStore {
  readonly capacity: number;
  readonly restoreRate: number;
  readonly enforce: boolean;
  readonly mutationCost: number;
  /** Points left in `key`'s bucket now. */
  available(key: string): number | Promise<number>;
  /** Takes `cost` points, or says how many seconds until there are enough (nothing taken then). */
  take(key: string, cost: number): TakeResult | Promise<TakeResult>;
  /** Gives back points charged but not spent (never above the capacity); returns what is left. */
  refund(key: string, points: number): number | Promise<number>;
}

/** Leaky buckets in memory, one per key (an API key, a staff session); full ones are forgotten. */
export class CostBuckets implements CostBucketStore {
  private readonly buckets = new Map<string, { available: number; at: number }>();
  readonly capacity: number;
  readonly restoreRate: number;
  readonly enforce: boolean;
  readonly mutationCost = LIMITS.mutationCost;
  private readonly now: () => number;

  constructor(settings: BucketSettings = { capacity: LIMITS.costBucketCapacity, restoreRate: LIMITS.costRestoreRate }) {
    this.capacity = settings.capacity;
    this.restoreRate = settings.restoreRate;
    this.enforce = settings.enforce ?? true;
    this.now = settings.now ?? Date.now;
  }

  /** Points left in `key`'s bucket now. */
  available(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    const elapsed = Math.max(0, this.now() - bucket.at) / 1000;
    return Math.min(this.capacity, bucket.available + elapsed * this.restoreRate);
  }

  /** Takes `cost` points, or says how many seconds until there are enough (nothing taken then). */
  take(key: string, cost: number): TakeResult {
    const available = this.available(key);
    if (this.enforce && cost > available) {
      return { ok: false, available, retryAfterSeconds: Math.max(1, Math.ceil((cost - available) / this.restoreRate)) };
    }
    const left = Math.max(0, available - cost);
    this.buckets.set(key, { available: left, at: this.now() });
    if (this.buckets.size > 10_000) this.forgetFull();
    return { ok: true, available: left };
  }

  /** Gives back points charged but not spent (never above the capacity). */
  refund(key: string, points: number): number {
    const available = Math.min(this.capacity, this.available(key) + Math.max(0, points));
    this.buckets.set(key, { available, at: this.now() });
    return available;
  }

  private forgetFull() {
    for (const key of [...this.buckets.keys()]) if (this.available(key) >= this.capacity) this.buckets.delete(key);
  }
}

/** Whose bucket a caller spends: its API key's, or its staff session's; none for anonymous callers. */
export function bucketKey(caller: Caller | null): string | null {
  if (!caller) return null;
  if (caller.apiKey) return `key:${caller.apiKey.id}`;
  if (caller.sessionTokenHash) return `session:${caller.sessionTokenHash}`;
  return null;
}

/** The objects in an answer's data (its root left out). */
function objectsIn(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  // Plain loops: this walks every answer (a page of 50 orders holds about 500 objects).
  let sum = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) sum += objectsIn(value[i]);
    return sum;
  }
  for (const key in value) sum += objectsIn((value as Record<string, unknown>)[key]);
  return sum + 1;
}

/**
 * After an operation is answered: measures what it cost (`actualQueryCost`) and returns the
 * difference to the bucket, so a page with few nodes costs little. A subscription is settled on
 * its first answer only (it was charged once, when it started).
 */
export async function settleOperation(buckets: CostBucketStore, caller: Caller | null, report: CostReport | undefined, data: Record<string, unknown> | null | undefined, mutation: boolean): Promise<void> {
  if (!report || settled.has(report)) return;
  settled.add(report);
  const fields = data ? Object.values(data) : [];
  const measured = fields.reduce((sum: number, value) => sum + objectsIn(value) + (mutation ? buckets.mutationCost - 1 : 0), 0);
  const actual = Math.min(report.requestedQueryCost, Math.max(0, measured));
  report.actualQueryCost = actual;
  const key = bucketKey(caller);
  if (!key || !report.throttleStatus) return;
  report.throttleStatus.currentlyAvailable = Math.floor(await buckets.refund(key, report.requestedQueryCost - actual));
}

export const MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED";

/**
 * Charges an operation before it runs, for both transports: the report for `extensions.cost`, and
 * the error that refuses it (THROTTLED with `retryAfterSeconds`, or MAX_COST_EXCEEDED for a single
 * operation dearer than the bucket holds). A refused operation runs nothing.
 */
export async function chargeOperation(
  buckets: CostBucketStore,
  schema: GraphQLSchema,
  caller: Caller | null,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Promise<{ report: CostReport; error: GraphQLError | null }> {
  const cost = queryCost(schema, document, operation?.name?.value ?? null, variables);
  const key = bucketKey(caller);
  const status = (available: number): ThrottleStatus => ({ maximumAvailable: buckets.capacity, currentlyAvailable: Math.floor(available), restoreRate: buckets.restoreRate });
  if (!key) return { report: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: null }, error: null };
  const refused = (report: CostReport) => (settled.add(report), report);
  if (buckets.enforce && cost > buckets.capacity) {
    return {
      report: refused({ requestedQueryCost: cost, actualQueryCost: 0, throttleStatus: status(await buckets.available(key)) }),
      error: new GraphQLError(`This operation costs ${cost} points, more than the ${buckets.capacity} a bucket holds: ask for smaller pages (\`first\`) or fewer fields.`, {
        extensions: { code: MAX_COST_EXCEEDED, requestedQueryCost: cost, maximumAvailable: buckets.capacity, http: { status: 400 } },
      }),
    };
  }
  const taken = await buckets.take(key, cost);
  if (!taken.ok) {
    return {
      report: refused({ requestedQueryCost: cost, actualQueryCost: 0, throttleStatus: status(taken.available) }),
      error: new GraphQLError(`Throttled: this operation costs ${cost} points and ${Math.floor(taken.available)} are available; ${buckets.restoreRate} come back each second. Retry in ${taken.retryAfterSeconds} s.`, {
        extensions: {
          code: ErrorCode.THROTTLED,
          retryAfterSeconds: taken.retryAfterSeconds,
          http: { status: 429, headers: new Map([["retry-after", String(taken.retryAfterSeconds)]]) },
        },
      }),
    };
  }
  return { report: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: status(taken.available) }, error: null };
}
