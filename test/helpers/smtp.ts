import { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message the test SMTP server accepted, decoded enough to check it. */
export interface ReceivedMail {
  raw: string;
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  language: string | null;
  html: string;
  text: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Refuse the next `n` messages with a 451 (temporary failure). */
  refuseNext(n: number): void;
  refusedCount(): number;
  /** Resolves once `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function header(headers: string, name: string): string | null {
  const match = new RegExp(`^${name}:\\s*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "im").exec(headers);
  return match ? decodeWords(match[1]!.replace(/\r?\n[ \t]+/g, " ").trim()) : null;
}

/** Splits a raw message (or part) into headers and body. */
function split(raw: string): [string, string] {
  const at = raw.search(/\r?\n\r?\n/);
  return at < 0 ? [raw, ""] : [raw.slice(0, at), raw.slice(at).replace(/^\r?\n\r?\n/, "")];
}

/** The text/plain and text/html parts of a MIME message (nested multiparts too). */
function parts(raw: string): { html: string; text: string } {
  const [headers, body] = split(raw);
  const type = header(headers, "content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const result = { html: "", text: "" };
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith("--")) break;
      const found = parts(part.replace(/^\r?\n/, ""));
      result.html ||= found.html;
      result.text ||= found.text;
    }
    return result;
  }
  const decoded = decodeBody(headers, body);
  return /^text\/html/i.test(type) ? { html: decoded, text: "" } : { html: "", text: decoded };
}

/** Decodes a raw RFC 822 message (as SMTP received it, or from a .eml file). */
export function parseMail(raw: string, envelope?: { from: string; to: string[] }): ReceivedMail {
  const [headers] = split(raw);
  const { html, text } = parts(raw);
  return {
    raw,
    from: envelope?.from ?? header(headers, "from") ?? "",
    to: envelope?.to ?? [header(headers, "to") ?? ""],
    messageId: header(headers, "message-id") ?? "",
    subject: header(headers, "subject") ?? "",
    language: header(headers, "content-language"),
    html,
    text,
  };
}

/** A real SMTP server in the test process (the smtp-server package), on a free port, without TLS or auth. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refuse = 0;
  let refused = 0;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuse > 0) {
          refuse--;
          refused++;
          const error = new Error("Try again later, <someone@example.com> is busy") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        received.push(parseMail(Buffer.concat(chunks).toString("utf8"), envelope));
        callback();
        for (const w of waiters.splice(0)) w();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (n) => {
      refuse = n;
    },
    refusedCount: () => refused,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s), got ${received.length}: ${received.map((m) => m.subject).join(" | ")}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
