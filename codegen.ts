import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The web app's typed operations: schema/schema.graphql (the contract, emitted by the server
 * build) + every web/src/**\/*.graphql -> web/src/generated/graphql.ts.
 * `npm run codegen`; `npx graphql-codegen --config codegen.ts --check` fails when that file is stale.
 * Run from the repository root (plugin and file paths are relative to it).
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: "web/src/**/*.graphql",
  ignoreNoDocuments: false,
  generates: {
    "web/src/generated/graphql.ts": {
      // No "typescript" plugin: typescript-operations 6 already emits the enums and inputs that
      // the operations use, and the two together declare them twice.
      plugins: [
        "typescript-operations",
        "typed-document-node",
        "./web/codegen/apollo-hooks-plugin.cjs",
      ],
      config: {
        useTypeImports: true,
        enumType: "string-literal",
        // Both directions as plain strings: an ID is never a number in this app, and DateTime
        // travels as ISO-8601 text (format it with web/src/app/format.ts).
        scalars: { ID: "string", DateTime: "string" },
      },
    },
  },
};

export default config;
