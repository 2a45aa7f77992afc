import express from "express";
import { Caller } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { Logger } from "../logging/logger";

/** A file to download, or why not (the error, with its HTTP status: 400 unless given). */
export type DownloadResult =
  | { filename: string; contentType: string; body: string; headers?: Record<string, string> }
  | { filename: string; contentType: string; chunks: AsyncIterable<string>; headers?: Record<string, string> }
  | { error: { code: string; message: string }; status?: number };

/**
 * A GET route that answers a file to a signed-in caller, authenticated like GraphQL (the session's
 * `Authorization: Bearer <token>`). Modules provide them; the composition root hands them to the server.
 */
export interface AuthenticatedDownload {
  path: string;
  handle(caller: Caller, query: Record<string, unknown>): Promise<DownloadResult>;
}

export function mountDownloads(
  app: express.Express,
  downloads: AuthenticatedDownload[],
  authenticate: (token: string) => Promise<Caller | null>,
  bearerToken: (header: unknown) => string | null,
  logger: Logger,
): void {
  for (const download of downloads) {
    app.get(download.path, async (req, res) => {
      // Personal data: never cached by a browser or a proxy.
      res.set("Cache-Control", "no-store");
      try {
        const token = bearerToken(req.headers.authorization);
        const caller = token ? await authenticate(token) : null;
        if (!caller) {
          res.status(401).json({ error: { code: ErrorCode.UNAUTHENTICATED, message: "Authentication required: send a valid session token as 'Authorization: Bearer <token>'." } });
          return;
        }
        const result = await download.handle(caller, req.query as Record<string, unknown>);
        if ("error" in result) {
          res.status(result.status ?? 400).json({ error: result.error });
          return;
        }
        if (result.headers) res.set(result.headers);
        res.type(result.contentType);
        res.attachment(result.filename);
        if ("body" in result) {
          res.send(result.body);
          return;
        }
        // Streamed: written as it is read (a page at a time), waiting for the client when its buffer is full.
        for await (const chunk of result.chunks) {
          if (res.destroyed) return;
          if (!res.write(chunk)) await new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once("drain", resolve).once("close", resolve)));
        }
        res.end();
      } catch (err) {
        logger.error({ err, path: download.path }, "download failed");
        // A stream cut in the middle cannot change its status any more: the connection is closed instead.
        if (res.headersSent) res.destroy();
        else res.status(500).json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" } });
      }
    });
  }
}

/** What an upload answers: JSON with a status (200, or 400 with `{ error }`). */
export interface UploadResult {
  status: number;
  body: unknown;
}

/**
 * A POST route that takes a text file (e.g. text/csv) from a signed-in caller, authenticated like
 * GraphQL, with its own body limit (bigger than the GraphQL request's): the body is read as a
 * stream and cut off at `maxBytes` (413 PAYLOAD_TOO_LARGE naming the limit).
 */
export interface AuthenticatedUpload {
  path: string;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Media types accepted (others are 415). */
  contentTypes: string[];
  /** Refuses a caller before the body is read (e.g. a role too low): the error and its HTTP status. */
  authorize?(caller: Caller): { status: number; error: { code: string; message: string } } | null;
  handle(caller: Caller, body: string, query: Record<string, unknown>): Promise<UploadResult>;
}

export function mountUploads(
  app: express.Express,
  uploads: AuthenticatedUpload[],
  authenticate: (token: string) => Promise<Caller | null>,
  bearerToken: (header: unknown) => string | null,
  logger: Logger,
): void {
  for (const upload of uploads) {
    const readText = express.text({ type: upload.contentTypes, limit: upload.maxBytes });
    app.post(upload.path, async (req, res) => {
      res.set("Cache-Control", "no-store");
      try {
        const token = bearerToken(req.headers.authorization);
        const caller = token ? await authenticate(token) : null;
        if (!caller) {
          res.status(401).json({ error: { code: ErrorCode.UNAUTHENTICATED, message: "Authentication required: send a valid session token as 'Authorization: Bearer <token>'." } });
          return;
        }
        const refused = upload.authorize?.(caller);
        if (refused) {
          res.status(refused.status).json({ error: refused.error });
          return;
        }
        // Authenticated (and allowed) first: nobody else gets to make the server read 20 MiB.
        const failure = await new Promise<{ status?: number; type?: string } | null>((resolve) => readText(req, res, (err?: unknown) => resolve((err as { status?: number }) ?? null)));
        if (failure) {
          if (failure.status === 413) {
            res.status(413).json({ error: { code: "PAYLOAD_TOO_LARGE", message: `The file is larger than the limit of ${upload.maxBytes / 1024 / 1024} MiB.` } });
          } else if (failure.status === 415) {
            res.status(415).json({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: `Send the file as ${upload.contentTypes.join(" or ")}, UTF-8.` } });
          } else res.status(400).json({ error: { code: "BAD_REQUEST", message: "The file could not be read." } });
          return;
        }
        if (typeof req.body !== "string") {
          res.status(415).json({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: `Send the file as ${upload.contentTypes.join(" or ")}, UTF-8.` } });
          return;
        }
        const result = await upload.handle(caller, req.body, req.query as Record<string, unknown>);
        res.status(result.status).json(result.body);
      } catch (err) {
        logger.error({ err, path: upload.path }, "upload failed");
        res.status(500).json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" } });
      }
    });
  }
}
