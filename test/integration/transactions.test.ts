import { openAppDatabase } from "../../server/src/persistence";
import { Database } from "../../server/src/infra/db/database";
import { createTestDatabase, TestDatabase } from "../helpers/databases";

const describeMysql = process.env.TEST_MYSQL_URL ? describe : describe.skip;

// SQLite has one writer at a time (and the transactions here take turns), so a deadlock can only
// be produced on MySQL/MariaDB.
describeMysql("transactions on mysql", () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase("mysql");
    db = await openAppDatabase(testDb.options);
    await db.transaction((tx) => tx.run("INSERT INTO shop (id, name, currency, locale, created_at) VALUES (1, 'a', 'BRL', 'pt-BR', '2026-01-01'), (2, 'b', 'BRL', 'pt-BR', '2026-01-01')"));
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it("runs a transaction the database aborted for a deadlock again, and both commit", async () => {
    let attempts = 0;
    let bothHoldFirstLock!: () => void;
    const barrier = new Promise<void>((resolve) => (bothHoldFirstLock = resolve));
    let holding = 0;
    // Two transactions lock the two rows in opposite order: the classic deadlock.
    const lockBoth = (first: number, second: number, name: string) =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.run("UPDATE shop SET name = ? WHERE id = ?", [name, first]);
        if (++holding === 2) bothHoldFirstLock();
        await barrier;
        await tx.run("UPDATE shop SET name = ? WHERE id = ?", [name, second]);
        return name;
      });
    const results = await Promise.all([lockBoth(1, 2, "x"), lockBoth(2, 1, "y")]);
    expect(results.sort()).toEqual(["x", "y"]);
    expect(attempts).toBe(3); // one of them was chosen as the deadlock victim and ran again
    const rows = await db.query<{ name: string }>("SELECT name FROM shop ORDER BY id");
    expect(new Set(rows.map((r) => r.name)).size).toBe(1); // the later transaction wrote both rows
  });

  it("rolls back everything when the work fails, and does not retry other errors", async () => {
    let attempts = 0;
    await expect(
      db.transaction(async (tx) => {
        attempts++;
        await tx.run("UPDATE shop SET name = 'changed' WHERE id = 1");
        await tx.run("INSERT INTO shop (id, name, currency, locale, created_at) VALUES (2, 'dup', 'BRL', 'pt-BR', '2026-01-01')");
      }),
    ).rejects.toThrow(/Duplicate entry/);
    expect(attempts).toBe(1);
    const [row] = await db.query<{ name: string }>("SELECT name FROM shop WHERE id = 1");
    expect(row!.name).not.toBe("changed");
  });
});
