import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What an encrypted value starts with; the version names the format (AES-256-GCM, 96-bit IV, 128-bit tag). */
const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A data key and its id: the first 8 hex digits of its SHA-256, written into each ciphertext. */
interface DataKey {
  id: string;
  key: Buffer;
}

/** Why a value could not be decrypted: its key is not held, it does not authenticate, or it is no ciphertext at all. */
export type DataCipherFailure = "KEY_NOT_AVAILABLE" | "TAMPERED" | "MALFORMED";

/** Why a value could not be decrypted. Its message never carries the value. */
export class DataCipherError extends Error {
  constructor(
    message: string,
    readonly reason: DataCipherFailure = "MALFORMED",
  ) {
    super(message);
  }
}

const keyOf = (key: Buffer): DataKey => ({ id: createHash("sha256").update(key).digest("hex").slice(0, 8), key });

/**
 * Encrypts personal data at rest (bank details, PIX keys): AES-256-GCM, a fresh IV per value, and
 * the id of the key in each ciphertext so keys can be rotated (encrypt with the newest, decrypt
 * with whichever a value names). `context` binds a ciphertext to where it belongs (e.g.
 * "refund:42:destination"): copied to another row or column, it no longer decrypts.
 */
export class DataCipher {
  private readonly current: DataKey;
  private readonly byId: Map<string, DataKey>;

  /** @param keys 32-byte keys, newest first: the first encrypts, all decrypt. */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error("DataCipher needs at least one key");
    for (const key of keys) if (key.length !== KEY_BYTES) throw new Error(`A data key must be ${KEY_BYTES} bytes, got ${key.length}`);
    const dataKeys = keys.map(keyOf);
    this.current = dataKeys[0]!;
    this.byId = new Map(dataKeys.map((k) => [k.id, k]));
  }

  /** A cipher with a random key of its own: tests, and throwaway databases. */
  static ephemeral(): DataCipher {
    return new DataCipher([randomBytes(KEY_BYTES)]);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${PREFIX}${this.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  decrypt(value: string, context: string): string {
    if (!value.startsWith(PREFIX)) throw new DataCipherError("Not an encrypted value");
    const [keyId, payload] = value.slice(PREFIX.length).split(":");
    const dataKey = keyId ? this.byId.get(keyId) : undefined;
    if (!dataKey || !payload) throw new DataCipherError(`No data key with id ${keyId ?? "?"} (was DATA_KEY rotated without keeping the old key?)`, payload ? "KEY_NOT_AVAILABLE" : "MALFORMED");
    const raw = Buffer.from(payload, "base64url");
    if (raw.length < IV_BYTES + TAG_BYTES) throw new DataCipherError("Encrypted value is truncated", "TAMPERED");
    const decipher = createDecipheriv("aes-256-gcm", dataKey.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new DataCipherError("Encrypted value does not authenticate (tampered, or stored for another context)", "TAMPERED");
    }
  }

  /** Whether a value was encrypted with an older key than the current one (a rotation re-encrypts it). */
  needsRotation(value: string): boolean {
    return !value.startsWith(`${PREFIX}${this.current.id}:`);
  }
}

function parseKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${source} must hold base64 keys of ${KEY_BYTES} bytes (openssl rand -base64 32)`);
  return key;
}

/**
 * The data keys: `DATA_KEY` (base64, 32 bytes; several separated by commas, newest first, while
 * old values are re-encrypted), or else a key generated on first start into `keyFile` (mode 0600,
 * beside the SQLite file, never committed). Losing the key loses the encrypted data.
 */
export function loadDataCipher(options: { dataKey?: string; keyFile: string }): { cipher: DataCipher; generated: boolean } {
  if (options.dataKey?.trim()) {
    const keys = options.dataKey.split(",").filter((k) => k.trim()).map((k) => parseKey(k, "DATA_KEY"));
    return { cipher: new DataCipher(keys), generated: false };
  }
  if (fs.existsSync(options.keyFile)) {
    return { cipher: new DataCipher([parseKey(fs.readFileSync(options.keyFile, "utf8"), options.keyFile)]), generated: false };
  }
  fs.mkdirSync(path.dirname(options.keyFile), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    // "wx": never overwrite a key another process wrote a moment ago.
    fs.writeFileSync(options.keyFile, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // An instance starting beside this one on the same volume wrote it first: use theirs.
    return { cipher: new DataCipher([parseKey(fs.readFileSync(options.keyFile, "utf8"), options.keyFile)]), generated: false };
  }
  return { cipher: new DataCipher([key]), generated: true };
}
