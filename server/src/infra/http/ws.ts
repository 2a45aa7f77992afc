import http from "node:http";
import { ExecutionArgs, GraphQLError, GraphQLSchema, ValidationRule, execute, getOperationAST, parse, subscribe, validate } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import { Caller, Loaders, RequestContext } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { formatError, formatGraphQLErrors } from "./errors";
import { LIMITS, allValidationRules, parseOptions } from "./limits";
import { SessionEvents } from "./sessions";
import { chargeOperation, CostBucketStore, settleOperation } from "../graphql/cost";
import { IdempotencyStore, storeIdempotentResponses } from "../idempotency/idempotency";
import { Logger } from "../logging/logger";
import { inRequest, REQUEST_ID_HEADER, requestIdFrom } from "../logging/request-context";
import { Metrics } from "../metrics/metrics";
import { countOperation, countResult, labelsOf, OperationLabels, UNKNOWN_OPERATION } from "../metrics/graphql";

/** Close code for a socket whose session is missing, unknown, expired or ended (graphql-ws' Forbidden). */
export const SESSION_CLOSE_CODE = CloseCode.Forbidden; // 4403

export interface GraphQLWebSocketOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** The same rules HTTP validates with (graphql-armor's and ours, without graphql-js' own). */
  validationRules: ValidationRule[];
  format: ReturnType<typeof formatError>;
  /** Resolves a bearer token to its caller (null when unknown or expired); cached briefly. */
  authenticate(token: string): Promise<Caller | null>;
  /** Ended sessions, whose sockets close at once. */
  sessions?: SessionEvents;
  /** The client's address, as HTTP sees it (TRUST_PROXY applies). */
  clientAddress(request: http.IncomingMessage): string | null;
  bearerToken(header: unknown): string | null;
  /** Ping interval (default LIMITS.heartbeatMs). */
  heartbeatMs?: number;
  /** The same cost buckets as HTTP: a key or session spends one bucket on both transports. */
  costBuckets: CostBucketStore;
  /** Where idempotent mutations' responses are stored. */
  idempotency: IdempotencyStore | null;
  /** One log line per finished operation, with its request id. */
  logger?: Logger;
  /** Operations counted like over HTTP, plus the open sockets and running subscriptions. */
  metrics?: Metrics | null;
}

/** An operation running on a socket: what its log line and metrics say when it ends. */
type OperationState = {
  labels: OperationLabels;
  operationName: string | null;
  requestId: string;
  started: bigint;
  outcome: "ok" | "user_error" | "error";
  subscription: boolean;
};

type SocketState = {
  token?: string;
  caller?: Caller;
  /** The upgrade request's X-Request-Id (or a new id); each operation's id is this plus a counter. */
  requestId?: string;
  operationCount?: number;
  operations?: Map<string, OperationState>;
};

const WORST = { ok: 0, user_error: 1, error: 2 } as const;

/** How long sockets closed at shutdown (1001) have to answer before they are cut off. */
const CLOSE_GRACE_MS = 2000;

/**
 * Pings every socket each interval and cuts off one that has not answered the previous ping: a
 * client that vanished, or stopped reading (its pongs wait behind what it has not read), holds
 * its subscriptions and buffers no longer than two intervals.
 */
function startHeartbeat(wsServer: WebSocketServer, intervalMs: number): () => void {
  const answered = new WeakMap<WebSocket, boolean>();
  wsServer.on("connection", (socket) => {
    answered.set(socket, true);
    socket.on("pong", () => answered.set(socket, true));
  });
  const timer = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (answered.get(socket) === false) {
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * graphql-ws on the HTTP server's port and path, bounded like HTTP: the same parse and
 * validation limits, the same body limit (as maxPayload), the same authentication, re-checked on
 * every operation, and a cap on operations per socket.
 */
export function startGraphQLWebSocket(options: GraphQLWebSocketOptions) {
  const { schema, format, authenticate } = options;
  const rules = allValidationRules(options.validationRules);
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: LIMITS.bodyBytes });

  /** Open sockets by session (token hash), so ending a session closes its sockets. */
  const socketsBySession = new Map<string, Set<WebSocket>>();
  const track = (tokenHash: string, socket: WebSocket) => {
    let sockets = socketsBySession.get(tokenHash);
    if (!sockets) socketsBySession.set(tokenHash, (sockets = new Set()));
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0 && socketsBySession.get(tokenHash) === sockets) socketsBySession.delete(tokenHash);
    });
  };
  const endSocket = (socket: WebSocket) => {
    if (socket.readyState === WebSocket.CLOSED) return;
    socket.close(SESSION_CLOSE_CODE, "Session ended");
    // A client that does not answer the close frame is cut off rather than waited for (30 s).
    setTimeout(() => socket.terminate(), 2000).unref();
  };
  const closeAtExpiry = (socket: WebSocket, expiresAt: Date) => {
    const timer = setTimeout(() => endSocket(socket), Math.min(Math.max(expiresAt.getTime() - Date.now(), 0), 2 ** 31 - 1)).unref();
    socket.once("close", () => clearTimeout(timer));
  };
  const stopHeartbeat = startHeartbeat(wsServer, options.heartbeatMs ?? LIMITS.heartbeatMs);
  const stopListening = options.sessions?.onEnded((tokenHash) => {
    for (const socket of socketsBySession.get(tokenHash) ?? []) endSocket(socket);
  });

  const sessionEnded = () => [new GraphQLError("Session ended: log in again.", { extensions: { code: ErrorCode.UNAUTHENTICATED } })];

  const metrics = options.metrics ?? null;
  let runningSubscriptions = 0;
  metrics?.watchLive(() => ({ connections: wsServer.clients.size, subscriptions: runningSubscriptions }));
  /** An operation's state from its first message (labels filled in once it parses). */
  const begin = (extra: SocketState, id: string, operationName: string | null | undefined): OperationState => {
    extra.requestId ??= requestIdFrom(undefined);
    extra.operationCount = (extra.operationCount ?? 0) + 1;
    const state: OperationState = {
      labels: UNKNOWN_OPERATION,
      operationName: operationName?.slice(0, 100) ?? null,
      requestId: `${extra.requestId}.${extra.operationCount}`,
      started: process.hrtime.bigint(),
      outcome: "ok",
      subscription: false,
    };
    (extra.operations ??= new Map()).set(id, state);
    return state;
  };
  /** The end of an operation (completed, failed, or its socket closed): counted and logged once. */
  const finish = (extra: SocketState, id: string) => {
    const state = extra.operations?.get(id);
    if (!state) return;
    extra.operations!.delete(id);
    if (state.subscription) runningSubscriptions--;
    const ms = Number(process.hrtime.bigint() - state.started) / 1e6;
    if (metrics) countOperation(metrics, state.labels, "ws", state.outcome, ms / 1000);
    inRequest({ requestId: state.requestId }, () =>
      options.logger?.info({ operationName: state.operationName, operation: state.labels.operation, transport: "ws", ms, outcome: state.outcome }, "graphql"),
    );
  };
  const observe = (extra: SocketState, id: string, result: Parameters<typeof countResult>[1]) => {
    const state = extra.operations?.get(id);
    const outcome = metrics ? countResult(metrics, result) : result.errors?.length ? "error" : "ok";
    if (state && WORST[outcome] > WORST[state.outcome]) state.outcome = outcome;
  };
  /** Runs graphql-js inside the operation's request scope, so resolvers' log lines carry its id. */
  const scoped =
    <T>(run: (args: ExecutionArgs) => T) =>
    (args: ExecutionArgs): T => {
      const requestId = (args.contextValue as RequestContext | undefined)?.requestId;
      return requestId ? inRequest({ requestId }, () => run(args)) : run(args);
    };

  const cleanup = useServer<Record<string, unknown>, SocketState>(
    {
      schema,
      isProd: true, // close reasons never carry error messages, whatever NODE_ENV is
      connectionInitWaitTimeout: LIMITS.connectionInitTimeoutMs,
      // A socket without a valid token is closed with 4403 at once.
      onConnect: async (ctx) => {
        const token = options.bearerToken(ctx.connectionParams?.authorization);
        const caller = token ? await authenticate(token) : null;
        // Refused, or the client left while its token was checked (nothing to track then).
        if (!token || !caller || ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
        ctx.extra.requestId = requestIdFrom(ctx.extra.request.headers[REQUEST_ID_HEADER]);
        // Operations still open when the socket goes (graphql-ws completes most of them itself) end with it.
        ctx.extra.socket.once("close", () => setImmediate(() => [...(ctx.extra.operations?.keys() ?? [])].forEach((id) => finish(ctx.extra, id))));
        ctx.extra.token = token;
        ctx.extra.caller = caller;
        if (caller.sessionTokenHash) track(caller.sessionTokenHash, ctx.extra.socket);
        if (caller.sessionExpiresAt) closeAtExpiry(ctx.extra.socket, caller.sessionExpiresAt);
        return true;
      },
      execute: scoped(execute),
      subscribe: scoped(subscribe),
      onSubscribe: async (ctx, id, payload) => {
        const state = begin(ctx.extra, id, payload.operationName);
        // Counted before anything is awaited: graphql-ws registers each operation (this one too)
        // as its message arrives, so a burst of messages sees the operations ahead of it.
        if (Object.keys(ctx.subscriptions).length > LIMITS.operationsPerSocket) {
          return [
            new GraphQLError(`At most ${LIMITS.operationsPerSocket} operations may run at once on one WebSocket connection.`, {
              extensions: { code: "TOO_MANY_OPERATIONS" },
            }),
          ];
        }
        // The session may have ended since the socket opened (elsewhere, or expired).
        const caller = await authenticate(ctx.extra.token ?? "");
        if (!caller) {
          endSocket(ctx.extra.socket);
          return sessionEnded();
        }
        ctx.extra.caller = caller;
        let document;
        try {
          document = parse(payload.query, parseOptions);
        } catch (error) {
          const parseError = error as GraphQLError;
          return [new GraphQLError(parseError.message, { source: parseError.source, positions: parseError.positions, extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) {
          return errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" } }));
        }
        state.labels = labelsOf(schema, document, payload.operationName);
        const contextValue: RequestContext = {
          caller,
          loaders: new Loaders(),
          clientAddress: options.clientAddress(ctx.extra.request),
          userAgent: ctx.extra.request.headers["user-agent"]?.slice(0, 255) ?? null,
          requestId: state.requestId,
        };
        // Charged like over HTTP (a subscription once, when it starts); refused, it runs nothing.
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        const charged = await chargeOperation(options.costBuckets, schema, caller, document, operation, payload.variables);
        if (charged.error) return [charged.error];
        contextValue.cost = charged.report;
        if (operation?.operation === "subscription") {
          state.subscription = true;
          runningSubscriptions++;
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: async (ctx, id, _payload, args, result) => {
        const contextValue = args.contextValue as RequestContext;
        const data = result.data as Record<string, unknown> | null | undefined;
        await storeIdempotentResponses(options.idempotency, contextValue, data, result.errors);
        await settleOperation(options.costBuckets, contextValue.caller, contextValue.cost, data, getOperationAST(args.document, args.operationName ?? undefined)?.operation === "mutation");
        const extensions = contextValue.cost ? { ...result.extensions, cost: contextValue.cost } : result.extensions;
        const formatted = result.errors ? formatGraphQLErrors(format, result.errors) : undefined;
        observe(ctx.extra, id, { data, errors: formatted });
        return { ...result, ...(extensions ? { extensions } : {}), ...(formatted ? { errors: formatted } : {}) };
      },
      onError: (ctx, id, _payload, errors) => {
        const formatted = formatGraphQLErrors(format, errors);
        observe(ctx.extra, id, { errors: formatted });
        finish(ctx.extra, id);
        return formatted;
      },
      onComplete: (ctx, id) => finish(ctx.extra, id),
    },
    wsServer,
  );

  return {
    wsServer,
    /**
     * Closes every socket with 1001 (going away: clients reconnect, to another instance) and stops
     * accepting new ones; a socket that does not answer its close frame is cut off after 2 s.
     */
    dispose: async () => {
      stopHeartbeat();
      stopListening?.();
      const cutOff = setTimeout(() => {
        for (const socket of wsServer.clients) socket.terminate();
      }, CLOSE_GRACE_MS).unref();
      try {
        await cleanup.dispose();
      } finally {
        clearTimeout(cutOff);
      }
    },
  };
}
