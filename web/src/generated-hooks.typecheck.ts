/**
 * Compile-time test of the generated hooks (web/codegen/apollo-hooks-plugin.cjs). Never imported
 * or run: `tsc -p web/tsconfig.json` checks it, and fails if any line marked @ts-expect-error
 * stops being an error, i.e. if a missing or wrong variable would no longer be caught.
 */
import {
  useAdjustStockMutation,
  useCancelOrderMutation,
  useCurrentUserQuery,
  useOrderDetailQuery,
  useOrdersQuery,
  useResolutionPreviewQuery,
} from "./generated/graphql";

export function queriesCheckTheirVariables() {
  // Fine: no variables, or only optional ones.
  useCurrentUserQuery();
  useOrdersQuery();
  useOrdersQuery({ variables: { first: 10, filter: { status: ["AWAITING_STOCK"] } } });
  const detail = useOrderDetailQuery({ variables: { id: "42" } });
  const number: number | undefined = detail.data?.order?.number;

  // @ts-expect-error OrderDetail requires $id, so its options are required
  useOrderDetailQuery();
  // @ts-expect-error the options must carry the variables
  useOrderDetailQuery({ fetchPolicy: "network-only" });
  // @ts-expect-error $id is an ID (string), not a number
  useOrderDetailQuery({ variables: { id: 42 } });
  // @ts-expect-error no such variable
  useOrderDetailQuery({ variables: { id: "42", number: 7 } });
  // @ts-expect-error not an OrderStatus
  useOrdersQuery({ variables: { filter: { status: ["LOST"] } } });
  // @ts-expect-error the data is typed: there is no `order.customerName`
  void detail.data?.order?.customerName;
  return number;
}

export async function mutationsCheckTheirVariables() {
  const [adjustStock] = useAdjustStockMutation();
  await adjustStock({ variables: { skuId: "1", delta: -2, reason: "Broken in transit" } });

  // @ts-expect-error variables belong to mutate(), not to the hook
  useAdjustStockMutation({ variables: { skuId: "1" } });
  // @ts-expect-error AdjustStock has required variables
  await adjustStock();
  // @ts-expect-error $reason is missing
  await adjustStock({ variables: { skuId: "1", delta: 2 } });
  // @ts-expect-error $delta is an Int, not a string
  await adjustStock({ variables: { skuId: "1", delta: "2", reason: "Recount" } });
}

export async function resolutionsCheckTheirVariables() {
  useResolutionPreviewQuery({ variables: { orderId: "7", resolution: "SHIP_AVAILABLE" } });
  // @ts-expect-error not a Resolution
  useResolutionPreviewQuery({ variables: { orderId: "7", resolution: "REFUND" } });

  const [cancelOrder] = useCancelOrderMutation();
  await cancelOrder({ variables: { orderId: "7", refundTo: "CUSTOMER", reason: "Supplier has no date" } });
  // @ts-expect-error cancelling needs a reason
  await cancelOrder({ variables: { orderId: "7", refundTo: "MERCHANT" } });
  // @ts-expect-error not a RefundDestination
  await cancelOrder({ variables: { orderId: "7", refundTo: "BANK", reason: "Duplicate" } });
}
