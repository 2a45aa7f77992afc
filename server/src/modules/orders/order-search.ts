import { SelectQueryBuilder } from "typeorm";
import { searchTerm } from "../../infra/text";
import { CustomerService } from "../customers/customer.service";
import { Order } from "./order.entity";

/**
 * The queue's `filter.search` (orders without stock): the order number ("1042" or "#1042"), the
 * external reference exactly, or a customer found by customerSearchSubquery (word prefixes of the
 * name, the e-mail). Narrows `query` (over Order as `o`); does nothing when the term is empty.
 * The orders list matches the same way but as a UNION of probes (OrderService.orderSearch),
 * because an OR over a million orders scans them; the queue's rows are only the waiting ones.
 * Folding the two into that one form is a known follow-up.
 * A term longer than MAX_SEARCH_LENGTH is a BAD_USER_INPUT error (searchTerm).
 */
export function applyOrderSearch(query: SelectQueryBuilder<Order>, customers: CustomerService, shopId: number, value: string | null | undefined): SelectQueryBuilder<Order> {
  const search = searchTerm(value);
  if (!search) return query;
  const number = /^#?(\d{1,9})$/.exec(search)?.[1];
  const matching = customers.customerSearchSubquery(shopId, search);
  return query.andWhere(`(o.externalReference = :search OR o.customerId IN (${matching.sql})${number ? " OR o.number = :number" : ""})`, {
    search,
    ...matching.params,
    ...(number ? { number: Number(number) } : {}),
  });
}
