import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { DatabaseOptions } from "../../server/src/infra/db/data-source";

export type DatabaseKind = "sqlite" | "mysql";

/**
 * The databases every database test runs against: SQLite always, MySQL/MariaDB when
 * TEST_MYSQL_URL is set (CI sets it, and a connection failure there fails the run).
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_MYSQL_URL ? ["sqlite", "mysql"] : ["sqlite"];
}

export interface TestDatabase {
  kind: DatabaseKind;
  options: Omit<DatabaseOptions, "entities">;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh, empty database of the given kind: a temp file, or a new schema on the MySQL server. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const unique = `${process.pid}_${Date.now().toString(36)}_${counter++}`;
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-test-"));
    return {
      kind,
      options: { sqlitePath: path.join(dir, "test.sqlite") },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const baseUrl = process.env.TEST_MYSQL_URL;
  if (!baseUrl) throw new Error("TEST_MYSQL_URL is not set");
  const name = `ruptura_t_${unique}`;
  const admin = await mysql.createConnection({ uri: baseUrl, connectTimeout: 5000 });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    options: { databaseUrl: url.toString(), sqlitePath: "" },
    drop: async () => {
      const conn = await mysql.createConnection({ uri: baseUrl });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
