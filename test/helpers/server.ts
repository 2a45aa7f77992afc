import "reflect-metadata";
import { Logger as TypeOrmLogger } from "typeorm";
import { createSchema, createServices, Services } from "../../server/src/app";
import { openDatabase } from "../../server/src/infra/db/data-source";
import { Database } from "../../server/src/infra/db/database";
import { startHttpServer } from "../../server/src/infra/http/server";
import { createLogger } from "../../server/src/infra/logging/logger";
import { createTestDatabase, DatabaseKind, TestDatabase } from "./databases";

/**
 * Counts every SQL statement the server sends, and the round trips they took (Tx.batch sends
 * several statements, joined by ";\n", in one). Tests compare counts before and after a request.
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  roundTrips = 0;
  statements: string[] = [];
  recording = false;
  logQuery(query: string) {
    const statements = query.split(";\n");
    this.count += statements.length;
    this.roundTrips++;
    if (this.recording) this.statements.push(...statements);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
  /** Runs `work` and returns how many statements it caused. */
  async measure(work: () => Promise<unknown>): Promise<{ count: number; roundTrips: number; statements: string[] }> {
    const before = this.count;
    const roundTripsBefore = this.roundTrips;
    this.statements = [];
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
    }
    return { count: this.count - before, roundTrips: this.roundTrips - roundTripsBefore, statements: this.statements };
  }
}

export interface TestServer {
  kind: DatabaseKind;
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  db: Database;
  services: Services;
  queries: QueryCounter;
  stop(): Promise<void>;
}

/** A real Ruptura server on a fresh database of the given kind, listening on a free port. */
export async function startTestServer(kind: DatabaseKind, options: { webDist?: string } = {}): Promise<TestServer> {
  const testDb: TestDatabase = await createTestDatabase(kind);
  const queries = new QueryCounter();
  const db = await openDatabase({ ...testDb.options, logger: queries, poolSize: 40 });
  const config = { sessionTtlHours: 1, maxPageSize: 100 };
  const services = createServices(db, config);
  const server = await startHttpServer({
    schema: await createSchema(services, config),
    port: 0,
    host: "127.0.0.1",
    webDist: options.webDist ?? "/nonexistent",
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    authenticate: (token) => services.auth.authenticate(token),
  });
  return {
    kind,
    url: server.url,
    graphqlUrl: `${server.url}/graphql`,
    wsUrl: `${server.url.replace("http", "ws")}/graphql`,
    db,
    services,
    queries,
    stop: async () => {
      await server.stop();
      await db.close();
      await testDb.drop();
    },
  };
}
