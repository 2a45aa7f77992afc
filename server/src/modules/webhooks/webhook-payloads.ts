import { execute, GraphQLSchema, parse } from "graphql";
import { Caller, Loaders, RequestContext, SYSTEM_ACTOR } from "../../infra/graphql/context";
import { ApiScope } from "../auth/scopes";
import { Subject } from "./webhook-events";

/**
 * What a webhook's `data` holds: the object as the API shows it, read through the GraphQL schema
 * itself (the same resolvers and mappers as a query), with these selections. docs/integrations.md
 * lists them.
 */
const MONEY = "{ amount currency }";
const ORDER = `id number kind status source currency externalReference placedAt updatedAt fulfillment
  subtotal ${MONEY} shipping ${MONEY} discount ${MONEY} total ${MONEY} refundedTotal ${MONEY}
  missingQuantity shippedQuantity unshippedQuantity expectedRestockOn
  customer { id name email phone locale maskedCpf }
  shippingAddress { recipientName street number complement district city region postalCode country }
  lines { id skuCode name quantity allocated short cancelled shipped replacesLineId unitPrice ${MONEY} lineTotal ${MONEY} }`;
const REFUND = `id status destination amount ${MONEY} shippingAmount ${MONEY} reason payoutDetails payoutReference linkExpiresAt paidAt createdAt order { id number }`;

/** The documents run per subject (exported so a test validates them against the schema). */
export const WEBHOOK_QUERIES: Record<Subject, string> = {
  order: `query($id: ID!) { object: order(id: $id) { ${ORDER} } }`,
  refund: `query($id: ID!) { object: refund(id: $id) { ${REFUND} } }`,
  claim: `query($id: ID!) { object: claim(id: $id) { id number status openedBy quantity note message createdAt order { id number } lines { id orderLineId skuId skuCode name quantity } } }`,
  return: `query($id: ID!) { object: orderReturn(id: $id) { id status withdrawal requestedAt receivedAt settlement refundId exchangeOrderId order { id number } lines { id orderLineId skuCode name quantity quantityGood quantityDamaged reason } } }`,
  sku: `query($search: String!) { object: skus(first: 100, filter: { search: $search }) { nodes { id code name barcode price ${MONEY} stockStatus stock { onHand allocated available } } } }`,
};
const DOCUMENTS = Object.fromEntries(Object.entries(WEBHOOK_QUERIES).map(([k, q]) => [k, parse(q)])) as Record<Subject, ReturnType<typeof parse>>;

export interface ShopFacts {
  currency: string;
  locale: string;
}

/** Renders webhook `data` objects by running the API's own queries as the shop's system actor. */
export class SchemaRenderer {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly shop: (shopId: number) => Promise<ShopFacts | null>,
  ) {}

  /** The object, or null when it is gone (or the query failed). For a sku, `id` is its id and `code` its code. */
  async render(shopId: number, subject: Subject, id: number, code?: string): Promise<Record<string, unknown> | null> {
    const shop = await this.shop(shopId);
    if (!shop) return null;
    const caller: Caller = {
      shopId,
      shopCurrency: shop.currency,
      shopLocale: shop.locale,
      actor: SYSTEM_ACTOR,
      staffUserId: null,
      role: null,
      sessionTokenHash: null,
      // Read with every read scope: the system reads on the shop's behalf.
      apiKey: { id: 0, scopes: [ApiScope.ORDERS_READ, ApiScope.STOCK_READ, ApiScope.REFUNDS_READ] },
    };
    const contextValue: RequestContext = { caller, loaders: new Loaders() };
    const variableValues = subject === "sku" ? { search: code ?? "" } : { id: String(id) };
    const result = await execute({ schema: this.schema, document: DOCUMENTS[subject], contextValue, variableValues });
    if (result.errors?.length || !result.data) return null;
    const object = result.data.object as Record<string, unknown> | null;
    if (subject === "sku") {
      const nodes = ((object?.nodes as Array<Record<string, unknown>>) ?? []).filter((n) => String(n.id) === String(id));
      return nodes[0] ?? null;
    }
    return object;
  }
}
