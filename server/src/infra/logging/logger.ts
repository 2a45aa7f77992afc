import pino, { DestinationStream } from "pino";
import { currentRequest } from "./request-context";
import { INSTANCE_ID } from "../instance";

const MAX_LOGGED_SQL = 2_000;

/**
 * Quoted values in database messages: MariaDB writes the offending value into some of them
 * ("Duplicate entry '1-ana@example.com' for key ...", "Incorrect integer value: 'x' for column ...").
 * Column, key and table names, quoted the same way, stay.
 */
const QUOTED_VALUE = /\b(entry|value:?) '(?:[^'\\]|\\.)*'/gi;
const redactValues = (text: string) => text.replace(QUOTED_VALUE, "$1 '[redacted]'");

interface DatabaseErrorFields {
  query?: unknown;
  parameters?: unknown;
  driverError?: unknown;
  sql?: unknown;
  sqlMessage?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
}

/**
 * How an error appears in a log line. A failed SQL statement (TypeORM's QueryFailedError) carries
 * its parameters, its driver error and, from mysql2, the statement with the values written in
 * (`sql`): all of them hold customers' personal data. Such an error is logged as its type, the
 * driver's code, its message with quoted values blanked, and the statement with its placeholders.
 */
export function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields = value as Error & DatabaseErrorFields;
  const fromDatabase = "driverError" in fields || "parameters" in fields || "sqlMessage" in fields;
  if (!fromDatabase) {
    const { parameters: _p, sql: _s, driverError: _d, ...rest } = pino.stdSerializers.err(value) as Record<string, unknown>;
    return rest;
  }
  return {
    type: value.constructor.name,
    message: redactValues(value.message),
    code: fields.code,
    errno: fields.errno,
    sqlState: fields.sqlState,
    query: typeof fields.query === "string" ? fields.query.slice(0, MAX_LOGGED_SQL) : undefined,
    stack: value.stack ? redactValues(value.stack) : undefined,
  };
}

/**
 * Structured JSON logs. Tokens, passwords, CPFs, bank details and SQL parameters never reach a log
 * line: the code does not log them in the first place, and the redact list and the error serializer
 * below are the safety net. A line written while serving a request carries its `requestId`.
 * `destination` is for tests (stdout by default).
 */
export function createLogger(level: string, destination?: DestinationStream) {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "ruptura", instance: INSTANCE_ID },
    // Every line written while a request is served carries its id (X-Request-Id), however deep.
    mixin: () => {
      const request = currentRequest();
      return request ? { requestId: request.requestId } : {};
    },
    serializers: { err: serializeError },
    redact: {
      paths: [
        "req.headers.authorization",
        "*.password",
        "*.token",
        "*.cpf",
        "variables.password",
        "variables.input.customer.cpf",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
