import { createHash, randomBytes } from "node:crypto";
import { Database } from "../../infra/db/database";
import { fromSqlTimestamp, sqlTimestamp } from "../../infra/db/dialect";
import { Caller } from "../../infra/graphql/context";
import { refuse, UserErrorCode } from "../../infra/graphql/errors";
import { SessionEvents } from "../../infra/http/sessions";
import { ApiScope, isApiScope } from "../auth/scopes";
import { ApiKey } from "./api-key.entity";

/** Every key's secret starts with this, so it is recognisable (in logs, by secret scanners) and told apart from a session token. */
export const API_KEY_PREFIX = "rpt_live_";

/** How often a key's last_used_at is written. */
const LAST_USED_EVERY_MS = 60_000;
const MAX_NAME_LENGTH = 80;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Whether a bearer token is an API key's secret (else it may be a staff session's token). */
export const isApiKeySecret = (token: string) => token.startsWith(API_KEY_PREFIX);

export const scopesOf = (key: Pick<ApiKey, "scopes">): ApiScope[] => key.scopes.split(",").filter(isApiScope);

/** What the list shows of a secret: "rpt_live_…AbC9". */
export const maskedSecret = (key: Pick<ApiKey, "prefix" | "lastFour">) => `${key.prefix}…${key.lastFour}`;

export interface ApiKeyServiceOptions {
  /** Where a revoked key is announced, like an ended session: cached callers forget it, its WebSockets close. */
  sessionEvents: SessionEvents;
  now?: () => Date;
}

/**
 * API keys (issue 15): created by an OWNER or MANAGER with a name and scopes, the secret shown once
 * and stored as its SHA-256, revoked at once. Who may manage them is the role map's (access.ts);
 * what a key may call is the scope map's (auth/scopes.ts).
 */
export class ApiKeyService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly options: ApiKeyServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A new key; `secret` is returned here and never again. */
  async create(caller: Caller, input: { name: string; scopes: string[] }): Promise<{ key: ApiKey; secret: string }> {
    if (caller.staffUserId === null) throw refuse(null, UserErrorCode.STAFF_ONLY, "Only a signed-in staff user may create API keys.");
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH) throw refuse("name", UserErrorCode.REQUIRED, `Give the key a name (at most ${MAX_NAME_LENGTH} characters).`);
    const scopes = [...new Set(input.scopes)].filter(isApiScope);
    if (scopes.length === 0) throw refuse("scopes", UserErrorCode.REQUIRED, "Choose at least one scope.");
    // Kept in the enum's order, whatever order they came in.
    const ordered = (Object.values(ApiScope) as ApiScope[]).filter((s) => scopes.includes(s));
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
    const key = await this.db.transaction((tx) =>
      tx.manager.save(ApiKey, {
        shopId: caller.shopId,
        name,
        scopes: ordered.join(","),
        secretHash: hashSecret(secret),
        prefix: API_KEY_PREFIX,
        lastFour: secret.slice(-4),
        createdBy: caller.staffUserId!,
        createdAt: this.now(),
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { key, secret };
  }

  /** The shop's keys, revoked ones too, newest first. */
  async list(shopId: number): Promise<ApiKey[]> {
    return this.db.manager.find(ApiKey, { where: { shopId }, order: { id: "DESC" } });
  }

  /** Whether the shop has ever created a key (a first step). */
  async hasKeys(shopId: number): Promise<boolean> {
    return this.db.manager.existsBy(ApiKey, { shopId });
  }

  /**
   * Revokes a key at once: refused from the next request on, on every instance that hears the
   * announcement (the auth cache forgets it, its open WebSockets close). Revoking twice is harmless.
   */
  async revoke(caller: Caller, id: number): Promise<ApiKey> {
    const key = await this.db.manager.findOneBy(ApiKey, { id, shopId: caller.shopId });
    if (!key) throw refuse("id", UserErrorCode.NOT_FOUND, "No such API key in your shop.");
    if (!key.revokedAt) {
      const now = this.now();
      await this.db.transaction((tx) => tx.run("UPDATE api_key SET revoked_at = ? WHERE id = ? AND shop_id = ? AND revoked_at IS NULL", [sqlTimestamp(now), key.id, caller.shopId]));
      key.revokedAt = now;
    }
    await this.options.sessionEvents.announceEnded(key.secretHash);
    return (await this.db.manager.findOneBy(ApiKey, { id: key.id, shopId: caller.shopId })) ?? key;
  }

  /**
   * The caller behind a key's secret (by its hash), or null when unknown or revoked. One query;
   * last_used_at is written at most once a minute, after the answer, never in the request's way.
   */
  async authenticate(secretHash: string): Promise<Caller | null> {
    const rows = await this.db.query<{ id: number; shop_id: number; name: string; scopes: string; last_used_at: string | Date | null; currency: string; locale: string }>(
      `SELECT k.id, k.shop_id, k.name, k.scopes, k.last_used_at, sh.currency, sh.locale
         FROM api_key k
         JOIN shop sh ON sh.id = k.shop_id
        WHERE k.secret_hash = ? AND k.revoked_at IS NULL`,
      [secretHash],
    );
    const row = rows[0];
    if (!row) return null;
    const now = this.now().getTime();
    if (!row.last_used_at || fromSqlTimestamp(row.last_used_at).getTime() < now - LAST_USED_EVERY_MS) {
      void this.db
        .transaction((tx) => tx.run("UPDATE api_key SET last_used_at = ? WHERE id = ?", [sqlTimestamp(new Date(now)), Number(row.id)]))
        .catch(() => undefined);
    }
    const id = Number(row.id);
    return {
      shopId: Number(row.shop_id),
      shopCurrency: row.currency,
      shopLocale: row.locale,
      staffUserId: null,
      role: null,
      actor: { type: "API_KEY", id, name: row.name },
      apiKey: { id, scopes: scopesOf(row) },
      sessionTokenHash: secretHash,
    };
  }
}
