import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";

export type RootType = "Query" | "Mutation" | "Subscription";

/** One root field of the schema as a runnable operation. */
export interface Operation {
  root: RootType;
  name: string;
  document: string;
  variables: Record<string, unknown>;
}

/** A value of an input type that passes validation (not the service's rules): ids that exist nowhere. */
export function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues().at(-1)!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = dummy(field.type);
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case "ID":
        return "999999999";
      case "Int":
      case "Float":
        return 1;
      case "Boolean":
        return false;
      case "DateTime":
        return "2030-01-01T00:00:00.000Z";
      case "Date":
        return "2030-01-01";
      default:
        return "x";
    }
  }
  throw new Error(`no dummy value for ${String(type)}`);
}

const selection = (type: GraphQLNamedType) => (isScalarType(type) || isEnumType(type) ? "" : " { __typename }");

/** Every Query, Mutation and Subscription field as an operation with its required arguments (role-matrix, scope-matrix and idempotency tests share it). */
export function schemaOperations(schema: GraphQLSchema): Operation[] {
  const result: Operation[] = [];
  const roots: Array<[RootType, ReturnType<GraphQLSchema["getQueryType"]>]> = [
    ["Query", schema.getQueryType()],
    ["Mutation", schema.getMutationType()],
    ["Subscription", schema.getSubscriptionType()],
  ];
  for (const [root, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {}) as Array<GraphQLField<unknown, unknown>>) {
      const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
      const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
      const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      const document = `${root.toLowerCase()}${declared ? `(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection(getNamedType(field.type))} }`;
      result.push({ root, name: field.name, document, variables: Object.fromEntries(required.map((arg) => [arg.name, dummy(arg.type)])) });
    }
  }
  return result;
}
