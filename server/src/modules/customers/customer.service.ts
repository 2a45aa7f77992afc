import { Database, isDuplicateKeyError } from "../../infra/db/database";
import { containsPattern, placeholders, sqlTimestamp } from "../../infra/db/dialect";
import { Customer } from "./customer.entity";
import { CustomerNode } from "./customer.types";
import { maskCpf } from "./cpf";

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

  /**
   * The shop's customer with this e-mail, created or brought up to date. One query when nothing
   * changed. Runs in its own short transaction so that order intake never holds customer locks.
   */
  async upsertCustomer(shopId: number, details: CustomerDetails): Promise<Customer> {
    const existing = await this.db.manager.findOneBy(Customer, { shopId, email: details.email });
    if (existing) {
      const changed =
        existing.name !== details.name ||
        existing.locale !== details.locale ||
        (details.cpf !== null && existing.cpf !== details.cpf) ||
        (details.phone !== null && existing.phone !== details.phone);
      if (!changed) return existing;
      const updated = {
        ...existing,
        name: details.name,
        locale: details.locale,
        cpf: details.cpf ?? existing.cpf,
        phone: details.phone ?? existing.phone,
      };
      await this.db.transaction((tx) =>
        tx.run("UPDATE customer SET name = ?, locale = ?, cpf = ?, phone = ? WHERE id = ? AND shop_id = ?", [
          updated.name,
          updated.locale,
          updated.cpf,
          updated.phone,
          existing.id,
          shopId,
        ]),
      );
      return updated;
    }
    try {
      const createdAt = new Date();
      const { firstInsertId } = await this.db.transaction((tx) =>
        tx.run(
          `INSERT INTO customer (shop_id, name, email, phone, cpf, locale, created_at) VALUES (${placeholders(7)})`,
          [shopId, details.name, details.email, details.phone, details.cpf, details.locale, sqlTimestamp(createdAt)],
        ),
      );
      return Object.assign(new Customer(), { id: firstInsertId, shopId, ...details, createdAt });
    } catch (error) {
      // Another request created the same customer a moment ago: use theirs.
      if (!isDuplicateKeyError(error)) throw error;
      return this.upsertCustomer(shopId, details);
    }
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
