/** The parsed body of a GraphQL response over HTTP. */
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string }; path?: unknown[] }>;
}

/** POSTs one operation over real HTTP, the way any integration would. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, "status">;
  return { status: response.status, ...body };
}

/** Like gql, but fails the test on any GraphQL error and returns data. */
export async function gqlData<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await gql<T>(url, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** Like gqlData, for an operation with one root field: returns that field's value (a mutation's payload). */
export async function gqlField(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  return Object.values(await gqlData(url, query, variables, token))[0];
}
