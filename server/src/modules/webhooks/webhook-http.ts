import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { LookupAddress } from "node:dns";
import { checkWebhookUrl, GuardOptions, UnsafeUrlError } from "./url-guard";

/** How long a receiver has to answer (issue 15: 5 s). */
export const DELIVERY_TIMEOUT_MS = 5000;
/** How much of a response body is read; the rest is dropped unread. */
const READ_LIMIT = 4096;
/** How much of it is kept in the delivery log. */
export const EXCERPT_LIMIT = 1024;

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret's base64-decoded bytes (Standard Webhooks). */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export interface AttemptResult {
  /** The HTTP status, or null when none came (refused, timed out, unsafe address). */
  status: number | null;
  excerpt: string;
  durationMs: number;
}

export interface PostOptions extends GuardOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * POSTs one signed webhook. The host is resolved and checked by the SSRF guard, and the request
 * connects to that very address (no second lookup for a rebinding name to change). Redirects are
 * not followed; the body is read up to 4 KB; the whole exchange has `timeoutMs`.
 */
export async function postWebhook(
  target: { url: string; id: string; timestamp: number; body: string; secrets: string[] },
  options: PostOptions,
): Promise<AttemptResult> {
  const started = Date.now();
  const done = (status: number | null, excerpt: string): AttemptResult => ({ status, excerpt: excerpt.slice(0, EXCERPT_LIMIT), durationMs: Date.now() - started });
  let addresses: LookupAddress[];
  try {
    addresses = await checkWebhookUrl(target.url, options);
  } catch (error) {
    return done(null, error instanceof UnsafeUrlError ? `Not sent: ${error.message}` : "Not sent: the URL could not be checked.");
  }
  const url = new URL(target.url);
  const pinned = addresses[0]!;
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(target.body)),
    "user-agent": "Ruptura-Webhooks/1",
    "webhook-id": target.id,
    "webhook-timestamp": String(target.timestamp),
    "webhook-signature": target.secrets.map((s) => signature(s, target.id, target.timestamp, target.body)).join(" "),
  };
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (status: number | null, excerpt: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve(done(status, excerpt));
    };
    const request = (url.protocol === "https:" ? https : http).request(
      {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers,
        // Connect to the address the guard checked, never to a second answer.
        lookup: ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) =>
          opts?.all ? callback(null, [{ address: pinned.address, family: pinned.family }]) : callback(null, pinned.address, pinned.family)) as never,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size >= READ_LIMIT) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= READ_LIMIT) {
            finish(response.statusCode ?? null, Buffer.concat(chunks).subarray(0, READ_LIMIT).toString("utf8"));
            response.destroy();
          }
        });
        response.on("end", () => finish(response.statusCode ?? null, Buffer.concat(chunks).toString("utf8")));
        response.on("error", () => finish(response.statusCode ?? null, Buffer.concat(chunks).toString("utf8")));
      },
    );
    const timer = setTimeout(() => {
      finish(null, `No answer within ${timeoutMs / 1000} s.`);
      request.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish(null, "Aborted.");
      request.destroy();
    };
    options.signal?.addEventListener("abort", onAbort);
    request.on("error", (error: NodeJS.ErrnoException) => finish(null, `Connection failed: ${error.code ?? error.message}`));
    request.end(target.body);
  });
}
