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

/**
 * Sharding by shop (docs/scaling.md) needs every row to say whose it is. A new table either has
 * shop_id or is added here with the reason it does not.
 */
const NOT_PER_SHOP: Record<string, string> = {
  migrations: "the schema's own history, per database",
  shop: "the tenant itself: its id is the shard key",
  password_reset: "belongs to a staff_user, which has shop_id",
  email_verification: "belongs to a staff_user, which has shop_id",
  notification_cursor: "the e-mail dispatcher's position in the outbox, per database",
  webhook_cursor: "the webhook dispatcher's position in the outbox, per database",
  outbox_lease: "which instance reads each outbox log now, and where it stands, per database",
};

describe.each(databaseKinds())("tables on %s", (kind) => {
  it("every table carries shop_id, or is listed with the reason it does not", async () => {
    const testDb = await createTestDatabase(kind);
    const db = await openAppDatabase(testDb.options);
    try {
      const runner = db.dataSource.createQueryRunner();
      // Every table has its entity (the drift test above): the entities name them all.
      const tables = await runner.getTables([...db.dataSource.entityMetadatas.map((m) => m.tableName), "migrations"]);
      await runner.release();
      const withoutShop = tables.filter((t) => !t.columns.some((c) => c.name === "shop_id")).map((t) => t.name.split(".").pop()!);
      expect(withoutShop.sort()).toEqual(Object.keys(NOT_PER_SHOP).sort());
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
