import http from "node:http";
import { GraphQLError, GraphQLSchema, ValidationRule, getOperationAST, parse, validate } from "graphql";
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
}

type SocketState = {
  token?: string;
  caller?: Caller;
};

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
        ctx.extra.token = token;
        ctx.extra.caller = caller;
        if (caller.sessionTokenHash) track(caller.sessionTokenHash, ctx.extra.socket);
        if (caller.sessionExpiresAt) closeAtExpiry(ctx.extra.socket, caller.sessionExpiresAt);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
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
        const contextValue: RequestContext = { caller, loaders: new Loaders(), clientAddress: options.clientAddress(ctx.extra.request), userAgent: ctx.extra.request.headers["user-agent"]?.slice(0, 255) ?? null };
        // Charged like over HTTP (a subscription once, when it starts); refused, it runs nothing.
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        const charged = await chargeOperation(options.costBuckets, schema, caller, document, operation, payload.variables);
        if (charged.error) return [charged.error];
        contextValue.cost = charged.report;
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: async (_ctx, _id, _payload, args, result) => {
        const contextValue = args.contextValue as RequestContext;
        const data = result.data as Record<string, unknown> | null | undefined;
        await storeIdempotentResponses(options.idempotency, contextValue, data, result.errors);
        await settleOperation(options.costBuckets, contextValue.caller, contextValue.cost, data, getOperationAST(args.document, args.operationName ?? undefined)?.operation === "mutation");
        const extensions = contextValue.cost ? { ...result.extensions, cost: contextValue.cost } : result.extensions;
        return { ...result, ...(extensions ? { extensions } : {}), ...(result.errors ? { errors: formatGraphQLErrors(format, result.errors) } : {}) };
      },
      onError: (_ctx, _id, _payload, errors) => formatGraphQLErrors(format, errors),
    },
    wsServer,
  );

  return {
    wsServer,
    dispose: async () => {
      stopHeartbeat();
      stopListening?.();
      await cleanup.dispose();
    },
  };
}
