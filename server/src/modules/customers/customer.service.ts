import { Database, Read, Statement } from "../../infra/db/database";
import { fromSqlTimestamp, placeholders, SqlExpression, sqlTimestamp } from "../../infra/db/dialect";
import { EntityRows, entityRows } from "../../infra/db/rows";
import { Customer } from "./customer.entity";
import { customerSearchWords, prefixCondition, searchWords, searchWordsInsert } from "./customer-search";
import { CustomerNode } from "./customer.types";
import { maskCpf } from "./cpf";

/** What intake writes to bring a customer up to date; at most one of insert and update. */
export interface CustomerWrite {
  /** The customer as it will be; `id` is 0 until a new one is inserted. */
  customer: Customer;
  insert: Statement | null;
  update: Statement | null;
  /**
   * What keeps the customer's search words in step, written after `insert` or `update` in the same
   * transaction: the words of a new customer, or of a changed name (old ones deleted first); none
   * when the name is unchanged. Takes the customer's id (an SQL expression for a new one on MySQL).
   */
  searchWords: (customerId: number | SqlExpression) => Statement[];
  /**
   * The customer's name changes, so `searchWords` writes their words again: the caller writes their
   * orders' words again too (order_search_word). False for a new customer.
   */
  renamed: boolean;
}

/** Customer details already validated and normalised by the caller. */
export interface CustomerDetails {
  name: string;
  email: string;
  cpf: string | null;
  phone: string | null;
  locale: string;
}

export class CustomerService {
  constructor(private readonly db: Database) {}

  private customerRows?: EntityRows<Customer>;

  /** The shop's customer with this e-mail, if there is one. A plain read: intake writes later, in its transaction. */
  async findByEmail(shopId: number, email: string): Promise<Customer | null> {
    const read = this.byEmailRead(shopId, email);
    return read.map(await this.db.query(read.sql, read.params));
  }

  /**
   * The read behind findByEmail, for a caller that sends it with others in one round trip
   * (`Database.reads`): a plain SELECT mapped by hand, no query builder on intake's path.
   */
  byEmailRead(shopId: number, email: string): Read<Customer | null> {
    return {
      sql: "SELECT id, shop_id, name, email, phone, cpf, locale, created_at FROM customer WHERE shop_id = ? AND email = ? LIMIT 1",
      params: [shopId, email],
      map: ([row]) =>
        row
          ? Object.assign(new Customer(), {
              id: Number(row.id),
              shopId: Number(row.shop_id),
              name: String(row.name),
              email: String(row.email),
              phone: row.phone === null || row.phone === undefined ? null : String(row.phone),
              cpf: row.cpf === null || row.cpf === undefined ? null : String(row.cpf),
              locale: String(row.locale),
              createdAt: fromSqlTimestamp(row.created_at as string | Date),
            })
          : null,
    };
  }

  /**
   * What makes the shop's customer match `details`, for order intake to run inside its own
   * transaction (so that a refused or failed order leaves the customer exactly as it was): nothing
   * when the details are unchanged, an UPDATE of `existing`, or the INSERT of a new customer, whose
   * id the caller sets once it is written. Details a new order leaves out (phone, CPF) are kept.
   */
  customerWrite(shopId: number, existing: Customer | null, details: CustomerDetails): CustomerWrite {
    if (!existing) {
      const customer = Object.assign(new Customer(), { id: 0, shopId, ...details, createdAt: new Date() });
      return {
        customer,
        insert: {
          sql: `INSERT INTO customer (shop_id, name, email, phone, cpf, locale, created_at) VALUES (${placeholders(7)})`,
          params: [shopId, details.name, details.email, details.phone, details.cpf, details.locale, sqlTimestamp(customer.createdAt)],
        },
        update: null,
        searchWords: (customerId) => {
          const insert = searchWordsInsert(this.db.dialect, shopId, customerId, customerSearchWords(details.name, details.email));
          return insert ? [insert] : [];
        },
        renamed: false,
      };
    }
    const customer = Object.assign(new Customer(), {
      ...existing,
      name: details.name,
      locale: details.locale,
      cpf: details.cpf ?? existing.cpf,
      phone: details.phone ?? existing.phone,
    });
    const changed = (["name", "locale", "cpf", "phone"] as const).some((field) => customer[field] !== existing[field]);
    const renamed = customer.name !== existing.name;
    return {
      customer,
      insert: null,
      // The name only when this order renames the customer (and their search words are written again
      // with it): an order that changes the CPF under the name it read must not undo a rename
      // committed since, which would leave the name and its search words apart.
      update: changed
        ? renamed
          ? {
              sql: "UPDATE customer SET name = ?, locale = ?, cpf = ?, phone = ? WHERE id = ? AND shop_id = ?",
              params: [customer.name, customer.locale, customer.cpf, customer.phone, existing.id, shopId],
            }
          : {
              sql: "UPDATE customer SET locale = ?, cpf = ?, phone = ? WHERE id = ? AND shop_id = ?",
              params: [customer.locale, customer.cpf, customer.phone, existing.id, shopId],
            }
        : null,
      searchWords: (customerId) => {
        if (customer.name === existing.name) return [];
        const insert = searchWordsInsert(this.db.dialect, shopId, customerId, customerSearchWords(customer.name, customer.email));
        return [
          { sql: "DELETE FROM customer_search_word WHERE shop_id = ? AND customer_id = ?", params: [shopId, existing.id] },
          ...(insert ? [insert] : []),
        ];
      },
      renamed,
    };
  }

  /**
   * The customer search other modules' searches use (the orders list, the queue): a subquery giving
   * the ids of the shop's customers found by `term`, with its named parameters, to put in
   * `customer_id IN (...)`. The customer tables stay this module's business.
   *
   * Semantics: the term is normalised (lower case, accents removed) and split on whitespace; a
   * customer is found when every word of the term is the start of a word of their name or of their
   * e-mail address ("costa" finds "Ana Costa" and "Costanza", not "Acosta"; "ana@ex" finds
   * ana@example.com). %, _ and ! are ordinary characters. Served by the index of
   * customer_search_word: the longest word is an index range, each other word a probe of the same
   * index for the customers found. Matches nothing when the term has no words.
   */
  customerSearchSubquery(shopId: number, term: string): { sql: string; params: Record<string, unknown> } {
    // The longest word first: the narrowest range.
    const words = searchWords(term).sort((a, b) => b.length - a.length);
    if (words.length === 0) return { sql: "SELECT NULL AS customer_id FROM customer_search_word WHERE 1 = 0", params: {} };
    const params: Record<string, unknown> = { customerSearchShopId: shopId };
    const probes = words.map((word, i) => {
      const prefix = prefixCondition(this.db.dialect, `w${i}.word`, `customerSearchWord${i}`, word);
      Object.assign(params, prefix.params);
      return { from: `customer_search_word w${i}`, where: `w${i}.shop_id = :customerSearchShopId AND ${prefix.sql}` };
    });
    // Nested IN: each further word narrows the customers of the first (a semi-join on both databases).
    let sql = "";
    for (let i = probes.length - 1; i >= 0; i--) {
      const probe = probes[i]!;
      sql = `SELECT w${i}.customer_id FROM ${probe.from} WHERE ${probe.where}${sql ? ` AND w${i}.customer_id IN (${sql})` : ""}`;
    }
    return { sql, params };
  }

  /** The customers whose ids `ids` gives (what goes in `IN (...)`: placeholders, or a SELECT of one column), as a read for a round trip shared with others (a page of orders' customers). */
  customersWhereIdInRead(shopId: number, ids: Statement): Read<Map<number, Customer>> {
    return {
      sql: `SELECT c.* FROM customer c WHERE c.shop_id = ? AND c.id IN (${ids.sql})`,
      params: [shopId, ...ids.params],
      map: (rows) => new Map(rows.map((row) => (this.customerRows ??= entityRows(this.db.dataSource, Customer)).map(row)).map((c) => [c.id, c])),
    };
  }

  async customersByIds(shopId: number, ids: readonly number[]): Promise<Map<number, Customer>> {
    if (ids.length === 0) return new Map();
    // Plain SQL mapped once (entityRows): a page's 50 customers through TypeORM's query builder cost more CPU than the database took.
    const rows = await this.db.query<Record<string, unknown>>(`SELECT c.* FROM customer c WHERE c.shop_id = ? AND c.id IN (${placeholders(ids.length)})`, [shopId, ...ids]);
    const customers = rows.map((row) => (this.customerRows ??= entityRows(this.db.dataSource, Customer)).map(row));
    return new Map(customers.map((c) => [c.id, c]));
  }
}

export const toCustomerNode = (c: Customer): CustomerNode => ({
  id: String(c.id),
  name: c.name,
  email: c.email,
  phone: c.phone,
  maskedCpf: c.cpf ? maskCpf(c.cpf) : null,
  locale: c.locale,
});
