import { Writable } from "node:stream";
import pino from "pino";
import { createSchema, createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { startHttpServer } from "../../server/src/infra/http/server";
import { createTestDatabase } from "../helpers/databases";
import { gql, gqlData } from "../helpers/graphql";

describe("logs", () => {
  it("record every operation but never a token, password, e-mail or CPF", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: "debug" }, sink);
    const testDb = await createTestDatabase("sqlite");
    const db = await openAppDatabase(testDb.options);
    const services = createServices(db, { sessionTtlHours: 1 });
    const server = await startHttpServer({
      schema: await createSchema(services, { maxPageSize: 100 }),
      port: 0,
      host: "127.0.0.1",
      webDist: "/nonexistent",
      logger: logger as never,
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
