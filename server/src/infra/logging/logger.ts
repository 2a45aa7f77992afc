import pino from "pino";

/**
 * Structured JSON logs. Tokens, passwords, CPFs and bank details never reach a log line:
 * the redact list below is the safety net, the code does not log them in the first place.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "ruptura" },
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
  });
}

export type Logger = ReturnType<typeof createLogger>;
