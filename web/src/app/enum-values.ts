/**
 * Lists every member of a generated string-literal union at runtime, and fails to compile when
 * the list misses one (after codegen picks up a new enum value from the schema):
 *   const ALL = allValues<OrderStatus>()(["READY", ...]);
 */
export function allValues<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): readonly T[] => values;
}
