import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/** Apology coupons (issue 11): single use, shop-bound, linked to the order they apologise for and the one that used them. */
export class Coupons1764500000000 implements MigrationInterface {
  name = "Coupons1764500000000";

  async up(q: QueryRunner): Promise<void> {
    const int = (name: string, isNullable = false) => ({ name, type: "integer", isNullable });
    const time = (name: string, isNullable = false) => ({ name, type: "datetime", precision: 3, isNullable });
    await q.createTable(
      new Table({
        name: "coupon",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          int("shop_id"),
          { name: "code", type: "varchar", length: "32" },
          { name: "kind", type: "varchar", length: "16" },
          int("value"),
          { name: "currency", type: "varchar", length: "3" },
          int("issued_for_order_id"),
          time("expires_at"),
          int("used_by_order_id", true),
          int("discount_applied", true),
          time("used_at", true),
          time("created_at"),
        ],
        indices: [
          new TableIndex({ name: "IDX_coupon_code", columnNames: ["code"], isUnique: true }),
          new TableIndex({ name: "IDX_coupon_shop_id_issued_for_order_id", columnNames: ["shop_id", "issued_for_order_id"] }),
          new TableIndex({ name: "IDX_coupon_shop_id_used_by_order_id", columnNames: ["shop_id", "used_by_order_id"] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("coupon", true);
  }
}
