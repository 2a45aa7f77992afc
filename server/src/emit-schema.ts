import "reflect-metadata";
import { createSchema } from "./app";
import { INTEGRATIONS_DOC, writeErrorCodeTables } from "./infra/graphql/error-codes-doc";
import { SCHEMA_FILE, writeContract } from "./infra/graphql/schema";

/**
 * `npm run schema`: writes schema/schema.graphql from the resolvers and types in the code, and the
 * error code tables of docs/integrations.md from errors.ts.
 */
async function main() {
  writeContract(await createSchema(null, { maxPageSize: 100 }));
  console.log(`Wrote ${SCHEMA_FILE}`);
  if (writeErrorCodeTables()) console.log(`Wrote the error codes of ${INTEGRATIONS_DOC}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
