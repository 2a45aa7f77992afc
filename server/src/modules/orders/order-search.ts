import { SelectQueryBuilder } from "typeorm";
import { searchTerm } from "../../infra/text";
import { CustomerService } from "../customers/customer.service";
import { Order } from "./order.entity";

/**
 * THE matching of a list's `filter.search` (the orders list and the orders without stock queue):
 * the order number ("1042" or "#1042"), the external reference exactly, or a customer whose name
 * or e-mail contains the term. Narrows `query` (over Order as `o`); does nothing when the term is
 * empty. One function, so an indexed implementation can replace this one for both lists at once.
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
