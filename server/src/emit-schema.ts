import "reflect-metadata";
import { createSchema } from "./app";
import { SCHEMA_FILE, writeContract } from "./infra/graphql/schema";

/** `npm run schema`: writes schema/schema.graphql from the resolvers and types in the code. */
async function main() {
  writeContract(await createSchema(null, { maxPageSize: 100 }));
  console.log(`Wrote ${SCHEMA_FILE}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
