import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { AddressInfo } from "node:net";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express from "express";
import { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { Logger } from "../logging/logger";
import { Caller, Loaders, RequestContext } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  port: number;
  host: string;
  /** Built web app to serve at `/`; a missing directory serves a hint instead. */
  webDist: string;
  logger: Logger;
  /** Resolves a bearer token to its caller (null when unknown or expired). */
  authenticate(token: string): Promise<Caller | null>;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const GRAPHQL_PATH = "/graphql";

function bearerToken(header: unknown): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/**
 * Errors the client caused (validation, bad input, authentication) pass through with their code.
 * Anything else is our fault: logged in full, answered with a generic message and no stack trace.
 */
function formatError(logger: Logger) {
  const passThrough = new Set<unknown>([
    ErrorCode.UNAUTHENTICATED,
    ErrorCode.FORBIDDEN,
    ErrorCode.BAD_USER_INPUT,
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_REQUEST",
    "PERSISTED_QUERY_NOT_FOUND",
    "PERSISTED_QUERY_NOT_SUPPORTED",
    "OPERATION_RESOLUTION_FAILURE",
  ]);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (passThrough.has(code)) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    logger.error({ err: (error as { originalError?: unknown }).originalError ?? error, path: formatted.path }, "unexpected error in resolver");
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
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

/** Apollo over HTTP and graphql-ws over WebSocket, both on one port and one path, plus the web app. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { schema, logger, authenticate } = options;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema,
      // A socket without a valid token is closed with 4403 at once.
      onConnect: async (ctx) => {
        const caller = await authenticate(bearerToken(ctx.connectionParams?.authorization) ?? "");
        if (!caller) return false;
        ctx.extra.caller = caller;
        return true;
      },
      context: (ctx): RequestContext => ({ caller: ctx.extra.caller ?? null, loaders: new Loaders() }),
    },
    wsServer,
  );

  // The schema has no cycles (an order's lines lead to skus, never back to orders), so depth is
  // bounded anyway; the web app's own operations reach 12 through their fragments.
  const armor = new ApolloArmor({
    maxDepth: { n: 20 },
    costLimit: { maxCost: 20000 },
    maxTokens: { n: 4000 },
    maxAliases: { n: 20 },
  }).protect();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...armor,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      requestLogging(logger),
    ],
    validationRules: armor.validationRules,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: formatError(logger),
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => {
        const token = bearerToken(req.headers.authorization);
        return { caller: token ? await authenticate(token) : null, loaders: new Loaders() };
      },
    }),
  );

  const index = path.join(options.webDist, "index.html");
  if (fs.existsSync(index)) {
    app.use(express.static(options.webDist, { index: false, maxAge: "1h" }));
    // Client-side routes (/orders/42, /stock) all get the app shell.
    app.get("/{*path}", (_req, res) => {
      res.sendFile(index);
    });
  } else {
    app.get("/", (_req, res) => {
      res.type("text").send(`The web app is not built (no ${index}). Run "npm run build:web"; the API is at ${GRAPHQL_PATH}.`);
    });
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    stop: async () => {
      await apollo.stop();
    },
  };
}
