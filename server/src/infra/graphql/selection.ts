import { GraphQLIncludeDirective, GraphQLResolveInfo, GraphQLSkipDirective, Kind, SelectionSetNode, getDirectiveValues } from "graphql";

/**
 * Whether the current field's selection asks for the field at `path` (e.g. "nodes", "lines"),
 * directly or through fragments, with @include and @skip honoured: a resolver that can read
 * something in the same round trip as its own rows (a connection's count, its nodes' lines) does
 * so only when the client asked for it.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, rest: string[]): boolean =>
    !!set?.selections.some((s) => {
      if (getDirectiveValues(GraphQLSkipDirective, s, info.variableValues)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, s, info.variableValues)?.if === false) return false;
      if (s.kind === Kind.FIELD) return s.name.value === rest[0] && (rest.length === 1 || visit(s.selectionSet, rest.slice(1)));
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet, rest);
      return visit(info.fragments[s.name.value]?.selectionSet, rest);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet, path));
}
