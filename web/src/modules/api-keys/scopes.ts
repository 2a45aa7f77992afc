import type { ApiScope } from "../../generated/graphql";

/** Every scope, in the order the dialog offers them, with the name integrators see ("orders:read"). */
export const API_SCOPES: ReadonlyArray<{ scope: ApiScope; name: string }> = [
  { scope: "ORDERS_READ", name: "orders:read" },
  { scope: "ORDERS_WRITE", name: "orders:write" },
  { scope: "STOCK_READ", name: "stock:read" },
  { scope: "STOCK_WRITE", name: "stock:write" },
  { scope: "CATALOG_WRITE", name: "catalog:write" },
  { scope: "REFUNDS_READ", name: "refunds:read" },
  { scope: "REFUNDS_WRITE", name: "refunds:write" },
  { scope: "WEBHOOKS", name: "webhooks" },
];

export const scopeName = (scope: ApiScope) => API_SCOPES.find((s) => s.scope === scope)?.name ?? scope;
