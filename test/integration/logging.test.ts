import { captureLogs } from "../helpers/logs";
import { QueryFailedError } from "typeorm";
import { createSchema, createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { startHttpServer } from "../../server/src/infra/http/server";
import { createTestDatabase, databaseKinds } from "../helpers/databases";
import { createLogger } from "../../server/src/infra/logging/logger";
import { gql, gqlData } from "../helpers/graphql";

describe("logs", () => {
  it("record every operation but never a token, password, e-mail or CPF", async () => {
    const { sink, lines } = captureLogs();
    const logger = createLogger("debug", sink);
    const testDb = await createTestDatabase("sqlite");
    const db = await openAppDatabase(testDb.options);
    const services = createServices(db, { sessionTtlHours: 1 });
    const server = await startHttpServer({
      schema: await createSchema(services, { maxPageSize: 100 }),
      port: 0,
      host: "127.0.0.1",
      webDist: "/nonexistent",
      logger,
      authenticate: (token) => services.auth.authenticate(token),
    });
    try {
      const shop = await services.shops.createShop({ name: "Logs", currency: "BRL", locale: "pt-BR" });
      await services.auth.createStaffUser({ shopId: shop.id, email: "owner@logs.test", name: "Owner", password: "s3cret-passw0rd" });
      await services.catalog.createSkus(shop.id, [{ code: "A", name: "A", price: 100, onHand: 1 }]);
      const url = `${server.url}/graphql`;
      const { login } = await gqlData(url, `mutation { login(email: "owner@logs.test", password: "s3cret-passw0rd") { token } }`);
      await gqlData(
        url,
        `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id } } }`,
        { input: { customer: { name: "Carla", email: "carla@private.test", cpf: "529.982.247-25" }, lines: [{ skuCode: "A", quantity: 1 }] } },
        login.token,
      );
      await gql(url, `{ me { id } }`, {}, "forged-token-value");

      const all = lines.join("");
      expect(all).toContain('"operationName":"PlaceOrder"');
      for (const secret of [login.token, "forged-token-value", "s3cret-passw0rd", "owner@logs.test", "carla@private.test", "52998224725", "529.982.247-25"]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await server.stop();
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(databaseKinds())("error logs on %s", (kind) => {
  it("carry the failing SQL and the driver's code but never its parameters", async () => {
    const { sink, lines } = captureLogs();
    const logger = createLogger("error", sink);
    const testDb = await createTestDatabase(kind);
    const db = await openAppDatabase(testDb.options);
    const secret = "carla.secret@private.test";
    try {
      const failing = [
        // A LIKE pattern SQLite finds too complex, and a value too long for its column on MariaDB.
        () => kind === "sqlite"
          ? db
              .query("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, ?, ?, ?, ?)", [2, "Bia", "bia@example.com", "pt-BR", "2026-01-01 00:00:00"])
              .then(() => db.query("SELECT id FROM customer WHERE name LIKE ? ESCAPE '!'", [`${"%".repeat(60_000)}${secret}`]))
          : db.query("INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, ?, ?, ?, ?)", [1, secret, secret, "x".repeat(50), "2026-01-01 00:00:00"]),
        // A duplicate key: MariaDB's message quotes the duplicated value.
        async () => {
          const insert = "INSERT INTO customer (shop_id, name, email, locale, created_at) VALUES (?, ?, ?, ?, ?)";
          await db.query(insert, [1, "Carla", secret, "pt-BR", "2026-01-01 00:00:00"]);
          await db.query(insert, [1, "Carla", secret, "pt-BR", "2026-01-01 00:00:00"]);
        },
      ];
      for (const attempt of failing) {
        const error = await attempt().then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(QueryFailedError);
        logger.error({ err: error }, "unexpected error in resolver");
      }
      expect(lines).toHaveLength(2);
      const all = lines.join("");
      expect(all).not.toContain(secret);
      expect(all).not.toContain("carla.secret");
      const logged = lines.map((l) => JSON.parse(l).err);
      expect(logged[1].query).toMatch(/^INSERT INTO customer/);
      expect(logged[1].code).toMatch(/ER_DUP_ENTRY|SQLITE_CONSTRAINT_UNIQUE/);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
