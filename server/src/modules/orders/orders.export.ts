import { GraphQLError } from "graphql";
import { Caller } from "../../infra/graphql/context";
import { parseId } from "../../infra/graphql/ids";
import { Page } from "../../infra/graphql/pagination";
import { csvText } from "../../infra/http/csv";
import { AuthenticatedDownload, DownloadResult } from "../../infra/http/downloads";
import { searchTerm } from "../../infra/text";
import { CustomerService } from "../customers/customer.service";
import { decimalAmount } from "../refunds/payouts.export";
import { Order, OrderStatus, WITHOUT_STOCK_STATUSES } from "./order.entity";
import { OrderService, QueueFilter, QueueOrder } from "./order.service";

/**
 * Most rows in one orders or queue export, stated in the `X-Export-Limit` header: a file stops
 * there (narrow the filter to get the rest). The lists say so before the download when they hold more.
 */
export const MAX_ORDER_EXPORT_ROWS = 50_000;
/** Rows read per statement while streaming: memory holds one page, never the whole file. */
const EXPORT_PAGE = 500;

export const ORDERS_EXPORT_PATH = "/exports/orders.csv";
export const QUEUE_EXPORT_PATH = "/exports/orders-without-stock.csv";

const ORDERS_HEADER = ["order_number", "placed_at", "status", "source", "external_reference", "customer_name", "customer_email", "total", "currency"];
const QUEUE_HEADER = ["order_number", "placed_at", "status", "priority", "customer_name", "customer_email", "total", "currency", "missing_units", "missing_skus"];

type Refusal = { error: { code: string; message: string }; status?: number };
const badRequest = (message: string): Refusal => ({ error: { code: "BAD_USER_INPUT", message } });

/** One query parameter as a single string (absent: null); repeated values are refused by the caller. */
const one = (value: unknown): string | null | undefined => (value === undefined ? null : typeof value === "string" ? value : undefined);

/** The search parameter checked as the API checks filter.search (too long: a refusal). */
function searchParam(query: Record<string, unknown>): string | null | Refusal {
  const search = one(query.search);
  if (search === undefined) return badRequest("search must be given once.");
  try {
    return searchTerm(search);
  } catch (error) {
    if (error instanceof GraphQLError) return badRequest(error.message);
    throw error;
  }
}

const isRefusal = (value: unknown): value is Refusal => typeof value === "object" && value !== null && "error" in value;

/**
 * Streams a list page by page (keyset cursors: each page one bounded statement) as CSV chunks:
 * the header with a BOM first, then each page's rows, at most `limit` rows.
 */
async function* csvPages(header: readonly string[], limit: number, page: (after: string | null, first: number) => Promise<Page<Order>>, rows: (orders: Order[]) => Promise<Array<Array<string | number | null>>>) {
  yield csvText([], header);
  let after: string | null = null;
  let written = 0;
  while (written < limit) {
    const current = await page(after, Math.min(EXPORT_PAGE, limit - written));
    if (current.nodes.length) yield csvText(await rows(current.nodes), null);
    written += current.nodes.length;
    if (!current.pageInfo.hasNextPage || !current.pageInfo.endCursor) return;
    after = current.pageInfo.endCursor;
  }
}

const day = () => new Date().toISOString().slice(0, 10);
const exportHeaders = (limit: number) => ({ "X-Export-Limit": String(limit) });

/**
 * GET /exports/orders.csv?status=READY&status=SHIPPED&search=...: the orders list as the desk shows
 * it (newest first, the same filter), streamed.
 */
export function ordersExport(orders: OrderService, customers: CustomerService, limit = MAX_ORDER_EXPORT_ROWS): AuthenticatedDownload {
  return {
    path: ORDERS_EXPORT_PATH,
    async handle(caller: Caller, query: Record<string, unknown>): Promise<DownloadResult> {
      const statuses = query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
      const allowed = Object.values(OrderStatus) as string[];
      if (!statuses.every((s) => typeof s === "string" && allowed.includes(s))) return badRequest(`status must be one of ${allowed.join(", ")}.`);
      const search = searchParam(query);
      if (isRefusal(search)) return search;
      const filter = { status: statuses as OrderStatus[], search };
      return {
        filename: `orders-${day()}.csv`,
        contentType: "text/csv; charset=utf-8",
        headers: exportHeaders(limit),
        chunks: csvPages(
          ORDERS_HEADER,
          limit,
          (after, first) => orders.listOrders(caller.shopId, { first, after, filter }),
          async (page) => {
            const byId = await customers.customersByIds(caller.shopId, [...new Set(page.map((o) => o.customerId))]);
            return page.map((o) => [
              o.number,
              o.placedAt.toISOString(),
              o.status,
              o.source,
              o.externalReference,
              byId.get(o.customerId)?.name ?? null,
              byId.get(o.customerId)?.email ?? null,
              decimalAmount(o.total, o.currency),
              o.currency,
            ]);
          },
        ),
      };
    },
  };
}

const SORT_FIELDS: ReadonlyArray<QueueOrder["field"]> = ["WAITING_SINCE", "VALUE", "MISSING_UNITS"];

/**
 * GET /exports/orders-without-stock.csv?status=&sku=&search=&sort=VALUE&direction=DESC: the queue
 * as the desk shows it (the same filter, search and sort; without `sort`, the serving order), streamed.
 */
export function queueExport(orders: OrderService, customers: CustomerService, limit = MAX_ORDER_EXPORT_ROWS): AuthenticatedDownload {
  return {
    path: QUEUE_EXPORT_PATH,
    async handle(caller: Caller, query: Record<string, unknown>): Promise<DownloadResult> {
      const status = one(query.status);
      if (status === undefined || (status !== null && !(WITHOUT_STOCK_STATUSES as string[]).includes(status))) {
        return badRequest(`status must be ${WITHOUT_STOCK_STATUSES.join(" or ")}.`);
      }
      const sku = one(query.sku);
      if (sku === undefined) return badRequest("sku must be given once.");
      const sort = one(query.sort);
      const direction = one(query.direction) ?? "ASC";
      if (sort === undefined || (sort !== null && !(SORT_FIELDS as string[]).includes(sort))) return badRequest(`sort must be one of ${SORT_FIELDS.join(", ")}.`);
      if (direction !== "ASC" && direction !== "DESC") return badRequest("direction must be ASC or DESC.");
      const search = searchParam(query);
      if (isRefusal(search)) return search;
      const filter: QueueFilter = { status: status as OrderStatus | null, skuId: sku ? (parseId(sku) ?? -1) : null, search };
      const orderBy: QueueOrder | null = sort ? { field: sort as QueueOrder["field"], direction } : null;
      return {
        filename: `orders-without-stock-${day()}.csv`,
        contentType: "text/csv; charset=utf-8",
        headers: exportHeaders(limit),
        chunks: csvPages(
          QUEUE_HEADER,
          limit,
          (after, first) => orders.listOrdersWithoutStock(caller.shopId, { first, after, ...filter, orderBy }),
          async (page) => {
            const ids = page.map((o) => o.id);
            const [byId, lines] = await Promise.all([
              customers.customersByIds(caller.shopId, [...new Set(page.map((o) => o.customerId))]),
              orders.linesByOrderIds(caller.shopId, ids),
            ]);
            return page.map((o) => {
              const short = (lines.get(o.id) ?? []).filter((l) => l.short > 0);
              return [
                o.number,
                o.placedAt.toISOString(),
                o.status,
                o.priorityAt ? "yes" : "",
                byId.get(o.customerId)?.name ?? null,
                byId.get(o.customerId)?.email ?? null,
                decimalAmount(o.total, o.currency),
                o.currency,
                short.reduce((sum, l) => sum + l.short, 0),
                short.map((l) => `${l.skuCode} x${l.short}`).join("; "),
              ];
            });
          },
        ),
      };
    },
  };
}
