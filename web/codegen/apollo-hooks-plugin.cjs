// @ts-check
/**
 * Local GraphQL Code Generator plugin: one React hook per operation, over Apollo Client 4's own
 * hooks from "@apollo/client/react". (typescript-react-apollo targets Apollo Client 3 and does not
 * compile against 4.) Run it after `typescript-operations` and `typed-document-node`, in the same
 * output file: it refers to the `<Name><Kind>`, `<Name><Kind>Variables` and `<Name>Document`
 * declarations those two plugins emit.
 *
 *   query Orders          -> useOrdersQuery(options?)        and useOrdersLazyQuery(options?)
 *   query OrderDetail($id: ID!) -> useOrderDetailQuery(options) (options required: $id is)
 *   mutation AdjustStock  -> useAdjustStockMutation(options?) -> [mutate, result];
 *                            variables are given to mutate(), where Apollo requires them
 *   subscription X        -> useXSubscription(options?)     (required like queries)
 *
 * The options are Apollo's own types (useQuery.Options<Data, Variables>, ...), whose `variables`
 * key is required when Variables has a required key; the argument itself is required exactly when
 * the operation declares a non-null variable without a default. So a missing or mistyped variable
 * is a compile error (see web/src/generated-hooks.typecheck.ts).
 */
const { Kind } = require("graphql");

/** @type {Record<string, { suffix: string; }>} */
const KINDS = {
  query: { suffix: "Query" },
  mutation: { suffix: "Mutation" },
  subscription: { suffix: "Subscription" },
};

/** @param {import("graphql").OperationDefinitionNode} operation */
function hasRequiredVariables(operation) {
  return (operation.variableDefinitions ?? []).some(
    (variable) => variable.type.kind === Kind.NON_NULL_TYPE && variable.defaultValue === undefined,
  );
}

/**
 * @param {import("graphql").OperationDefinitionNode} operation
 * @param {string} name
 */
function hooksFor(operation, name) {
  const { suffix } = KINDS[operation.operation];
  const data = `${name}${suffix}`;
  const variables = `${data}Variables`;
  const document = `${name}Document`;
  const optional = hasRequiredVariables(operation) ? "" : "?";
  const about = `/** \`${operation.operation} ${name}\` */`;

  switch (operation.operation) {
    case "query":
      return [
        about,
        `export function use${name}Query(options${optional}: useQuery.Options<${data}, ${variables}>) {`,
        `  return useQuery(${document}, options);`,
        `}`,
        ``,
        `${about.slice(0, -3)} (run on demand) */`,
        `export function use${name}LazyQuery(options?: useLazyQuery.Options<${data}, ${variables}>) {`,
        `  return useLazyQuery(${document}, options);`,
        `}`,
      ];
    case "mutation":
      return [
        about,
        `export function use${name}Mutation(`,
        `  options?: Omit<useMutation.Options<${data}, ${variables}>, "variables">,`,
        `): useMutation.ResultTuple<${data}, ${variables}> {`,
        `  return useMutation(${document}, options);`,
        `}`,
      ];
    case "subscription":
      return [
        about,
        `export function use${name}Subscription(options${optional}: useSubscription.Options<${data}, ${variables}>) {`,
        `  return useSubscription(${document}, options);`,
        `}`,
      ];
    default:
      throw new Error(`apollo-hooks-plugin: unknown operation type ${operation.operation}`);
  }
}

/** @param {import("@graphql-codegen/plugin-helpers").Types.DocumentFile[]} documents */
function operationsIn(documents) {
  /** @type {import("graphql").OperationDefinitionNode[]} */
  const operations = [];
  for (const file of documents) {
    for (const definition of file.document?.definitions ?? []) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
    }
  }
  return operations;
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn} */
const validate = (_schema, documents) => {
  for (const operation of operationsIn(documents)) {
    const name = operation.name?.value;
    // typescript-operations PascalCases names and appends the kind; insisting on that exact
    // spelling here keeps our hook names and its type names in step without re-implementing it.
    if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      throw new Error(`apollo-hooks-plugin: name every operation in PascalCase (got "${name ?? "anonymous"}")`);
    }
    const { suffix } = KINDS[operation.operation];
    if (name.endsWith(suffix)) {
      throw new Error(`apollo-hooks-plugin: drop the "${suffix}" suffix from "${name}"; it is added for you`);
    }
  }
};

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction} */
const plugin = (_schema, documents) => {
  const operations = operationsIn(documents);
  /** @type {Set<string>} */
  const used = new Set(operations.map((operation) => operation.operation));
  const hooks = [
    ...(used.has("query") ? ["useQuery", "useLazyQuery"] : []),
    ...(used.has("mutation") ? ["useMutation"] : []),
    ...(used.has("subscription") ? ["useSubscription"] : []),
  ];
  if (hooks.length === 0) return "";
  const content = operations.flatMap((operation) => [
    "",
    ...hooksFor(operation, /** @type {string} */ (operation.name?.value)),
  ]);
  return {
    prepend: [`import { ${hooks.join(", ")} } from "@apollo/client/react";`],
    content: content.join("\n") + "\n",
  };
};

module.exports = { plugin, validate };
