/**
 * OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard variable;
 * OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS and OTEL_BSP_* are read by the SDK itself). main.ts
 * imports this file before anything else: instrumentations patch `http`, `express`, `graphql`,
 * `mysql2` and `ioredis` as they are loaded, so they must be registered first. Without the variable
 * nothing of OpenTelemetry is loaded at all (no start-up cost, no patched modules).
 *
 * Traces start at requests: database statements of the background loops (outbox, e-mail, webhooks)
 * with no request around them are not recorded.
 *
 * What spans carry is kept free of personal data: SQL statements are masked (literals become `?`;
 * values go through placeholders anyway), GraphQL argument values are not recorded, and only
 * /graphql requests are traced on the HTTP server side (the web app's paths carry public links' tokens).
 */

/** Flushes and stops tracing (shutdown); nothing to do when tracing is off. */
let shutdown: () => Promise<void> = async () => undefined;

export const shutdownTelemetry = (): Promise<void> => shutdown();

/** Whether tracing was started in this process. */
export let tracing = false;

/** Paths traced on the HTTP server side. */
const TRACED_PATH = /^\/graphql(?:[/?]|$)/;

function startTracing(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, SamplingDecision } = require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { SpanKind } = require("@opentelemetry/api") as typeof import("@opentelemetry/api");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = require("@opentelemetry/semantic-conventions") as typeof import("@opentelemetry/semantic-conventions");
  const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { ExpressInstrumentation } = require("@opentelemetry/instrumentation-express") as typeof import("@opentelemetry/instrumentation-express");
  const { GraphQLInstrumentation } = require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");
  const { MySQL2Instrumentation } = require("@opentelemetry/instrumentation-mysql2") as typeof import("@opentelemetry/instrumentation-mysql2");
  const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as typeof import("@opentelemetry/instrumentation-ioredis");
  /* eslint-enable @typescript-eslint/no-require-imports */

  // The delivery loops poll the database every second outside any request: a statement with no
  // request around it would be a trace of its own, thousands an hour. Such root spans are dropped;
  // a request's statements are kept with their request.
  const root: import("@opentelemetry/sdk-trace-node").Sampler = {
    shouldSample: (_context, _traceId, _name, kind, attributes) => ({
      decision:
        kind === SpanKind.CLIENT && (attributes["db.system"] !== undefined || attributes["db.system.name"] !== undefined)
          ? SamplingDecision.NOT_RECORD
          : SamplingDecision.RECORD_AND_SAMPLED,
    }),
    toString: () => "RupturaRequestsOnly",
  };
  const provider = new NodeTracerProvider({
    sampler: new ParentBasedSampler({ root }),
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || "ruptura",
      [ATTR_SERVICE_VERSION]: process.env.npm_package_version || "0.1.0",
    }),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and appends /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => !TRACED_PATH.test(request.url ?? ""),
        redactedQueryParamsServer: ["query", "variables", "extensions", "token"],
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true, depth: 4 }),
      new MySQL2Instrumentation({ maskStatement: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  tracing = true;
  shutdown = () => provider.shutdown();
}

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
if (endpoint) {
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://collector:4318, got "${endpoint}"`);
  }
  startTracing();
}
