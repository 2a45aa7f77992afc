import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { createTestDatabase, TestDatabase } from "../helpers/databases";
import { gqlData } from "../helpers/graphql";
import { freePort, ServerProcess, spawnServer } from "../helpers/server-process";

/**
 * Issue 17: instances of one platform start together (docker compose up, a rolling deploy) on one
 * MySQL and one data volume. Migrations run once, the demo shop is seeded once, and both use the
 * same generated data key. Run `npm run build:server` first (the built server, as its own process).
 */
jest.setTimeout(120_000);

const mysqlOnly = process.env.TEST_MYSQL_URL ? describe : describe.skip;

mysqlOnly("several instances starting at once on one MySQL", () => {
  let testDb: TestDatabase;
  let dataDir: string;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill("SIGKILL")));
    await testDb?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrate once, seed the demo once and share the generated data key", async () => {
    testDb = await createTestDatabase("mysql");
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-shared-data-"));
    const env = { SEED_DEMO: "true", DATA_KEY: "", DATA_KEY_FILE: path.join(dataDir, "data.key") };
    const [portA, portB, portC] = [await freePort(), await freePort(), await freePort()];
    servers.push(...(await Promise.all([spawnServer(testDb, portA, { env }), spawnServer(testDb, portB, { env }), spawnServer(testDb, portC, { env })])));

    const conn = await mysql.createConnection({ uri: testDb.options.databaseUrl! });
    try {
      const [shops] = await conn.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM shop");
      expect(Number(shops[0]!.n)).toBe(1);
      const [migrations] = await conn.query<mysql.RowDataPacket[]>("SELECT name, COUNT(*) AS n FROM migrations GROUP BY name HAVING COUNT(*) > 1");
      expect(migrations).toEqual([]);
    } finally {
      await conn.end();
    }
    expect(fs.readdirSync(dataDir)).toEqual(["data.key"]);

    // Each instance signs in to the one demo shop and reads what another wrote.
    for (const server of servers) {
      const login = await gqlData(server.graphqlUrl, `mutation { login(email: "demo@ruptura.dev", password: "ruptura-demo") { token } }`);
      expect(login.login.token).toEqual(expect.any(String));
      const me = await gqlData(server.graphqlUrl, `{ me { email } }`, {}, login.login.token);
      expect(me.me.email).toBe("demo@ruptura.dev");
    }
    for (const server of servers) expect(server.alive()).toBe(true);
  });
});
