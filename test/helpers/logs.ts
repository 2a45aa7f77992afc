import { Writable } from "node:stream";

/** A log destination that keeps every line written to it, for tests that read what was logged. */
export function captureLogs(): { sink: Writable; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { sink, lines };
}
