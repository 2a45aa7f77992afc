import { Database, Read, Statement } from "../../infra/db/database";
import { containsPattern, fromSqlTimestamp, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Customer } from "./customer.entity";
import { CustomerNode } from "./customer.types";
import { maskCpf } from "./cpf";

/** What intake writes to bring a customer up to date; at most one of insert and update. */
export interface CustomerWrite {
  /** The customer as it will be; `id` is 0 until a new one is inserted. */
  customer: Customer;
  insert: Statement | null;
  update: Statement | null;
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
    return {
      customer,
      insert: null,
      update: changed
        ? {
            sql: "UPDATE customer SET name = ?, locale = ?, cpf = ?, phone = ? WHERE id = ? AND shop_id = ?",
            params: [customer.name, customer.locale, customer.cpf, customer.phone, existing.id, shopId],
          }
        : null,
    };
  }

  /**
   * A subquery for other modules' searches: the ids of the shop's customers whose name or e-mail
   * contains `term`. The customer table stays this module's business.
   */
  customerSearchSubquery(shopId: number, term: string): { sql: string; params: Record<string, unknown> } {
    return {
      sql: "SELECT id FROM customer WHERE shop_id = :customerShopId AND (name LIKE :customerTerm ESCAPE '!' OR email LIKE :customerTerm ESCAPE '!')",
      params: { customerShopId: shopId, customerTerm: containsPattern(term) },
    };
  }

  async customersByIds(shopId: number, ids: readonly number[]): Promise<Map<number, Customer>> {
    if (ids.length === 0) return new Map();
    const customers = await this.db.manager
      .createQueryBuilder(Customer, "c")
      .where("c.shopId = :shopId AND c.id IN (:...ids)", { shopId, ids })
      .getMany();
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
