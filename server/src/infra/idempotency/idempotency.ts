import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import {
  FragmentDefinitionNode,
  GraphQLArgument,
  GraphQLError,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  GraphQLString,
  Kind,
  SelectionSetNode,
  defaultFieldResolver,
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from "graphql";
import { Database, isDuplicateKeyError } from "../db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../db/dialect";
import { RequestContext } from "../graphql/context";
import { badUserInput, UserErrorCode, userError } from "../graphql/errors";

/** The argument every idempotent mutation takes. */
export const IDEMPOTENCY_ARG = "idempotencyKey";
export const IDEMPOTENCY_KEY_MAX_LENGTH = 100;
/** How long a key is kept, per shop: a retry within this window replays; after it, the key is new. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/**
 * A retry that arrives while the first call with its key still runs waits for that call's answer
 * this long, then is refused with IDEMPOTENCY_KEY_IN_PROGRESS (nothing done).
 */
export const IDEMPOTENCY_WAIT_MS = 5000;
/**
 * Largest stored response (the column is TEXT: 65,535 bytes on MySQL/MariaDB), compressed. A
 * larger one is not kept: its retries answer IDEMPOTENT_ANSWER_NOT_KEPT (done once, read it back).
 */
export const MAX_STORED_RESPONSE_BYTES = 60_000;
/**
 * A claim whose call neither committed a change nor answered in this long was cut short (the
 * server stopped before its transaction committed): its key is free again.
 */
export const ABANDONED_CLAIM_MS = 10 * 60_000;
const NOT_KEPT = "-";

/** Responses are stored deflated and base64-encoded ("z:" + data): a page of skus shrinks about tenfold. */
const pack = (response: unknown): string => {
  const packed = "z:" + deflateRawSync(Buffer.from(JSON.stringify(response ?? null), "utf8")).toString("base64");
  return packed.length > MAX_STORED_RESPONSE_BYTES ? NOT_KEPT : packed;
};
/** A stored response as it was answered. */
export const unpack = (stored: string): unknown => (stored.startsWith("z:") ? JSON.parse(inflateRawSync(Buffer.from(stored.slice(2), "base64")).toString("utf8")) : JSON.parse(stored));

/**
 * Payload fields never kept in a stored response (a secret shown once: an API key's secret, a
 * refund link, a session token, the customer's page link): a replay answers null there.
 */
export const UNSTORED_FIELDS = new Set(["secret", "token", "link", "refundLink", "customerPageLink"]);

/**
 * How a mutation takes part: IDEMPOTENT takes `idempotencyKey` and is replayed by this mechanism;
 * OWN takes it too but keeps its own (placeOrder: the key is on the order, in its transaction);
 * EXEMPT does not take it, for the reason given.
 */
export type IdempotencyRule = { kind: "IDEMPOTENT" } | { kind: "OWN"; how: string } | { kind: "EXEMPT"; reason: string };

/** The idempotent calls of one operation (HTTP request or WebSocket operation), stored once it is answered. */
export interface IdempotencyState {
  pending: Array<{ id: number; responseKey: string; selectionSet: SelectionSetNode | undefined; fragments: Record<string, FragmentDefinitionNode> }>;
}

type Claim = { kind: "claimed"; id: number } | { kind: "reused" } | { kind: "replay"; response: unknown } | { kind: "in_progress" } | { kind: "not_kept" };

/** The idempotency_record table: claims a key before the call runs, stores its answer after. */
export class IdempotencyStore {
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly waitMs = IDEMPOTENCY_WAIT_MS,
  ) {}

  /**
   * Claims (shop, operation, key) for this call, with one INSERT: the unique index decides between
   * concurrent calls, so exactly one runs. Another call's key answers its stored response (same
   * input), IDEMPOTENCY_KEY_REUSED (another input), or, while that call still runs and after
   * waiting for it, in_progress. A key older than the retention is forgotten and claimed anew.
   */
  async claim(shopId: number, operation: string, key: string, requestHash: string): Promise<Claim> {
    await this.sweepNow();
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const now = this.now();
      try {
        const inserted = await this.db.autocommit((tx) =>
          tx.run("INSERT INTO idempotency_record (shop_id, operation, idempotency_key, request_hash, response, created_at) VALUES (?, ?, ?, ?, NULL, ?)", [
            shopId,
            operation,
            key,
            requestHash,
            sqlTimestamp(now),
          ]),
        );
        return { kind: "claimed", id: inserted.firstInsertId };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const [row] = await this.db.query<{ id: number; request_hash: string; response: string | null; created_at: string | Date; committed_at: string | Date | null }>(
        "SELECT id, request_hash, response, created_at, committed_at FROM idempotency_record WHERE shop_id = ? AND operation = ? AND idempotency_key = ?",
        [shopId, operation, key],
      );
      if (!row) continue; // released meanwhile (the other call failed): claim again
      const age = now.getTime() - fromSqlTimestamp(row.created_at).getTime();
      const abandoned = row.response === null && row.committed_at === null && age > ABANDONED_CLAIM_MS;
      if (age > IDEMPOTENCY_RETENTION_HOURS * 3600_000 || abandoned) {
        await this.db.autocommit((tx) => tx.run("DELETE FROM idempotency_record WHERE id = ? AND created_at = ?", [row.id, sqlTimestamp(fromSqlTimestamp(row.created_at))]));
        continue;
      }
      if (row.request_hash !== requestHash) return { kind: "reused" };
      if (row.response === NOT_KEPT) return { kind: "not_kept" };
      // Committed long ago and never answered: the server stopped in between; the change was made.
      if (row.response === null && row.committed_at !== null && age > ABANDONED_CLAIM_MS) return { kind: "not_kept" };
      if (row.response !== null) return { kind: "replay", response: unpack(row.response) };
      if (Date.now() >= deadline) return { kind: "in_progress" };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Runs the call so that its first committed transaction marks the claim, in that transaction. */
  runMarked<T>(id: number, work: () => Promise<T>): Promise<T> {
    return this.db.withFirstCommit((tx) => tx.run("UPDATE idempotency_record SET committed_at = ? WHERE id = ?", [sqlTimestamp(this.now()), id]).then(() => undefined), work);
  }

  async complete(id: number, response: unknown): Promise<void> {
    await this.db.autocommit((tx) => tx.run("UPDATE idempotency_record SET response = ? WHERE id = ?", [pack(response), id]));
  }

  /**
   * The call failed with a GraphQL error: its key is free again when no transaction of it
   * committed; otherwise the change stays done once and its retries answer IDEMPOTENT_ANSWER_NOT_KEPT.
   */
  async release(id: number): Promise<void> {
    await this.db.autocommit(async (tx) => {
      const freed = await tx.run("DELETE FROM idempotency_record WHERE id = ? AND response IS NULL AND committed_at IS NULL", [id]);
      // A change was committed before the failure: never run again; its retries say it was done.
      if (freed.affected === 0) await tx.run("UPDATE idempotency_record SET response = ? WHERE id = ? AND response IS NULL", [NOT_KEPT, id]);
    });
  }

  /** Forgets keys older than the retention; returns how many. */
  async sweep(): Promise<number> {
    const before = new Date(this.now().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3600_000);
    const done = await this.db.autocommit((tx) => tx.run("DELETE FROM idempotency_record WHERE created_at < ?", [sqlTimestamp(before)]));
    return done.affected;
  }

  /** At most every ten minutes, on the way of a claim. */
  private async sweepNow() {
    const at = this.now().getTime();
    if (Math.abs(at - this.lastSweep) < 600_000) return;
    this.lastSweep = at;
    await this.sweep();
  }
}

/** SHA-256 of the operation and its arguments (the key left out), with object keys sorted. */
export function requestHash(operation: string, args: Record<string, unknown>): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.keys(value)
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash("sha256").update(JSON.stringify([operation, canonical(args)])).digest("hex");
}

/** A stored response being answered again: every field below it reads its value from the JSON. */
class Replayed {
  constructor(readonly json: Record<string, unknown>) {}
}

/** Turns a stored JSON value back into what the field's type serializes (enums' and scalars' inner values). */
function revive(type: GraphQLOutputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return revive(type.ofType, value);
  if (isListType(type)) return Array.isArray(value) ? value.map((item) => revive(type.ofType, item)) : value;
  if (isEnumType(type)) return type.parseValue(value);
  if (isScalarType(type)) return type.parseValue(value);
  if (isLeafType(type)) return value;
  return new Replayed(value as Record<string, unknown>);
}

function replayedField(source: Replayed, info: GraphQLResolveInfo): unknown {
  const key = info.path.key as string;
  if (info.fieldName === "__typename") return info.parentType.name;
  if (!(key in source.json)) {
    throw new GraphQLError(`${key} was not selected by the original call with this idempotencyKey: a replay answers what the original response held (send the same document).`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return revive(info.returnType, source.json[key]);
}

/** The stored response with the fields in UNSTORED_FIELDS set to null, however aliased. */
export function withoutSecrets(value: unknown, selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>): unknown {
  if (value === null || typeof value !== "object" || !selectionSet) return value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, selectionSet, fragments));
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!(key in out)) continue;
        out[key] = UNSTORED_FIELDS.has(selection.name.value) ? null : withoutSecrets(out[key], selection.selectionSet, fragments);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return out;
}

/** A payload refusing the call: its userErrors, every other field empty (null, [], 0, false). */
function refusalPayload(field: GraphQLField<unknown, unknown>, code: UserErrorCode, message: string): Record<string, unknown> {
  const payload = getNamedType(field.type);
  const out: Record<string, unknown> = { userErrors: [userError(IDEMPOTENCY_ARG, code, message)] };
  if (!isObjectType(payload)) return out;
  for (const f of Object.values(payload.getFields())) {
    if (f.name === "userErrors") continue;
    if (!isNonNullType(f.type)) out[f.name] = null;
    else if (isListType(f.type.ofType)) out[f.name] = [];
    else if (f.type.ofType === GraphQLString) out[f.name] = "";
    else if (getNamedType(f.type).name === "Boolean") out[f.name] = false;
    else out[f.name] = 0;
  }
  return out;
}

/**
 * The mechanism of issue 15 for every mutation that creates or moves something, on both
 * transports: adds the `idempotencyKey` argument to each IDEMPOTENT and OWN mutation of `rules` and
 * (with a store) wraps its resolver. A call with a key claims it first (one INSERT on a unique
 * index); a retry with the same key and input answers the original response, even a refusal
 * (userErrors), without running again; the same key with another input is refused
 * (IDEMPOTENCY_KEY_REUSED). The response is stored when the operation is answered
 * (`storeIdempotentResponses`, called by both transports); a call that failed with a GraphQL error
 * frees its key. Every object field of the schema learns to answer from a stored response.
 */
export function enforceIdempotency(schema: GraphQLSchema, rules: Record<string, IdempotencyRule>, store: IdempotencyStore | null): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  for (const field of Object.values(mutation.getFields())) {
    const rule = rules[field.name];
    if (!rule || rule.kind === "EXEMPT") continue;
    if (!field.args.some((a) => a.name === IDEMPOTENCY_ARG)) {
      const arg: GraphQLArgument = {
        name: IDEMPOTENCY_ARG,
        description:
          `Optional, up to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, unique per call you mean (e.g. your own request id): a retry with the same key ` +
          `within ${IDEMPOTENCY_RETENTION_HOURS} hours answers the original response and does nothing again; the same key with another input ` +
          "is refused with IDEMPOTENCY_KEY_REUSED.",
        type: GraphQLString,
        defaultValue: undefined,
        deprecationReason: undefined,
        extensions: {},
        astNode: undefined,
      };
      (field.args as GraphQLArgument[]).push(arg);
    }
    if (!store) continue;
    const inner: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = rule.kind === "OWN" ? ownKey(inner) : idempotent(field, inner, store);
  }
  if (!store) return schema;
  // Any object field may be reached from a replayed response (payloads nest orders, refunds...).
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type === mutation || type === schema.getQueryType() || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields())) {
      const inner = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => (source instanceof Replayed ? replayedField(source, info) : inner(source, args, ctx, info));
    }
  }
  return schema;
}

const validKey = (key: unknown): string | null => {
  if (key === null || key === undefined) return null;
  if (typeof key !== "string" || key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(key)) {
    throw badUserInput(`idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters without control characters.`, IDEMPOTENCY_ARG);
  }
  return key;
};

/** placeOrder keeps its own mechanism: the argument is its input's `idempotencyKey`. */
function ownKey(inner: GraphQLFieldResolver<unknown, RequestContext>): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args, ctx, info) => {
    const { [IDEMPOTENCY_ARG]: raw, ...rest } = args;
    const key = validKey(raw);
    if (key === null) return inner(source, rest, ctx, info);
    const input = (rest.input ?? {}) as Record<string, unknown>;
    if (input.idempotencyKey && input.idempotencyKey !== key) throw badUserInput("idempotencyKey and input.idempotencyKey differ: send one of them.", IDEMPOTENCY_ARG);
    return inner(source, { ...rest, input: { ...input, idempotencyKey: key } }, ctx, info);
  };
}

function idempotent(field: GraphQLField<unknown, unknown>, inner: GraphQLFieldResolver<unknown, RequestContext>, store: IdempotencyStore): GraphQLFieldResolver<unknown, RequestContext> {
  return async (source, args, ctx, info) => {
    const { [IDEMPOTENCY_ARG]: raw, ...rest } = args;
    const key = validKey(raw);
    const shopId = ctx.caller?.shopId;
    if (key === null || shopId === undefined) return inner(source, rest, ctx, info);
    const claim = await store.claim(shopId, field.name, key, requestHash(field.name, rest));
    if (claim.kind === "reused") {
      return refusalPayload(field, UserErrorCode.IDEMPOTENCY_KEY_REUSED, `This idempotencyKey was already used for ${field.name} with a different input; nothing was done.`);
    }
    if (claim.kind === "in_progress") {
      return refusalPayload(field, UserErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, `A call to ${field.name} with this idempotencyKey is still running; nothing was done. Retry in a moment for its answer.`);
    }
    if (claim.kind === "not_kept") {
      return refusalPayload(field, UserErrorCode.IDEMPOTENT_ANSWER_NOT_KEPT, `The call to ${field.name} with this idempotencyKey was done once; its answer was not kept (too large, or the call failed after its change was committed): read the result with a query.`);
    }
    if (claim.kind === "replay") return revive(info.returnType, claim.response);
    let result: unknown;
    try {
      result = await store.runMarked(claim.id, async () => inner(source, rest, ctx, info));
    } catch (error) {
      await store.release(claim.id);
      throw error;
    }
    const state = (ctx.idempotency ??= { pending: [] });
    state.pending.push({ id: claim.id, responseKey: info.path.key as string, selectionSet: info.fieldNodes[0]?.selectionSet, fragments: info.fragments });
    return result;
  };
}

/**
 * After an operation is answered (both transports, before the answer is sent): stores each
 * idempotent call's part of the response, or frees its key when the call itself failed (its field
 * is null with an error on its path: nothing was done).
 */
export async function storeIdempotentResponses(
  store: IdempotencyStore | null,
  ctx: RequestContext,
  data: Record<string, unknown> | null | undefined,
  errors: ReadonlyArray<{ path?: ReadonlyArray<string | number> }> | undefined,
): Promise<void> {
  const pending = ctx.idempotency?.pending.splice(0) ?? [];
  if (!store) return;
  for (const call of pending) {
    const value = data?.[call.responseKey];
    const failed = (value === null || value === undefined) && (errors ?? []).some((e) => e.path?.[0] === call.responseKey);
    if (failed) await store.release(call.id);
    else await store.complete(call.id, withoutSecrets(value ?? null, call.selectionSet, call.fragments));
  }
}
