import fs from "node:fs";
import path from "node:path";
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { NonEmptyArray, ResolverData, buildSchema } from "type-graphql";
import { RequestContext } from "./context";
import { PubSub } from "./pubsub";

/** Resolvers are constructed by the composition root; type-graphql asks this for them. */
export interface ResolverContainer {
  get(someClass: unknown, resolverData: ResolverData<RequestContext>): unknown;
}

/** The committed contract, emitted from the server code. */
export const SCHEMA_FILE = path.resolve(__dirname, "..", "..", "..", "..", "schema", "schema.graphql");

export async function buildGraphQLSchema(resolvers: NonEmptyArray<Function>, container: ResolverContainer, pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    container,
    pubSub,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
  });
}

/** The schema as committed: sorted, so the file diffs cleanly when the code changes. */
export function printContract(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}

export function writeContract(schema: GraphQLSchema, file = SCHEMA_FILE): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printContract(schema));
}
