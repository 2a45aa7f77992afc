import os from "node:os";
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { Logger as TypeOrmLogger } from "typeorm";
import { SERVER_NODE_FLAGS } from "../../server/src/node-flags";

// Compiled to dist/bench/test/bench/.
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
export const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

/** A fresh database on the benchmark server; dropped by the returned function. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await mysql.createConnection({ uri: MYSQL_URL });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Starts the built server (dist/server/main.js) as its own process, as in production. */
export async function startServerProcess(databaseUrl: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // With the flags production runs it with (npm start, the Dockerfile).
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, path.join(ROOT, "dist", "server", "main.js")], {
    // NODE_ENV as the Dockerfile sets it: libraries (React, graphql-js) run their production builds.
    // Customer e-mail runs as in production, written as .eml files outside the repository.
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "warn", API_COST_LIMITS: "false", MAIL_DIR: path.join(os.tmpdir(), `ruptura-bench-mail-${port}`), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("server did not start");
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export interface RunResult {
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Runs `op` from `clients` concurrent loops for `seconds`; latencies in milliseconds. */
export async function runLoad(clients: number, seconds: number, op: (client: number, i: number) => Promise<void>): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const t0 = process.hrtime.bigint();
        try {
          await op(client, i);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (error) {
          if (errors++ < 3) console.error("  error:", (error as Error).message);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { ops: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

export const fmt = (r: RunResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} orders/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ops} orders, ${r.errors} errors)`;

/** A TypeORM logger that keeps the statements run while `recording` (the bare SQL of what the API ran). */
export class StatementRecorder implements TypeOrmLogger {
  recording = false;
  statements: Array<{ sql: string; params: unknown[] }> = [];
  logQuery(query: string, parameters?: unknown[]) {
    if (this.recording) this.statements.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}
