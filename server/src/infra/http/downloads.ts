import express from "express";
import { Caller } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { Logger } from "../logging/logger";

/** A file to download, or why not (the error, with its HTTP status: 400 unless given). */
export type DownloadResult =
  | { filename: string; contentType: string; body: string; headers?: Record<string, string> }
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
        res.send(result.body);
      } catch (err) {
        logger.error({ err, path: download.path }, "download failed");
        res.status(500).json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" } });
      }
    });
  }
}
