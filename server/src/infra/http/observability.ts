import http from "node:http";
import { createHash, timingSafeEqual } from "node:crypto";
import { AddressInfo } from "node:net";
import express, { RequestHandler } from "express";
import { Logger } from "../logging/logger";
import { inRequest, REQUEST_ID_HEADER, requestIdFrom, RequestScope } from "../logging/request-context";
import { Metrics } from "../metrics/metrics";
import { PROBE_PATHS } from "./health";

const METHODS = new Set(["GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]);

/** The request's scope, kept on the response so a later middleware can enter it again. */
const scopeOf = (res: express.Response): RequestScope | undefined => res.locals.requestScope as RequestScope | undefined;

/**
 * First of every request: its id (the caller's well-formed `X-Request-Id`, or a new one), sent back
 * in the response's `X-Request-Id` and carried by every log line written while it is served. When
 * it ends: one log line (not for /graphql, whose operation line says more, nor for probes) and the
 * HTTP metrics (probes excluded: load balancers' polls are not API calls).
 */
export function requestObservability(logger: Logger, metrics: Metrics | null, graphqlPath: string): RequestHandler {
  return (req, res, next) => {
    const scope: RequestScope = { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) };
    res.locals.requestScope = scope;
    res.setHeader("X-Request-Id", scope.requestId);
    const path = req.path;
    if (PROBE_PATHS.has(path)) return inRequest(scope, next);
    const started = process.hrtime.bigint();
    let counted = false;
    const ended = () => {
      if (counted) return;
      counted = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A client that went away before the answer was written: "aborted" rather than a status never sent.
      const status = res.writableFinished ? String(res.statusCode) : "aborted";
      // The matched route's pattern (`/graphql`, `/exports/refunds.csv`), never the raw URL: bounded labels.
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const labels = { method: METHODS.has(req.method) ? req.method : "OTHER", route: typeof route === "string" ? route : res.statusCode === 404 ? "unmatched" : "static" };
      metrics?.httpRequests.inc({ ...labels, status });
      metrics?.httpDuration.observe(labels, seconds);
      if (path !== graphqlPath) inRequest(scope, () => logger.info({ method: req.method, route: labels.route, status, ms: seconds * 1000 }, "http"));
    };
    res.once("finish", ended);
    res.once("close", ended);
    inRequest(scope, next);
  };
}

/**
 * Enters the request's scope again: a body parser calls `next` from the request stream's events,
 * outside the scope the request started in.
 */
export const reenterRequestScope: RequestHandler = (_req, res, next) => {
  const scope = scopeOf(res);
  return scope ? inRequest(scope, next) : next();
};

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * `/metrics` in Prometheus' text format. With a token, only a request bearing it is answered
 * (401 otherwise); without one the caller must have made the endpoint private some other way
 * (METRICS_PORT, a listener of its own).
 */
export function metricsHandler(metrics: Metrics, token: string | null): RequestHandler {
  const expected = token ? digest(token) : null;
  return async (req, res, next) => {
    if (expected) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? "");
      if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        res.status(401).json({ error: { code: "UNAUTHENTICATED", message: "Bearer METRICS_TOKEN required." } });
        return;
      }
    }
    try {
      const { contentType, body } = await metrics.render();
      res.setHeader("Content-Type", contentType);
      res.setHeader("Cache-Control", "no-store");
      res.send(body);
    } catch (error) {
      next(error);
    }
  };
}

/** /metrics alone on a listener of its own (METRICS_PORT): reachable by the scraper, kept off the public port. */
export async function startMetricsServer(metrics: Metrics, options: { port: number; host: string; token: string | null }): Promise<{ port: number; stop(): Promise<void> }> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsHandler(metrics, options.token));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: "NOT_FOUND", message: "Nothing here." } });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
