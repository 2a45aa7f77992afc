import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The web app's typed operations, from schema/schema.graphql (the contract, emitted by the server
 * build) and the .graphql files under web/src, into two outputs:
 * - web/src/generated/graphql.ts: the merchant app (web/src/app, web/src/modules), with Apollo hooks;
 * - web/src/generated/public.ts: the customer's pages (web/src/public), operations as plain typed
 *   strings (`documentMode: "string"`), so those pages send them with fetch and load no GraphQL
 *   client or graphql-js at all.
 * Each output reads only its own documents: a merchant fragment never leaks into a public page.
 * `npm run codegen`; `npx graphql-codegen --config codegen.ts --check` fails when either file is stale.
 * Run from the repository root (plugin and file paths are relative to it).
 */
const PUBLIC_DOCUMENTS = "web/src/public/**/*.graphql";

const shared = {
  useTypeImports: true,
  enumType: "string-literal",
  // Both directions as plain strings: an ID is never a number in this app, DateTime travels as
  // ISO-8601 text and Date as a calendar day, YYYY-MM-DD (formatted by each page for its language).
  scalars: { ID: "string", DateTime: "string", Date: "string" },
} as const;

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  ignoreNoDocuments: false,
  generates: {
    "web/src/generated/graphql.ts": {
      documents: ["web/src/**/*.graphql", `!${PUBLIC_DOCUMENTS}`],
      // No "typescript" plugin: typescript-operations 6 already emits the enums and inputs that
      // the operations use, and the two together declare them twice.
      plugins: [
        "typescript-operations",
        "typed-document-node",
        "./web/codegen/apollo-hooks-plugin.cjs",
      ],
      config: shared,
    },
    "web/src/generated/public.ts": {
      documents: PUBLIC_DOCUMENTS,
      // TypedDocumentString: a String subclass typed with the operation's result and variables;
      // its only import is a type (@graphql-typed-document-node/core), erased at build time.
      plugins: ["typescript-operations", "typed-document-node"],
      config: { ...shared, documentMode: "string" },
    },
  },
};

export default config;
