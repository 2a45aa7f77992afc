import fs from "node:fs";
import os from "node:os";
import { ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { TestDatabase } from "./databases";
import { SERVER_NODE_FLAGS } from "../../server/src/node-flags";

// TEST_SERVER_MAIN runs another build (an older commit's, to see a test fail before its fix).
const MAIN = process.env.TEST_SERVER_MAIN ?? path.resolve(__dirname, "..", "..", "dist", "server", "main.js");
const WEB_DIST = path.resolve(path.dirname(MAIN), "..", "web");

/** A free TCP port on 127.0.0.1 (a restarted server must come back on the same one). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<string>;
  alive(): boolean;
  /** Everything it wrote to stderr (a crash's stack trace). */
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<string>;
}

/**
 * The built server (`node dist/server/main.js`, as `npm start` runs it) on a test database, as its
 * own process. `env` adds or overrides settings (SEED_DEMO=true for the demo shop, SMTP_URL for a
 * test mail server, SIGNUP=false, ...).
 */
export async function spawnServer(testDb: TestDatabase, port: number, options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
  // Customer e-mail goes to .eml files in a directory of the test's own, not the repository's data/mail.
  const mailDir = path.join(os.tmpdir(), `ruptura-mail-${process.pid}-${port}`);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "silent", NODE_ENV: "production", WEB_DIST, MAIL_DIR: mailDir };
  delete env.SMTP_URL;
  delete env.DATABASE_URL;
  if (testDb.options.databaseUrl) env.DATABASE_URL = testDb.options.databaseUrl;
  else env.SQLITE_PATH = testDb.options.sqlitePath;
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, MAIN], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))));
  let ended = false;
  void exited.then(() => {
    ended = true;
    fs.rmSync(mailDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (ended) throw new Error(`server exited at start: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (waited > 30_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    exited,
    alive: () => !ended,
    stderr: () => stderr,
    kill: (signal = "SIGTERM") => {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}
