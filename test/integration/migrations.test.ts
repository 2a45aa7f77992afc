import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds } from "../helpers/databases";

describe.each(databaseKinds())("migrations on %s", (kind) => {
  it("create exactly the schema the entities describe (no drift)", async () => {
    const testDb = await createTestDatabase(kind);
    const db = await openAppDatabase(testDb.options);
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });

  it("run down and up again cleanly", async () => {
    const testDb = await createTestDatabase(kind);
    const db = await openAppDatabase(testDb.options);
    try {
      for (const _ of db.dataSource.migrations) await db.dataSource.undoLastMigration();
      const tables = await db.dataSource.createQueryRunner().getTables(["orders", "refund"]);
      expect(tables).toHaveLength(0);
      await db.dataSource.runMigrations();
      expect(await db.dataSource.showMigrations()).toBe(false);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
