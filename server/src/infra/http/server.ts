import http from "node:http";
import { AddressInfo } from "node:net";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import compression from "compression";
import express from "express";
import { GraphQLSchema } from "graphql";
import { Logger } from "../logging/logger";
import { Caller, Loaders, RequestContext } from "../graphql/context";
import { formatError, httpErrorHandler, methodNotAllowed, notFound } from "./errors";
import { AuthenticatedDownload, AuthenticatedUpload, mountDownloads, mountUploads } from "./downloads";
import { LIMITS, parseOptions, validationRules } from "./limits";
import { SessionEvents } from "./sessions";
import { serveWebApp } from "./static";
import { startGraphQLWebSocket } from "./ws";
import { chargeOperation, CostBuckets, CostBucketStore, settleOperation } from "../graphql/cost";
import { IdempotencyStore, storeIdempotentResponses } from "../idempotency/idempotency";
import { mountHealth, Readiness } from "./health";
import { metricsHandler, reenterRequestScope, requestObservability } from "./observability";
import { Metrics } from "../metrics/metrics";
import { graphqlMetricsPlugin } from "../metrics/graphql";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  /**
   * Whether `__schema`/`__type` queries are answered (GRAPHQL_INTROSPECTION, default true, whatever
   * NODE_ENV is): the schema is the integrators' documentation and graphql-http's MUST audits use it.
   */
  introspection?: boolean;
  port: number;
  host: string;
  /** Built web app to serve at `/`; a missing directory serves a hint instead. */
  webDist: string;
  logger: Logger;
  /** Resolves a bearer token to its caller (null when unknown or expired). */
  authenticate(token: string): Promise<Caller | null>;
  /** Ended sessions: their WebSockets are closed at once. */
  sessions?: SessionEvents;
  /** Express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-For to believe. Off by default. */
  trustProxy?: boolean | number | string;
  /** How often each WebSocket is pinged; one that has not answered the previous ping is cut off. */
  webSocketHeartbeatMs?: number;
  /** Files modules serve to signed-in callers (e.g. the payout export), authenticated like GraphQL. */
  downloads?: AuthenticatedDownload[];
  /** Files modules take over POST (with their own body limits). */
  uploads?: AuthenticatedUpload[];
  /** The cost buckets per API key and staff session (default: LIMITS' 1,000 points, 50 a second). */
  costBuckets?: CostBucketStore;
  /** Where idempotent mutations' responses are stored once answered (null: mutations keep no keys). */
  idempotency?: IdempotencyStore | null;
  /** What /readyz answers (default: ready once listening, no dependency checked). */
  readiness?: Readiness;
  /** Request and operation metrics (none by default). */
  metrics?: Metrics | null;
  /** METRICS_TOKEN: /metrics is served on this port only to a bearer of it (unset: not served here). */
  metricsToken?: string | null;
  /** How long stop() waits for in-flight HTTP requests before cutting connections (default 10 s). */
  drainMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  readiness: Readiness;
  /** /readyz turns 503, then new connections are refused, in-flight requests finish, WebSockets close with 1001. */
  stop(): Promise<void>;
}

const GRAPHQL_PATH = "/graphql";

/**
 * Responses of /graphql smaller than this go uncompressed: a mutation's answer (well under 8 KiB)
 * would pay compression's CPU and latency for nothing, while a page of orders (tens of KiB of
 * repetitive JSON) shrinks about tenfold.
 */
const GRAPHQL_COMPRESSION_THRESHOLD = "8kb";

function bearerToken(header: unknown): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/** One log line per operation: name, duration, error count. Never variables (they hold personal data). */
function requestLogging(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors }) {
          logger.info(
            { operationName, ms: Number(process.hrtime.bigint() - started) / 1e6, errors: errors?.length ?? 0 },
            "graphql",
          );
        },
      };
    },
  };
}

/**
 * `Cache-Control: no-store` on every GraphQL answer, as Apollo's default cache-control plugin set
 * it for this schema (no @cacheControl hints, so no answer is ever cacheable). That plugin worked it
 * out by a hook on every field of every answer (a policy object and two cache lookups per field:
 * a tenth of the server's CPU on a page of 50 orders), which also made Apollo wrap every resolver.
 */
function noStore(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}

/**
 * Over HTTP: each operation is charged its cost before it runs (refused with THROTTLED or
 * MAX_COST_EXCEEDED, running nothing), every answer reports `extensions.cost`, and idempotent
 * mutations' responses are stored before the answer leaves.
 */
function costAndIdempotency(schema: GraphQLSchema, buckets: CostBucketStore, store: IdempotencyStore | null): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request }) {
          const charged = await chargeOperation(buckets, schema, contextValue.caller, document, operation, request.variables);
          contextValue.cost = charged.report;
          if (charged.error) throw charged.error;
        },
        async willSendResponse({ contextValue, response, operation }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const data = result.data as Record<string, unknown> | null | undefined;
          await storeIdempotentResponses(store, contextValue, data, result.errors);
          await settleOperation(buckets, contextValue.caller, contextValue.cost, data, operation?.operation === "mutation");
          if (contextValue.cost) result.extensions = { ...result.extensions, cost: contextValue.cost };
        },
      };
    },
  };
}

/** Apollo over HTTP and graphql-ws over WebSocket, both on one port and one path, plus the web app. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { schema, logger, authenticate } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const metrics = options.metrics ?? null;
  const readiness = options.readiness ?? new Readiness();
  // First of all: the request id every log line of the request carries, and the request metrics.
  app.use(requestObservability(logger, metrics, GRAPHQL_PATH));

  const format = formatError(logger);
  // The same rules for both transports; introspection on unless GRAPHQL_INTROSPECTION=false.
  const rules = validationRules({ introspection: options.introspection ?? true });
  // The client address of a WebSocket's upgrade request, computed by Express's own `req.ip`
  // (proxy-addr with the trust proxy setting), so both transports agree on who the client is.
  const clientAddress = (request: http.IncomingMessage): string | null => {
    const req = Object.create(app.request, { app: { value: app }, headers: { value: request.headers }, socket: { value: request.socket }, connection: { value: request.socket } }) as express.Request;
    return req.ip ?? null;
  };
  const costBuckets = options.costBuckets ?? new CostBuckets();
  const idempotency = options.idempotency ?? null;
  const ws = startGraphQLWebSocket({
    costBuckets,
    idempotency,
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    validationRules: rules,
    format,
    authenticate,
    sessions: options.sessions,
    clientAddress,
    bearerToken,
    heartbeatMs: options.webSocketHeartbeatMs,
    logger,
    metrics,
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    parseOptions,
    validationRules: rules,
    introspection: true, // decided by `rules` above
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.drainMs }),
      { async serverWillStart() { return { async drainServer() { await ws.dispose(); } }; } },
      ApolloServerPluginCacheControlDisabled(),
      noStore(),
      requestLogging(logger),
      costAndIdempotency(schema, costBuckets, idempotency),
      ...(metrics ? [graphqlMetricsPlugin(schema, metrics)] : []),
    ],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: format,
  });
  await apollo.start();

  mountHealth(app, readiness);
  if (metrics && options.metricsToken) app.get("/metrics", metricsHandler(metrics, options.metricsToken));
  // Not served on this port: a plain 404, not the web app's page (which a scraper would take for success).
  else app.get("/metrics", (_req, res) => void res.status(404).json({ error: { code: "NOT_FOUND", message: "Nothing here." } }));
  app.use(
    GRAPHQL_PATH,
    compression({ threshold: GRAPHQL_COMPRESSION_THRESHOLD }),
    express.json({ limit: LIMITS.bodyBytes }),
    (req, _res, next) => {
      // Apollo's middleware answers a missing body (a non-JSON content type) with a plain-text 500;
      // an explicit undefined lets Apollo refuse it as the 400 it is.
      if (!("body" in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    reenterRequestScope,
  );
  const graphql = expressMiddleware(apollo, {
    context: async ({ req, res }): Promise<RequestContext> => {
      const token = bearerToken(req.headers.authorization);
      return {
        caller: token ? await authenticate(token) : null,
        loaders: new Loaders(),
        clientAddress: req.ip ?? null,
        userAgent: req.get("user-agent")?.slice(0, 255) ?? null,
        requestId: res.locals.requestScope?.requestId,
      };
    },
  });
  app.get(GRAPHQL_PATH, graphql);
  app.post(GRAPHQL_PATH, graphql);
  app.all(GRAPHQL_PATH, methodNotAllowed(["GET", "POST"]));

  mountDownloads(app, options.downloads ?? [], authenticate, bearerToken, logger);
  mountUploads(app, options.uploads ?? [], authenticate, bearerToken, logger);
  serveWebApp(app, options.webDist, GRAPHQL_PATH);
  app.use(notFound(GRAPHQL_PATH));
  app.use(httpErrorHandler(logger, GRAPHQL_PATH));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  if (!options.readiness) readiness.markReady();
  return {
    url: `http://${shownHost}:${port}`,
    port,
    readiness,
    stop: async () => {
      readiness.markStopping();
      await apollo.stop();
    },
  };
}
